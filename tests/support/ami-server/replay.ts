import net from 'node:net';
import { AmiParser, parseAll } from '../../../src/main/core/ami/parser';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import { amiGet } from '../../../src/main/core/ami/message';
import { conversation } from './transcripts';

/**
 * Replays a recorded AMI session against a server and normalises both sides for comparison.
 *
 * NORMALISATIONS (applied identically to the recording and to the replay):
 *  1. Times and counters that depend on when the recording ran become `<t>`: EventTV, SessionTV,
 *     Timestamp, Uptime, LastReload, Core{Startup,Reload}{Date,Time}, CoreProcessedCalls,
 *     RegExpire, ExpirationTime, Cdr Start/Answer/EndTime, Duration, BillableSeconds, the
 *     ANSWEREDTIME/DIALEDTIME(_MS) variables, and the build date in `core show version`.
 *  2. Identifiers generated at run time are renamed by order of first appearance, per kind,
 *     so that *relations* are still compared (a Linkedid equal to the caller's Uniqueid stays
 *     equal): AMI/SIP SessionID, TCP ports in Local/RemoteAddress, the `0x…` part of contact
 *     URIs, 32-hex contact hashes (and their 10-char CLI prefix), Call-IDs, Uniqueid-style ids
 *     (`1795849395.4`), channel sequence numbers (`PJSIP/1001-00000004`), UUIDs (bridges).
 *  3. Messages the replay does not reproduce are dropped from both sides: RTCPSent/RTCPReceived,
 *     RTPAUDIOQOS* variables (media statistics), and — unless the scenario keeps them —
 *     SIP security events (periodic re-REGISTERs of the phones) and SuccessfulAuth events of
 *     other AMI sessions the recorder opened meanwhile.
 *  4. DeviceStateChange is published by Asterisk's device-state thread, so its position among
 *     channel events varies between runs (compare 31 with 33, and the two phones in 30):
 *     DeviceStateChange events are moved to the end, keeping their own order.
 */

export interface ReplayFilter {
  /** 'drop' every ChallengeSent/SuccessfulAuth of Service PJSIP; 'keep' them; 'beforeCalls' keeps those before the first Newchannel. */
  sipSecurity: 'drop' | 'keep' | 'beforeCalls';
  /** Keep SuccessfulAuth/InvalidPassword/... of AMI sessions other than the first login. */
  otherAmiLogins: boolean;
  /** Messages a scenario does not reproduce (stated by the test that sets it), dropped from both sides. */
  drop?: (m: AmiMessage) => boolean;
}

export const DEFAULT_FILTER: ReplayFilter = { sipSecurity: 'drop', otherAmiLogins: false };

const TIME_KEYS = new Set([
  'EventTV',
  'SessionTV',
  'Timestamp',
  'Uptime',
  'LastReload',
  'CoreStartupDate',
  'CoreStartupTime',
  'CoreReloadDate',
  'CoreReloadTime',
  'CoreProcessedCalls',
  'RegExpire',
  'ExpirationTime',
  'StartTime',
  'AnswerTime',
  'EndTime',
  'Duration',
  'BillableSeconds',
]);
const TIME_VARIABLES = new Set(['ANSWEREDTIME', 'ANSWEREDTIME_MS', 'DIALEDTIME', 'DIALEDTIME_MS']);

export function filterMessages(messages: AmiMessage[], filter: ReplayFilter): AmiMessage[] {
  const out: AmiMessage[] = [];
  let seenCall = false;
  let seenAmiLogin = false;
  for (const m of messages) {
    const event = amiGet(m, 'Event');
    if (event === 'Newchannel') seenCall = true;
    if (event === 'RTCPSent' || event === 'RTCPReceived') continue;
    if (filter.drop?.(m)) continue;
    if (event === 'VarSet' && (amiGet(m, 'Variable') ?? '').startsWith('RTPAUDIOQOS')) continue;
    const service = amiGet(m, 'Service');
    if (service === 'PJSIP' && (event === 'ChallengeSent' || event === 'SuccessfulAuth')) {
      if (filter.sipSecurity === 'drop') continue;
      if (filter.sipSecurity === 'beforeCalls' && seenCall) continue;
    }
    if (service === 'AMI' && event === 'SuccessfulAuth') {
      if (seenAmiLogin && !filter.otherAmiLogins) continue;
      seenAmiLogin = true;
    }
    out.push(m);
  }
  return out;
}

class Renamer {
  private readonly maps = new Map<string, Map<string, string>>();
  name(kind: string, value: string): string {
    let map = this.maps.get(kind);
    if (!map) {
      map = new Map();
      this.maps.set(kind, map);
    }
    let n = map.get(value);
    if (!n) {
      n = `<${kind}${map.size + 1}>`;
      map.set(value, n);
    }
    return n;
  }
}

