import type { Harness, Pbx } from './harness';
import { assert, shot, step } from './steps';
import { fill } from './ui';

const PROVIDER = 'sip.provider.test:5060';
const GOOD = 'Good-Provider-pw1';

/** Issue 13: the Trunks page — form error, create → registered, provider refuses → rejected, back. */
export async function trunksScenario(h: Harness, pbx: Pbx): Promise<void> {
  const { page } = h;
  pbx.ami.setTrunkProvider(PROVIDER, { up: true, accounts: { acct1: GOOD } });
  const status = () => page.getByTestId('trunk-status-provider-x');

  await step(
    'trunks: the form speaks the shared schema’s words for a bad server and CIDR',
    async () => {
      await page.getByTestId('nav-trunks').click();
      await page.getByTestId('trunk-form').waitFor();
      await fill(page, 'Name', 'provider-x');
      await fill(page, 'Provider host[:port]', 'sip.provider.test:99999');
      await fill(page, 'Username', 'acct1');
      await page.getByTestId('trunk-password').fill(GOOD);
      await fill(page, 'Provider addresses (identify match)', '203.0.113.0/33');
      await page.getByTestId('trunk-save').click();
      await page.getByText('Provider host[:port]: must be host[:port]').waitFor();
      await page
        .getByText(/Provider addresses entry 1: must be an IPv4 address or network in CIDR form/)
        .waitFor();
      await page.getByTestId('trunk-form').scrollIntoViewIfNeeded();
      await shot(page, 'trunk-form-error');
    },
  );

  await step(
    'trunks: create → written, reloaded, verified, then the dot turns green (registered)',
    async () => {
      await fill(page, 'Provider host[:port]', 'sip.provider.test');
      await fill(page, 'Provider addresses (identify match)', '203.0.113.0/24, 198.51.100.7');
      await page.getByTestId('trunk-save').click();
      await page
        .getByTestId('trunks-notice')
        .filter({ hasText: 'verified' })
        .waitFor({ timeout: 20_000 });
      await status()
        .filter({ hasText: /^registered/ })
        .waitFor({ timeout: 15_000 });
      const conf = await pbx.dir.read('pjsip.conf');
      assert(conf.includes('; BEGIN MANAGED - Trunk provider-x'), 'managed trunk block written');
    },
  );

  await step(
    'trunks: the provider refuses the password → rejected with the reason; back → registered',
    async () => {
      pbx.ami.setTrunkProvider(PROVIDER, { up: true, accounts: { acct1: 'changed-by-provider' } });
      await page.getByTestId('trunk-register-provider-x').click();
      await status().filter({ hasText: '401/403' }).waitFor({ timeout: 15_000 });
      pbx.ami.setTrunkProvider(PROVIDER, { up: true, accounts: { acct1: GOOD } });
      await page.getByTestId('trunk-register-provider-x').click();
      await status()
        .filter({ hasText: /^registered/ })
        .waitFor({ timeout: 15_000 });
      // Newest first: a return to registered above the rejection. "Register now" goes through
      // unregistered first, as Asterisk does (transcript 47, rec-11), so any previous state counts.
      await page.waitForFunction(() => {
        const text = document.querySelector('[data-testid="trunk-history"]')?.textContent ?? '';
        const back = text.indexOf('→ registered');
        const rejected = text.indexOf('→ rejected');
        return back !== -1 && rejected !== -1 && back < rejected;
      });
      await page.evaluate(() => window.scrollTo(0, 0));
      await shot(page, 'trunks');
    },
  );
}
