import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliHarness, hostAddArgs } from '../../support/cli-harness';
import { startCliPbx, type CliPbx } from '../../support/cli-pbx';

const SECRET = 'honesty-ami-secret-5521';
let rig: CliPbx;

beforeAll(async () => {
  rig = await startCliPbx({
    sipPort: 15095,
    amiSecret: SECRET,
    amiSecretIn: { env: 'HONESTY_AMI' },
    cli: false,
  });
});
afterAll(async () => {
  await rig?.close();
});

describe('the CLI says what it does not know', () => {
  it('ext list without live state: stderr says why, status "unknown", exit 3, JSON live carries reason and asOf; status names the layer', async () => {
    const cli = cliHarness();
    try {
      const add = await cli.run(
        ...hostAddArgs('pbx', rig.sshd, { configDir: rig.pbx.dir, trust: rig.sshd.fingerprint }),
        '--ami-user',
        'admin',
        '--ami-port',
        String(rig.ami.port),
        '--ami-secret-env',
        'HONESTY_AMI',
      );
      expect(add.code, add.stderr).toBe(0);
      expect(
        (await cli.run('ext', 'add', 'pbx', '1001', '--password', 'Pw-1001-abcdefgh')).code,
      ).toBe(0);
      rig.ami.register('1001', { viaAddr: '192.0.2.10', viaPort: 5062 });
      const live = await cli.run('ext', 'list', 'pbx');
      expect(live.code).toBe(0);
      expect(live.stdout).toMatch(/1001.*online.*192\.0\.2\.10:5062/);
      const ok = await cli.run('status', '--json');
      expect(ok.code).toBe(0);
      expect(JSON.parse(ok.stdout)).toMatchObject([
        { name: 'pbx', state: 'connected', layer: null },
      ]);

      await rig.ami.pause();
      const before = Date.now();
      const list = await cli.run('ext', 'list', 'pbx');
      expect(list.code).toBe(3);
      expect(list.stderr).toMatch(/live state unknown \(.+\)/);
      expect(list.stdout).toMatch(/1001.*unknown/);
      expect(list.stdout).not.toContain('192.0.2.10');

      const json = await cli.run('ext', 'list', 'pbx', '--json');
      expect(json.code).toBe(3);
      const row = JSON.parse(json.stdout)[0];
      expect(row.live).toEqual({
        registration: 'unknown',
        reason: expect.stringMatching(/live state unavailable/),
        asOf: expect.any(String),
      });
      expect(Date.parse(row.live.asOf)).toBeGreaterThanOrEqual(before - 1000);

      const down = await cli.run('status', '--json', '--wait', '10');
      expect(down.code).toBe(3);
      expect(JSON.parse(down.stdout)).toMatchObject([
        { name: 'pbx', state: 'degraded', layer: 'ami-tcp', source: 'ami' },
      ]);
      const text = await cli.run('status', '--wait', '10');
      expect(text.stdout).toMatch(/pbx\s+degraded\s+AMI TCP/);
      await rig.ami.resume();
    } finally {
      await cli.cleanup();
    }
  }, 180_000);
});
