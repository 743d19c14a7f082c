import { readFileSync } from 'node:fs';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { listManagedBlocks, removeManagedBlock } from '../../../src/main/core/config/managed';
import type { PjsipState } from '../../support/ami-server/pjsip-model';
import { startPbxHost, type PbxHost } from '../../support/pbx-host';
import { startSshd, type SshdHandle } from '../../support/sshd';

const OFFICE = readFileSync(
  new URL('../../fixtures/conf/adopt/office-pjsip.conf', import.meta.url),
  'utf8',
);
const officeOn = (port: number) => OFFICE.replace('bind=0.0.0.0:5060', `bind=127.0.0.1:${port}`);

let sshd: SshdHandle;
let host: PbxHost | null = null;

beforeAll(async () => {
  sshd = await startSshd();
});
afterEach(async () => {
  await host?.close();
  host = null;
});
afterAll(async () => {
  await sshd?.stop();
});

/** Everything the test AMI server reports for an endpoint's configuration, secrets included. */
function liveObjects(state: PjsipState, number: string) {
  const ep = state.endpoints.get(number);
  if (!ep) return null;
  return {
    endpoint: ep.detail,
    auths: ep.auths.map((a) => state.auths.get(a)?.fields),
    aors: ep.aors.map((a) => state.aors.get(a)?.fields),
  };
}

function withoutBlocks(text: string): string {
  let out = text;
  for (const b of listManagedBlocks(text)) out = removeManagedBlock(out, b.id);
  return out;
}

async function cli(h: PbxHost, ...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, () =>
    h.reopen(),
  );
  return { code, stdout: out.join('\n'), stderr: err.join('\n') };
}

