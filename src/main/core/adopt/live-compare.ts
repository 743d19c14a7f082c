/**
 * An adopt must leave Asterisk with the very same objects: every field `PJSIPShowEndpoint`
 * reports for the endpoint, its auths, aors and transport is compared before and after the
 * reload. Live state (device state, channels, contacts) is not configuration and is left out;
 * credential fields never reach the core (stripped where AMI messages enter it), so the password
 * is checked by the block carrying its line verbatim rather than here.
 */
import type { AmiRecord, PjsipEndpointDetail } from '../ami/actions/pjsip';

/** Fields that say what is happening now, not how the object is configured. */
const LIVE_FIELDS = new Set([
  'Event',
  'ActionID',
  'EndpointName',
  'DeviceState',
  'ActiveChannels',
  'Contacts',
  'TotalContacts',
  'ContactsRegistered',
]);

/** One line per difference: `endpoint 1001 DtmfMode: before rfc4733, after inband`. */
export function compareLiveDetail(
  number: string,
  before: PjsipEndpointDetail,
  after: PjsipEndpointDetail | null,
): string[] {
  if (!after) return [`endpoint ${number}: not loaded by Asterisk after the reload`];
  const out: string[] = [];
  compareRecord(`endpoint ${number}`, before.endpoint, after.endpoint, out);
  for (const kind of ['auths', 'aors', 'transports'] as const) {
    const b = byName(before[kind]);
    const a = byName(after[kind]);
    const label = kind.slice(0, -1);
    for (const [name, rec] of b) {
      const now = a.get(name);
      if (!now) out.push(`${label} ${name}: gone after the reload`);
      else compareRecord(`${label} ${name}`, rec, now, out);
    }
    for (const name of a.keys())
      if (!b.has(name)) out.push(`${label} ${name}: new after the reload`);
  }
  return out;
}

function byName(records: AmiRecord[]): Map<string, AmiRecord> {
  return new Map(records.map((r) => [r.ObjectName ?? '', r]));
}

function compareRecord(what: string, before: AmiRecord, after: AmiRecord, out: string[]): void {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const k of keys) {
    if (LIVE_FIELDS.has(k)) continue;
    const b = before[k];
    const a = after[k];
    if (b !== a) out.push(`${what} ${k}: before ${show(b)}, after ${show(a)}`);
  }
}

const show = (v: string | undefined) => (v === undefined ? '(absent)' : v === '' ? '(empty)' : v);
