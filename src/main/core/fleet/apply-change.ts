import type { ApplyResult, Extension, NatSettings } from '../../../shared/types';
import type { PjsipEndpointDetail } from '../ami/actions/pjsip';
import type { DialplanLineInput, LiveDialplanLine } from '../ami/actions/dialplan';
import { AmiActionError, AmiReloadBusyError } from '../ami/errors';
import { holdsManagedLines, managedLines, type DialplanDiff } from '../dialplan/live';
import {
  ConcurrentModificationError,
  PartialBatchWriteError,
  RemoteCommandError,
  WriteOutcomeUnknownError,
} from '../ssh/errors';
import { UnclosedBlockCommentError, unclosedBlockCommentLine } from '../config';
import { compareEndpoint, compareTransportNat } from './verify-endpoint';
import { ReloadWaitExceededError } from './errors';
import type { OutboundRegistration } from '../trunks/trunk-ami';
import { compareTrunk } from '../trunks/verify-trunk';
import type { CodecCheck } from '../pjsip/codec-catalog';
import { HOST_DEFAULTS } from '../../../shared/schemas';
import { auditOutcomeOf, type AuditEntry, type AuditRecorder } from '../audit';
import { compareLiveDetail } from '../adopt/live-compare';
import type { FileSnapshot, HostFiles } from '../ssh/types';

/**
 * The parts of a host that an apply needs: a HostTransport is one as it is; tests and the bulk
 * progress report may wrap one.
 */
export interface ApplyFiles {
  readonly files: Pick<HostFiles, 'readFiles' | 'cachedFiles' | 'writeFilesAtomic'>;
  readonly roundTrips: number;
}

export interface ApplyAmi {
  /** Reloads these modules in one round trip (res_pjsip.so, pbx_config.so). */
  reload(modules: string[]): Promise<void>;
  /** What Asterisk has live for that endpoint, or null if it has no such endpoint. */
  showEndpoint(name: string): Promise<PjsipEndpointDetail | null>;
  /** DialplanExtensionAdd of one line (Replace: yes when `replace`). */
  addDialplanLine(line: DialplanLineInput, replace: boolean): Promise<void>;
  /** DialplanExtensionRemove of a whole extension; false when Asterisk had none. */
  removeDialplanExtension(context: string, extension: string): Promise<boolean>;
  /** ShowDialPlan Context + Extension: that extension's lines, [] when none. */
  showDialplanExtension(context: string, extension: string): Promise<LiveDialplanLine[]>;
  /** `PJSIPShowRegistrationsOutbound`: needed only to verify trunk changes. */
  outboundRegistrations?(): Promise<OutboundRegistration[]>;
  readonly roundTrips: number;
}

export interface ApplyOptions {
  /** Named in the wait message. */
  host: string;
  /** How long to wait for someone else's reload before giving up (and restoring the files). */
  reloadWaitMs?: number;
  /** Progress for a user watching (CLI stderr line, UI event). */
  onProgress?: (message: string) => void;
  /** First pause between busy retries (doubles up to 5 s); tests shorten it. */
  busyRetryMs?: number;
  /** Where the change is recorded when it ends, however it ends (see recordedApply). */
  audit?: ApplyAudit;
}

/** What a change says about itself in the audit log. */
export interface ApplyAudit {
  recorder: AuditRecorder;
  action: string;
  target: string;
  fieldsChanged: string[];
}

export const DEFAULT_RELOAD_WAIT_MS = HOST_DEFAULTS.reloadWaitSeconds * 1000;
/** Refused writes (another console wrote first) are re-read and retried this many times. */
const MAX_WRITE_ATTEMPTS = 5;

export type VerifyStep =
  /** `codecs`: what the check before the write vouched for (unchecked when absent). */
  | { kind: 'endpoint'; expected: Extension; codecs?: CodecCheck }
  | { kind: 'gone'; number: string }
  | { kind: 'transport-nat'; transport: string; nat: NatSettings; viaEndpoint: string | null }
  | { kind: 'trunk'; name: string; serverUri: string; clientUri: string }
  | { kind: 'trunk-gone'; name: string }
  /** Every reported field of the endpoint and its objects as they were before (adopt). */
  | { kind: 'unchanged-live'; number: string; before: PjsipEndpointDetail };

