import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFleet } from '../../../src/main/core/fleet/create-fleet';
import type { CheckLayer } from '../../../src/shared/types';
import type { SecretStore } from '../../../src/main/core/secrets/secret-store';
import { KeychainUnavailableError } from '../../../src/main/core/secrets/secret-store';
import { sshdHostConfig } from '../../support/pbx-host';
import { freePort } from '../../support/sshd';
import { cliHarness, hostAddArgs } from '../../support/cli-harness';
import { startCliPbx, type CliPbx } from '../../support/cli-pbx';

const SECRET = 'checks-ami-secret-8812';
let rig: CliPbx;
let home: string;

beforeAll(async () => {
  rig = await startCliPbx({
    sipPort: 15090,
    amiSecret: SECRET,
    ami: {
      users: { admin: SECRET, readonly: { secret: SECRET, deny: ['command'] } },
      authFailDelayMs: 50,
    },
    cli: false,
  });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-checks-'));
});
afterAll(async () => {
  await rig?.close();
  fs.rmSync(home, { recursive: true, force: true });
});

/** A store with no keychain at all: what a headless box without a Secret Service has. */
const noKeychain: SecretStore = {
  get: () => Promise.reject(new KeychainUnavailableError('no Secret Service on the bus')),
  set: () => Promise.reject(new KeychainUnavailableError('no Secret Service on the bus')),
  delete: () => Promise.reject(new KeychainUnavailableError('no Secret Service on the bus')),
  deleteHost: () => Promise.reject(new KeychainUnavailableError('no Secret Service on the bus')),
};

const base = () =>
  sshdHostConfig(rig.sshd, {
    name: 'pbx',
    user: rig.sshd.user,
    configDir: rig.pbx.dir,
    amiUser: 'admin',
    amiPort: rig.ami.port,
  });

async function failingLayer(
  patch: Record<string, unknown>,
  secret = SECRET,
): Promise<CheckLayer | null> {
  const fleet = createFleet({ home, secrets: noKeychain, sshConfigPath: null });
  try {
    const r = await fleet.checkHost({ ...base(), ...patch }, { amiSecret: secret });
    const failed = r.filter((x) => x.level === 'fail');
    expect(failed.length).toBeLessThanOrEqual(1);
    return failed[0]?.layer ?? null;
  } finally {
    await fleet.close();
  }
}

describe('Test connection: every layer checked, the failing one named', () => {
  it('all layers pass on a healthy host', async () => {
    const fleet = createFleet({ home, secrets: noKeychain, sshConfigPath: null });
    const r = await fleet.checkHost(base(), { amiSecret: SECRET });
    await fleet.close();
    expect(r.map((x) => [x.layer, x.level])).toEqual([
      ['tcp', 'ok'],
      ['host-key', 'ok'],
      ['ssh-auth', 'ok'],
      ['sudo', 'skip'],
      ['config-dir', 'ok'],
      ['ami-tcp', 'ok'],
      ['ami-login', 'ok'],
      ['ami-privileges', 'ok'],
    ]);
  });

  it.each([
    ['closed SSH port', async () => ({ port: await freePort() }), 'tcp'],
    ['wrong host key', async () => ({ hostKey: 'SHA256:' + 'A'.repeat(43) }), 'host-key'],
    ['bad key file', async () => ({ keyFile: '/nonexistent/id_ed25519' }), 'ssh-auth'],
    ['config dir missing', async () => ({ configDir: '/nonexistent/asterisk' }), 'config-dir'],
    ['AMI port closed', async () => ({ amiPort: await freePort() }), 'ami-tcp'],
    ['AMI user without privileges', async () => ({ amiUser: 'readonly' }), 'ami-privileges'],
  ] as const)('%s → %s', async (_what, patch, layer) => {
    expect(await failingLayer(await patch())).toBe(layer);
  });

  it('wrong AMI secret → ami-login', async () => {
    expect(await failingLayer({}, 'not-the-secret')).toBe('ami-login');
  });
});

