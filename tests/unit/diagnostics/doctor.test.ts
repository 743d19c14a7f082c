import { describe, expect, it } from 'vitest';
import { AmiAuthFailedError } from '../../../src/main/core/ami/errors';
import { runDoctor } from '../../../src/main/core/diagnostics/doctor';
import { ForwardingRefusedError } from '../../../src/main/core/ssh/errors';
import type { DoctorCheck } from '../../../src/shared/types';
import { depsOf, healthyPbx, PJSIP_CONF } from './pbx-fixture';
import * as S from './samples';

const byId = (checks: DoctorCheck[]) => Object.fromEntries(checks.map((c) => [c.id, c]));

const ORDER = [
  'asterisk',
  'ami-login',
  'ssh-forwarding',
  'config-files',
  'managed-markers',
  'udp-transport',
  'dialplan-context',
  'dialplan-collisions',
  'udp-port',
  'firewall',
  'endpoint-drift',
];

describe('doctor: a healthy PBX (recorded Asterisk 22 answers)', () => {
  it('runs every check in order, reporting each as it finishes, all ok', async () => {
    const progress: string[] = [];
    const checks = await runDoctor(depsOf(healthyPbx()), (c) => progress.push(c.id));
    expect(progress).toEqual(ORDER);
    expect(checks.map((c) => c.id)).toEqual(ORDER);
    for (const c of checks)
      expect({ id: c.id, level: c.level, detail: c.detail }).toMatchObject({ level: 'ok' });
    const c = byId(checks);
    expect(c['asterisk']?.detail).toBe('Asterisk 22.10.1 (AMI 11.0.0)');
    expect(c['udp-transport']?.detail).toBe(
      'transport-udp: udp 127.0.0.1:5060 (configured and live)',
    );
    expect(c['dialplan-context']?.detail).toBe('from-internal loaded in the dialplan');
    expect(c['udp-port']?.detail).toContain('127.0.0.1:5060');
    expect(c['firewall']?.detail).toBe('ufw lets SIP 5060/udp and RTP 10000–20000/udp in');
    expect(c['endpoint-drift']?.detail).toBe('2 endpoints configured, all live');
  });
});

