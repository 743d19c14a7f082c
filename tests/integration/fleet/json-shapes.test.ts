/**
 * Issue 14, "what a new admin hit", through the CLI against a real sshd and the AMI test server
 * reached through the SSH tunnel: every documented `--json` shape checked against the README,
 * `ext list` in number order, flag names in messages, bare-IP local nets, codecs checked against
 * `core show codecs` (once per host connection), host rename with its keychain entries, and a
 * host the CLI adds reaching a running fleet through the settings file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFleet } from '../../../src/main/core/fleet/create-fleet';
import type { HostChange } from '../../../src/shared/types';
import { startPbxHost } from '../../support/pbx-host';
import { documentedKeys } from '../../support/readme-shapes';
import { hostAddArgs } from '../../support/cli-harness';
import { startCliPbx, type CliPbx } from '../../support/cli-pbx';

const AMI_SECRET = 'shapes-ami-secret-2026';
const PJSIP = [
  '[transport-udp]',
  'type=transport',
  'protocol=udp',
  'bind=127.0.0.1:15070',
  '',
  '; written by hand',
  '[1005]',
  'type=endpoint',
  'context=from-internal',
  'allow=ulaw',
  'auth=1005',
  'aors=1005',
  '[1005]',
  'type=auth',
  'auth_type=userpass',
  'username=1005',
  'password=Hand-1005-secret',
  '[1005]',
  'type=aor',
  'max_contacts=1',
  '',
].join('\n');

let rig: CliPbx;

beforeAll(async () => {
  rig = await startCliPbx({ pjsip: PJSIP, amiSecret: AMI_SECRET, amiSecretIn: 'keychain' });
  expect(rig.added?.stderr).toBe('');
});

afterAll(async () => {
  await rig?.cli.secrets.deleteHost('pbx-renamed').catch(() => undefined);
  await rig?.close();
});

const json = async (...argv: string[]) => {
  const r = await rig.cli.run(...argv, '--json');
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout) as unknown;
};
const keys = (v: unknown) => Object.keys(v as object);

describe('README and --json output agree (issue 14)', () => {
  it('host list --json', async () => {
    const [h] = (await json('host', 'list')) as unknown[];
    expect(keys(h)).toEqual(documentedKeys('host list --json', 'name'));
  });

  it('ext add --json: apply (with reloadMs), extension, password', async () => {
    const r = (await json('ext', 'add', 'pbx', '2000', '--name', 'Sales')) as {
      apply: object;
      extension: object;
    };
    expect(keys(r)).toEqual(documentedKeys('ext add|set|rm|enable|disable --json', 'apply'));
    expect(keys(r.apply)).toEqual(
      documentedKeys('ext add|set|rm|enable|disable --json', 'written'),
    );
    expect(keys(r.extension)).toEqual(
      documentedKeys('ext add|set|rm|enable|disable --json', 'number'),
    );
  });

  it('ext list --json: rows and their live part, sorted by number', async () => {
    for (const n of ['99', '1010'])
      expect((await rig.cli.run('ext', 'add', 'pbx', n)).code).toBe(0);
    rig.ami.register('1010', { viaAddr: '192.0.2.10', viaPort: 5062, userAgent: 'Zoiper 5' });
    const rows = (await json('ext', 'list', 'pbx')) as Array<{ number: string; live: unknown }>;
    expect(rows.map((r) => r.number)).toEqual(['99', '1005', '1010', '2000']);
    expect(keys(rows[0])).toEqual(documentedKeys('ext list --json', 'number'));
    const online = rows.find((r) => r.number === '1010')!.live;
    expect(keys(online)).toEqual(documentedKeys('ext list --json', 'registration'));
    const text = await rig.cli.run('ext', 'list', 'pbx');
    const order = text.stdout
      .split('\n')
      .slice(1)
      .map((l) => l.split(/\s+/)[0]);
    expect(order).toEqual(['99', '1005', '1010', '2000']);
  });

  it('transport list, nat show (with managed) and nat set --json', async () => {
    const [t] = (await json('transport', 'list', 'pbx')) as Array<{ nat: object }>;
    expect(keys(t)).toEqual(documentedKeys('transport list --json', 'name'));
    expect(keys(t!.nat)).toEqual(documentedKeys('transport list --json', 'externalMediaAddress'));
    const show = await json('nat', 'show', 'pbx');
    expect(keys(show)).toEqual(documentedKeys('nat show --json', 'transport'));
    expect(keys(show)).toContain('managed');
    const set = await json('nat', 'set', 'pbx', '--local-net', '10.0.0.0/8');
    expect(keys(set)).toEqual(documentedKeys('nat show --json', 'apply'));
  });

  it('dialplan show and doctor --json', async () => {
    const [d] = (await json('dialplan', 'show', 'pbx')) as unknown[];
    expect(keys(d)).toEqual(documentedKeys('dialplan show --json', 'number'));
    const r = await rig.cli.run('doctor', 'pbx', '--json');
    const [c] = JSON.parse(r.stdout) as unknown[];
    expect(keys(c)).toEqual(documentedKeys('doctor --json', 'id'));
  });
});

describe('messages name the CLI flag and the list entry (issue 14)', () => {
  it('--local-net: a bad second entry is named; a bare IP is taken, written and verified', async () => {
    const before = await rig.pbx.read('pjsip.conf');
    const bad = await rig.cli.run(
      'nat',
      'set',
      'pbx',
      '--local-net',
      '10.0.0.0/8',
      '--local-net',
      '300.1.1.1',
    );
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(
      'rayanpbx: --local-net entry 2: must be an IP address or a network',
    );
    expect(bad.stderr).not.toMatch(/localNets/);
    expect(await rig.pbx.read('pjsip.conf')).toBe(before);

    const ok = await rig.cli.run('nat', 'set', 'pbx', '--local-net', '172.16.5.4');
    expect(ok.stderr).toBe('');
    expect(ok.stdout).toContain('verified: yes');
    expect(await rig.pbx.read('pjsip.conf')).toContain('local_net=172.16.5.4\n');
  });

  it('--external-media and --max-contacts, not externalMediaAddress / maxContacts', async () => {
    const media = await rig.cli.run('nat', 'set', 'pbx', '--external-media', 'not an address');
    expect(media.stderr).toMatch(/^rayanpbx: --external-media: must be/);
    const max = await rig.cli.run('ext', 'set', 'pbx', '2000', '--max-contacts', '0');
    expect(max.stderr).toMatch(/^rayanpbx: --max-contacts: must be at least 1/);
  });
});

describe('hosts: AMI as user@host:port, rename with keychain entries (issue 14)', () => {
  it('host list shows the AMI login as user@host:port', async () => {
    const r = await rig.cli.run('host', 'list');
    expect(r.stdout).toContain(`admin@127.0.0.1:${rig.ami.port}`);
  });

  it('host rename moves the settings, the keychain entry and the call log; the host still works', async () => {
    fs.mkdirSync(path.join(rig.cli.home, 'calls'), { recursive: true });
    fs.writeFileSync(path.join(rig.cli.home, 'calls', 'calls-pbx.jsonl'), '');
    const r = await rig.cli.run('host', 'rename', 'pbx', 'pbx-renamed');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(await rig.cli.secrets.get('pbx-renamed', 'ami-secret')).toBe(AMI_SECRET);
    expect(await rig.cli.secrets.get('pbx', 'ami-secret')).toBeNull();
    expect(fs.existsSync(path.join(rig.cli.home, 'calls', 'calls-pbx-renamed.jsonl'))).toBe(true);
    const hosts = (await json('host', 'list')) as Array<{ name: string }>;
    expect(hosts.map((h) => h.name)).toEqual(['pbx-renamed']);
    const list = await rig.cli.run('ext', 'list', 'pbx-renamed');
    expect(list.code).toBe(0);
    expect(list.stdout).toMatch(/1010.*online/);
    // Taken names and bad names change nothing.
    expect((await rig.cli.run('host', 'rename', 'pbx-renamed', 'no/slash')).code).toBe(1);
    expect((await rig.cli.run('host', 'rename', 'pbx-renamed', 'pbx')).code).toBe(0);
    expect(await rig.cli.secrets.get('pbx', 'ami-secret')).toBe(AMI_SECRET);
  });

  it('a host the CLI adds, renames or removes reaches a running fleet watching the settings file', async () => {
    const app = createFleet({ home: rig.cli.home, secrets: rig.cli.secrets, sshConfigPath: null });
    const seen: Array<[string, HostChange]> = [];
    app.onHostChange((name, change) => seen.push([name, change]));
    app.watchSettings(path.join(rig.cli.home, 'settings.json'));
    const waitFor = async (want: [string, HostChange]) => {
      const end = Date.now() + 5000;
      while (!seen.some(([n, c]) => n === want[0] && c === want[1])) {
        if (Date.now() > end) throw new Error(`no ${want.join(' ')} in ${JSON.stringify(seen)}`);
        await new Promise((r) => setTimeout(r, 20));
      }
    };
    try {
      const added = await rig.cli.run(
        ...hostAddArgs(
          'pbx2',
          rig.sshd,
          { configDir: rig.pbx.dir, trust: rig.sshd.fingerprint },
          '--no-check',
        ),
      );
      expect(added.code).toBe(0);
      await waitFor(['pbx2', 'added']);
      expect((await app.listHosts()).map((h) => h.name)).toContain('pbx2');
      await rig.cli.run('host', 'rename', 'pbx2', 'pbx1');
      await waitFor(['pbx2', 'removed']);
      await waitFor(['pbx1', 'added']);
      await rig.cli.run('host', 'rm', 'pbx1');
      await waitFor(['pbx1', 'removed']);
    } finally {
      await app.close();
    }
  });
});

describe('codecs are checked against the host’s own `core show codecs`, asked once (issue 14)', () => {
  it('a typo is refused before write and reload, naming the codec and the field; the list is cached', async () => {
    const h = await startPbxHost(rig.sshd, { name: 'pbx1' });
    try {
      const before = await h.pbx.read('pjsip.conf');
      const reloads = h.ami.reloadCounts.get('res_pjsip.so') ?? 0;
      await expect(
        h.fleet.createExtension('pbx1', { number: '202', codecs: ['ulaw', 'g729x'] }),
      ).rejects.toMatchObject({
        code: 'INVALID_INPUT',
        message: 'codecs.1: "g729x" is not a codec this Asterisk knows (did you mean g729?)',
        details: { fields: ['codecs'] },
      });
      expect(await h.pbx.read('pjsip.conf')).toBe(before);
      expect(h.ami.reloadCounts.get('res_pjsip.so') ?? 0).toBe(reloads);
      // Known codecs go through, and the list was asked for once for all these changes.
      const ok = await h.fleet.createExtension('pbx1', { number: '202', codecs: ['g729', 'opus'] });
      expect(ok.apply.verified).toBe(true);
      await h.fleet.updateExtension('pbx1', '202', { codecs: ['alaw'] });
      expect(h.ami.commandCounts.get('core show codecs')).toBe(1);
    } finally {
      await h.close();
    }
  });
});
