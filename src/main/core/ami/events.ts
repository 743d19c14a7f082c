import type { AmiMessage } from './message';

/**
 * Typed views of the events the live layer needs (registrations and calls), decoded from the
 * fields as the recordings show them (30–38). Decoding is on demand (`decodeEvent`) so that the
 * client does not pay for it on events nobody reads.
 */

export interface ChannelSnapshot {
  channel: string;
  /** `PJSIP/1001-00000004` → `1001`; null for other technologies. */
  endpoint: string | null;
  /** 0 Down, 4 Ring, 5 Ringing, 6 Up, ... */
  state: number;
  stateDesc: string;
  callerIdNum: string;
  callerIdName: string;
  connectedLineNum: string;
  connectedLineName: string;
  context: string;
  exten: string;
  uniqueid: string;
  linkedid: string;
}

export interface ContactStatusEvent {
  event: 'ContactStatus';
  uri: string;
  /** `Created`, `Updated`, `Reachable`, `NonQualified`, `Unreachable`, `Removed`, `Unknown`. */
  status: string;
  aor: string;
  endpoint: string;
  roundtripUsec: number | null;
}

export interface PeerStatusEvent {
  event: 'PeerStatus';
  /** `PJSIP/1001` → `1001`. */
  endpoint: string;
  /** `Reachable`, `Unreachable`, ... */
  status: string;
}

export interface DeviceStateChangeEvent {
  event: 'DeviceStateChange';
  device: string;
  /** For `PJSIP/<name>` devices; null otherwise (e.g. `MWI:...`). */
  endpoint: string | null;
  /** `NOT_INUSE`, `INUSE`, `RINGING`, `UNAVAILABLE`, ... */
  state: string;
}

export interface ChannelEvent {
  event: 'Newchannel' | 'Newstate';
  channel: ChannelSnapshot;
}

export interface DialEvent {
  event: 'DialBegin' | 'DialState' | 'DialEnd';
  /** The calling channel; null for an Originate, whose DialBegin has only the Dest* fields (34). */
  caller: ChannelSnapshot | null;
  dest: ChannelSnapshot;
  /** DialState/DialEnd: `RINGING`, `ANSWER`, `CANCEL`, `BUSY`, `NOANSWER`, ...; DialBegin: ''. */
  dialStatus: string;
  dialString: string;
}

export interface HangupEvent {
  event: 'Hangup';
  channel: ChannelSnapshot;
  cause: number;
  causeText: string;
}

export type LiveAmiEvent =
  | ContactStatusEvent
  | PeerStatusEvent
  | DeviceStateChangeEvent
  | ChannelEvent
  | DialEvent
  | HangupEvent;

function fieldMap(msg: AmiMessage): Map<string, string> {
  const m = new Map<string, string>();
  for (const [k, v] of msg.fields) if (!m.has(k)) m.set(k, v);
  return m;
}

function pjsipEndpoint(device: string): string | null {
  const m = /^PJSIP\/(.+?)(?:-[0-9a-f]{8})?$/i.exec(device);
  return m ? m[1]! : null;
}

function num(v: string | undefined): number | null {
  if (v === undefined || v === '' || v === 'N/A') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function snapshot(f: Map<string, string>, prefix = ''): ChannelSnapshot | null {
  const channel = f.get(`${prefix}Channel`);
  if (channel === undefined) return null;
  return {
    channel,
    endpoint: pjsipEndpoint(channel),
    state: num(f.get(`${prefix}ChannelState`)) ?? 0,
    stateDesc: f.get(`${prefix}ChannelStateDesc`) ?? '',
    callerIdNum: f.get(`${prefix}CallerIDNum`) ?? '',
    callerIdName: f.get(`${prefix}CallerIDName`) ?? '',
    connectedLineNum: f.get(`${prefix}ConnectedLineNum`) ?? '',
    connectedLineName: f.get(`${prefix}ConnectedLineName`) ?? '',
    context: f.get(`${prefix}Context`) ?? '',
    exten: f.get(`${prefix}Exten`) ?? '',
    uniqueid: f.get(`${prefix}Uniqueid`) ?? '',
    linkedid: f.get(`${prefix}Linkedid`) ?? '',
  };
}

/** The typed view of a registration/call event, or null for any other event. */
export function decodeEvent(msg: AmiMessage): LiveAmiEvent | null {
  const first = msg.fields[0];
  if (!first || first[0].toLowerCase() !== 'event') return null;
  const name = first[1];
  switch (name) {
    case 'ContactStatus': {
      const f = fieldMap(msg);
      return {
        event: name,
        uri: f.get('URI') ?? '',
        status: f.get('ContactStatus') ?? '',
        aor: f.get('AOR') ?? '',
        endpoint: f.get('EndpointName') ?? '',
        roundtripUsec: num(f.get('RoundtripUsec')),
      };
    }
    case 'PeerStatus': {
      const f = fieldMap(msg);
      const peer = f.get('Peer') ?? '';
      return {
        event: name,
        endpoint: pjsipEndpoint(peer) ?? peer,
        status: f.get('PeerStatus') ?? '',
      };
    }
    case 'DeviceStateChange': {
      const f = fieldMap(msg);
      const device = f.get('Device') ?? '';
      return { event: name, device, endpoint: pjsipEndpoint(device), state: f.get('State') ?? '' };
    }
    case 'Newchannel':
    case 'Newstate': {
      const ch = snapshot(fieldMap(msg));
      return ch ? { event: name, channel: ch } : null;
    }
    case 'DialBegin':
    case 'DialState':
    case 'DialEnd': {
      const f = fieldMap(msg);
      const dest = snapshot(f, 'Dest');
      if (!dest) return null;
      return {
        event: name,
        caller: snapshot(f),
        dest,
        dialStatus: f.get('DialStatus') ?? '',
        dialString: f.get('DialString') ?? '',
      };
    }
    case 'Hangup': {
      const f = fieldMap(msg);
      const ch = snapshot(f);
      return ch
        ? {
            event: name,
            channel: ch,
            cause: num(f.get('Cause')) ?? 0,
            causeText: f.get('Cause-txt') ?? '',
          }
        : null;
    }
    default:
      return null;
  }
}
