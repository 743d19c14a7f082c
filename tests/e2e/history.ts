import type { HistoryView } from '../../src/shared/types';
import type { Harness, Pbx } from './harness';
import { HOST } from './scenario';
import { assert, shot, step } from './steps';

/**
 * Issue 12 (items 3, 4): the History page lists the backups the earlier steps' writes left, with
 * the change that made each; a diff; a restore that is itself a verified change listed in
 * history and in the Audit view. The restore is then undone (through the core) so the steps
 * after this one find the PBX as they left it.
 */
export async function historyScenario(h: Harness, pbx: Pbx): Promise<void> {
  const { page } = h;
  let newest = '';

  await step(
    'history: the backups with the change that made each, and a diff against now',
    async () => {
      await page.getByTestId('nav-history').click();
      await page.getByTestId('history-retention').waitFor({ timeout: 20_000 });
      const rows = page.locator('[data-testid^="history-row-"]');
      await rows.first().waitFor({ timeout: 20_000 });
      assert((await rows.count()) >= 2, 'the earlier changes left backups');
      newest = ((await rows.first().getAttribute('data-testid')) ?? '').replace('history-row-', '');
      const made = (await rows.first().textContent()) ?? '';
      // Whichever step wrote last (scenario order changes), its backup names its verified change.
      assert(
        /(ext|trunk|nat|transport)\.[a-z-]+ \S+/.test(made) && made.includes('verified'),
        `the newest backup names its change: ${made}`,
      );
      await rows.first().getByRole('button', { name: 'Diff' }).click();
      const diff = page.getByTestId('history-diff').first();
      await diff.waitFor({ timeout: 20_000 });
      const text = (await diff.textContent()) ?? '';
      assert(
        text.includes('+; BEGIN MANAGED - Trunk provider-x'),
        'the diff shows the trunk added since',
      );
      await shot(page, 'history-diff');
    },
  );

  await step(
    'history: restore asks first, is verified, and is listed as the newest change',
    async () => {
      await page.getByTestId('history-restore').click();
      await page
        .getByRole('dialog', { name: 'Restore this backup?' })
        .getByRole('button', { name: 'Restore' })
        .click();
      await page
        .locator('[data-testid="apply-notice"][data-outcome="verified"]')
        .first()
        .waitFor({ timeout: 30_000 });
      // An earlier step's verified notice may still be up: the restore's own trace is its row.
      const first = page.locator('[data-testid^="history-row-"]').first();
      await first.filter({ hasText: `history.restore ${newest}` }).waitFor({ timeout: 20_000 });
      const conf = await pbx.dir.read('pjsip.conf');
      assert(!conf.includes('Trunk provider-x'), 'the trunk block is gone from pjsip.conf');
    },
  );

  await step(
    'audit: every change of the run, filterable; the restore is there, verified',
    async () => {
      await page.getByTestId('nav-audit').click();
      await page.getByTestId('audit-row').first().waitFor({ timeout: 20_000 });
      const all = await page.getByTestId('audit-row').count();
      await page.getByTestId('audit-filter').fill('history.restore');
      await page.getByTestId('audit-row').filter({ hasText: 'verified' }).first().waitFor();
      const shown = await page.getByTestId('audit-row').count();
      assert(shown === 1 && all > shown, `the filter keeps only the restore (${shown} of ${all})`);
      await page.getByTestId('audit-filter').fill('');
      await page
        .getByTestId('audit-row')
        .nth(all - 1)
        .waitFor();
      await shot(page, 'audit');
    },
  );

  // Put the trunk back for the steps that follow: the restore's own backup, restored.
  const view: HistoryView = await h.fleet.listHistory(HOST);
  const undo = view.entries.at(-1)!;
  const r = await h.fleet.restoreHistory(HOST, undo.id);
  assert(r.apply.verified, `undoing the restore is verified: ${r.apply.reason ?? ''}`);
}
