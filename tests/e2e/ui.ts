import type { Page } from 'playwright-core';

/** Fills a form field found by its visible label, as a keyboard user would. */
export async function fill(page: Page, label: string, value: string): Promise<void> {
  // Required fields' labels end in an asterisk (" *").
  const escaped = label.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const input = page.getByLabel(new RegExp(`^${escaped}\\s*\\*?$`));
  await input.fill(value);
}

export async function nav(
  page: Page,
  to: 'hosts' | 'extensions' | 'trunks' | 'nat' | 'events' | 'calls' | 'diagnostics',
): Promise<void> {
  await page.getByTestId(`nav-${to}`).click();
}

export function row(page: Page, number: string) {
  return page.locator(`.ext-row[data-number="${number}"]`);
}

/** The renderer's own measurements (src/renderer/src/api/perf.ts). */
export interface PagePerf {
  liveDeliveries: Array<{ at: number; wall: number; events: number; handleMs: number }>;
  tableData: Array<{ host: string; rows: number; at: number }>;
  tablePaint: Array<{ host: string; rows: number; at: number }>;
  doctorProgress: number;
}

export function readPerf(page: Page): Promise<PagePerf> {
  return page.evaluate(() => {
    const p = (window as unknown as { __rayanPerf: PagePerf }).__rayanPerf;
    return JSON.parse(
      JSON.stringify({
        liveDeliveries: p.liveDeliveries,
        tableData: p.tableData,
        tablePaint: p.tablePaint,
        doctorProgress: p.doctorProgress,
      }),
    ) as PagePerf;
  });
}

export function resetPerf(page: Page): Promise<void> {
  return page.evaluate(() =>
    (window as unknown as { __rayanPerf: { reset(): void } }).__rayanPerf.reset(),
  );
}

/** Most items inside any 1-second window. */
export function maxPerSecond(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i]! - times[j]! >= 1000) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}