describe('doctor: failures, each with a hint', () => {
  it('no UDP transport: fails and says how to add one', async () => {
    const pbx = healthyPbx();
    pbx.files['/etc/asterisk/pjsip.conf'] = PJSIP_CONF.replace(/\[transport-udp\][\s\S]*?\n\n/, '');
    const ami = pbx.ami as Exclude<typeof pbx.ami, Error>;
    pbx.ami = {
      ...ami,
      command: async () => S.pjsipShowTransports().filter((l) => !/transport-udp/.test(l)),
    };
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['udp-transport']).toMatchObject({
      level: 'fail',
      detail: 'pjsip.conf has no UDP transport',
    });
    expect(c['udp-transport']?.hint).toMatch(/transport ensure|protocol = udp/);
    expect(c['udp-port']?.level).toBe('skip');
  });

  it('a configured transport Asterisk did not load: fails, pointing at the log and a restart', async () => {
    const pbx = healthyPbx();
    const ami = pbx.ami as Exclude<typeof pbx.ami, Error>;
    pbx.ami = { ...ami, command: async () => ['', 'Objects found: 0', ''] };
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['udp-transport']?.level).toBe('fail');
    expect(c['udp-transport']?.detail).toContain('transport-udp configured but not live');
    expect(c['udp-transport']?.hint).toMatch(/restart/);
  });

  it('dialplan context missing: fails and names the context', async () => {
    const pbx = healthyPbx();
    pbx.files['/etc/asterisk/extensions.conf'] = '[general]\nstatic=yes\n';
    const ami = pbx.ami as Exclude<typeof pbx.ami, Error>;
    pbx.ami = {
      ...ami,
      listAction: async (name, fields) => {
        // What Asterisk answers for an unknown context (pbx.c: "Did not find context …").
        if (name === 'ShowDialPlan')
          throw new Error(
            `AMI action 'ShowDialPlan' failed: Did not find context ${fields?.Context}`,
          );
        return ami.listAction(name, fields);
      },
    };
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['dialplan-context']).toMatchObject({
      level: 'fail',
      detail: 'not in the live dialplan: from-internal',
    });
    expect(c['dialplan-context']?.hint).toContain('Add [from-internal] to extensions.conf');
  });

  it('context in the file but not loaded: the hint says to reload and read the log', async () => {
    const pbx = healthyPbx();
    const ami = pbx.ami as Exclude<typeof pbx.ami, Error>;
    pbx.ami = {
      ...ami,
      listAction: async (name, fields) =>
        name === 'ShowDialPlan' ? [] : ami.listAction(name, fields),
    };
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['dialplan-context']?.level).toBe('fail');
    expect(c['dialplan-context']?.hint).toContain('dialplan reload');
  });

  it('SSH forwarding refused: AMI login and forwarding fail with the AllowTcpForwarding fix; AMI checks skip', async () => {
    const pbx = healthyPbx();
    pbx.ami = new ForwardingRefusedError('pbx1', '127.0.0.1:5038', 'administratively prohibited');
    pbx.exec['pidof asterisk || pgrep -x asterisk'] = { code: 0, stdout: '1234\n', stderr: '' };
    const checks = await runDoctor(depsOf(pbx));
    const c = byId(checks);
    expect(c['ami-login']?.level).toBe('fail');
    expect(c['ssh-forwarding']?.level).toBe('fail');
    expect(c['ssh-forwarding']?.hint).toContain('AllowTcpForwarding');
    expect(c['asterisk']).toMatchObject({ level: 'warn' });
    expect(c['asterisk']?.detail).toContain('pid 1234');
    expect(c['dialplan-context']?.level).toBe('skip');
    expect(c['endpoint-drift']?.level).toBe('skip');
    // The checks that need no AMI still ran.
    expect(c['config-files']?.level).toBe('ok');
    expect(c['firewall']?.level).toBe('ok');
  });

  it('a forwarding probe refused by sshd ("administratively prohibited") fails with the same fix', async () => {
    const probe = async () => {
      throw new Error('(SSH) Channel open failure: administratively prohibited: open failed');
    };
    const c = byId(await runDoctor(depsOf(healthyPbx(), { probeForwarding: probe })));
    expect(c['ssh-forwarding']).toMatchObject({ level: 'fail' });
    expect(c['ssh-forwarding']?.hint).toContain('AllowTcpForwarding');
  });

  it('skips the forwarding check on a local host', async () => {
    const c = byId(await runDoctor(depsOf(healthyPbx(), { probeForwarding: null })));
    expect(c['ssh-forwarding']?.level).toBe('skip');
  });

  it('wrong AMI secret: fails pointing at manager.conf; Asterisk not running: fails with how to start it', async () => {
    const pbx = healthyPbx();
    pbx.ami = new AmiAuthFailedError('admin');
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['ami-login']?.level).toBe('fail');
    expect(c['ami-login']?.hint).toContain('manager.conf');
    expect(c['asterisk']).toMatchObject({ level: 'fail', detail: 'Asterisk is not running' });
    expect(c['asterisk']?.hint).toContain('systemctl start asterisk');
  });

  it('a pjsip.conf Asterisk cannot load (recorded broken file 40): fails naming the line', async () => {
    const { readFileSync } = await import('node:fs');
    const { TRANSCRIPTS } = await import('../live/transcripts');
    const pbx = healthyPbx();
    pbx.files['/etc/asterisk/pjsip.conf'] = readFileSync(
      `${TRANSCRIPTS}40_syntax_error_pjsip.conf.broken`,
      'utf8',
    );
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['config-files']?.level).toBe('fail');
    expect(c['config-files']?.detail).toContain('pjsip.conf line 36');
    expect(c['config-files']?.hint).toContain('keeps its previous configuration');
  });

  it('a missing config file fails naming it', async () => {
    const pbx = healthyPbx();
    pbx.files['/etc/asterisk/extensions.conf'] = null;
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['config-files']).toMatchObject({
      level: 'fail',
      detail: 'missing in /etc/asterisk: extensions.conf',
    });
    expect(c['config-files']?.hint).toBeTruthy();
  });

  it('unbalanced managed markers fail with the marker problem', async () => {
    const pbx = healthyPbx();
    pbx.files['/etc/asterisk/pjsip.conf'] =
      `${PJSIP_CONF}\n; BEGIN MANAGED - Extension 1003\n[1003]\ntype = endpoint\n`;
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['managed-markers']?.level).toBe('fail');
    expect(c['managed-markers']?.detail).toContain('1003');
    expect(c['managed-markers']?.hint).toContain('END MANAGED');
  });

  it('nothing listening on the SIP port fails', async () => {
    const pbx = healthyPbx();
    pbx.exec['ss -lun'] = { code: 0, stdout: S.SS_LUN_NOTHING, stderr: '' };
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['udp-port']).toMatchObject({
      level: 'fail',
      detail: 'nothing listens on UDP 127.0.0.1:5060 (transport-udp)',
    });
  });

  it('a firewall that blocks SIP fails with the exact command for that tool', async () => {
    const pbx = healthyPbx();
    pbx.exec['ufw status verbose'] = { code: 0, stdout: S.UFW_SIP_LAN_ONLY, stderr: '' };
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['firewall']?.level).toBe('fail');
    expect(c['firewall']?.detail).toContain('SIP 5060/udp is blocked');
    expect(c['firewall']?.detail).toContain('RTP 10000–20000/udp is blocked');
    expect(c['firewall']?.hint).toBe(
      'Run on the PBX: sudo ufw allow 5060/udp && sudo ufw allow 10000:20000/udp',
    );
  });

  it('uses nft when ufw is inactive, and iptables when only it exists', async () => {
    const pbx = healthyPbx();
    pbx.exec['tools'] = { code: 0, stdout: 'ufw\nnft\n', stderr: '' };
    pbx.exec['ufw status verbose'] = { code: 0, stdout: S.UFW_INACTIVE, stderr: '' };
    pbx.exec['nft list ruleset'] = { code: 0, stdout: S.NFT_NO_RTP, stderr: '' };
    let c = byId(await runDoctor(depsOf(pbx)));
    expect(c['firewall']?.level).toBe('fail');
    expect(c['firewall']?.detail).toMatch(/^nftables: RTP 10000–20000\/udp is blocked/);
    expect(c['firewall']?.hint).toContain(
      'sudo nft insert rule inet filter input udp dport { 5060, 10000-20000 } accept',
    );

    pbx.exec['tools'] = { code: 0, stdout: 'iptables\n', stderr: '' };
    pbx.exec['iptables -S'] = { code: 0, stdout: S.IPTABLES_BLOCKED, stderr: '' };
    c = byId(await runDoctor(depsOf(pbx)));
    expect(c['firewall']?.level).toBe('fail');
    expect(c['firewall']?.detail).toContain('only 5001 of 10001 RTP ports are open');
    expect(c['firewall']?.hint).toContain('iptables -I INPUT -p udp --dport 5060 -j ACCEPT');
  });

  it('firewall rules readable only as root: warns and says to enable sudo', async () => {
    const pbx = healthyPbx();
    pbx.exec['ufw status verbose'] = {
      code: 1,
      stdout: '',
      stderr: 'ERROR: You need to be root to run this script',
    };
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['firewall']).toMatchObject({ level: 'warn' });
    expect(c['firewall']?.hint).toContain('sudo');
  });

  it('lists the drift between pjsip.conf and what Asterisk runs', async () => {
    const pbx = healthyPbx();
    pbx.files['/etc/asterisk/pjsip.conf'] =
      `${PJSIP_CONF}\n[1003]\ntype = endpoint\ncontext = from-internal\n`;
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['endpoint-drift']).toMatchObject({
      level: 'fail',
      detail: 'in pjsip.conf but not live: 1003',
    });
    expect(c['endpoint-drift']?.hint).toContain('reload');
  });

  it('follows #include for endpoints, and warns about live endpoints in no file', async () => {
    const pbx = healthyPbx();
    const [head] = PJSIP_CONF.split('; ---- 1002 ----');
    pbx.files['/etc/asterisk/pjsip.conf'] = `${head}#include pjsip_1002.conf\n`;
    pbx.files['/etc/asterisk/pjsip_1002.conf'] =
      `[1002]\ntype = endpoint\ncontext = from-internal\n`;
    expect(byId(await runDoctor(depsOf(pbx)))['endpoint-drift']?.level).toBe('ok');
    pbx.files['/etc/asterisk/pjsip_1002.conf'] = '';
    const c = byId(await runDoctor(depsOf(pbx)));
    expect(c['endpoint-drift']).toMatchObject({
      level: 'warn',
      detail: 'live but not in pjsip.conf: 1002',
    });
  });

  it('every fail and warn carries a hint', async () => {
    const pbx = healthyPbx();
    pbx.ami = new Error('connect ECONNREFUSED');
    pbx.files['/etc/asterisk/pjsip.conf'] = '';
    pbx.exec['ss -lun'] = { code: 127, stdout: '', stderr: 'sh: ss: not found' };
    const checks = await runDoctor(depsOf(pbx));
    const bad = checks.filter((c) => c.level === 'fail' || c.level === 'warn');
    expect(bad.length).toBeGreaterThan(2);
    for (const c of bad) expect(c.hint, c.id).toBeTruthy();
  });
});
