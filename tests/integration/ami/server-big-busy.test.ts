import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadModule } from '../../../src/main/core/ami/actions/core';
import { AmiClient } from '../../../src/main/core/ami/client';
import { AmiActionError, AmiReloadBusyError } from '../../../src/main/core/ami/errors';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import { amiGet } from '../../../src/main/core/ami/message';
import { AmiTestServer } from '../../support/ami-server/server';
import { tempConfigDir } from '../../support/ami-server/fixture-dir';
import { bigHostFiles } from '../../support/ami-server/big-host';
import { startAdminReload } from '../../support/ami-server/admin-reload';
import { realisticReloadMs } from '../../support/ami-server/reload-cost';
import { replay } from '../../support/ami-server/replay';

/**
 * The test AMI server as the big, busy Asterisk of transcripts 44-46: 10,000 endpoints and
 * 10,000 dialplan extensions with a hint each. Reload costs follow the real figures times
 * SCALE, so a 25 s dialplan reload takes 1 s here. Wall-clock checks are lower bounds only
 * (a loaded machine can only make things slower).
 */
const SCALE = 0.04;
const N = 10_000;

function connect(server: AmiTestServer, events = false): Promise<AmiClient> {
  return AmiClient.connect(() => Promise.resolve(net.connect(server.port, '127.0.0.1')), {
    username: 'admin',
    secret: 'amipass',
    events,
    heartbeatIntervalMs: 0,
    actionTimeoutMs: 120_000,
  });
}

async function timed<T>(f: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const t0 = performance.now();
  const value = await f();
  return { ms: performance.now() - t0, value };
}

const WITH_HINTS = (loadedHints: number): number =>
  realisticReloadMs({ module: 'pbx_config.so', priorities: 3 * N, hints: N, loadedHints }) * SCALE;

