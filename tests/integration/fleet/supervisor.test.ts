import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFleet } from '../../../src/main/core/fleet/create-fleet';
import type { Fleet } from '../../../src/main/core/fleet/fleet';
import { FleetSupervisor } from '../../../src/main/core/fleet/supervisor';
import { JsonFileSettings } from '../../../src/main/core/hosts/settings-backend';
import {
  EnvOverlaySecretStore,
  KeychainSecretStore,
} from '../../../src/main/core/secrets/secret-store';
import { AppSettingsService } from '../../../src/main/core/settings/app-settings';
import { startNotifyDriver } from '../../../src/main/core/live/notify-driver';
import type { NotificationShown } from '../../../src/shared/ipc';
import type { ExtensionLiveStatus } from '../../../src/shared/types';
import { AmiTestServer } from '../../support/ami-server/server';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { AMI_SECRET, BASIC_EXTENSIONS, sshdHostConfig } from '../../support/pbx-host';
import { startSshd, type SshdHandle } from '../../support/sshd';

/** Two phones written by hand, as a PBX set up before the console was installed has them. */
function pjsipWith(numbers: string[]): string {
  const lines = ['[transport-udp]', 'type=transport', 'protocol=udp', 'bind=127.0.0.1:15070', ''];
  for (const n of numbers)
    lines.push(
      `[${n}]`,
      'type=endpoint',
      'transport=transport-udp',
      'context=from-internal',
      'disallow=all',
      'allow=ulaw',
      `auth=${n}`,
      `aors=${n}`,
      '',
      `[${n}]`,
      'type=auth',
      'auth_type=userpass',
      `username=${n}`,
      `password=pw${n}secret`,
      '',
      `[${n}]`,
      'type=aor',
      'max_contacts=1',
      '',
    );
  return lines.join('\n');
}

interface Branch {
  name: string;
  pbx: PbxDir;
  ami: AmiTestServer;
}

let sshd: SshdHandle;
let home: string;
let fleet: Fleet;
let supervisor: FleetSupervisor;
let secrets: EnvOverlaySecretStore;
const branches: Branch[] = [];

async function branch(name: string): Promise<Branch> {
  const pbx = await createPbxDir({
    'pjsip.conf': pjsipWith(['1001', '1002']),
    'extensions.conf': BASIC_EXTENSIONS,
  });
  const ami = await AmiTestServer.start({
    configDir: pbx.dir,
    users: { admin: AMI_SECRET },
    reloadCost: 'none',
  });
  const b = { name, pbx, ami };
  branches.push(b);
  return b;
}

async function addHost(b: Branch): Promise<void> {
  await fleet.addHost(
    sshdHostConfig(sshd, {
      name: b.name,
      user: sshd.user,
      configDir: b.pbx.dir,
      amiUser: 'admin',
      amiPort: b.ami.port,
    }),
    { amiSecret: AMI_SECRET },
  );
}

