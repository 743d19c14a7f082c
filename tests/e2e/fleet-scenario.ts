import { spawn, type ChildProcess } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { ROOT, type Harness, type Pbx } from './harness';
import { HOST } from './scenario';
import { assert, figure, shot, step } from './steps';
import { fill, nav, row } from './ui';

interface Look {
  status: string | null;
  address: string;
}

/**
 * Records every state of 1001's row the page commits (a MutationObserver runs after each DOM
 * change, before it is painted), so a stale value shown for a single frame is still caught.
 */
function recordRow(page: Page): Promise<void> {
  return page.evaluate(() => {
    const w = window as unknown as { __looks: Look[]; __looksOff?: () => void };
    w.__looks = [];
    const take = () => {
      const el = document.querySelector('.ext-row[data-number="1001"]');
      const look = {
        status: el?.getAttribute('data-status') ?? null,
        address: el?.textContent ?? '',
      };
      const last = w.__looks[w.__looks.length - 1];
      if (!last || last.status !== look.status || last.address !== look.address)
        w.__looks.push(look);
    };
    const mo = new MutationObserver(take);
    mo.observe(document.body, {
      subtree: true,
      childList: true,
      attributes: true,
      characterData: true,
    });
    take();
    w.__looksOff = () => mo.disconnect();
  });
}

function recordedRow(page: Page): Promise<Look[]> {
  return page.evaluate(() => {
    const w = window as unknown as { __looks: Look[]; __looksOff?: () => void };
    w.__looksOff?.();
    return w.__looks;
  });
}

/**
 * Issue 11, acceptance 2: the AMI server of the host stops and starts again while the
 * Extensions page is open; nothing stale is shown between the two, and the page comes back by
 * itself (the supervisor reconnects, the live picture is resynced before it is shown).
 */
export async function liveLossScenario(h: Harness, pbx: Pbx): Promise<void> {
  const { page } = h;

  await step(
    'AMI server stopped: 1001 turns grey “unknown since … — reason” with no stale IP, RTT or user agent',
    async () => {
      await page.getByTestId(`nav-host-${HOST}`).click();
      await nav(page, 'extensions'); // whichever page the scenario before ended on
      await page
        .locator('.ext-row[data-number="1001"][data-status="online"]', {
          hasText: '192.0.2.10:5062',
        })
        .waitFor({ timeout: 20_000 });
      // Every state the row takes from here until AMI is back: online with its address, unknown
      // without one, online with the resynced one; never an old address, never offline.
      await recordRow(page);
      const t0 = performance.now();
      await pbx.ami.pause();
      const unknown = page.locator('.ext-row[data-number="1001"][data-status="unknown"]');
      await unknown.waitFor({ timeout: 5_000 });
      figure(
        'AMI stopped → 1001 unknown in the browser',
        `${Math.round(performance.now() - t0)} ms`,
      );
      const text = (await unknown.textContent()) ?? '';
      assert(/unknown since \d{1,2}:\d{2}.* — \S+/.test(text), `since-time and reason: ${text}`);
      assert(!text.includes('192.0.2.10'), `no stale IP:port: ${text}`);
      assert(!text.includes('MicroSIP'), `no stale user agent: ${text}`);
      assert(!/\d ms/.test(text), `no stale round trip: ${text}`);
      // The dot is grey, not the online green nor the offline red.
      const dot = unknown.locator('.status-dot');
      assert(
        (await dot.getAttribute('data-status')) === 'unknown',
        'the status dot is the unknown one',
      );
      // The sidebar names AMI as the failing layer (degraded, not unreachable).
      await page
        .getByTestId(`nav-host-${HOST}`)
        .filter({ hasText: /AMI/ })
        .waitFor({ timeout: 10_000 });
      figure('unknown row', text.replace(/\s+/g, ' ').trim());
      await shot(page, 'extensions-unknown');
    },
  );

  await step(
    'AMI server back: the host reconnects by itself and 1001 is green again, nothing stale in between',
    async () => {
      await new Promise((r) => setTimeout(r, 1500));
      const t0 = performance.now();
      await pbx.ami.resume();
      await page
        .locator('.ext-row[data-number="1001"][data-status="online"]', {
          hasText: '192.0.2.10:5062',
        })
        .waitFor({ timeout: 30_000 });
      const seen = await recordedRow(page);
      figure('AMI back → 1001 green again', `${Math.round(performance.now() - t0)} ms`);
      const stale = seen.filter(
        (s) =>
          (s.status === 'unknown' && s.address.includes('192.0.2.10')) ||
          (s.status === 'online' && !s.address.includes('192.0.2.10')) ||
          s.status === 'offline',
      );
      assert(stale.length === 0, `no stale or guessed state in between: ${JSON.stringify(stale)}`);
      assert(
        seen.some((s) => s.status === 'unknown'),
        'the row was unknown while AMI was down',
      );
      figure('states of 1001 rendered while AMI was down and back', String(seen.length));
      await page
        .locator('[data-testid="fleet-health"][data-health="connected"]')
        .waitFor({ timeout: 10_000 });
      await shot(page, 'extensions-back');
    },
  );
}

/** Resolves to the URL the bridge prints (src/bridge/main.ts), or rejects if it dies first. */
function bridgeUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(
      () => reject(new Error(`no bridge URL in 60 s:\n${out}${err}`)),
      60_000,
    );
    child.stderr?.on('data', (d: Buffer) => (err += d.toString('utf8')));
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString('utf8');
      const m = /(http:\/\/127\.0\.0\.1:\d+\/#token=\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the bridge exited (${code}) before printing its URL:\n${out}${err}`));
    });
  });
}

