import { AmiProtocolError } from './errors';

/**
 * Fields of an action besides `Action` and `ActionID`. An array value repeats the key (e.g.
 * `Variable` for Originate); `undefined` leaves the key out. A list of pairs keeps exact order.
 */
export type AmiActionFields =
  | Readonly<Record<string, string | number | boolean | readonly string[] | undefined>>
  | ReadonlyArray<readonly [string, string]>;

const KEY_RE = /^[A-Za-z0-9_-]+$/;

/**
 * Serialises one action to the bytes AMI expects. Keys and values are checked so that no value
 * can smuggle a CR/LF and thereby inject a second action into the stream; the error names the
 * field but never echoes its value (it may be a secret).
 */
export function serializeAction(
  action: string,
  actionId: string,
  fields?: AmiActionFields,
): string {
  checkKey('Action', action, true);
  let out = `Action: ${action}\r\nActionID: ${actionId}\r\n`;
  for (const [key, value] of fieldPairs(fields)) {
    checkKey(key, key, false);
    checkValue(key, value);
    out += `${key}: ${value}\r\n`;
  }
  return out + '\r\n';
}

function fieldPairs(fields: AmiActionFields | undefined): Array<readonly [string, string]> {
  if (!fields) return [];
  if (Array.isArray(fields))
    return fields as ReadonlyArray<readonly [string, string]> as Array<readonly [string, string]>;
  const out: Array<readonly [string, string]> = [];
  for (const [key, value] of Object.entries(fields as Record<string, unknown>)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) out.push([key, String(v)]);
    else if (typeof value === 'boolean') out.push([key, value ? 'true' : 'false']);
    else out.push([key, String(value)]);
  }
  return out;
}

function checkKey(field: string, key: string, isActionName: boolean): void {
  const lower = key.toLowerCase();
  if (!KEY_RE.test(key) || (!isActionName && (lower === 'action' || lower === 'actionid'))) {
    throw new AmiProtocolError(
      isActionName
        ? `AMI action name is not valid: '${key.slice(0, 64)}'`
        : `AMI field name '${field.slice(0, 64)}' is not allowed`,
      { field: isActionName ? 'action' : field.slice(0, 64) },
    );
  }
}

function checkValue(key: string, value: string): void {
  if (value.includes('\r') || value.includes('\n')) {
    throw new AmiProtocolError(`AMI field '${key}' contains a line break, which AMI cannot carry`, {
      field: key,
    });
  }
}