export interface EditOutcome {
  pjsip?: string;
  extensions?: string;
  verify: VerifyStep[];
  restartNeeded?: boolean;
  /**
   * How an extensions.conf change reaches Asterisk: the live line changes, or (diff null) a
   * `pbx_config` reload for `reloadReason`. Absent: a reload.
   */
  dialplan?: { diff: DialplanDiff | null; reloadReason: string | null };
  notes?: string[];
}

export interface ApplyTarget {
  pjsipPath: string;
  extensionsPath: string;
  /** Whether the edit needs extensions.conf (only extension changes regenerate the dialplan). */
  needsDialplan: boolean;
  /** Timestamped backups kept beside each file written (the host's setting). */
  backupsToKeep: number;
}

/** The files an edit is made on: pjsip.conf, and extensions.conf when the target needs it. */
export type EditInput = { pjsip: string; extensions: string | null };

/**
 * A change's result: what the apply did, and the outcome of the edit it wrote (or found already
 * there), with whatever the edit reported beside the texts (the extension it made…).
 */
export interface Applied<O extends EditOutcome> {
  apply: ApplyResult;
  outcome: O;
}

/**
 * read → edit → atomic write → reload → verify → (rollback). What is written is always an edit of
 * exactly what the PBX has: the commit refuses a file whose sha256 is not the one the edit was
 * made on. That lets the read be skipped when this connection already holds the files' bytes
 * (its last read or write of them): if they are stale, the refused write is followed by the
 * usual read → edit → write, and nothing was changed in between.
 */
export async function applyChange<O extends EditOutcome>(
  host: ApplyFiles,
  ami: ApplyAmi | null,
  target: ApplyTarget,
  edit: (current: EditInput) => O,
  options: ApplyOptions = { host: 'the PBX' },
): Promise<Applied<O>> {
  const audit = options.audit;
  if (!audit) return applyUnrecorded(host, ami, target, edit, options, newTrack());
  const track = newTrack();
  const started = performance.now();
  const ssh0 = host.roundTrips;
  const ami0 = ami?.roundTrips ?? 0;
  let applied: Applied<O>;
  try {
    applied = await applyUnrecorded(host, ami, target, edit, options, track);
  } catch (err) {
    // A refusal before anything was replaced changed nothing; a failure after the write (a
    // lost connection mid-reload) leaves the PBX in a state nobody verified.
    await recordQuietly(audit, options.host, {
      outcome: track.maybeWritten ? 'unknown' : 'not-applied',
      reason: (err as Error).message,
      roundTrips: { ssh: host.roundTrips - ssh0, ami: (ami?.roundTrips ?? 0) - ami0 },
      durationMs: performance.now() - started,
      backups: track.backups,
    });
    throw err;
  }
  const result = applied.apply;
  const note = await recordQuietly(audit, options.host, {
    outcome: auditOutcomeOf(result),
    reason: result.verified ? null : result.reason,
    roundTrips: { ssh: result.sshRoundTrips, ami: result.amiRoundTrips },
    durationMs: result.durationMs,
    backups: track.backups,
  });
  if (note) result.notes.push(note);
  return applied;
}

/** What the write steps of one apply did, for its audit record. */
interface WriteTrack {
  /** A write was sent that may have replaced files (not refused as stale before renaming). */
  maybeWritten: boolean;
  backups: string[];
  /** Files written without their directory's lock (WriteResult.unlocked). */
  unlocked: string[];
}

const newTrack = (): WriteTrack => ({ maybeWritten: false, backups: [], unlocked: [] });

/**
 * The change's record; a log that cannot be written does not undo or hide a change the PBX has
 * made: it is said in a note instead (returned), and the change's own error still wins.
 */
