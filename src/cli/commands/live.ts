import type { CallRecord, DomainEvent, FleetApi } from '../../shared/types';
import { healthLabel, type HostHealthState } from '../../shared/host-state';
import { intFlag, parseArgs, positional } from '../args';
import { type Io, printable, printJson, table } from '../output';

/** One terminal line for `ev`; control characters from the PBX are escaped (see printable). */
export function describeEvent(ev: DomainEvent): string {
  return printable(eventLine(ev));
}

function eventLine(ev: DomainEvent): string {
  const t = new Date(ev.at).toISOString();
  switch (ev.kind) {
    case 'host-connected':
      return `${t} ${ev.host} connected`;
    case 'host-disconnected':
      return `${t} ${ev.host} disconnected: ${ev.reason}`;
    case 'registration': {
      const s = ev.status;
      const where = s.address ? ` from ${s.address}` : '';
      const ua = s.userAgent ? ` (${s.userAgent})` : '';
      // Same state (the user agent arrived, the address moved): an update, not "online → online".
      const what = ev.removed
        ? `removed (was ${ev.previous})`
        : ev.previous === s.registration
          ? `still ${s.registration}`
          : `${ev.previous} → ${s.registration}`;
      return `${t} ${ev.host} ${s.number} ${what}${where}${ua}`;
    }
    case 'ringing':
      return `${t} ${ev.host} ringing ${ev.caller ?? '?'} → ${ev.callee}`;
    case 'answered':
      return `${t} ${ev.host} answered ${ev.caller ?? '?'} → ${ev.callee}`;
    case 'hangup':
      return `${t} ${ev.host} hangup ${ev.record.caller ?? '?'} → ${ev.record.callee}: ${ev.record.disposition ?? '?'}${
        ev.record.hangupCauseText ? ` (${ev.record.hangupCauseText})` : ''
      }`;
    case 'trunk':
      return `${t} ${ev.host} trunk ${ev.name} ${ev.previous} → ${ev.status}${ev.reason ? `: ${ev.reason}` : ''}`;
  }
}

/**
 * One `monitor --json` line: `kind`, `host`, `at` first, then each kind's own fields in the order
 * the README documents (built field by field, so a change to the event type cannot reorder it).
 */
export function monitorJson(ev: DomainEvent): Record<string, unknown> {
  const head = { kind: ev.kind, host: ev.host, at: ev.at };
  switch (ev.kind) {
    case 'host-connected':
      return head;
    case 'host-disconnected':
      return { ...head, reason: ev.reason };
    case 'registration': {
      const s = ev.status;
      return {
        ...head,
        previous: ev.previous,
        status: {
          number: s.number,
          registration: s.registration,
          contactUri: s.contactUri,
          address: s.address,
          userAgent: s.userAgent,
          roundTripMs: s.roundTripMs,
          callState: s.callState,
          updatedAt: s.updatedAt,
          reason: s.reason ?? null,
        },
        ...(ev.removed ? { removed: true } : {}),
      };
    }
    case 'ringing':
    case 'answered':
      return { ...head, caller: ev.caller, callee: ev.callee, callId: ev.callId };
    case 'hangup':
      return { ...head, record: callJson(ev.record) };
    case 'trunk':
      return {
        ...head,
        name: ev.name,
        status: ev.status,
        previous: ev.previous,
        reason: ev.reason,
      };
  }
}

/** `monitor --all`'s line for a host that degraded or became unreachable. */
export function hostStateJson(name: string, h: HostHealthState): Record<string, unknown> {
  return {
    kind: 'host-state',
    host: name,
    at: h.asOf,
    phase: h.phase,
    layer: h.layer,
    reason: h.reason,
    asOf: h.asOf,
    source: h.source,
  };
}

/** A call record as `calls --json` and the hangup event print it. */
export function callJson(r: CallRecord): Record<string, unknown> {
  return {
    id: r.id,
    caller: r.caller,
    callee: r.callee,
    start: r.start,
    answer: r.answer,
    end: r.end,
    durationSec: r.durationSec,
    disposition: r.disposition,
    hangupCause: r.hangupCause,
    hangupCauseText: r.hangupCauseText,
  };
}

/** Streams until SIGINT/SIGTERM; JSON lines with --json so it pipes into jq. */
export async function monitorCommand(
  fleet: FleetApi,
  argv: string[],
  io: Io,
  stop: Promise<void>,
): Promise<number> {
  const a = parseArgs(argv, { booleans: ['json', 'all'] });
  const json = a.booleans.has('json');
  const emit = (ev: DomainEvent) =>
    io.out(json ? JSON.stringify(monitorJson(ev)) : describeEvent(ev));
  if (a.booleans.has('all')) {
    // Every watched host, each reconnected by the supervisor: the stream survives a PBX restart.
    const offAll = fleet.onEvent(emit);
    const offState = fleet.onHostState((s) => {
      if (!s.health || s.health.phase === 'connected' || s.health.phase === 'connecting') return;
      io.out(
        json
          ? JSON.stringify(hostStateJson(s.name, s.health))
          : `${new Date(s.health.asOf).toISOString()} ${s.name} ${healthLabel(s.health)}`,
      );
    });
    await fleet.supervise();
    if (!json) io.out('watching every host — Ctrl-C to stop');
    await stop;
    offAll();
    offState();
    return 0;
  }
  const host = positional(a, 0, 'host name (or --all)');
  const off = fleet.onEvent((ev) => {
    if (ev.host === host) emit(ev);
  });
  // Starting the live view connects AMI and emits the current picture first.
  const statuses = await fleet.liveStatus(host);
  if (!json) {
    const online = statuses.filter((s) => s.registration === 'online').length;
    io.out(`${host}: ${online}/${statuses.length} extensions online — watching, Ctrl-C to stop`);
  }
  await stop;
  off();
  return 0;
}

export async function callsCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { booleans: ['json'], values: ['limit'] });
  const host = positional(a, 0, 'host name');
  const records = await fleet.calls(host, intFlag(a, 'limit') ?? 100);
  if (a.booleans.has('json')) {
    printJson(io, records.map(callJson));
    return 0;
  }
  if (records.length === 0) {
    io.out(
      'No calls recorded yet (calls are recorded while the app or `rayanpbx monitor` watches the host).',
    );
    return 0;
  }
  const t = [['START', 'CALLER', 'CALLEE', 'DISPOSITION', 'DURATION', 'CAUSE']];
  for (const r of records)
    t.push([
      new Date(r.start).toISOString(),
      r.caller ?? '-',
      r.callee,
      r.disposition ?? (r.end === null && !r.hangupCauseText ? 'in progress' : 'unknown'),
      r.durationSec === null ? '-' : `${r.durationSec}s`,
      r.hangupCauseText ?? '-',
    ]);
  for (const l of table(t)) io.out(l);
  return 0;
}

export async function doctorCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const a = parseArgs(argv, { booleans: ['json'] });
  const host = positional(a, 0, 'host name');
  const json = a.booleans.has('json');
  const mark = { ok: 'ok  ', warn: 'WARN', fail: 'FAIL', skip: 'skip' } as const;
  const checks = await fleet.runDoctor(host, (c) => {
    if (json) return;
    io.out(printable(`[${mark[c.level]}] ${c.title}: ${c.detail}`));
    if (c.hint && c.level !== 'ok') io.out(printable(`       fix: ${c.hint}`));
  });
  if (json) printJson(io, checks);
  return checks.some((c) => c.level === 'fail') ? 1 : 0;
}
