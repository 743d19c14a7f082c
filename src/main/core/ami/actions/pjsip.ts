import type { AmiMessage } from '../message';
import { amiEventName, amiToRecord } from '../message';
import { AmiActionError } from '../errors';
import type { AmiActions } from './types';

/** An AMI item as a plain object keyed as Asterisk spells the fields (`Context`, `MaxContacts`...). */
export type AmiRecord = Readonly<Record<string, string>>;

/** One registered contact, from a `ContactList` event of `PJSIPShowContacts`. */
export interface PjsipContact {
  /** `ObjectName`, e.g. `1001;@853fa90bf5b8a79adb204428ff7d9c0c`. */
  id: string;
  aor: string;
  endpoint: string;
  uri: string;
  viaAddr: string;
  viaPort: number | null;
  userAgent: string;
  /** `Reachable`, `Unreachable`, `NonQualified`, `Unknown`, ... as Asterisk says it. */
  status: string;
  /** Qualify round trip in microseconds; null when Asterisk says `N/A`. */
  roundtripUsec: number | null;
  /** Unix time the registration expires. */
  expirationTime: number | null;
  callId: string;
  qualifyFrequency: number;
}

/** One endpoint from an `EndpointList` event of `PJSIPShowEndpoints`. */
export interface PjsipEndpointSummary {
  name: string;
  transport: string;
  aors: string[];
  auths: string[];
  outboundAuths: string[];
  /** `aor/uri` per registered contact (Asterisk's `Contacts:` list, trailing comma dropped). */
  contacts: string[];
  /** `Unavailable`, `Not in use`, `In use`, `Ringing`, ... */
  deviceState: string;
  activeChannels: number;
}

/**
 * Everything `PJSIPShowEndpoint` returns for one endpoint, by object type. Credentials are
 * stripped before this is built (see `stripSecrets`): `auths` carry no `Password`.
 */
export interface PjsipEndpointDetail {
  endpoint: AmiRecord;
  auths: AmiRecord[];
  aors: AmiRecord[];
  transports: AmiRecord[];
  /** `ContactStatusDetail` items: one per registered contact. */
  contacts: AmiRecord[];
  /** Any other item type (e.g. `IdentifyDetail`), with its event name. */
  others: Array<{ event: string; fields: AmiRecord }>;
}

/**
 * Fields that carry credentials in PJSIP detail events: `AuthDetail`/`AuthList` (SIP password in
 * clear, MD5 credential, OAuth secrets) and `TransportDetail` (TLS key password). Removed where
 * the messages enter the core, so they cannot reach logs, IPC, the CLI or the UI.
 */
const SECRET_FIELDS: Readonly<Record<string, readonly string[]>> = {
  AuthDetail: ['Password', 'Md5Cred', 'OauthSecret', 'RefreshToken', 'PasswordDigest'],
  AuthList: ['Password', 'Md5Cred', 'OauthSecret', 'RefreshToken', 'PasswordDigest'],
  TransportDetail: ['Password'],
};

/** The message without credential fields, or the same object when it has none to remove. */
export function stripSecrets(
  msg: AmiMessage,
  eventName: string | undefined = amiEventName(msg),
): AmiMessage {
  const secret = eventName === undefined ? undefined : SECRET_FIELDS[eventName];
  if (!secret) return msg;
  return { fields: msg.fields.filter(([k]) => !secret.includes(k)) };
}

export function isSecretBearingEvent(eventName: string): boolean {
  return SECRET_FIELDS[eventName] !== undefined;
}

function int(v: string | undefined): number | null {
  if (v === undefined || v === '' || v === 'N/A') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
}

function list(v: string | undefined): string[] {
  if (!v) return [];
  if (!v.includes(',')) return [v.trim()];
  const out: string[] = [];
  for (const part of v.split(',')) {
    const t = part.trim();
    if (t.length > 0) out.push(t);
  }
  return out;
}

