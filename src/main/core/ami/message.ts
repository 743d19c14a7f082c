/**
 * One AMI message as it came off the wire: the ordered key/value pairs (keys keep their case,
 * repeated keys are kept, values keep empty strings). Helpers look keys up case-insensitively,
 * as Asterisk itself treats them.
 */
export interface AmiMessage {
  readonly fields: ReadonlyArray<readonly [string, string]>;
}

export function amiGet(msg: AmiMessage, key: string): string | undefined {
  const k = key.toLowerCase();
  const n = key.length;
  // The length check first: most keys differ in length, which spares lower-casing them.
  for (const [name, value] of msg.fields)
    if (name.length === n && (name === key || name.toLowerCase() === k)) return value;
  return undefined;
}

export function amiGetAll(msg: AmiMessage, key: string): string[] {
  const k = key.toLowerCase();
  const n = key.length;
  const out: string[] = [];
  for (const [name, value] of msg.fields)
    if (name.length === n && (name === key || name.toLowerCase() === k)) out.push(value);
  return out;
}

/** `Event: X` messages are events, `Response: X` answers; anything else is a protocol oddity. */
export function amiKind(msg: AmiMessage): 'event' | 'response' | 'other' {
  const first = msg.fields[0]?.[0].toLowerCase();
  if (first === 'event') return 'event';
  if (first === 'response') return 'response';
  return 'other';
}

/** `Event:` value of an event (e.g. `ContactStatus`), else undefined. Checks only the first field. */
export function amiEventName(msg: AmiMessage): string | undefined {
  const first = msg.fields[0];
  if (!first) return undefined;
  return first[0] === 'Event' || first[0].toLowerCase() === 'event' ? first[1] : undefined;
}

/** The message's ActionID, if any (responses, list items, and a few events such as OriginateResponse). */
export function amiActionId(msg: AmiMessage): string | undefined {
  for (const [name, value] of msg.fields)
    if (name === 'ActionID' || name.toLowerCase() === 'actionid') return value;
  return undefined;
}

/**
 * The fields as a plain object keyed as Asterisk spells them (first occurrence wins), without the
 * envelope keys given in `omit` (by default `Event` and `ActionID`). For item-shaped messages such
 * as `EndpointDetail`, whose keys are all distinct.
 */
export function amiToRecord(
  msg: AmiMessage,
  omit: readonly string[] = ['Event', 'ActionID'],
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of msg.fields) {
    if (
      omit.includes(name) ||
      name === '__proto__' ||
      Object.prototype.hasOwnProperty.call(out, name)
    )
      continue;
    out[name] = value;
  }
  return out;
}

/**
 * The fields named in `keys` as strings ('' when absent), keyed by the AMI name with its first
 * letter lowered (`AppData` → `appData`): how the readers of item events build their rows.
 */
export function amiStrings<K extends string>(
  msg: AmiMessage,
  keys: readonly K[],
): { [P in K as Uncapitalize<P>]: string } {
  const out: Record<string, string> = {};
  for (const k of keys) out[k.charAt(0).toLowerCase() + k.slice(1)] = amiGet(msg, k) ?? '';
  return out as { [P in K as Uncapitalize<P>]: string };
}
