import { copyFile, mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT } from './harness';

export const SCREENS = path.join(ROOT, 'tests/e2e/.screens');
export const DOCS_SCREENS = path.join(ROOT, 'docs/screenshots');

const results: Array<{ name: string; ok: boolean; ms: number }> = [];
export const figures: Array<[string, string]> = [];

/** Runs one named step; the first failure stops the scenario (later steps depend on earlier ones). */
export async function step(name: string, fn: () => Promise<void>): Promise<void> {
  const t0 = performance.now();
  try {
    await fn();
    const ms = performance.now() - t0;
    results.push({ name, ok: true, ms });
    console.log(`  ✓ ${name} (${Math.round(ms)} ms)`);
  } catch (err) {
    const ms = performance.now() - t0;
    results.push({ name, ok: false, ms });
    console.log(`  ✗ ${name} (${Math.round(ms)} ms)`);
    throw err;
  }
}

export function figure(label: string, value: string): void {
  figures.push([label, value]);
  console.log(`    · ${label}: ${value}`);
}

export function summary(): { passed: number; failed: number } {
  return {
    passed: results.filter((r) => r.ok).length,
    failed: results.filter((r) => !r.ok).length,
  };
}

export async function shot(page: Page, name: string): Promise<string> {
  await mkdir(SCREENS, { recursive: true });
  // Let transitions and charts settle: the picture should be what a person sees.
  await page.waitForTimeout(350);
  const file = path.join(SCREENS, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/**
 * The committed set in docs/screenshots is refreshed only on request (RAYANPBX_UPDATE_SCREENSHOTS=1),
 * so an ordinary test run never leaves the work tree dirty with re-rendered PNGs.
 */
export async function publish(names: string[]): Promise<void> {
  if (!process.env.RAYANPBX_UPDATE_SCREENSHOTS) return;
  await mkdir(DOCS_SCREENS, { recursive: true });
  for (const n of names)
    await copyFile(path.join(SCREENS, `${n}.png`), path.join(DOCS_SCREENS, `${n}.png`));
}

export function assert(cond: unknown, message: string): asserts cond {
  if (!cond) throw new Error(`assertion failed: ${message}`);
}

export async function until<T>(
  what: string,
  fn: () => T | Promise<T>,
  timeoutMs = 15_000,
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v as NonNullable<T>;
    if (Date.now() > deadline)
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