export function toContact(msg: AmiMessage): PjsipContact {
  // One pass over the fields: this runs once per contact of a 10,000-phone host.
  let id = '';
  let endpoint = '';
  let uri = '';
  let viaAddr = '';
  let viaPort: string | undefined;
  let userAgent = '';
  let status = 'Unknown';
  let rtt: string | undefined;
  let expiration: string | undefined;
  let callId = '';
  let qualify: string | undefined;
  for (const [k, v] of msg.fields) {
    switch (k) {
      case 'ObjectName':
        id = v;
        break;
      case 'Endpoint':
        endpoint = v;
        break;
      case 'Uri':
        uri = v;
        break;
      case 'ViaAddr':
        viaAddr = v;
        break;
      case 'ViaPort':
        viaPort = v;
        break;
      case 'UserAgent':
        userAgent = v;
        break;
      case 'Status':
        status = v;
        break;
      case 'RoundtripUsec':
        rtt = v;
        break;
      case 'ExpirationTime':
        expiration = v;
        break;
      case 'CallId':
        callId = v;
        break;
      case 'QualifyFrequency':
        qualify = v;
        break;
    }
  }
  const sep = id.indexOf(';@');
  return {
    id,
    aor: sep >= 0 ? id.slice(0, sep) : id,
    endpoint,
    uri,
    viaAddr,
    viaPort: int(viaPort),
    userAgent,
    status,
    roundtripUsec: int(rtt),
    expirationTime: int(expiration),
    callId,
    qualifyFrequency: int(qualify) ?? 0,
  };
}

export function toEndpointSummary(msg: AmiMessage): PjsipEndpointSummary {
  const out: PjsipEndpointSummary = {
    name: '',
    transport: '',
    aors: [],
    auths: [],
    outboundAuths: [],
    contacts: [],
    deviceState: '',
    activeChannels: 0,
  };
  for (const [k, v] of msg.fields) {
    switch (k) {
      case 'ObjectName':
        out.name = v;
        break;
      case 'Transport':
        out.transport = v;
        break;
      case 'Aor':
        out.aors = list(v);
        break;
      case 'Auths':
        out.auths = list(v);
        break;
      case 'OutboundAuths':
        out.outboundAuths = list(v);
        break;
      case 'Contacts':
        out.contacts = list(v);
        break;
      case 'DeviceState':
        out.deviceState = v;
        break;
      case 'ActiveChannels':
        out.activeChannels = int(v) ?? 0;
        break;
    }
  }
  return out;
}

/** All registered contacts, in one round trip ("No Contacts found" reads as none). */
export async function showContacts(ami: AmiActions): Promise<PjsipContact[]> {
  const items = await ami.listAction('PJSIPShowContacts');
  const out: PjsipContact[] = [];
  for (const m of items) if (amiEventName(m) === 'ContactList') out.push(toContact(m));
  return out;
}

/** All endpoints Asterisk has loaded, in one round trip. */
export async function showEndpoints(ami: AmiActions): Promise<PjsipEndpointSummary[]> {
  const items = await ami.listAction('PJSIPShowEndpoints');
  const out: PjsipEndpointSummary[] = [];
  for (const m of items) if (amiEventName(m) === 'EndpointList') out.push(toEndpointSummary(m));
  return out;
}

/**
 * What Asterisk has live for one endpoint, or null when it has no such endpoint ("Unable to
 * retrieve endpoint X": e.g. after a delete, or when a new one did not load).
 */
export async function showEndpoint(
  ami: AmiActions,
  name: string,
): Promise<PjsipEndpointDetail | null> {
  let items: AmiMessage[];
  try {
    items = await ami.listAction('PJSIPShowEndpoint', { Endpoint: name });
  } catch (err) {
    if (
      err instanceof AmiActionError &&
      err.serverMessage.startsWith('Unable to retrieve endpoint')
    )
      return null;
    throw err;
  }
  const detail: PjsipEndpointDetail = {
    endpoint: {},
    auths: [],
    aors: [],
    transports: [],
    contacts: [],
    others: [],
  };
  for (const raw of items) {
    const event = amiEventName(raw) ?? '';
    const fields = amiToRecord(stripSecrets(raw, event));
    switch (event) {
      case 'EndpointDetail':
        detail.endpoint = fields;
        break;
      case 'AuthDetail':
        detail.auths.push(fields);
        break;
      case 'AorDetail':
        detail.aors.push(fields);
        break;
      case 'TransportDetail':
        detail.transports.push(fields);
        break;
      case 'ContactStatusDetail':
        detail.contacts.push(fields);
        break;
      default:
        detail.others.push({ event, fields });
    }
  }
  return detail;
}