/**
 * A second bridge, src/bridge/main.ts as an admin runs it, on the scenario's settings folder but
 * in a session with no Secret Service at all (D-Bus pointed at a socket where nothing listens):
 * first the host form must say so before the fingerprint dialog and take an environment variable
 * instead; then the process is killed outright and the header must say so at once.
 */
export async function bridgeKilledScenario(h: Harness, pbx: Pbx): Promise<void> {
  // Node itself with tsx's loader: the tsx launcher would run the bridge in a second process
  // that outlives the kill.
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', path.join(ROOT, 'src/bridge/main.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        RAYANPBX_HOME: h.home,
        DBUS_SESSION_BUS_ADDRESS: `unix:path=${path.join(h.home, 'no-secret-service')}`,
        // pbx-e2e's secret lives in the scenario's keychain, which this process cannot reach: the
        // documented fallback gives it; the new host names its own variable.
        RAYANPBX_AMI_SECRET: 'amipass',
        E2E_BRANCH_AMI_SECRET: 'amipass',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const page = await h.context.newPage();
  try {
    await page.goto(await bridgeUrl(child));
    await noKeychainSteps(h, page, pbx);
    await killSteps(page, child);
  } catch (err) {
    await shot(page, 'failure-bridge').catch(() => undefined);
    throw err;
  } finally {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await page.close();
  }
}

const BRANCH = 'pbx-nokeyring';

async function noKeychainSteps(h: Harness, page: Page, pbx: Pbx): Promise<void> {
  await step(
    'no keychain: the host form says so before the fingerprint dialog and offers an environment variable or a file',
    async () => {
      await page.getByTestId('add-host').click();
      const warning = page.getByTestId('keychain-unavailable');
      await warning.waitFor({ timeout: 20_000 });
      assert(
        /unlock your login keyring/.test((await warning.textContent()) ?? ''),
        'the warning says how to unlock or start a Secret Service',
      );
      await fill(page, 'Name', BRANCH);
      await fill(page, 'Host', h.sshd.host);
      await fill(page, 'Port', String(h.sshd.port));
      await fill(page, 'User', h.sshd.user);
      await fill(page, 'Private key file', h.sshd.clientKeyPath);
      await fill(page, 'Config directory', pbx.dir.dir);
      await fill(page, 'AMI user', 'admin');
      await fill(page, 'AMI secret', 'amipass');
      await fill(page, 'AMI port', String(pbx.ami.port));
      await page.getByTestId('host-submit').click();
      const error = page.getByTestId('host-form-error');
      await error.waitFor({ timeout: 20_000 });
      const text = (await error.textContent()) ?? '';
      assert(text.includes('AMI secret cannot be kept'), `the error names the secret: ${text}`);
      assert(
        (await page.getByTestId('fingerprint').count()) === 0,
        'stopped before the fingerprint dialog',
      );
      await error.scrollIntoViewIfNeeded();
      await shot(page, 'host-no-keychain');
    },
  );

  await step(
    'no keychain: naming an environment variable adds the host; settings hold its name, not the secret',
    async () => {
      await page.getByText('Environment variable', { exact: true }).click();
      await fill(page, 'AMI secret environment variable', 'E2E_BRANCH_AMI_SECRET');
      await page.getByTestId('host-submit').click();
      await page.getByTestId('fingerprint').waitFor({ timeout: 20_000 });
      await page.getByTestId('trust-fingerprint').click();
      await page.getByTestId(`host-row-${BRANCH}`).waitFor({ timeout: 20_000 });
      const settings = await readFile(h.settingsFile, 'utf8');
      const saved = (
        JSON.parse(settings) as { hosts: Array<{ name: string; amiSecretEnv?: string }> }
      ).hosts.find((x) => x.name === BRANCH);
      assert(saved?.amiSecretEnv === 'E2E_BRANCH_AMI_SECRET', 'the variable name is stored');
      assert(!settings.includes('amipass'), 'the AMI secret is not in the settings file');
      // The supervisor logs in to AMI with the secret from the named variable.
      await page
        .getByTestId(`nav-host-${BRANCH}`)
        .getByText(/^connected$/)
        .waitFor({ timeout: 30_000 });
    },
  );
}

async function killSteps(page: Page, child: ChildProcess): Promise<void> {
  await step(
    'the bridge process is killed: the header says the app connection is lost at once',
    async () => {
      await page.getByTestId(`nav-host-${HOST}`).click();
      await page
        .locator('.ext-row[data-number="1001"][data-status="online"]')
        .waitFor({ timeout: 30_000 });
      await page
        .locator('[data-testid="fleet-health"][data-health="connected"]')
        .waitFor({ timeout: 30_000 });
      const t0 = performance.now();
      child.kill('SIGKILL');
      await page
        .locator('[data-testid="fleet-health"][data-health="bridge-lost"]')
        .waitFor({ timeout: 2_000 });
      figure('bridge killed → header changed', `${Math.round(performance.now() - t0)} ms`);
      await page
        .locator('.ext-row[data-number="1001"][data-status="unknown"]')
        .waitFor({ timeout: 2_000 });
      const text = (await row(page, '1001').textContent()) ?? '';
      assert(!text.includes('192.0.2.10'), `no stale address once the bridge is gone: ${text}`);
      // Nor does the sidebar keep the host's last state.
      const side = (await page.getByTestId(`nav-host-${HOST}`).textContent()) ?? '';
      assert(
        side.includes('connection to the app lost') && !side.includes('connected'),
        `the sidebar says the host state is unknown: ${side}`,
      );
      await shot(page, 'bridge-lost');
    },
  );
}
