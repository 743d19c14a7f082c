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

/** Errors from main (`VALIDATION`) name their fields in details.fields: map them back. */
export function serverFieldErrors(
  details: Record<string, unknown>,
  message: string,
  prefix: string,
): Record<string, string> {
  const fields = Array.isArray(details.fields) ? (details.fields as string[]) : [];
  const out: Record<string, string> = {};
  for (const f of fields) {
    const key = f.startsWith(`${prefix}.`) ? f.slice(prefix.length + 1).split('.')[0]! : '_form';
    out[key] ??= message;
  }
  if (!Object.keys(out).length) out._form = message;
  return out;
}
