import type { ApplyResult, Extension, NatSettings } from '../../../shared/types';
import type { PjsipEndpointDetail } from '../ami/actions/pjsip';
import { compareEndpoint, compareTransportNat } from './verify-endpoint';

/** The parts of a host that an apply needs; HostSession provides them, tests may too. */
export interface ApplyFiles {
  readFiles(
    paths: string[],
  ): Promise<Array<{ path: string; content: string; hash: string; exists: boolean }>>;
  writeFiles(
    files: Array<{ path: string; content: string; expectedHash: string | null }>,
  ): Promise<Array<{ hash: string }>>;
  readonly roundTrips: number;
}

export interface ApplyAmi {
  /** Reloads these modules in one round trip (res_pjsip.so, pbx_config.so). */
  reload(modules: string[]): Promise<void>;
  /** What Asterisk has live for that endpoint, or null if it has no such endpoint. */
  showEndpoint(name: string): Promise<PjsipEndpointDetail | null>;
  readonly roundTrips: number;
}

export type VerifyStep =
  | { kind: 'endpoint'; expected: Extension }
  | { kind: 'gone'; number: string }
  | { kind: 'transport-nat'; transport: string; nat: NatSettings; viaEndpoint: string | null };

export interface EditOutcome {
  pjsip?: string;
  extensions?: string;
  verify: VerifyStep[];
  restartNeeded?: boolean;
}

export interface ApplyTarget {
  pjsipPath: string;
  extensionsPath: string;
  /** Whether the edit needs extensions.conf (only extension changes regenerate the dialplan). */
  needsDialplan: boolean;
}

/**
 * read → edit → atomic write → reload → verify → (rollback). The edit runs on what the PBX has
 * now, never on a cached copy; the write refuses if the file changed since that read.
 */
export async function applyChange(
  files: ApplyFiles,
  ami: ApplyAmi | null,
  target: ApplyTarget,
  edit: (current: { pjsip: string; extensions: string | null }) => EditOutcome,
): Promise<ApplyResult> {
  const started = performance.now();
  const ssh0 = files.roundTrips;
  const ami0 = ami?.roundTrips ?? 0;
  const paths = target.needsDialplan
    ? [target.pjsipPath, target.extensionsPath]
    : [target.pjsipPath];
  const before = await files.readFiles(paths);
  const pj = before[0]!;
  const ex = before[1];
  const outcome = edit({ pjsip: pj.content, extensions: ex ? ex.content : null });

  const writes: Array<{
    path: string;
    content: string;
    expectedHash: string | null;
    old: string;
    oldExists: boolean;
  }> = [];
  if (outcome.pjsip !== undefined && outcome.pjsip !== pj.content)
    writes.push({
      path: pj.path,
      content: outcome.pjsip,
      expectedHash: pj.exists ? pj.hash : null,
      old: pj.content,
      oldExists: pj.exists,
    });
  if (ex && outcome.extensions !== undefined && outcome.extensions !== ex.content)
    writes.push({
      path: ex.path,
      content: outcome.extensions,
      expectedHash: ex.exists ? ex.hash : null,
      old: ex.content,
      oldExists: ex.exists,
    });

  const result: ApplyResult = {
    written: writes.map((w) => w.path),
    reloaded: false,
    verified: false,
    rolledBack: false,
    reason: null,
    mismatches: [],
    sshRoundTrips: 0,
    amiRoundTrips: 0,
    durationMs: 0,
    reloadMs: 0,
    restartNeeded: outcome.restartNeeded ?? false,
  };
  const finish = () => {
    result.sshRoundTrips = files.roundTrips - ssh0;
    result.amiRoundTrips = (ami?.roundTrips ?? 0) - ami0;
    result.durationMs = performance.now() - started;
    return result;
  };

  if (writes.length === 0) {
    result.reason = 'nothing to change: the PBX already has this configuration';
    return finish();
  }
  const written = await files.writeFiles(
    writes.map(({ path, content, expectedHash, old, oldExists }) => ({
      path,
      content,
      expectedHash,
      previous: oldExists ? old : undefined,
    })),
  );

  if (!ami) {
    result.reason =
      'host has no AMI configured: the files were written but nothing was reloaded or verified';
    return finish();
  }

  const reload = async (ws: typeof writes) => {
    const t0 = performance.now();
    const modules: string[] = [];
    if (ws.some((w) => w.path === target.pjsipPath)) modules.push('res_pjsip.so');
    if (ws.some((w) => w.path === target.extensionsPath)) modules.push('pbx_config.so');
    await ami.reload(modules);
    result.reloadMs += performance.now() - t0;
  };
  await reload(writes);
  result.reloaded = true;

  result.mismatches = await verify(ami, outcome.verify);
  if (result.mismatches.length === 0) {
    result.verified = true;
    return finish();
  }

  // Asterisk kept its old objects: put the old files back so disk and memory agree again.
  await files.writeFiles(
    writes.map((w, i) => ({
      path: w.path,
      content: w.old,
      expectedHash: written[i]!.hash,
      previous: w.content,
    })),
  );
  await reload(writes);
  result.rolledBack = true;
  result.reason = `Asterisk did not apply ${result.mismatches.length} field(s): ${result.mismatches.join('; ')}`;
  return finish();
}

async function verify(ami: ApplyAmi, steps: VerifyStep[]): Promise<string[]> {
  const out: string[] = [];
  for (const step of steps) {
    if (step.kind === 'endpoint') {
      out.push(...compareEndpoint(step.expected, await ami.showEndpoint(step.expected.number)));
    } else if (step.kind === 'gone') {
      if (await ami.showEndpoint(step.number))
        out.push(`endpoint ${step.number}: still loaded after removal`);
    } else if (step.viaEndpoint) {
      out.push(
        ...compareTransportNat(step.transport, step.nat, await ami.showEndpoint(step.viaEndpoint)),
      );
    }
  }
  return out;
}
