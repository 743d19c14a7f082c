import type { z } from 'zod';
import { RayanError } from '../errors/rayan-error';
import { formatZodError, zodErrorFields } from '../../../shared/schemas/format';

/** Input refused by a shared schema. The message names the field(s), never the value. */
export class InputValidationError extends RayanError {
  readonly fields: string[];

  constructor(message: string, fields: string[]) {
    super('INVALID_INPUT', message, { fields });
    this.fields = fields;
  }
}

/** Parses `input` with `schema` or throws `InputValidationError` (one line naming the fields). */
export function validateInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (!r.success) throw new InputValidationError(formatZodError(r.error), zodErrorFields(r.error));
  return r.data;
}
