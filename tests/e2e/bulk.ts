import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Harness, Pbx } from './harness';
import { assert, shot, step } from './steps';

const HEADER = 'number,displayName,password,codecs,context';
const GOOD = [
  '2101,Bulk One,Bulk-One-pass1,"ulaw,alaw",from-internal',
  '2102,Bulk Two,Bulk-Two-pass2,ulaw,from-internal',
];
// The quote would close the callerid: refused by the shared schema, on its own row, value unshown.
const BAD = '2103,"Ali"" <666>",Bulk-Three-pass3,ulaw,from-internal';

/** Issue 12 item 2: the Import page — a dry run with a row error, then a real import. */
export async function bulkScenario(h: Harness, pbx: Pbx): Promise<void> {
  const { page } = h;
  const dir = await mkdtemp(path.join(tmpdir(), 'rayanpbx-e2e-import-'));
  try {
    const withError = path.join(dir, 'with-error.csv');
    const clean = path.join(dir, 'clean.csv');
    await writeFile(withError, [HEADER, ...GOOD, BAD, ''].join('\r\n'));
    await writeFile(clean, [HEADER, ...GOOD, ''].join('\r\n'));

    await step(
      'import: the dry run refuses a row by row number and column, nothing written',
      async () => {
        const before = await pbx.dir.read('pjsip.conf');
        await page.getByTestId('nav-import').click();
        await page.getByTestId('import-file').setInputFiles(withError);
        await page.getByTestId('import-check').click();
        await page.getByTestId('plan-errors').filter({ hasText: 'row errors 1' }).waitFor();
        const table = page.getByTestId('plan-error-rows');
        await table.getByText('displayName', { exact: true }).waitFor();
        const text = (await table.textContent()) ?? '';
        assert(text.includes('4'), 'the error names spreadsheet row 4');
        assert(!text.includes('<666>'), 'the refused value is not echoed');
        await page.getByTestId('plan-create').filter({ hasText: 'create 2' }).waitFor();
        assert(
          await page.getByTestId('import-run').isDisabled(),
          'Import is disabled while rows are refused',
        );
        assert((await pbx.dir.read('pjsip.conf')) === before, 'nothing written by the dry run');
        await shot(page, 'import-dry-run');
      },
    );

    await step(
      'import: the fixed file imports in one write and one reload, every object verified',
      async () => {
        await page.getByTestId('import-file').setInputFiles(clean);
        await page.getByTestId('import-check').click();
        await page.getByTestId('plan-errors').filter({ hasText: 'row errors 0' }).waitFor();
        await page.getByTestId('import-run').click();
        await page.getByRole('dialog').getByRole('button', { name: 'Import' }).click();
        await page
          .locator('[data-testid="import-outcome"][data-outcome="verified"]')
          .waitFor({ timeout: 30_000 });
        const outcome = (await page.getByTestId('import-outcome').textContent()) ?? '';
        assert(
          /2 created/.test(outcome) && /1 SSH round trip/.test(outcome),
          `outcome says it: ${outcome}`,
        );
        const conf = await pbx.dir.read('pjsip.conf');
        assert(
          conf.includes('; BEGIN MANAGED - Extension 2101') &&
            conf.includes('; BEGIN MANAGED - Extension 2102'),
          'both blocks written',
        );
        assert(
          pbx.ami.pjsip.endpoints.has('2101') && pbx.ami.pjsip.endpoints.has('2102'),
          'both live',
        );
        await shot(page, 'import-done');
      },
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