describe('adopt through sshd and the AMI tunnel', () => {
  it('dry run: the diff of both files, nothing written, nothing reloaded, no password shown', async () => {
    host = await startPbxHost(sshd, { pjsip: officeOn });
    const before = await host.pbx.read('pjsip.conf');
    const reloads = host.ami.reloadReports.length;
    const r = await cli(host, 'ext', 'adopt', host.name, '--all', '--dry-run');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Would adopt 2001, 2002');
    expect(r.stdout).toContain('templates written out: phone-tpl, aor-tpl');
    expect(r.stdout).toContain('other option: endpoint dtmf_mode=info');
    expect(r.stdout).toContain(`--- ${host.pbx.path('pjsip.conf')} (now)`);
    expect(r.stdout).toContain(`--- ${host.pbx.path('extensions.conf')} (now)`);
    expect(r.stdout).toContain('+; BEGIN MANAGED - Extension 2001');
    expect(r.stdout).toContain('-[2001](phone-tpl) ; front desk');
    expect(r.stdout).toContain('password=********');
    expect(r.stdout).not.toContain('alice-secret');
    expect(r.stdout).not.toContain('bob\\;semi');
    expect(await host.pbx.read('pjsip.conf')).toBe(before);
    expect(host.ami.reloadReports.length).toBe(reloads);
  });

  it('adopts: one verified reload, live objects equal before and after, bytes outside kept', async () => {
    host = await startPbxHost(sshd, { pjsip: officeOn });
    const original = await host.pbx.read('pjsip.conf');
    const liveBefore = ['2001', '2002'].map((n) => liveObjects(host!.ami.pjsip, n));
    expect(liveBefore.every(Boolean)).toBe(true);
    const rows0 = await host.fleet.listExtensions(host.name);
    expect(rows0.map((r) => [r.number, r.managed])).toEqual([
      ['2001', false],
      ['2002', false],
    ]);
    const reloads = host.ami.reloadReports.length;

    const r = await host.fleet.adoptExtensions(host.name, 'all');
    expect(r.refused).toEqual([]);
    expect(r.apply).toMatchObject({ reloaded: true, verified: true, rolledBack: false });
    expect(r.apply!.reloadedModules).toContain('res_pjsip.so');
    expect(host.ami.reloadReports.length).toBeGreaterThan(reloads);

    const after = await host.pbx.read('pjsip.conf');
    expect(listManagedBlocks(after).map((b) => b.id)).toEqual(['Extension 2001', 'Extension 2002']);
    // Reloaded from the new file, the server reports exactly the same objects (password too).
    expect(['2001', '2002'].map((n) => liveObjects(host!.ami.pjsip, n))).toEqual(liveBefore);
    // Outside the moved sections, the hand-written file is what it was.
    const kept = original.split('\n');
    const remaining = withoutBlocks(after);
    expect(remaining).toContain('[phone-tpl](!)\ntype=endpoint\n');
    expect(remaining).toContain('; shared voicemail box: keep\n[voicemail-note]\n');
    expect(remaining).not.toContain('[2001]');
    expect(remaining.split('\n').every((l) => kept.includes(l))).toBe(true);

    const rows = await host.fleet.listExtensions(host.name);
    expect(rows.map((x) => [x.number, x.managed])).toEqual([
      ['2001', true],
      ['2002', true],
    ]);
    // Recorded in the host's audit log as a verified adopt.
    const audit = readFileSync(`${host.home}/audit/${host.name}.jsonl`, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { action: string; target: string; outcome: string });
    expect(audit.at(-1)).toMatchObject({ action: 'ext.adopt', target: 'all', outcome: 'verified' });
    // Now an ordinary managed extension: the form can change it.
    const set = await host.fleet.updateExtension(host.name, '2001', { maxContacts: 3 });
    expect(set.apply.verified).toBe(true);
    expect(host.ami.pjsip.aors.get('2001')!.maxContacts).toBe(3);
    expect(host.ami.pjsip.endpoints.get('2001')!.detail).toEqual(liveBefore[0]!.endpoint);
  });

  it('a file edited but not reloaded: the adopt would change the live object, so it rolls back naming the field', async () => {
    host = await startPbxHost(sshd, { pjsip: officeOn });
    const live = liveObjects(host.ami.pjsip, '2002');
    // Someone changed Bob's file without reloading: the adopt's reload would apply that too.
    const edited = (await host.pbx.read('pjsip.conf')).replace(
      'callerid="Bob" <2002>\n',
      'callerid="Bob" <2002>\ndtmf_mode=inband\n',
    );
    await host.pbx.write('pjsip.conf', edited);

    const r = await host.fleet.adoptExtensions(host.name, ['2002']);
    expect(r.apply).toMatchObject({ reloaded: true, verified: false, rolledBack: true });
    expect(r.apply!.mismatches).toEqual(['endpoint 2002 DtmfMode: before rfc4733, after inband']);
    expect(r.apply!.reason).toContain('DtmfMode');
    const audit = readFileSync(`${host.home}/audit/${host.name}.jsonl`, 'utf8');
    expect(audit).toContain('"outcome":"rolled-back"');
    expect(await host.pbx.read('pjsip.conf')).toBe(edited);
    // The rollback reloaded the restored file: the edit is live now, as it would be after any reload.
    expect(liveObjects(host.ami.pjsip, '2002')!.aors).toEqual(live!.aors);

    // With the edit live, the adopt changes nothing Asterisk has: it goes through.
    let c = await cli(host, 'ext', 'adopt', host.name, '2002');
    expect(c.stderr).toBe('');
    expect(c.code).toBe(0);
    expect(c.stdout).toContain('Adopted 2002');
    expect(c.stdout).toContain('verified: yes');
    // 2001 with a pending edit, from the CLI: exit 1 and the field on stderr.
    await host.pbx.write(
      'pjsip.conf',
      (await host.pbx.read('pjsip.conf')).replace('language=en\n', 'language=fr\n'),
    );
    c = await cli(host, 'ext', 'adopt', host.name, '2001');
    expect(c.code).toBe(1);
    expect(c.stderr).toContain(
      'Asterisk did not load the same objects; the previous files were restored',
    );
    expect(c.stderr).toContain('endpoint 2001 Language: before en, after fr');
  });

  it('refuses what it cannot move safely, writes nothing, and says why', async () => {
    host = await startPbxHost(sshd, {
      pjsip: (p) => `${officeOn(p)}#include extra-pjsip.conf\n#include /opt/elsewhere.conf\n`,
    });
    await host.pbx.write('extra-pjsip.conf', '[2001](+)\ntype=aor\nmax_contacts=5\n');
    const before = await host.pbx.read('pjsip.conf');
    let r = await cli(host, 'ext', 'adopt', host.name, '2001', '2002');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `Nothing adopted: 2001: pjsip.conf includes "/opt/elsewhere.conf" (line 72), which the console cannot read (it is outside ${host.pbx.dir})`,
    );
    expect(await host.pbx.read('pjsip.conf')).toBe(before);

    await host.pbx.write('pjsip.conf', before.replace('#include /opt/elsewhere.conf\n', ''));
    r = await cli(host, 'ext', 'adopt', host.name, '2001', '2002', '--json');
    expect(r.code).toBe(1);
    const out = JSON.parse(r.stdout) as { refused: unknown[]; adopted: Array<{ number: string }> };
    expect(out.refused).toEqual([
      {
        number: '2001',
        reason:
          "a section it is made of is inside the #include'd file extra-pjsip.conf (line 1: [2001](+))",
      },
    ]);
    expect(out.adopted.map((a) => a.number)).toEqual(['2002']);
    expect(await host.pbx.read('pjsip.conf')).toContain('; BEGIN MANAGED - Extension 2002');

    await host.pbx.write('pjsip.conf', `${officeOn(host.sipPort)}#exec /usr/bin/gen-phones\n`);
    r = await cli(host, 'ext', 'adopt', host.name, '--all');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      'rayanpbx: Nothing adopted: 2001: pjsip.conf runs "#exec /usr/bin/gen-phones"',
    );

    await host.pbx.write(
      'pjsip.conf',
      `${officeOn(host.sipPort)}\n[2003]\ntype=endpoint\naors=2002\n`,
    );
    r = await cli(host, 'ext', 'adopt', host.name, '2002');
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('aor [2002] is shared with endpoint [2003]');
  });
});
