import fs from 'node:fs';
import { SCRIPT_NAMES } from '../../src/main/core/ssh/scripts/pbx-scripts.generated';
import type { Harness } from './harness';
import { HOST } from './scenario';
import { assert, shot, step } from './steps';

/**
 * Issue 12: a backup this workstation's audit log does not record (another workstation's, or one
 * planted in the config dir) is restored from the History page only after a question naming its
 * files and time, and then with `unrecorded`. The backup is made here as anyone with write access
 * to the config dir could: a copy of the newest backup under a new id. Undone (through the core)
 * afterwards, its files removed, so the steps after this one find the PBX as they left it.
 */
export async function historyUnrecordedScenario(h: Harness): Promise<void> {
  const { page } = h;
  const newest = (await h.fleet.listHistory(HOST)).entries.at(-1)!;
  const stamp = new Date().toISOString().replace(/[-:]/g, '');
  const id = `${stamp}-e2e-planted1`;
  const planted = newest.files.map((target) => `${target}${SCRIPT_NAMES.BACKUP}${id}`);
  newest.files.forEach((target, i) =>
    fs.copyFileSync(`${target}${SCRIPT_NAMES.BACKUP}${newest.id}`, planted[i]!),
  );
  const names = newest.files.map((f) => f.split('/').pop()!).join(' and ');

  try {
    await step(
      'history: a backup the audit log does not record asks by file and time, then restores',
      async () => {
        await page.getByTestId('nav-history').click();
        const row = page.getByTestId(`history-row-${id}`);
        await row.waitFor({ timeout: 20_000 });
        assert(
          ((await row.textContent()) ?? '').includes('not in this workstation'),
          'the planted backup is listed as not in the audit log',
        );
        await row.getByRole('button', { name: 'Diff' }).click();
        await page.getByTestId('history-restore').click();
        const dialog = page.getByRole('dialog', {
          name: 'Restore a backup this console did not record?',
        });
        await dialog.waitFor({ timeout: 10_000 });
        const text = (await dialog.textContent()) ?? '';
        assert(text.includes(names), `the question names the files (${names}): ${text}`);
        assert(text.includes(id), `the question names the backup and its time: ${text}`);
        await shot(page, 'history-unrecorded');
        await dialog.getByRole('button', { name: `Restore ${names} of` }).click();
        // An earlier step's verified notice may still be up: the restore's own trace is its
        // audit record, written when it ends.
        let last = (await h.fleet.auditLog(HOST)).at(-1)!;
        for (let i = 0; i < 300 && last.target !== id; i++) {
          await page.waitForTimeout(100);
          last = (await h.fleet.auditLog(HOST)).at(-1)!;
        }
        await page
          .locator('[data-testid="apply-notice"][data-outcome="verified"]')
          .first()
          .waitFor({ timeout: 30_000 });
        assert(
          last.action === 'history.restore' && last.target === id && last.outcome === 'verified',
          `the restore is in the audit log, verified: ${JSON.stringify(last)}`,
        );
      },
    );
  } finally {
    for (const p of planted) fs.rmSync(p, { force: true });
  }

  // Put the files back as the steps before left them: the restore's own backup, restored.
  const undo = (await h.fleet.listHistory(HOST)).entries.at(-1)!;
  if (undo.change?.action === 'history.restore') {
    const r = await h.fleet.restoreHistory(HOST, undo.id);
    assert(r.apply.verified, `undoing the unrecorded restore is verified: ${r.apply.reason ?? ''}`);
  }
}
