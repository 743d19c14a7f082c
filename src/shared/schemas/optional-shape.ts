import type { z } from 'zod';

/** Every field of an object's shape made optional: what a patch of that object may carry. */
export function optionalShape<T extends Record<string, z.ZodType>>(
  shape: T,
): { [K in keyof T]: z.ZodOptional<T[K]> } {
  const out: Record<string, z.ZodType> = {};
  for (const [k, f] of Object.entries(shape)) out[k] = f.optional();
  return out as { [K in keyof T]: z.ZodOptional<T[K]> };
}
