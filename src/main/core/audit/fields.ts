/** Field names whose values are never written anywhere: only that they changed. */
const SECRET = /pass|secret|token|key/i;
const MAX_VALUE = 80;

/**
 * The fields a change was given, as `name: value` lines for the audit log. A secret is only
 * ever `password: changed`; long values are cut (the log says what changed, not the whole of it).
 */
export function describeFields(input: unknown): string[] {
  if (!input || typeof input !== 'object') return [];
  const out: string[] = [];
  for (const [k, v] of Object.entries(input as Record<string, unknown>)) {
    if (v === undefined) continue;
    if (SECRET.test(k)) {
      out.push(`${k}: changed`);
      continue;
    }
    let text = typeof v === 'string' ? v : JSON.stringify(v);
    if (text.length > MAX_VALUE) text = `${text.slice(0, MAX_VALUE - 1)}…`;
    out.push(`${k}: ${text}`);
  }
  return out;
}
