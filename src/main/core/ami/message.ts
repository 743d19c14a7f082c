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
  for (const [name, value] of msg.fields) if (name.toLowerCase() === k) return value;
  return undefined;
}

export function amiGetAll(msg: AmiMessage, key: string): string[] {
  const k = key.toLowerCase();
  const out: string[] = [];
  for (const [name, value] of msg.fields) if (name.toLowerCase() === k) out.push(value);
  return out;
}

/** `Event: X` messages are events, `Response: X` answers; anything else is a protocol oddity. */
export function amiKind(msg: AmiMessage): 'event' | 'response' | 'other' {
  const first = msg.fields[0]?.[0].toLowerCase();
  if (first === 'event') return 'event';
  if (first === 'response') return 'response';
  return 'other';
}
