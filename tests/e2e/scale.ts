import { readFile } from 'node:fs/promises';
import { startAdminReload } from '../support/ami-server/admin-reload';
import type { Harness, Pbx } from './harness';
import { HOST } from './scenario';
import { assert, figure, shot, step, until } from './steps';
import { fill, nav, row } from './ui';
import { withSlowDialplanReloads } from './slow-reload';

/**
 * Issue 10 in the browser: the host's wait bound in the host form, a change that waits for
 * someone else's dialplan reload (shown with the time waited, then verified), and the question
 * a hand-written pattern raises, answered both ways from the extension drawer.
 */
export async function scaleScenario(h: Harness, pbx: Pbx): Promise<void> {
  const { page } = h;

  await step(
    'host form: the reload wait bound shows 180 s and is stored when changed',
    async () => {
      await nav(page, 'hosts');
      await page.getByRole('button', { name: `Actions for ${HOST}` }).click();
      await page.getByRole('menuitem', { name: 'Edit' }).click();
      const field = page.getByTestId('host-reload-wait');
      await field.waitFor();
      assert(
        (await field.inputValue()) === '180',
        `default bound shown, got ${await field.inputValue()}`,
      );
      await field.fill('90');
      await page.getByTestId('host-submit').click();
      await until('the bound in the settings file', async () => {
        const saved = JSON.parse(await readFile(h.settingsFile, 'utf8')) as {
          hosts?: Array<{ name: string; reloadWaitSeconds?: number }>;
        };
        return saved.hosts?.find((x) => x.name === HOST)?.reloadWaitSeconds === 90;
      });
    },
  );

  await step(
    "a change during someone else's reload: 'waiting for a reload…' with the time, then verified",
    () =>
      withSlowDialplanReloads(pbx, 12_000, async () => {
        await nav(page, 'extensions');
        await page.getByTestId(`nav-host-${HOST}`).click();
        await row(page, '1001').waitFor({ timeout: 20_000 });
        const admin = await startAdminReload(pbx.ami);
        await page.getByTestId('add-extension').click();
        await fill(page, 'Number', '1003');
        await page.getByTestId('extension-submit').click();
        const waiting = page.getByTestId('apply-waiting');
        await waiting
          .filter({ hasText: `waiting for a reload already running on ${HOST}` })
          .waitFor({ timeout: 10_000 });
        // The time waited goes up while it waits.
        await waiting.filter({ hasText: /— [2-9] s/ }).waitFor({ timeout: 10_000 });
        figure('wait shown', (await waiting.textContent()) ?? '');
        await shot(page, 'apply-waiting');
        await created(page);
        await waiting.waitFor({ state: 'detached', timeout: 5_000 });
        await admin.output;
        assert(
          (await pbx.dir.read('extensions.conf')).includes('exten => 1003,hint,PJSIP/1003'),
          '1003 written to the managed dialplan',
        );
      }),
  );

  await step(
    'a hand-written pattern: the drawer asks; leave-pattern and take-over each do what they say',
    async () => {
      const conf = await pbx.dir.read('extensions.conf');
      await pbx.dir.write(
        'extensions.conf',
        `${conf}\n[from-internal]\nexten => _2XX,1,VoiceMail(\${EXTEN}@default)\n`,
      );
      // The admin's own pattern is running, as after their own `dialplan reload`.
      pbx.ami.reloadAll();
      await page.getByTestId('add-extension').click();
      await fill(page, 'Number', '201');
      await page.getByTestId('extension-submit').click();
      const question = page.getByTestId('dialplan-collision');
      await question.filter({ hasText: '_2XX → VoiceMail' }).waitFor({ timeout: 20_000 });
      assert(!(await pbx.dir.read('pjsip.conf')).includes('Extension 201'), 'nothing written yet');
      await shot(page, 'dialplan-collision');
      await page.getByTestId('dialplan-leave-pattern').click();
      await created(page);
      assert(pbx.ami.dialplan.resolve('from-internal', '201') === '_2XX', '201 left to _2XX');

      await page.getByTestId('add-extension').click();
      await fill(page, 'Number', '202');
      await page.getByTestId('extension-submit').click();
      await question.waitFor({ timeout: 20_000 });
      await page.getByTestId('dialplan-take-over').click();
      await created(page);
      assert(pbx.ami.dialplan.resolve('from-internal', '202') === '202', '202 by its own lines');
      assert(
        (await pbx.dir.read('extensions.conf')).includes('exten => 202,hint,PJSIP/202'),
        '202 has managed lines',
      );
    },
  );

  await step(
    'enabling 202 again under the pattern: the confirmation asks the same question, take-over wins',
    async () => {
      await page.getByTestId('ext-actions-202').click();
      await page.getByRole('menuitem', { name: 'Disable' }).click();
      await page.getByRole('dialog').getByRole('button', { name: 'Disable' }).click();
      await page.getByText(/Disable 202: .*verified/).waitFor({ timeout: 20_000 });
      await page.locator('.ext-row[data-number="202"][data-disabled="true"]').waitFor();
      assert(pbx.ami.dialplan.resolve('from-internal', '202') === '_2XX', 'disabled: _2XX again');
      await page.getByTestId('ext-actions-202').click();
      await page.getByRole('menuitem', { name: 'Enable' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('button', { name: 'Enable' }).click();
      await dialog
        .getByTestId('dialplan-collision')
        .filter({ hasText: '_2XX → VoiceMail' })
        .waitFor({ timeout: 20_000 });
      // The question replaces the plain confirmation: only its two answers and Cancel are left.
      assert(
        (await dialog.getByRole('button', { name: 'Enable', exact: true }).count()) === 0,
        'no plain Enable button beside the question',
      );
      assert(
        !(await pbx.dir.read('extensions.conf')).includes('exten => 202,hint,PJSIP/202'),
        'nothing written before the answer',
      );
      await shot(page, 'enable-collision');
      await dialog.getByTestId('dialplan-take-over').click();
      await page.getByText(/Enable 202: .*verified/).waitFor({ timeout: 20_000 });
      assert(pbx.ami.dialplan.resolve('from-internal', '202') === '202', '202 by its own lines');
    },
  );
}

/**
 * The change ended applied: its password is shown once (only when nothing was rolled back) and a
 * verified notice is up. Then the password dialog is closed.
 */
async function created(page: Harness['page']): Promise<void> {
  await page.getByTestId('generated-password').waitFor({ timeout: 40_000 });
  await page.locator('[data-testid="apply-notice"][data-outcome="verified"]').first().waitFor();
  await page.getByRole('button', { name: 'Done' }).click();
}