describe('test AMI server as a big, busy Asterisk (10,000 extensions with hints)', () => {
  let server: AmiTestServer;
  let cfg: ReturnType<typeof tempConfigDir>;
  let client: AmiClient;
  const files = bigHostFiles(N);
  beforeAll(async () => {
    cfg = tempConfigDir(files);
    server = await AmiTestServer.start({ configDir: cfg.dir, reloadTimeScale: SCALE });
    client = await connect(server);
  }, 60_000);
  afterAll(async () => {
    await client.close();
    await server.stop();
    cfg.cleanup();
  });

  it('loads the 10,000 hints and 30,000 priorities the console writes', () => {
    expect(server.dialplan.hintCount).toBe(N);
    expect(server.dialplan.priorityCount).toBe(3 * N + 5);
  });

  it('a pbx_config reload costs what the hints already loaded cost (25 s real), far more than without hints (1.5 s)', async () => {
    try {
      const loaded = await timed(() => client.command('module reload pbx_config.so'));
      expect(loaded.value).toEqual(["Module 'pbx_config.so' reloaded successfully."]);
      expect(loaded.ms).toBeGreaterThanOrEqual(WITH_HINTS(N) * 0.95);

      // Dropping the hint lines: this reload still pays for the 10,000 hints it replaces ...
      cfg.write('extensions.conf', bigHostFiles(N, { hints: false })['extensions.conf']);
      const dropping = await timed(() => client.command('module reload pbx_config.so'));
      expect(server.dialplan.hintCount).toBe(0);
      expect(dropping.ms).toBeGreaterThanOrEqual(18_000 * SCALE);
      // ... the next one loads plain priorities only (1.5 s real; only a lower bound here, as
      // reading the file can take longer than that on a loaded machine).
      const plain = await timed(() => client.command('module reload pbx_config.so'));
      expect(plain.ms).toBeGreaterThanOrEqual(1_450 * SCALE);

      // Hints coming back are new: 7 s real.
      cfg.write('extensions.conf', files['extensions.conf']);
      const fresh = await timed(() => client.command('module reload pbx_config.so'));
      expect(fresh.ms).toBeGreaterThanOrEqual(WITH_HINTS(0) * 0.95);
      expect(server.dialplan.hintCount).toBe(N);
    } finally {
      // The tests below need the 10,000 hints loaded, whatever happened above.
      if (server.dialplan.hintCount !== N) {
        cfg.write('extensions.conf', files['extensions.conf']);
        await client.command('dialplan reload');
      }
    }
  }, 120_000);

  it('a res_pjsip reload costs 1.8 s real for 10,000 unchanged endpoints', async () => {
    const r = await timed(() => reloadModule(client, 'res_pjsip.so'));
    expect(r.value.message).toBe('Module Reloaded');
    expect(r.ms).toBeGreaterThanOrEqual(1_800 * SCALE * 0.95);
  }, 60_000);

  it("refuses other module reloads during someone else's pbx_config reload, exactly as in 46, and reloads nothing", async () => {
    const watcher = await connect(server, true);
    const reloadEvents: AmiMessage[] = [];
    watcher.on('event', (m, name) => {
      if (name === 'Reload') reloadEvents.push(m);
    });
    const before = new Map(server.reloadCounts);
    // 2.5 s: room for the fourteen refused attempts below even on a loaded machine.
    server.setReloadTimeScale(0.1);
    const admin = await startAdminReload(server);
    server.setReloadTimeScale(SCALE);
    expect(server.reloadInProgress).toBe(true);

    const busyLine = 'A module reload request is already in progress; please be patient';
    expect(await client.command('module reload pbx_config.so')).toEqual([busyLine]);
    expect(await client.command('module reload res_pjsip.so pbx_config.so')).toEqual([
      busyLine,
      busyLine,
    ]);
    expect(await client.command('pjsip reload')).toEqual(Array(8).fill(busyLine));
    const err = await reloadModule(client, 'res_pjsip.so').catch((e: unknown) => e);
    // The console's client names this refusal: it is the one a change waits out.
    expect(err).toBeInstanceOf(AmiReloadBusyError);
    expect((err as AmiReloadBusyError).serverMessage).toBe('A reload is in progress');
    const all = await client.action('Reload').catch((e: unknown) => e);
    expect((all as AmiActionError).serverMessage).toBe('A reload is in progress');
    // The lock is taken before the module is looked up.
    const nosuch = await reloadModule(client, 'nosuch.so').catch((e: unknown) => e);
    expect((nosuch as AmiReloadBusyError).serverMessage).toBe('A reload is in progress');
    expect(server.reloadInProgress).toBe(true);

    expect(await admin.output).toEqual(["Module 'pbx_config.so' reloaded successfully."]);
    expect(server.reloadInProgress).toBe(false);
    expect(server.reloadCounts.get('res_pjsip.so') ?? 0).toBe(before.get('res_pjsip.so') ?? 0);
    expect(server.reloadCounts.get('pbx_config.so')).toBe((before.get('pbx_config.so') ?? 0) + 1);
    // Once it is over, a reload goes through again.
    expect((await reloadModule(client, 'res_pjsip.so')).message).toBe('Module Reloaded');
    await watcher.action('Ping');
    await watcher.close();
    // Every refusal is published like any outcome: Reload with Status 4 (IN_PROGRESS).
    const statuses = reloadEvents.map((m) => `${amiGet(m, 'Module')} ${amiGet(m, 'Status')}`);
    expect(statuses.filter((s) => s.endsWith(' 4'))).toHaveLength(1 + 2 + 8 + 3);
    expect(statuses).toContain('All 4');
    expect(statuses).toContain('pbx_config.so 0');
    expect(statuses.at(-1)).toBe('res_pjsip.so 0');
  }, 120_000);

  it('"dialplan reload" is not a module reload: never refused, it runs after the running dialplan load', async () => {
    const admin = await startAdminReload(server);
    let adminDone = false;
    void admin.output.then(() => (adminDone = true));
    const started = performance.now();
    expect(await client.command('dialplan reload')).toEqual(['Dialplan reloaded.']);
    expect(adminDone).toBe(true);
    expect(performance.now() - started).toBeGreaterThanOrEqual(WITH_HINTS(N) * 0.9);
  }, 120_000);

  it('a live edit made during a dialplan reload is lost when it ends (the file read at its start wins); made after, it stays', async () => {
    const add = (exten: string): Promise<AmiMessage> =>
      client.action('DialplanExtensionAdd', {
        Context: 'from-internal',
        Extension: exten,
        Priority: '1',
        Application: 'NoOp',
        ApplicationData: 'live',
      });
    const admin = await startAdminReload(server);
    expect(amiGet(await add('77001'), 'Message')).toBe('Added requested extension');
    expect(server.dialplan.resolve('from-internal', '77001')).toBe('77001');
    await admin.output;
    expect(server.dialplan.resolve('from-internal', '77001')).toBeNull();

    await add('77002');
    expect((await reloadModule(client, 'res_pjsip.so')).message).toBe('Module Reloaded');
    expect(server.dialplan.resolve('from-internal', '77002')).toBe('77002');
    const items = await client.listAction('ShowDialPlan', {
      Context: 'from-internal',
      Extension: '77002',
    });
    expect(items.filter((m) => amiGet(m, 'Event') === 'ListDialplan')).toHaveLength(1);
  }, 120_000);

  it('46: session B during session A\'s long "module reload pbx_config.so" gets the recorded refusals', async () => {
    server.setReloadTimeScale(0.1);
    const a = replay(server.port, '46_concurrent_reloads_10k_session_a', { timeoutMs: 60_000 });
    const deadline = Date.now() + 10_000;
    while (!server.reloadInProgress && Date.now() < deadline)
      await new Promise((r) => setTimeout(r, 2));
    server.setReloadTimeScale(SCALE);
    expect(server.reloadInProgress).toBe(true);
    const b = await replay(server.port, '46_concurrent_reloads_10k_session_b');
    expect(server.reloadInProgress).toBe(true);
    expect(b.replayed).toEqual(b.recorded);
    const ra = await a;
    expect(ra.replayed).toEqual(ra.recorded);
  }, 120_000);
});
