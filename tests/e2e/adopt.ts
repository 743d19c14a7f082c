import type { Harness, Pbx } from './harness';
import { assert, shot, step } from './steps';
import { nav, row } from './ui';

/**
 * Issue 12, adopt: the hand-written lobby phone (9000) is adopted from its row menu; the dry
 * run's diff of both files is shown before anything is written; after "Adopt" the row is managed
 * and Asterisk holds the same endpoint.
 */
export async function adoptScenario(h: Harness, pbx: Pbx): Promise<void> {
  const { page } = h;
  const before = await pbx.dir.read('pjsip.conf');
  const liveBefore = JSON.stringify(pbx.ami.pjsip.endpoints.get('9000')?.detail);
  assert(liveBefore !== undefined, 'the AMI test server has 9000 loaded');

  await step(
    'adopt: the row menu offers Adopt…; the dialog shows the diff of both files first',
    async () => {
      await nav(page, 'extensions');
      await row(page, '9000').waitFor({ timeout: 20_000 });
      await page.getByTestId('ext-actions-9000').click();
      await page.getByTestId('row-adopt').click();
      const diff = page.getByTestId('adopt-diff').first();
      await diff.waitFor({ timeout: 20_000 });
      const text = (await page.getByTestId('adopt-modal').textContent()) ?? '';
      assert(text.includes('+; BEGIN MANAGED - Extension 9000'), 'the diff adds the managed block');
      assert(text.includes('-[9000]'), 'the diff removes the hand-written sections');
      assert(text.includes('extensions.conf') || text.includes('pjsip.conf'), 'file names shown');
      assert(!text.includes('LobbyPhone9000'), 'the SIP password is never shown');
      assert(text.includes('endpoint language=fa'), 'the option the form does not model is listed');
      assert((await pbx.dir.read('pjsip.conf')) === before, 'a dry run writes nothing');
      await shot(page, 'adopt-diff');
    },
  );

  await step(
    'adopt: confirmed → written, reloaded, verified; the row is managed, Asterisk unchanged',
    async () => {
      await page.getByTestId('adopt-confirm').click();
      await page
        .locator('[data-testid="apply-notice"][data-outcome="verified"]')
        .filter({ hasText: 'Adopt 9000' })
        .waitFor({ timeout: 30_000 });
      // The list re-reads the file after the change: the pill says managed once it has.
      await row(page, '9000')
        .locator('.pill', { hasText: /^managed$/ })
        .waitFor({ timeout: 20_000 });
      assert(
        !((await row(page, '9000').textContent()) ?? '').includes('unmanaged'),
        '9000 is managed',
      );
      const after = await pbx.dir.read('pjsip.conf');
      assert(after.includes('; BEGIN MANAGED - Extension 9000'), 'managed block written');
      assert(
        after.startsWith(before.slice(0, before.indexOf('; The lobby phone'))),
        'the head of the file kept',
      );
      assert(
        JSON.stringify(pbx.ami.pjsip.endpoints.get('9000')?.detail) === liveBefore,
        'Asterisk reports the same endpoint after the reload',
      );
    },
  );

  await step(
    'adopt: the edit form of 9000 lists the option it does not model, kept as written',
    async () => {
      await page.getByTestId('ext-actions-9000').click();
      await page.getByRole('menuitem', { name: 'Edit' }).click();
      const other = page.getByTestId('other-options');
      await other.waitFor({ timeout: 20_000 });
      assert(
        ((await other.textContent()) ?? '').includes('endpoint language=fa'),
        'language=fa listed',
      );
      await page.getByRole('button', { name: 'Cancel' }).click();
    },
  );
}
