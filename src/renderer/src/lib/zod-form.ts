import type { z } from 'zod';
import { relabel, UI_LABELS } from '../../../shared/field-labels';
import { formatZodError } from '../../../shared/schemas/format';
import { ApiError, errorText } from '../api/api-error';

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
 * A failed call as form errors. `INVALID_INPUT` names its fields (details.fields, the one shape
 * both the IPC boundary and the core use): each message goes to its top-level field, whether the
 * path carries the request's `prefix` ("extension.codecs.0", from the IPC schema) or not
 * ("codecs.0", from the core). Anything else, or a field the form does not show, goes to `_form`.
 */
export function formErrorsOf(
  err: unknown,
  prefix: string,
  formFields: readonly string[],
): Record<string, string> {
  if (!(err instanceof ApiError)) return { _form: errorText(err) };
  if (err.code !== 'INVALID_INPUT') return { _form: err.message };
  const fields = Array.isArray(err.details.fields) ? (err.details.fields as unknown[]) : [];
  const out: Record<string, string> = {};
  for (const f of fields) {
    const path = String(f);
    const rest = path.startsWith(`${prefix}.`) ? path.slice(prefix.length + 1) : path;
    const key = rest.split('.')[0]!;
    out[formFields.includes(key) ? key : '_form'] ??= err.message;
  }
  if (!Object.keys(out).length) out._form = err.message;
  return out;
}