function normaliseValue(r: Renamer, key: string, value: string, msg: AmiMessage): string {
  if (TIME_KEYS.has(key) && value !== '') return '<t>';
  if (key === 'Value' && TIME_VARIABLES.has(amiGet(msg, 'Variable') ?? '') && value !== '')
    return '<t>';
  if (key === 'SessionID' || key === 'CallId' || key === 'CallID') return r.name('id', value);
  if (key === 'Value' && amiGet(msg, 'Variable') === 'BRIDGEPVTCALLID' && value !== '')
    return r.name('pvt', value);
  let v = value;
  v = v.replace(
    /^(IPV4\/TCP\/[\d.]+)\/(\d+)$/,
    (_m, a: string, p: string) => `${a}/${r.name('port', p)}`,
  );
  v = v.replace(/ on \d{4}-\d\d-\d\d \d\d:\d\d:\d\d UTC$/, ' on <t> UTC');
  v = v.replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, (m) =>
    r.name('uuid', m),
  );
  v = v.replace(/0x[0-9a-f]{12}/g, (m) => r.name('contact', m));
  v = v.replace(/[0-9a-f]{32}/g, (m) => r.name('hash', m));
  v = v.replace(
    / ([0-9a-f]{10}) (NonQual|Avail|Unavail|Unknown) /,
    (_m, h: string, s: string) => ` ${r.name('hash10', h)} ${s} `,
  );
  v = v.replace(
    /PJSIP\/([\w.]+)-([0-9a-f]{8})/g,
    (_m, ep: string, seq: string) => `PJSIP/${ep}-${r.name('chan', seq)}`,
  );
  v = v.replace(/\b\d{10}\.\d+\b/g, (m) => r.name('uid', m));
  return v;
}

/** Normalised text of each message ("Key: value" lines), DeviceStateChange moved to the end. */
export function normalise(messages: AmiMessage[]): string[] {
  const r = new Renamer();
  const main: string[] = [];
  const device: string[] = [];
  for (const m of messages) {
    const text = m.fields.map(([k, v]) => `${k}: ${normaliseValue(r, k, v, m)}`).join('\n');
    if (amiGet(m, 'Event') === 'DeviceStateChange' && amiGet(m, 'ActionID') === undefined)
      device.push(text);
    else main.push(text);
  }
  return [...main, ...device];
}

export interface ReplayHooks {
  /** Called once the responses to sent segment `i` (0-based among sent segments) have arrived. */
  afterResponses?: (sentIndex: number) => void | Promise<void>;
  filter?: ReplayFilter;
  /** How long to wait for the messages a segment should bring. Default 5 s. */
  timeoutMs?: number;
}

export interface ReplayResult {
  recorded: string[];
  replayed: string[];
  /** Raw received messages (unfiltered), for extra assertions. */
  raw: AmiMessage[];
  closedByServer: boolean;
}

/** The recorded messages of a transcript, filtered as `filter` says (banner excluded). */
export function recordedMessages(name: string, filter: ReplayFilter): AmiMessage[] {
  const { segments } = conversation(name);
  const all: AmiMessage[] = [];
  let first = true;
  for (const seg of segments) {
    if (seg.direction !== 'received') continue;
    all.push(...parseAll(seg.bytes, { expectBanner: first }).messages);
    first = false;
  }
  return filterMessages(all, filter);
}

/**
 * Sends each recorded client segment to `port` in order, waiting after each for the replies
 * (responses to its ActionIDs, list completions, then as many messages as the recording had),
 * and returns both sides normalised.
 */
export async function replay(
  port: number,
  name: string,
  hooks: ReplayHooks = {},
): Promise<ReplayResult> {
  const filter = hooks.filter ?? DEFAULT_FILTER;
  const timeoutMs = hooks.timeoutMs ?? 5000;
  const { segments } = conversation(name);
  const parser = new AmiParser();
  const raw: AmiMessage[] = [];
  let closed = false;
  const socket = net.connect(port, '127.0.0.1');
  socket.on('data', (c: Buffer) => raw.push(...parser.push(c)));
  socket.on('error', () => {});
  const closedPromise = new Promise<void>((resolve) =>
    socket.on('close', () => {
      closed = true;
      resolve();
    }),
  );
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });

  const waitFor = async (cond: () => boolean): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!cond() && !closed && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
  };

  let sentIndex = -1;
  let pendingIds: string[] = [];
  for (const seg of segments) {
    if (seg.direction === 'sent') {
      sentIndex++;
      pendingIds = parseAll(seg.bytes, { expectBanner: false })
        .messages.map((m) => amiGet(m, 'ActionID'))
        .filter((id): id is string => id !== undefined);
      socket.write(seg.bytes);
      continue;
    }
    if (sentIndex >= 0) {
      const ids = pendingIds;
      await waitFor(() =>
        ids.every((id) =>
          raw.some((m) => amiGet(m, 'Response') !== undefined && amiGet(m, 'ActionID') === id),
        ),
      );
      await hooks.afterResponses?.(sentIndex);
    }
    const recordedSoFar = filterMessages(
      segments
        .filter((s, i) => s.direction === 'received' && i <= segments.indexOf(seg))
        .flatMap((s, i) => parseAll(s.bytes, { expectBanner: i === 0 }).messages),
      filter,
    ).length;
    await waitFor(() => filterMessages(raw, filter).length >= recordedSoFar);
  }
  // The last segment is normally the Goodbye, after which Asterisk closes the connection.
  await Promise.race([closedPromise, new Promise((r) => setTimeout(r, 300))]);
  const closedByServer = closed;
  socket.destroy();
  return {
    recorded: normalise(recordedMessages(name, filter)),
    replayed: normalise(filterMessages(raw, filter)),
    raw,
    closedByServer,
  };
}
