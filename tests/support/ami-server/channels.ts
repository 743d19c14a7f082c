import { randomBytes, randomUUID } from 'node:crypto';

export type Fields = Array<[string, string]>;

/** A simulated Asterisk channel (PJSIP/1001-00000004), with what its snapshot prints. */
export interface Channel {
  name: string;
  endpoint: string;
  uniqueid: string;
  linkedid: string;
  state: number;
  callerNum: string;
  callerName: string;
  connectedNum: string;
  connectedName: string;
  context: string;
  exten: string;
  priority: number;
  application: string;
  appData: string;
  bridgeId: string;
  /** SIP Call-ID of the dialog (BRIDGEPVTCALLID). */
  sipCallId: string;
  createdAt: number;
  hungUp: boolean;
}

export const STATE_DESC: Record<number, string> = {
  0: 'Down',
  1: 'Rsrvd',
  2: 'OffHook',
  3: 'Dialing',
  4: 'Ring',
  5: 'Ringing',
  6: 'Up',
  7: 'Busy',
};

/** Asterisk's `ast_cause2str` for the causes the simulation uses. */
export const CAUSE_TEXT: Record<number, string> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  21: 'Call Rejected',
  27: 'Destination out of order',
  34: 'Circuit/channel congestion',
  127: 'Interworking, unspecified',
};

export function causeText(cause: number): string {
  return CAUSE_TEXT[cause] ?? 'Unknown';
}

/** The standard channel snapshot block, optionally with a prefix (`Dest` for DialBegin etc.). */
export function snapshot(ch: Channel, prefix = ''): Fields {
  return [
    [`${prefix}Channel`, ch.name],
    [`${prefix}ChannelState`, String(ch.state)],
    [`${prefix}ChannelStateDesc`, STATE_DESC[ch.state] ?? 'Unknown'],
    [`${prefix}CallerIDNum`, ch.callerNum],
    [`${prefix}CallerIDName`, ch.callerName],
    [`${prefix}ConnectedLineNum`, ch.connectedNum],
    [`${prefix}ConnectedLineName`, ch.connectedName],
    [`${prefix}Language`, 'en'],
    [`${prefix}AccountCode`, ''],
    [`${prefix}Context`, ch.context],
    [`${prefix}Exten`, ch.exten],
    [`${prefix}Priority`, String(ch.priority)],
    [`${prefix}Uniqueid`, ch.uniqueid],
    [`${prefix}Linkedid`, ch.linkedid],
  ];
}

export function hex(bytes: number): string {
  return randomBytes(bytes).toString('hex');
}

export function uuid(): string {
  return randomUUID();
}

/** Bridge header fields as BridgeCreate/Enter/Leave/Destroy print them. */
export function bridgeFields(id: string, technology: string, numChannels: number): Fields {
  return [
    ['BridgeUniqueid', id],
    ['BridgeType', 'basic'],
    ['BridgeTechnology', technology],
    ['BridgeCreator', '<unknown>'],
    ['BridgeName', '<unknown>'],
    ['BridgeNumChannels', String(numChannels)],
    ['BridgeVideoSourceMode', 'none'],
  ];
}

/** `00:00:04`, CoreShowChannel's Duration. */
export function hms(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return [h, m, s % 60].map((n) => String(n).padStart(2, '0')).join(':');
}
