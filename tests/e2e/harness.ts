/**
 * Everything the browser scenario runs against, all real: OpenSSH (tests/support/sshd.ts), a
 * PBX config directory, the AMI test server reached through the SSH tunnel, the core's Fleet
 * with the OS keychain, the WebSocket bridge serving the built renderer, and Debian's Chromium.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { type Bridge, startBridge } from '../../src/bridge/bridge';
import { createFleet } from '../../src/main/core/fleet/create-fleet';
import type { Fleet } from '../../src/main/core/fleet/fleet';
import { JsonFileSettings } from '../../src/main/core/hosts/settings-backend';
import { KeychainSecretStore } from '../../src/main/core/secrets/secret-store';
import { AmiTestServer } from '../support/ami-server/server';
import { createPbxDir, type PbxDir } from '../support/pbx-dir';
import { startSshd, type SshdHandle } from '../support/sshd';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export interface Pbx {
  dir: PbxDir;
  ami: AmiTestServer;
}

export interface Harness {
  sshd: SshdHandle;
  home: string;
  settingsFile: string;
  /** The keychain service this run uses (so it never touches a real user's entries). */
  keychain: KeychainSecretStore;
  fleet: Fleet;
  bridge: Bridge;
  context: BrowserContext;
  page: Page;
  startPbx(files: { 'pjsip.conf': string; 'extensions.conf': string }): Promise<Pbx>;
  stop(): Promise<void>;
}

export async function startHarness(): Promise<Harness> {
  const cleanups: Array<() => Promise<unknown>> = [];
  const sshd = await startSshd();
  cleanups.push(() => sshd.stop());
  const home = await mkdtemp(path.join(tmpdir(), 'rayanpbx-e2e-home-'));
  cleanups.push(() => rm(home, { recursive: true, force: true }));
  const settingsFile = path.join(home, 'settings.json');
  const settings = new JsonFileSettings(settingsFile);
  const keychain = new KeychainSecretStore(`rayanpbx-e2e-${process.pid}`);
  const fleet = createFleet({ home, settings, secrets: keychain, sshConfigPath: null });
  cleanups.push(() => fleet.close());
  // As the app and src/bridge/main.ts do: every host is watched from the start, whatever page
  // is open, so losses and recoveries are seen by the supervisor, not by a page being opened.
  await fleet.supervise();
  // As the app does: a host the CLI adds to the same settings file appears in the page.
  fleet.watchSettings(settingsFile);
  const bridge = await startBridge({
    fleet,
    settings,
    rendererDir: path.join(ROOT, 'out/renderer'),
  });
  cleanups.push(() => bridge.close());

  const profile = await mkdtemp(path.join(tmpdir(), 'rayanpbx-e2e-chromium-'));
  cleanups.push(() => rm(profile, { recursive: true, force: true }));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1440, height: 900 },
    colorScheme: 'light',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  cleanups.push(() => context.close());
  // tsx compiles this file with esbuild's keepNames, which wraps functions passed to
  // page.evaluate in a `__name(...)` helper that only exists on the Node side.
  await context.addInitScript({ content: 'globalThis.__name = (fn) => fn;' });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (e) => console.error(`  [page error] ${e.message}`));

  const pbxes: Pbx[] = [];
  return {
    sshd,
    home,
    settingsFile,
    keychain,
    fleet,
    bridge,
    context,
    page,
    async startPbx(files) {
      const dir = await createPbxDir(files);
      const ami = await AmiTestServer.start({ configDir: dir.dir, users: { admin: 'amipass' } });
      const pbx = { dir, ami };
      pbxes.push(pbx);
      return pbx;
    },
    async stop() {
      for (const p of pbxes) {
        await p.ami.stop().catch(() => undefined);
        await p.dir.cleanup().catch(() => undefined);
      }
      for (const c of cleanups.reverse())
        await c().catch((e: unknown) => console.error(`  cleanup: ${String(e)}`));
    },
  };
}
