import type { z } from 'zod';

/**
 * One line naming the field(s): `number: must be 2-20 digits; password: must not contain ";"`.
 * Our messages already start with the field; zod's own (e.g. a wrong type deep in a list) get the
 * path prepended. Never includes the rejected value.
 */
export function formatZodError(err: z.ZodError): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const issue of err.issues) {
    const path = issue.path.map(String).join('.');
    const head = issue.path.length ? String(issue.path[0]) : '';
    let line = issue.message;
    if (path && !line.startsWith(`${head}:`) && !line.startsWith(`${path}:`))
      line = `${path}: ${line}`;
    else if (issue.path.length > 1 && line.startsWith(`${head}:`)) {
      // Name the element too: "codecs.2: must be …".
      line = `${path}:${line.slice(head.length + 1)}`;
    }
    if (!seen.has(line)) {
      seen.add(line);
      parts.push(line);
    }
  }
  return parts.join('; ').replace(/[\r\n]+/g, ' ');
}

/** The top-level field names an error is about (for typed errors' details). */
export function zodErrorFields(err: z.ZodError): string[] {
  const out = new Set<string>();
  for (const issue of err.issues) {
    if (issue.path.length) out.add(String(issue.path[0]));
    else if (issue.code === 'unrecognized_keys') for (const k of issue.keys) out.add(k);
    else {
      // A schema for a single value (e.g. a number argument) names its field in the message.
      const m = /^([A-Za-z][\w]*)[.:]/.exec(issue.message);
      if (m) out.add(m[1]!);
    }
  }
  return [...out];
}
