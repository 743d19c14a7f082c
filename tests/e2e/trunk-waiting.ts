import { startAdminReload } from '../support/ami-server/admin-reload';
import type { Harness, Pbx } from './harness';
import { HOST } from './scenario';
import { assert, figure, shot, step, until } from './steps';
import { nav } from './ui';
import { withSlowDialplanReloads } from './slow-reload';

/**
 * A trunk change that meets someone else's reload says so in the window, as an extension change
 * does: "waiting for a reload already running on <host>" with the time, gone once it is applied.
 */
export async function trunkWaitingScenario(h: Harness, pbx: Pbx): Promise<void> {
  const { page } = h;

  await step(
    "trunks: a disable during someone else's reload shows the wait, then is applied",
    async () => {
      await withSlowDialplanReloads(pbx, 8_000, async () => {
        await nav(page, 'trunks');
        await page.getByTestId(`nav-host-${HOST}`).click();
        const trunk = page.getByTestId('trunk-row-provider-x');
        await trunk.waitFor({ timeout: 20_000 });
        const admin = await startAdminReload(pbx.ami);
        await trunk.getByRole('button', { name: 'Disable' }).click();
        const waiting = page.getByTestId('apply-waiting');
        await waiting
          .filter({ hasText: `waiting for a reload already running on ${HOST}` })
          .waitFor({ timeout: 10_000 });
        figure('trunk wait shown', (await waiting.textContent()) ?? '');
        await shot(page, 'trunk-waiting');
        await page
          .getByTestId('trunks-notice')
          .filter({ hasText: 'Disabled provider-x' })
          .waitFor({ timeout: 30_000 });
        await waiting.waitFor({ state: 'detached', timeout: 5_000 });
        await admin.output;
        await until('Asterisk to drop the registration', () => !pbx.ami.trunks.get('provider-x'));
      });
      await page
        .getByTestId('trunk-row-provider-x')
        .getByRole('button', { name: 'Enable' })
        .click();
      await page
        .getByTestId('trunks-notice')
        .filter({ hasText: 'Enabled provider-x' })
        .waitFor({ timeout: 30_000 });
      assert(pbx.ami.trunks.get('provider-x'), 'the registration is back after Enable');
    },
  );
}
