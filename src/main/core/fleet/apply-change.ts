import type { ApplyResult, Extension, NatSettings } from '../../../shared/types';
import type { PjsipEndpointDetail } from '../ami/actions/pjsip';
import { ConcurrentModificationError, RemoteCommandError } from '../ssh/errors';
import { compareEndpoint, compareTransportNat } from './verify-endpoint';
import type { OutboundRegistration } from '../trunks/trunk-ami';
import { compareTrunk } from '../trunks/verify-trunk';

/** The parts of a host that an apply needs; HostSession provides them, tests may too. */
type Snapshot = { path: string; content: string; hash: string; exists: boolean };

export interface ApplyFiles {
  readFiles(paths: string[]): Promise<Snapshot[]>;
  /**
   * The bytes of these files as this connection last read or wrote them, if it holds them all;
   * else null. Never trusted as the PBX's state: a write based on them names their hash, and the
   * PBX refuses it if the file is not exactly that any more.
   */
  cachedFiles?(paths: string[]): Snapshot[] | null;
  /** `previous`: the content the edit was made on, when the file existed (for a delta upload). */
  writeFiles(
    files: Array<{ path: string; content: string; expectedHash: string | null; previous?: string }>,
  ): Promise<Array<{ hash: string }>>;
  readonly roundTrips: number;
}

export interface ApplyAmi {
  /** Reloads these modules in one round trip (res_pjsip.so, pbx_config.so). */
  reload(modules: string[]): Promise<void>;
  /** What Asterisk has live for that endpoint, or null if it has no such endpoint. */
  showEndpoint(name: string): Promise<PjsipEndpointDetail | null>;
  /** `PJSIPShowRegistrationsOutbound`: needed only to verify trunk changes. */
  outboundRegistrations?(): Promise<OutboundRegistration[]>;
  readonly roundTrips: number;
}

export type VerifyStep =
  | { kind: 'endpoint'; expected: Extension }
  | { kind: 'gone'; number: string }
  | { kind: 'transport-nat'; transport: string; nat: NatSettings; viaEndpoint: string | null }
  | { kind: 'trunk'; name: string; serverUri: string; clientUri: string }
  | { kind: 'trunk-gone'; name: string };

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

type EditInput = { pjsip: string; extensions: string | null };

/**
 * read → edit → atomic write → reload → verify → (rollback). What is written is always an edit of
 * exactly what the PBX has: the commit refuses a file whose sha256 is not the one the edit was
 * made on. That lets the read be skipped when this connection already holds the files' bytes
 * (its last read or write of them): if they are stale, the refused write is followed by the
 * usual read → edit → write, and nothing was changed in between.
 */
export async function applyChange(
  files: ApplyFiles,
  ami: ApplyAmi | null,
  target: ApplyTarget,
  edit: (current: EditInput) => EditOutcome,
): Promise<ApplyResult> {
  const started = performance.now();
  const ssh0 = files.roundTrips;
  const ami0 = ami?.roundTrips ?? 0;
  const paths = target.needsDialplan
    ? [target.pjsipPath, target.extensionsPath]
    : [target.pjsipPath];
  // Optimistic when this connection holds the files' bytes: edit those and let the commit's
  // hash check stand in for the read (it runs later, so it is the stricter check). A copy that
  // is not the PBX's any more costs one refused write, then the usual read → edit → write.
  const cached = files.cachedFiles?.(paths) ?? null;
  let planned = cached && tryPlan(cached, edit);
  // The new files' hashes; null while nothing is written.
  let newHashes: Array<{ hash: string }> | null = null;
  if (planned && planned.writes.length > 0) {
    try {
      newHashes = await writeAll(files, planned.writes);
    } catch (err) {
      // Refused by the hash check, or a delta that could not be rebuilt because the file on the
      // PBX is no longer the one the bytes came from (shorter, gone): either way, read afresh.
      // Nothing was replaced; anything else (permissions, a lost connection) is not about
      // staleness and would only fail again.
      if (!(err instanceof ConcurrentModificationError || err instanceof RemoteCommandError))
        throw err;
      planned = null;
    }
  } else planned = null; // "nothing to change" is only the PBX's own files' to say
  if (!planned) {
    planned = plan(await files.readFiles(paths), edit);
    if (planned.writes.length > 0) newHashes = await writeAll(files, planned.writes);
  }
  const { outcome, writes } = planned;

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

  if (newHashes === null) {
    result.reason = 'nothing to change: the PBX already has this configuration';
    return finish();
  }

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
      expectedHash: newHashes[i]!.hash,
      previous: w.content,
    })),
  );
  await reload(writes);
  result.rolledBack = true;
  result.reason = `Asterisk did not apply ${result.mismatches.length} field(s): ${result.mismatches.join('; ')}`;
  return finish();
}

interface PlannedWrite {
  path: string;
  content: string;
  expectedHash: string | null;
  old: string;
  oldExists: boolean;
}

interface Plan {
  outcome: EditOutcome;
  writes: PlannedWrite[];
}

/** The edit run on these files, and the writes it calls for (none when nothing changes). */
function plan(before: Snapshot[], edit: (current: EditInput) => EditOutcome): Plan {
  const pj = before[0]!;
  const ex = before[1];
  const outcome = edit({ pjsip: pj.content, extensions: ex ? ex.content : null });
  const writes: PlannedWrite[] = [];
  const add = (f: Snapshot, content: string | undefined) => {
    if (content === undefined || content === f.content) return;
    writes.push({
      path: f.path,
      content,
      expectedHash: f.exists ? f.hash : null,
      old: f.content,
      oldExists: f.exists,
    });
  };
  add(pj, outcome.pjsip);
  if (ex) add(ex, outcome.extensions);
  return { outcome, writes };
}

/**
 * `plan` on the connection's own copy. Null when the edit refuses it: that copy may be out of
 * date (an extension someone else removed meanwhile), so only the PBX's current files may say no.
 */
function tryPlan(before: Snapshot[], edit: (current: EditInput) => EditOutcome): Plan | null {
  try {
    return plan(before, edit);
  } catch {
    return null;
  }
}

function writeAll(files: ApplyFiles, writes: PlannedWrite[]): Promise<Array<{ hash: string }>> {
  return files.writeFiles(
    writes.map(({ path, content, expectedHash, old, oldExists }) => ({
      path,
      content,
      expectedHash,
      previous: oldExists ? old : undefined,
    })),
  );
}

async function verify(ami: ApplyAmi, steps: VerifyStep[]): Promise<string[]> {
  const out: string[] = [];
  let registrations: OutboundRegistration[] | null = null;
  const regs = async () => {
    if (!ami.outboundRegistrations)
      throw new Error('trunk verify needs PJSIPShowRegistrationsOutbound');
    return (registrations ??= await ami.outboundRegistrations());
  };
  for (const step of steps) {
    if (step.kind === 'trunk' || step.kind === 'trunk-gone') {
      out.push(...compareTrunk(step, await regs()));
    } else if (step.kind === 'endpoint') {
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