async function waitFor<T>(probe: () => T | undefined | null | false, timeoutMs = 5000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = probe();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out waiting for a condition');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** What a page would show now: the statuses of the live picture the supervisor keeps. */
function shown(name: string): ExtensionLiveStatus[] {
  return fleet.startedLive(name)?.statuses() ?? [];
}

const phase = (name: string) => supervisor.health(name)?.phase;

beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

afterEach(async () => {
  await supervisor?.stop();
  await fleet?.close();
  for (const b of branches.splice(0)) {
    await secrets.deleteHost(b.name).catch(() => undefined);
    await b.ami.stop();
    await b.pbx.cleanup();
  }
  fs.rmSync(home, { recursive: true, force: true });
});

function setup() {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-supervisor-'));
  secrets = new EnvOverlaySecretStore(
    new KeychainSecretStore(`rayanpbx-test-${path.basename(home)}`),
    {},
  );
  fleet = createFleet({
    home,
    secrets,
    sshConfigPath: null,
    session: { amiBackoff: { initialMs: 50, maxMs: 400 }, amiActionTimeoutMs: 3000 },
  });
  supervisor = new FleetSupervisor(fleet, { backoff: { initialMs: 50, maxMs: 400 } });
}

describe('FleetSupervisor: every watched host connected, states that say what is known', () => {
  it('AMI stopped → unknown with the reason and degraded(AMI TCP) within 2 s; started → connected and resynced', async () => {
    setup();
    const a = await branch('branch1');
    const b = await branch('branch2');
    await addHost(a);
    await addHost(b);
    await supervisor.start();
    await waitFor(
      () => phase('branch1') === 'connected' && phase('branch2') === 'connected',
      15_000,
    );

    a.ami.register('1001', { viaAddr: '192.0.2.10', viaPort: 5062, userAgent: 'Zoiper 5' });
    await waitFor(() => shown('branch1').find((s) => s.registration === 'online'));

    const stoppedAt = Date.now();
    await a.ami.pause();
    await waitFor(() => supervisor.health('branch1')?.layer === 'ami-tcp', 2000);
    const statuses = await waitFor(() => {
      const s = shown('branch1');
      return s.length > 0 && s.every((x) => x.registration === 'unknown') ? s : null;
    }, 2000);
    expect(Date.now() - stoppedAt).toBeLessThan(2000);
    expect(supervisor.health('branch1')).toMatchObject({ phase: 'degraded', layer: 'ami-tcp' });
    for (const s of statuses) {
      expect(s).toMatchObject({ address: null, roundTripMs: null, userAgent: null });
      expect(s.reason).toBeTruthy();
      expect(s.updatedAt).toBeGreaterThanOrEqual(stoppedAt);
    }
    // The extension list the CLI and the pages read says the same, with the reason.
    const rows = await fleet.listExtensions('branch1');
    expect(rows.find((r) => r.number === '1001')?.live).toMatchObject({
      registration: 'unknown',
      address: null,
    });
    // The other host is not touched.
    expect(phase('branch2')).toBe('connected');

    // While AMI is down the phone moves: the old address must never come back.
    a.ami.unregister('1001');
    a.ami.register('1001', { viaAddr: '192.0.2.77', viaPort: 5070, userAgent: 'Zoiper 5' });
    const seen: ExtensionLiveStatus[] = [];
    const watcher = setInterval(() => seen.push(...shown('branch1')), 5);
    await a.ami.resume();
    await waitFor(() => phase('branch1') === 'connected', 10_000);
    clearInterval(watcher);
    const now = shown('branch1').find((s) => s.number === '1001');
    expect(now).toMatchObject({ registration: 'online', address: '192.0.2.77:5070' });
    expect(seen.some((s) => s.address === '192.0.2.10:5062')).toBe(false);
    expect(supervisor.health('branch1')).toMatchObject({ layer: null, reason: null });
  });

  it('killed SSH sessions → the host names SSH, never AMI, and recovers once sshd accepts again', async () => {
    setup();
    const a = await branch('branch1');
    await addHost(a);
    await supervisor.start();
    await waitFor(() => phase('branch1') === 'connected', 15_000);
    a.ami.register('1002', { viaAddr: '192.0.2.20', viaPort: 5062 });
    await waitFor(() => shown('branch1').find((s) => s.registration === 'online'));

    const layers: Array<string | null> = [];
    const off = fleet.onHostState((s) => {
      if (s.name === 'branch1' && s.health) layers.push(s.health.layer);
    });
    const acceptAgain = await sshd.killSessions();
    await waitFor(() => phase('branch1') === 'unreachable', 2000);
    expect(supervisor.health('branch1')?.layer).toBe('ssh-channel');
    expect(shown('branch1').every((s) => s.registration === 'unknown')).toBe(true);
    await new Promise((r) => setTimeout(r, 500));
    acceptAgain();
    await waitFor(() => phase('branch1') === 'connected', 15_000);
    off();
    expect(layers.filter((l) => l !== null).length).toBeGreaterThan(0);
    expect(layers.filter((l) => l === 'ami-tcp' || l === 'ami-login')).toEqual([]);
    expect(shown('branch1').find((s) => s.number === '1002')?.registration).toBe('online');
  });

  it('a host added and never opened records a call and raises its notification', async () => {
    setup();
    const settings = new AppSettingsService(new JsonFileSettings(path.join(home, 'ui.json')));
    const shownNotes: NotificationShown[] = [];
    const notify = startNotifyDriver({ fleet, settings, show: (n) => shownNotes.push(n) });
    await supervisor.start();
    const b = await branch('branch2');
    // Added after start (as the CLI or the form would): nothing else ever asks for this host.
    await addHost(b);
    await waitFor(() => phase('branch2') === 'connected', 15_000);
    b.ami.register('1001', { viaAddr: '192.0.2.30', viaPort: 5062 });
    b.ami.register('1002', { viaAddr: '192.0.2.31', viaPort: 5062 });
    const call = b.ami.ring('1001', '1002');
    await waitFor(() => shownNotes.find((n) => n.kind === 'ringing'));
    b.ami.answer(call.id);
    b.ami.hangup(call.id, { by: 'callee', cause: 16 });
    await fleet.startedLive('branch2')!.idle();
    await waitFor(() => fleet.startedLive('branch2')!.calls().length > 0);
    notify.dispose();
    const calls = await fleet.calls('branch2');
    expect(calls[0]).toMatchObject({ caller: '1001', callee: '1002', disposition: 'ANSWERED' });
    const ring = shownNotes.find((n) => n.kind === 'ringing')!;
    expect(`${ring.title} ${ring.body}`).toMatch(/1001.*1002|1002.*1001/);
  });

  it('editing a host drops its old error and live state at once and reconnects with the new settings', async () => {
    setup();
    const a = await branch('branch1');
    await addHost(a);
    await fleet.updateHost('branch1', { amiPort: 1 }, {});
    await supervisor.start();
    await waitFor(() => supervisor.health('branch1')?.layer === 'ami-tcp', 15_000);
    expect((await fleet.listHosts())[0]?.state.health?.layer).toBe('ami-tcp');
    await fleet.updateHost('branch1', { amiPort: a.ami.port }, {});
    // At once: the old port's error is gone from the state the UI and tray read.
    expect((await fleet.listHosts())[0]?.state.health?.layer ?? null).toBeNull();
    await waitFor(() => phase('branch1') === 'connected', 15_000);
  });
});
