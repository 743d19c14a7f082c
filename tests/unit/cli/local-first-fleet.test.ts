/**
 * `host list` and `audit` read only local files, so the CLI answers them without loading the
 * core (ssh2, the zod schemas, every operation): the same output as the full fleet gives, and the
 * core still there for any other call.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { localFirstFleet, readsOnlyLocalFiles } from '../../../src/cli/local-first-fleet';
import { runCli } from '../../../src/cli/main';
import { AuditLog } from '../../../src/main/core/audit';
import { createFleet } from '../../../src/main/core/fleet/create-fleet';
import { HOST_DEFAULTS } from '../../../src/shared/schemas/host';
import type { FleetApi } from '../../../src/shared/types';

let home = '';
let coreLoads = 0;
let closed = 0;
const core = async (): Promise<FleetApi> => {
  coreLoads++;
  const f = createFleet({ home, sshConfigPath: null });
  const close = f.close.bind(f);
  f.close = async () => {
    closed++;
    await close();
  };
  return f;
};

beforeEach(async () => {
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-local-first-'));
  coreLoads = 0;
  closed = 0;
  const hosts = ['pbx-b', 'pbx-a'].map((name, i) => ({
    ...HOST_DEFAULTS,
    name,
    host: `10.0.0.${i + 1}`,
    user: 'admin',
    amiUser: i === 0 ? 'admin' : null,
    hostKey: 'SHA256:' + 'A'.repeat(43),
  }));
  fs.writeFileSync(path.join(home, 'settings.json'), JSON.stringify({ hosts }));
  await new AuditLog(path.join(home, 'audit')).record('pbx-a', {
    action: 'extension add',
    target: '1001',
    fieldsChanged: ['password: changed'],
    outcome: 'verified',
    reason: null,
    roundTrips: { ssh: 2, ami: 3 },
    durationMs: 12,
  });
});
afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

async function run(argv: string[], factory: () => Promise<FleetApi>) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, factory);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('the CLI fleet for commands that read only local files', () => {
  it('picks host list and audit, nothing that reaches a PBX', () => {
    expect(readsOnlyLocalFiles('host', ['list'])).toBe(true);
    expect(readsOnlyLocalFiles('host', ['list', '--json'])).toBe(true);
    expect(readsOnlyLocalFiles('audit', [])).toBe(true);
    expect(readsOnlyLocalFiles('audit', ['pbx-a', '--json'])).toBe(true);
    expect(readsOnlyLocalFiles('host', ['rm', 'pbx-a'])).toBe(false);
    expect(readsOnlyLocalFiles('host', ['add', 'list'])).toBe(false);
    expect(readsOnlyLocalFiles('ext', ['list', 'pbx-a'])).toBe(false);
    expect(readsOnlyLocalFiles('history', ['pbx-a'])).toBe(false);
  });

  it.each([
    [['host', 'list']],
    [['host', 'list', '--json']],
    [['audit']],
    [['audit', 'pbx-a', '--json']],
    [['audit', 'nosuch']],
  ])('%j prints exactly what the full fleet prints, without loading the core', async (...argv) => {
    const args = argv[0]!;
    const full = await run(args, core);
    expect(coreLoads).toBe(1);
    const light = await run(args, () => localFirstFleet(core, { home }));
    expect(coreLoads).toBe(1);
    expect(light).toEqual(full);
  });

  it('listHosts gives each host as a fresh core does: state included', async () => {
    const light = await localFirstFleet(core, { home });
    const full = await core();
    expect(await light.listHosts()).toEqual(await full.listHosts());
    await full.close();
  });

  it('any other call loads the core once, which then answers everything and is closed with it', async () => {
    const f = await localFirstFleet(core, { home });
    expect(coreLoads).toBe(0);
    await expect(f.listExtensions('nosuch')).rejects.toThrow(/No host named "nosuch"/);
    await f.keychainStatus().catch(() => undefined);
    expect(coreLoads).toBe(1);
    expect(typeof f.onEvent(() => undefined)).toBe('function');
    expect((await f.listHosts()).map((h) => h.name)).toEqual(['pbx-b', 'pbx-a']);
    await f.close();
    expect(closed).toBe(1);
  });

  it('is not a promise itself, and refuses a synchronous call the core is not loaded for', async () => {
    const f = await localFirstFleet(core, { home });
    expect((f as unknown as { then?: unknown }).then).toBeUndefined();
    expect(() => f.onEvent(() => undefined)).toThrow(/before the core was loaded/);
    await f.close();
    expect(coreLoads).toBe(0);
  });
});