describe('host add runs the same checks', () => {
  it('refuses naming the layer, stores nothing; --no-check stores with a warning', async () => {
    const cli = cliHarness({ secrets: noKeychain });
    process.env['CHECKS_AMI_SECRET'] = SECRET;
    try {
      const missingKey = await cli.run(
        ...hostAddArgs(
          'pbx',
          rig.sshd,
          { configDir: rig.pbx.dir, trust: rig.sshd.fingerprint, key: '/nonexistent/key' },
          '--ami-user',
          'admin',
          '--ami-port',
          String(rig.ami.port),
          '--ami-secret-env',
          'CHECKS_AMI_SECRET',
        ),
      );
      expect(missingKey.code).toBe(1);
      expect(missingKey.stderr).toContain('fails at SSH auth');
      expect(
        fs.existsSync(path.join(cli.home, 'settings.json')) ? cli.settingsText() : '',
      ).not.toContain('"pbx"');

      const closedAmi = String(await freePort());
      const args = hostAddArgs(
        'pbx',
        rig.sshd,
        { configDir: rig.pbx.dir, trust: rig.sshd.fingerprint },
        '--ami-user',
        'admin',
        '--ami-port',
        closedAmi,
        '--ami-secret-env',
        'CHECKS_AMI_SECRET',
      );
      const refused = await cli.run(...args);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('fails at AMI TCP');
      const forced = await cli.run(...args, '--no-check');
      expect(forced.code).toBe(0);
      expect(forced.stderr).toMatch(/warning: .*AMI TCP/);
    } finally {
      delete process.env['CHECKS_AMI_SECRET'];
      fs.rmSync(cli.home, { recursive: true, force: true });
    }
  });
});

describe('no keychain: the secret from an environment variable or a 0600 file', () => {
  it('host add accepts --ami-secret-env / --ami-secret-file and no settings file holds the secret', async () => {
    const cli = cliHarness({ secrets: noKeychain });
    const secretFile = path.join(cli.home, 'ami.secret');
    fs.writeFileSync(secretFile, `${SECRET}\n`, { mode: 0o644 });
    process.env['BRANCH_AMI'] = SECRET;
    try {
      const common = ['--ami-user', 'admin', '--ami-port', String(rig.ami.port)];
      const viaEnv = await cli.run(
        ...hostAddArgs('pbx1', rig.sshd, { configDir: rig.pbx.dir, trust: rig.sshd.fingerprint }),
        ...common,
        '--ami-secret-env',
        'BRANCH_AMI',
      );
      expect(viaEnv.stderr).toBe('');
      expect(viaEnv.code).toBe(0);

      // A secret file others can read is refused with the fix.
      const loose = await cli.run(
        ...hostAddArgs('pbx2', rig.sshd, { configDir: rig.pbx.dir, trust: rig.sshd.fingerprint }),
        ...common,
        '--ami-secret-file',
        secretFile,
      );
      expect(loose.code).toBe(1);
      expect(loose.stderr).toContain(`chmod 600 ${secretFile}`);
      fs.chmodSync(secretFile, 0o600);
      const viaFile = await cli.run(
        ...hostAddArgs('pbx2', rig.sshd, { configDir: rig.pbx.dir, trust: rig.sshd.fingerprint }),
        ...common,
        '--ami-secret-file',
        secretFile,
      );
      expect(viaFile.code).toBe(0);

      // The live state works in a later process from the named sources alone.
      const list = await cli.run('ext', 'list', 'pbx2');
      expect(list.code).toBe(0);

      const settings = cli.settingsText();
      expect(settings).toContain('"amiSecretEnv": "BRANCH_AMI"');
      expect(settings).toContain(`"amiSecretFile": ${JSON.stringify(secretFile)}`);
      for (const f of fs.readdirSync(cli.home))
        if (f !== 'ami.secret' && fs.statSync(path.join(cli.home, f)).isFile())
          expect(fs.readFileSync(path.join(cli.home, f), 'utf8')).not.toContain(SECRET);
    } finally {
      delete process.env['BRANCH_AMI'];
      fs.rmSync(cli.home, { recursive: true, force: true });
    }
  });
});
