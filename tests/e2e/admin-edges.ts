/**
 * Issue 14, "what a new admin hit", in the browser against the real core: each rough edge from
 * the list, seen the way the admin met it. Runs after the functional scenario (host HOST with
 * 1001 registered, NAT set on transport-udp).
 */
import type { Page } from 'playwright-core';
import { runCli } from '../../src/cli/main';
import { createFleet } from '../../src/main/core/fleet/create-fleet';
import type { Harness, Pbx } from './harness';
import { HOST } from './scenario';
import { assert, figure, shot, step, until } from './steps';
import { fill, nav, row } from './ui';

const FAKE_OLD_KEY = 'SHA256:AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** `rayanpbx …` in this process, on the harness's settings file: another process's view of it. */
async function cli(h: Harness, ...argv: string[]): Promise<{ code: number; err: string }> {
  const err: string[] = [];
  const code = await runCli(argv, { out: () => undefined, err: (l) => err.push(l) }, () =>
    createFleet({ home: h.home, secrets: h.keychain, sshConfigPath: null }),
  );
  return { code, err: err.join('\n') };
}

const focusedTestId = (page: Page) =>
  page.evaluate(() => document.activeElement?.getAttribute('data-testid') ?? null);

type Rect = { x: number; y: number; width: number; height: number };
const overlaps = (a: Rect, b: Rect) =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

