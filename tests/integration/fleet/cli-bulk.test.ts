/**
 * `rayanpbx ext export | import | rotate-passwords` through the real sshd and the AMI test server:
 * the dry run's row errors on stdout without values, passwords only in new 0600 files, rotated
 * credentials that are what Asterisk loaded.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/main/core/bulk/csv';
import { getExtensionSecret } from '../../../src/main/core/pjsip/extensions';
import { startCliPbx, type CliPbx } from '../../support/cli-pbx';

const SECRET = 'bulk-cli-ami-secret-7731';
let rig: CliPbx;
let work: string;

beforeAll(async () => {
  rig = await startCliPbx({
    sipPort: 15097,
    amiSecret: SECRET,
    amiSecretIn: { env: 'BULK_CLI_AMI' },
  });
  work = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-bulk-cli-'));
}, 60_000);
afterAll(async () => {
  fs.rmSync(work, { recursive: true, force: true });
  await rig?.close();
});

const file = (name: string, text: string) => {
  const p = path.join(work, name);
  fs.writeFileSync(p, text);
  return p;
};
const mode = (p: string) => fs.statSync(p).mode & 0o777;

describe('rayanpbx ext import / export / rotate-passwords', () => {
  it('dry run: row errors by row and column, no value echoed, exit 1, nothing written', async () => {
    const before = await rig.pbx.read('pjsip.conf');
    const csv = file(
      'bad.csv',
      'number,displayName,password\r\n3001,Ok,Good-pass-3001\r\n3002,Ok,abc;defgh\r\n',
    );
    const r = await rig.cli.run('ext', 'import', 'pbx', csv, '--dry-run');
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      'create 1, update 0, delete 0, unchanged 0, conflicts 0, row errors 1',
    );
    expect(r.stdout).toMatch(/row 3, column password: must not contain ";"/);
    expect(r.stdout + r.stderr).not.toContain('abc;defgh');
    expect(await rig.pbx.read('pjsip.conf')).toBe(before);
  });

  it('import without passwords needs --out; with it, generated passwords go to a new 0600 file only', async () => {
    const csv = file('new.csv', 'number,displayName\n3001,Three One\n3002,Three Two\n');
    const refused = await rig.cli.run('ext', 'import', 'pbx', csv);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--out FILE');
    const out = path.join(work, 'generated.csv');
    const r = await rig.cli.run('ext', 'import', 'pbx', csv, '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain('verified: yes');
    expect(mode(out)).toBe(0o600);
    const creds = parseCsv(fs.readFileSync(out, 'utf8')).map((x) => x.fields);
    expect(creds.map((c) => c[0])).toEqual(['number', '3001', '3002']);
    const conf = await rig.pbx.read('pjsip.conf');
    for (const [n, pw] of creds.slice(1)) {
      expect(getExtensionSecret(conf, n!)).toBe(pw);
      expect(r.stdout + r.stderr).not.toContain(pw!);
    }
    // Never an existing file: the second import refuses before changing anything.
    const again = await rig.cli.run(
      'ext',
      'import',
      'pbx',
      file('more.csv', 'number\n3003\n'),
      '--out',
      out,
    );
    expect(again.code).toBe(1);
    expect(again.stderr).toContain('already exists');
    expect(await rig.pbx.read('pjsip.conf')).toBe(conf);
  });

  it('export: CSV on stdout without passwords; with passwords only to a new 0600 file; import of it is unchanged', async () => {
    const plain = await rig.cli.run('ext', 'export', 'pbx');
    expect(plain.code).toBe(0);
    expect(plain.stdout.split('\r\n')[0]).toBe(
      'number,displayName,context,codecs,maxContacts,transport,natFriendly,qualifyFrequency,enabled,managed',
    );
    expect(await rig.cli.run('ext', 'export', 'pbx', '--with-passwords')).toMatchObject({
      code: 2,
    });
    const out = path.join(work, 'export.json');
    const r = await rig.cli.run('ext', 'export', 'pbx', '--json', '--with-passwords', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toBe('');
    expect(mode(out)).toBe(0o600);
    const back = await rig.cli.run(
      'ext',
      'import',
      'pbx',
      out,
      '--dry-run',
      '--update',
      '--delete-missing',
    );
    expect(back.code).toBe(0);
    expect(back.stdout).toContain(
      'create 0, update 0, delete 0, unchanged 2, conflicts 0, row errors 0',
    );
  });

  it('rotate-passwords: new credentials only in the 0600 file, and what Asterisk loaded', async () => {
    const before = await rig.pbx.read('pjsip.conf');
    const out = path.join(work, 'rotated.csv');
    const r = await rig.cli.run('ext', 'rotate-passwords', 'pbx', '--all', '--out', out);
    expect(r.code, r.stderr).toBe(0);
    expect(mode(out)).toBe(0o600);
    const creds = parseCsv(fs.readFileSync(out, 'utf8'))
      .map((x) => x.fields)
      .slice(1);
    expect(creds.map((c) => c[0]).sort()).toEqual(['3001', '3002']);
    const conf = await rig.pbx.read('pjsip.conf');
    for (const [n, pw] of creds) {
      expect(getExtensionSecret(conf, n!)).toBe(pw);
      expect(getExtensionSecret(before, n!)).not.toBe(pw);
      expect(r.stdout + r.stderr).not.toContain(pw!);
    }
    const missing = await rig.cli.run('ext', 'rotate-passwords', 'pbx', '3001');
    expect(missing.code).toBe(2);
  });
});
