import type { z } from 'zod';
import { relabel, UI_LABELS } from '../../../shared/field-labels';
import { formatZodError } from '../../../shared/schemas/format';

/**
 * The shared schema's messages, by top-level field: the same words main would answer with, with
 * the form's labels for field keys and a list entry named by its place ("Codecs entry 2: …").
 */
export function fieldErrors(schema: z.ZodType, values: unknown): Record<string, string> {
  const r = schema.safeParse(values);
  if (r.success) return {};
  const out: Record<string, string> = {};
  for (const issue of r.error.issues) {
    const key = String(issue.path[0] ?? '_form');
    out[key] ??= relabel(formatZodError({ issues: [issue] } as z.ZodError), UI_LABELS);
  }
  return out;
}

/**
 * Errors about the input name their fields in details.fields: map them back. The IPC check names
 * them inside the request (`extension.codecs.0`); the core's own checks (a codec this Asterisk
 * does not know) name the form's field itself (`codecs`), which counts when it is one of
 * `formKeys`.
 */
export function serverFieldErrors(
  details: Record<string, unknown>,
  message: string,
  prefix: string,
  formKeys: readonly string[] = [],
): Record<string, string> {
  const fields = Array.isArray(details.fields) ? (details.fields as string[]) : [];
  const out: Record<string, string> = {};
  for (const f of fields) {
    const inRequest = f.startsWith(`${prefix}.`);
    const key = (inRequest ? f.slice(prefix.length + 1) : f).split('.')[0]!;
    out[inRequest || formKeys.includes(key) ? key : '_form'] ??= message;
  }
  if (!Object.keys(out).length) out._form = message;
  return out;
}