export async function adminEdgesScenario(h: Harness, pbx: Pbx): Promise<void> {
  const { page, sshd } = h;

  await step('hosts: the AMI column shows user@host:port', async () => {
    await nav(page, 'hosts');
    const ami = page.getByTestId(`host-row-${HOST}`).getByTestId('host-ami');
    const text = (await ami.textContent()) ?? '';
    assert(text === `admin@127.0.0.1:${pbx.ami.port}`, `AMI column: ${text}`);
  });

  await step(
    'a host added with the CLI appears in the open app; renamed in the app; removed with the CLI',
    async () => {
      const add = await cli(
        h,
        'host',
        'add',
        'pbx-cli',
        '--ssh',
        `${sshd.user}@${sshd.host}:${sshd.port}`,
        '--key',
        sshd.clientKeyPath,
        '--config-dir',
        pbx.dir.dir,
        '--trust',
        sshd.fingerprint,
        '--no-check',
        '--no-watch',
      );
      assert(add.code === 0, `host add from the CLI: ${add.err}`);
      await page.getByTestId('host-row-pbx-cli').waitFor({ timeout: 10_000 });
      await shot(page, 'host-added-from-cli');
      await page.getByTestId('host-actions-pbx-cli').click();
      await page.getByTestId('rename-pbx-cli').click();
      await page.getByTestId('rename-host-input').fill('pbx-renamed');
      await page.getByTestId('rename-host-submit').click();
      await page.getByTestId('host-row-pbx-renamed').waitFor();
      await page.getByTestId('host-row-pbx-cli').waitFor({ state: 'detached' });
      const rm = await cli(h, 'host', 'rm', 'pbx-renamed');
      assert(rm.code === 0, `host rm from the CLI: ${rm.err}`);
      await page
        .getByTestId('host-row-pbx-renamed')
        .waitFor({ state: 'detached', timeout: 10_000 });
    },
  );

  await step(
    'host-key dialog: a changed pinned key is said, with the old key named; Trust has the focus',
    async () => {
      // Another process pins a key the server does not have: the next edit finds the real one.
      const trust = await cli(h, 'host', 'trust', HOST, FAKE_OLD_KEY);
      assert(trust.code === 0, `host trust: ${trust.err}`);
      // The app follows the settings file: the row shows the key the CLI pinned.
      await page
        .getByTestId(`host-row-${HOST}`)
        .locator(`code[title="${FAKE_OLD_KEY}"]`)
        .waitFor({ timeout: 10_000 });
      await page.getByTestId(`host-actions-${HOST}`).click();
      await page.getByRole('menuitem', { name: 'Edit' }).click();
      await page.getByTestId('host-submit').click();
      const alert = page.getByTestId('host-key-changed-alert');
      await alert.waitFor({ timeout: 20_000 });
      const text = (await alert.textContent()) ?? '';
      assert(text.includes(FAKE_OLD_KEY), `names the old key: ${text}`);
      const focused = await until('Trust to have the focus', async () =>
        (await focusedTestId(page)) === 'trust-fingerprint' ? true : null,
      );
      assert(focused, 'Trust focused');
      await shot(page, 'host-key-changed');
      await page.keyboard.press('Enter');
      await alert.waitFor({ state: 'detached', timeout: 20_000 });
      await until(
        'the real key pinned again',
        async () =>
          (await h.fleet.listHosts()).find((x) => x.name === HOST)?.hostKey === sshd.fingerprint,
      );
      await page.getByTestId(`host-row-${HOST}`).getByText('connected').first().waitFor({
        timeout: 30_000,
      });
    },
  );

  await step('extensions: STATE shows the call state, the context has its own column', async () => {
    await page.getByTestId(`nav-host-${HOST}`).click();
    await page.locator('.ext-row[data-number="1001"][data-status="online"]').waitFor({
      timeout: 30_000,
    });
    const state = (await row(page, '1001').getByTestId('ext-call-state').textContent()) ?? '';
    const context = (await row(page, '1001').getByTestId('ext-context').textContent()) ?? '';
    assert(state === 'idle', `STATE: ${state}`);
    assert(context === 'from-internal', `CONTEXT: ${context}`);
    await page.getByRole('columnheader', { name: 'Context' }).waitFor();
    await shot(page, 'extensions-state');
  });

  await step(
    'softphone card: the transport’s external signalling address, SVG copy icons',
    async () => {
      await page.getByTestId('ext-actions-1001').click();
      await page.getByRole('menuitem', { name: 'Softphone settings' }).click();
      const card = page.getByTestId('softphone-card');
      await card.waitFor();
      const text = (await card.textContent()) ?? '';
      assert(text.includes('203.0.113.10'), 'server is the external signalling address');
      assert(!text.includes(sshd.host), `no SSH address (${sshd.host}) in the card`);
      const icons = await card.locator('button[aria-label^="Copy"] svg').count();
      const buttons = await card.locator('button[aria-label^="Copy"]').count();
      assert(buttons >= 6 && icons === buttons, `${icons} SVG icons on ${buttons} copy buttons`);
      assert(!text.includes('⧉'), 'no Unicode glyph');
      await shot(page, 'softphone-nat');
      await page.keyboard.press('Escape');
      await card.waitFor({ state: 'detached' });
    },
  );

  await step(
    'extension drawer: Close is named; a refused submit focuses the first invalid field in view',
    async () => {
      await page.setViewportSize({ width: 1440, height: 520 });
      try {
        await page.getByTestId('add-extension').click();
        const drawer = page.getByRole('dialog', { name: 'New extension' });
        await drawer.getByRole('button', { name: 'Close' }).waitFor();
        await fill(page, 'Number', '1007');
        await fill(page, 'Max contacts', '0');
        await page.getByTestId('extension-submit').click();
        await page.getByText('Max contacts: must be at least 1').waitFor();
        const focused = await until('the invalid field to have the focus', () =>
          page.evaluate(() => {
            const el = document.activeElement as HTMLInputElement | null;
            if (el?.getAttribute('aria-invalid') !== 'true') return null;
            const r = el.getBoundingClientRect();
            return { label: el.labels?.[0]?.textContent ?? '', top: r.top, bottom: r.bottom };
          }),
        );
        assert(focused.label.startsWith('Max contacts'), `focused: ${focused.label}`);
        assert(focused.top >= 0 && focused.bottom <= 520, `in view: ${JSON.stringify(focused)}`);
        await shot(page, 'extension-focus-invalid');
      } finally {
        await page.setViewportSize({ width: 1440, height: 900 });
      }
    },
  );

  await step(
    'a rolled-back change (no codec list to check against): said once, clear of the form’s buttons, closed within a minute',
    async () => {
      // Close the drawer; fresh AMI connections forget the codec list, and this Asterisk cannot
      // give one: only the verify after reload catches the typo, as on the admin's first day.
      await page.keyboard.press('Escape');
      pbx.ami.answersCoreShowCodecs = false;
      const logins = pbx.ami.actionCounts.get('login') ?? 0;
      pbx.ami.dropConnections();
      await until(
        'AMI to log in again',
        () => (pbx.ami.actionCounts.get('login') ?? 0) > logins,
        30_000,
      );
      await page.locator('.ext-row[data-number="1001"][data-status="online"]').waitFor({
        timeout: 30_000,
      });
      const p2 = await h.context.newPage();
      try {
        await p2.setViewportSize({ width: 1280, height: 800 });
        await p2.clock.install();
        await p2.goto(h.bridge.url);
        await p2.getByTestId(`nav-host-${HOST}`).click();
        await p2.getByTestId('add-extension').click();
        // 3xx: 201/202 and the hand-written _2XX pattern belong to the scale steps before.
        await fill(p2, 'Number', '305');
        const codecs = p2.getByRole('combobox', { name: 'Codecs' });
        await codecs.fill('g729x');
        await codecs.press('Enter');
        // Tab closes the suggestions, which would otherwise lie over the Submit button.
        await codecs.press('Tab');
        await p2.getByTestId('extension-submit').click();
        const notice = p2.locator('[data-testid="apply-notice"][data-outcome="rolled-back"]');
        await notice.waitFor({ timeout: 30_000 });
        const text = (await notice.textContent()) ?? '';
        figure('rolled-back notice', text);
        assert(
          (text.match(/not loaded by Asterisk/g) ?? []).length === 1,
          `the reason once: ${text}`,
        );
        // The admin opens the form again to fix it: the notice must not cover its buttons.
        await p2.getByTestId('add-extension').click();
        const submit = await p2.getByTestId('extension-submit').boundingBox();
        const cancel = await p2.getByRole('button', { name: 'Cancel' }).boundingBox();
        const box = await notice.boundingBox();
        assert(submit && cancel && box, 'all three are on screen');
        assert(!overlaps(box, submit) && !overlaps(box, cancel), 'notice clear of the buttons');
        await shot(p2, 'rolled-back-notice');
        await p2.clock.fastForward(59_000);
        assert(await notice.isVisible(), 'still there before a minute');
        await p2.clock.fastForward(2_000);
        await notice.waitFor({ state: 'detached', timeout: 5_000 });
      } finally {
        await p2.close();
        pbx.ami.answersCoreShowCodecs = true;
      }
    },
  );

  await step(
    "the codec field suggests the host's own codecs; a typo is refused before anything is written, naming it and the field",
    async () => {
      const before = await pbx.dir.read('pjsip.conf');
      await page.getByTestId('add-extension').click();
      await fill(page, 'Number', '1007');
      const codecs = page.getByRole('combobox', { name: 'Codecs' });
      // The suggestions are this Asterisk's own codecs (`core show codecs`), not a fixed list.
      await codecs.fill('g726a');
      await page.getByRole('option', { name: 'g726aal2' }).waitFor({ timeout: 10_000 });
      await codecs.fill('g729x');
      await codecs.press('Enter');
      await codecs.press('Tab');
      await page.getByTestId('extension-submit').click();
      await page
        .getByText(
          'Codecs entry 3: "g729x" is not a codec this Asterisk knows (did you mean g729?)',
        )
        .waitFor({ timeout: 20_000 });
      assert((await pbx.dir.read('pjsip.conf')) === before, 'nothing written');
      await shot(page, 'extension-codec-error');
    },
  );

  await step('the display name is optional: empty, it becomes the number', async () => {
    // Backspace in the empty tag input takes the last codec (the typo) back out.
    await page.getByRole('combobox', { name: 'Codecs' }).press('Backspace');
    await page.getByRole('combobox', { name: 'Codecs' }).press('Tab');
    await page.getByTestId('extension-submit').click();
    await page
      .locator('[data-testid="apply-notice"][data-outcome="verified"]')
      .first()
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Done' }).click();
    const conf = await pbx.dir.read('pjsip.conf');
    assert(conf.includes('callerid="1007" <1007>'), 'caller ID defaults to the number');
  });

  await step('events: the registrations chart has whole-number ticks only', async () => {
    await nav(page, 'events');
    // The chart under its title: its SVG texts are the axis ticks, times (x) and counts (y).
    const chart = page
      .locator('.mantine-Paper-root, .mantine-Card-root')
      .filter({ hasText: 'Registrations online' })
      .first();
    const texts = chart.locator('svg text');
    await texts.first().waitFor({ state: 'attached', timeout: 15_000 });
    const all = (await texts.allTextContents()).map((t) => t.trim()).filter(Boolean);
    const labels = all.filter((t) => !/\d:\d\d/.test(t));
    assert(labels.length > 0 && labels.every((l) => /^\d+$/.test(l)), `ticks: ${all.join(' ')}`);
    figure('y ticks', labels.join(' '));
    await shot(page, 'events-ticks');
  });
}