async function recordQuietly(
  audit: ApplyAudit,
  host: string,
  rest: Omit<AuditEntry, 'action' | 'target' | 'fieldsChanged'>,
): Promise<string | null> {
  try {
    await audit.recorder.record(host, {
      action: audit.action,
      target: audit.target,
      fieldsChanged: audit.fieldsChanged,
      ...rest,
    });
    return null;
  } catch (err) {
    return `the audit log was not written: ${(err as Error).message}`;
  }
}

async function applyUnrecorded<O extends EditOutcome>(
  host: ApplyFiles,
  ami: ApplyAmi | null,
  target: ApplyTarget,
  edit: (current: EditInput) => O,
  options: ApplyOptions,
  track: WriteTrack,
): Promise<Applied<O>> {
  const started = performance.now();
  const ssh0 = host.roundTrips;
  const ami0 = ami?.roundTrips ?? 0;
  const paths = target.needsDialplan
    ? [target.pjsipPath, target.extensionsPath]
    : [target.pjsipPath];
  // Optimistic when this connection holds the files' bytes: edit those and let the commit's
  // hash check stand in for the read (it runs later, so it is the stricter check). A copy that
  // is not the PBX's any more costs one refused write, then the usual read → edit → write.
  const steps = { edit: 0, write: 0, live: 0, verify: 0 };
  const timed = async <T>(step: keyof typeof steps, run: () => T | Promise<T>): Promise<T> => {
    const t = performance.now();
    try {
      return await run();
    } finally {
      steps[step] += performance.now() - t;
    }
  };
  const cached = host.files.cachedFiles(paths);
  let planned = cached && (await timed('edit', () => tryPlan(cached, edit)));
  // The new files' hashes; null while nothing is written.
  let newHashes: Array<{ hash: string }> | null = null;
  if (planned && planned.writes.length > 0) {
    try {
      newHashes = await timed('write', () =>
        writeAll(host, planned!.writes, target.backupsToKeep, track),
      );
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
  // Another console writing between our read and our write makes the write refused: the edit is
  // made again on what it wrote (a few times, for a burst of changers), so both changes land.
  for (let attempt = 1; !planned; attempt++) {
    const read = await timed('write', () => host.files.readFiles(paths));
    const fresh = await timed('edit', () => plan(read, edit));
    if (fresh.writes.length > 0) {
      try {
        newHashes = await timed('write', () =>
          writeAll(host, fresh.writes, target.backupsToKeep, track),
        );
      } catch (err) {
        if (isStaleWrite(err) && attempt < MAX_WRITE_ATTEMPTS) continue;
        throw err;
      }
    }
    planned = fresh;
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
    reloadedModules: [],
    liveDialplan: [],
    waitedMs: 0,
    notes: [...(outcome.notes ?? []), ...unlockedNotes(track.unlocked, options.host)],
    stepsMs: steps,
  };
  const finish = (): Applied<O> => {
    result.sshRoundTrips = host.roundTrips - ssh0;
    result.amiRoundTrips = (ami?.roundTrips ?? 0) - ami0;
    result.durationMs = performance.now() - started;
    return { apply: result, outcome };
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

  const pjsipWritten = writes.some((w) => w.path === target.pjsipPath);
  const extensionsWritten = writes.some((w) => w.path === target.extensionsPath);
  const live = extensionsWritten ? (outcome.dialplan?.diff ?? null) : null;
  const modules: string[] = [];
  if (pjsipWritten) modules.push('res_pjsip.so');
  if (extensionsWritten && !live) {
    modules.push('pbx_config.so');
    if (outcome.dialplan?.reloadReason)
      result.notes.push(`dialplan reloaded: ${outcome.dialplan.reloadReason}`);
  }
  const restoreFiles = async () =>
    keepTrack(
      track,
      await host.files.writeFilesAtomic(
        writes.map((w, i) => ({
          path: w.path,
          content: w.old,
          expectedHash: newHashes[i]!.hash,
          previous: w.content,
        })),
        { backupsToKeep: target.backupsToKeep },
      ),
    );

  try {
    await reloadWaiting(ami, modules, result, options);
  } catch (err) {
    if (!(err instanceof ReloadWaitExceededError)) throw err;
    // Nothing was reloaded: the old files back make disk and memory agree again.
    await restoreFiles();
    result.rolledBack = true;
    result.reason = `${err.message}; the files were restored, nothing was changed`;
    return finish();
  }
  result.reloaded = true;

  const undo: Array<() => Promise<unknown>> = [];
  const liveErrors: string[] = [];
  if (live) {
    try {
      await timed('live', () => applyLive(ami, live, undo, result.liveDialplan));
    } catch (err) {
      if (!(err instanceof AmiActionError)) throw err;
      liveErrors.push(`dialplan: ${err.message}`);
    }
  }

  result.mismatches = [
    ...liveErrors,
    ...(
      await timed('verify', () => Promise.all([verify(ami, outcome.verify), verifyLive(ami, live)]))
    ).flat(),
  ];
  if (result.mismatches.length === 0) {
    result.verified = true;
    return finish();
  }

  // Asterisk kept its old objects: put the old files back so disk and memory agree again, and
  // take back the live lines added or removed (newest first).
  await restoreFiles();
  await reloadWaiting(ami, modules, result, options);
  for (const u of undo.reverse()) await u();
  result.rolledBack = true;
  result.reason = `Asterisk did not apply ${result.mismatches.length} field(s): ${result.mismatches.join('; ')}`;
  return finish();
}

/** `reloadWaiting` on its own (a reload the user asked for): its reload and wait times. */
export async function reloadModulesWaiting(
  ami: ApplyAmi,
  modules: string[],
  options: ApplyOptions,
): Promise<{ reloadMs: number; waitedMs: number }> {
  const r = { reloadMs: 0, waitedMs: 0, reloadedModules: [] as string[] };
  await reloadWaiting(ami, modules, r, options);
  return { reloadMs: r.reloadMs, waitedMs: r.waitedMs };
}

/**
 * Reloads `modules` (nothing when empty), waiting while Asterisk refuses because someone else's
 * reload runs: it reloads nothing then, so the same request is sent again, with backoff, until
 * `reloadWaitMs` has passed.
 */
async function reloadWaiting(
  ami: ApplyAmi,
  modules: string[],
  result: Pick<ApplyResult, 'reloadMs' | 'waitedMs' | 'reloadedModules'>,
  options: ApplyOptions,
): Promise<void> {
  if (modules.length === 0) return;
  const waitMs = options.reloadWaitMs ?? DEFAULT_RELOAD_WAIT_MS;
  const t0 = performance.now();
  let pause = options.busyRetryMs ?? 250;
  let told = false;
  for (;;) {
    const t = performance.now();
    try {
      await ami.reload(modules);
      result.reloadMs += performance.now() - t;
      for (const m of modules)
        if (!result.reloadedModules.includes(m)) result.reloadedModules.push(m);
      return;
    } catch (err) {
      if (!(err instanceof AmiReloadBusyError)) throw err;
    }
    const waited = performance.now() - t0;
    result.waitedMs = waited;
    if (waited >= waitMs) throw new ReloadWaitExceededError(options.host, waitMs);
    if (!told) options.onProgress?.(`waiting for a reload already running on ${options.host}`);
    told = true;
    await new Promise((r) => setTimeout(r, Math.min(pause, waitMs - waited)));
    pause = Math.min(pause * 2, 5_000);
  }
}

/**
 * The diff applied live: every line of every number sent back to back (Asterisk answers a
 * session's actions in order, so it costs one round trip). A line that exists already is replaced.
 * Each step done leaves its undo in `undo`.
 */
async function applyLive(
  ami: ApplyAmi,
  diff: DialplanDiff,
  undo: Array<() => Promise<unknown>>,
  done: string[],
): Promise<void> {
  for (const { context, number } of diff.remove) {
    undo.push(() => addLines(ami, context, number));
    await ami.removeDialplanExtension(context, number);
    done.push(`removed ${number}@${context}`);
  }
  // A bulk import adds hundreds of numbers: a window of them at a time, each still undone alone.
  for (let i = 0; i < diff.add.length; i += VERIFY_WINDOW) {
    // Settled, not raced: a rollback must not start while some of the window are in flight.
    const sent = await Promise.allSettled(
      diff.add.slice(i, i + VERIFY_WINDOW).map(async ({ context, number }) => {
        // Filled by addLines before it replaces anything: what Asterisk ran for the number before.
        const replaced: LiveDialplanLine[] = [];
        undo.push(async () => {
          await ami.removeDialplanExtension(context, number);
          for (const l of replaced) await ami.addDialplanLine(l, false);
        });
        await addLines(ami, context, number, replaced);
        done.push(`added ${number}@${context}`);
      }),
    );
    const failed = sent.find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }
}

/**
 * The managed lines of `number`, live. A priority Asterisk already holds is replaced
 * (Replace: yes); before that, the extension's earlier lines go into `replaced` so that an undo
 * puts them back rather than leaving the number with nothing.
 */
async function addLines(
  ami: ApplyAmi,
  context: string,
  number: string,
  replaced: LiveDialplanLine[] = [],
): Promise<void> {
  const lines = managedLines(number).map((l) => ({ context, extension: number, ...l }));
  const sent = await Promise.allSettled(lines.map((l) => ami.addDialplanLine(l, false)));
  // "That extension and priority already exist at that context": replace exactly those.
  const taken = lines.filter((_, i) => {
    const s = sent[i]!;
    if (s.status === 'fulfilled') return false;
    const err: unknown = s.reason;
    if (
      err instanceof AmiActionError &&
      err.serverMessage.startsWith('That extension and priority')
    )
      return true;
    throw err;
  });
  if (taken.length === 0) return;
  const ours = new Set(lines.filter((l) => !taken.includes(l)).map((l) => l.priority));
  const before = await ami.showDialplanExtension(context, number);
  replaced.push(...before.filter((l) => !ours.has(l.priority)));
  for (const l of taken) await ami.addDialplanLine(l, true);
}

/** Each number added holds exactly the managed lines live; each removed holds none. */
async function verifyLive(ami: ApplyAmi, diff: DialplanDiff | null): Promise<string[]> {
  if (!diff) return [];
  const checks = [
    ...diff.add.map(async ({ context, number }) => {
      const live = await ami.showDialplanExtension(context, number);
      return holdsManagedLines(live, number)
        ? []
        : [
            `dialplan ${number}@${context}: Asterisk holds ${describeLines(live)}, not the managed lines`,
          ];
    }),
    ...diff.remove.map(async ({ context, number }) => {
      const live = await ami.showDialplanExtension(context, number);
      return live.length === 0
        ? []
        : [`dialplan ${number}@${context}: still holds ${describeLines(live)} after removal`];
    }),
  ];
  return (await Promise.all(checks)).flat();
}

function describeLines(lines: LiveDialplanLine[]): string {
  if (lines.length === 0) return 'nothing';
  return lines.map((l) => `${l.priority},${l.application}(${l.appData})`).join(' ');
}

interface PlannedWrite {
  path: string;
  content: string;
  expectedHash: string | null;
  old: string;
  oldExists: boolean;
}

interface Plan<O extends EditOutcome> {
  outcome: O;
  writes: PlannedWrite[];
}

/** The edit run on these files, and the writes it calls for (none when nothing changes). */
function plan<O extends EditOutcome>(
  before: FileSnapshot[],
  edit: (current: EditInput) => O,
): Plan<O> {
  const pj = before[0]!;
  const ex = before[1];
  let outcome: O;
  try {
    outcome = edit({ pjsip: pj.content, extensions: ex ? ex.content : null });
  } catch (err) {
    throw withFileName(err, before);
  }
  const writes: PlannedWrite[] = [];
  const add = (f: FileSnapshot, content: string | undefined) => {
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

/** An unclosed-comment refusal names its file: the edit saw only texts, not their paths. */
function withFileName(err: unknown, before: FileSnapshot[]): unknown {
  if (!(err instanceof UnclosedBlockCommentError)) return err;
  const f = before.find((s) => unclosedBlockCommentLine(s.content) === err.line);
  return f ? new UnclosedBlockCommentError(err.line, f.path) : err;
}

/**
 * A write refused because the file changed under it: the hash check (another console wrote
 * first), or a delta rebuilt from a head/tail that is no longer the one read (exit 74, "the
 * uploaded temp file is not what was sent"). Nothing was replaced in either case.
 */
function isStaleWrite(err: unknown): boolean {
  return (
    err instanceof ConcurrentModificationError ||
    (err instanceof RemoteCommandError && err.details.exitCode === 74)
  );
}

/**
 * `plan` on the connection's own copy. Null when the edit refuses it: that copy may be out of
 * date (an extension someone else removed meanwhile), so only the PBX's current files may say no.
 */
function tryPlan<O extends EditOutcome>(
  before: FileSnapshot[],
  edit: (current: EditInput) => O,
): Plan<O> | null {
  try {
    return plan(before, edit);
  } catch {
    return null;
  }
}

async function writeAll(
  host: ApplyFiles,
  writes: PlannedWrite[],
  backupsToKeep: number,
  track: WriteTrack,
): Promise<Array<{ hash: string }>> {
  track.maybeWritten = true;
  try {
    return keepTrack(
      track,
      await host.files.writeFilesAtomic(
        writes.map(({ path, content, expectedHash, old, oldExists }) => ({
          path,
          content,
          expectedHash,
          previous: oldExists ? old : undefined,
        })),
        { backupsToKeep },
      ),
    );
  } catch (err) {
    // Every refusal of the write script comes before its renames; only these two may not.
    if (!(err instanceof PartialBatchWriteError || err instanceof WriteOutcomeUnknownError))
      track.maybeWritten = false;
    throw err;
  }
}

/** What the user is told when a write went without its directory's lock (write.sh). */
function unlockedNotes(paths: string[], host: string): string[] {
  if (paths.length === 0) return [];
  return [
    `${paths.join(' and ')} on ${host} ${paths.length === 1 ? 'was' : 'were'} written without the write lock (another account held it, or flock on ${host} cannot wait): a change made by another console at the same moment may have been lost; check the list`,
  ];
}

/** Notes in `track` the backups a write kept and the files it wrote without the lock. */
function keepTrack<T extends { path: string; backupPath?: string | null; unlocked?: true }>(
  track: WriteTrack,
  written: T[],
): T[] {
  for (const w of written) {
    if (w.backupPath) track.backups.push(w.backupPath);
    if (w.unlocked && !track.unlocked.includes(w.path)) track.unlocked.push(w.path);
  }
  return written;
}

/** Verify actions in flight at once: a bulk import checks 1,000 objects, one round trip each. */
const VERIFY_WINDOW = 32;

async function verify(ami: ApplyAmi, steps: VerifyStep[]): Promise<string[]> {
  let registrations: Promise<OutboundRegistration[]> | null = null;
  const regs = () => {
    if (!ami.outboundRegistrations)
      throw new Error('trunk verify needs PJSIPShowRegistrationsOutbound');
    return (registrations ??= ami.outboundRegistrations());
  };
  const one = async (step: VerifyStep): Promise<string[]> => {
    if (step.kind === 'trunk' || step.kind === 'trunk-gone')
      return compareTrunk(step, await regs());
    if (step.kind === 'endpoint')
      return compareEndpoint(
        step.expected,
        await ami.showEndpoint(step.expected.number),
        step.codecs,
      );
    if (step.kind === 'unchanged-live')
      return compareLiveDetail(step.number, step.before, await ami.showEndpoint(step.number));
    if (step.kind === 'gone')
      return (await ami.showEndpoint(step.number))
        ? [`endpoint ${step.number}: still loaded after removal`]
        : [];
    return step.viaEndpoint
      ? compareTransportNat(step.transport, step.nat, await ami.showEndpoint(step.viaEndpoint))
      : [];
  };
  // Side by side (Asterisk answers a session's actions in order), results in the steps' order.
  const out: string[][] = new Array<string[]>(steps.length);
  let next = 0;
  const worker = async () => {
    while (next < steps.length) {
      const i = next++;
      out[i] = await one(steps[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(VERIFY_WINDOW, steps.length) }, worker));
  return out.flat();
}
