/** Field names whose values are never written anywhere: only that they changed. */
const SECRET = /pass|secret|token|key|cred|auth/i;
const MAX_VALUE = 80;
/** Input is described before it is validated: a name that is not a field name is not logged. */
const FIELD_NAME = /^[A-Za-z][A-Za-z0-9_]{0,39}$/;
const MAX_FIELDS = 40;

/**
 * The fields a change was given, as `name: value` lines for the audit log. A secret is only
 * ever `password: changed` (a nested one `credentials.password: changed`, or the whole object
 * when its own name says secret); an object is never logged as JSON, only its fields one by
 * one; long values are cut (the log says what changed, not the whole of it).
 */
export function describeFields(input: unknown): string[] {
  const out: string[] = [];
  describeInto(input, '', out, 0);
  return out.slice(0, MAX_FIELDS);
}

function describeInto(input: unknown, prefix: string, out: string[], depth: number): void {
  if (!input || typeof input !== 'object' || Array.isArray(input) || depth > 2) return;
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (v === undefined || !FIELD_NAME.test(k)) continue;
    const name = `${prefix}${k}`;
    if (SECRET.test(k)) {
      out.push(`${name}: changed`);
    } else if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      describeInto(v, `${name}.`, out, depth + 1);
    } else {
      const text = valueText(v);
      if (text !== null) out.push(`${name}: ${text}`);
    }
  }
}

/** A primitive, or a list of them; anything else is not described. */
function valueText(v: unknown): string | null {
  const one = (x: unknown): string | null =>
    typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean' || x === null
      ? String(x)
      : null;
  let text = Array.isArray(v)
    ? v.every((x) => one(x) !== null)
      ? v.map(one).join(',')
      : null
    : one(v);
  if (text === null) return null;
  if (text.length > MAX_VALUE) text = `${text.slice(0, MAX_VALUE - 1)}…`;
  return text;
}
