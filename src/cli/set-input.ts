import type { z } from 'zod';
import { validateInput } from '../main/core/config/validate';
import { UsageError } from './args';

/**
 * What a `set` command was told to change (only the flags given), checked against the update
 * `schema`; refused when empty, as nothing would change.
 */
export function setInput<S extends z.ZodType>(
  schema: S,
  given: Record<string, unknown>,
  command: string,
): z.output<S> {
  if (Object.keys(given).length === 0)
    throw new UsageError(`${command} needs at least one option to change`);
  return validateInput(schema, given);
}
