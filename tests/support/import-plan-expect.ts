import { expect } from 'vitest';

/**
 * An import of a host's own export plans nothing: `unchanged` rows, no create, update, delete,
 * error or conflict, and no new pjsip.conf.
 */
export function expectNothingToImport(
  p: { plan: unknown; pjsip: string | null },
  unchanged: number,
): void {
  expect(p.plan).toMatchObject({
    unchanged,
    create: [],
    update: [],
    delete: [],
    errors: [],
    conflicts: [],
  });
  expect(p.pjsip).toBeNull();
}
