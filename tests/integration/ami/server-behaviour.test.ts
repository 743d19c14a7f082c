import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reloadModule } from '../../../src/main/core/ami/actions/core';
import { showContacts, showEndpoints } from '../../../src/main/core/ami/actions/pjsip';
import { AmiClient } from '../../../src/main/core/ami/client';
import { amiGet } from '../../../src/main/core/ami/message';
import { AmiTestServer } from '../../support/ami-server/server';
import { tempConfigDir } from '../../support/ami-server/fixture-dir';
import { generatePjsipConf } from '../../support/generate-conf';

/**
 * What the test AMI server does beyond the recordings, as the rest of the suite relies on it:
 * config re-read on reload with Asterisk's rules for transports, contacts, reload cost, latency.
 */

function connect(server: AmiTestServer, events = false): Promise<AmiClient> {
  return AmiClient.connect(() => Promise.resolve(net.connect(server.port, '127.0.0.1')), {
    username: 'admin',
    secret: 'amipass',
    events,
    heartbeatIntervalMs: 0,
    actionTimeoutMs: 10_000,
  });
}

const BASE = `[transport-udp]
type=transport
protocol=udp
bind=0.0.0.0:5060

[1001]
type=endpoint
context=from-internal
disallow=all
allow=ulaw
transport=transport-udp
aors=1001
auth=1001

[1001]
type=auth
auth_type=userpass
username=1001
password=secret1001

[1001]
type=aor
max_contacts=1
remove_existing=yes
`;

describe('test AMI server: config reloads', () => {
  let server: AmiTestServer;
  let cfg: ReturnType<typeof tempConfigDir>;
  let client: AmiClient;
  beforeAll(async () => {
    cfg = tempConfigDir({ 'pjsip.conf': BASE });
    server = await AmiTestServer.start({ configDir: cfg.dir });
    client = await connect(server);
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
    cfg.cleanup();
  });

  it('applies NAT settings of a transport on reload, but keeps its bind and protocol (not reloadable)', async () => {
    cfg.write(
      'pjsip.conf',
      BASE.replace(
        'bind=0.0.0.0:5060',
        'bind=0.0.0.0:5070\nexternal_media_address=203.0.113.7\nexternal_signaling_address=203.0.113.7\nlocal_net=192.168.0.0/16\nlocal_net=10.0.0.0/8',
      ),
    );
    await reloadModule(client, 'res_pjsip.so');
    const t = (await client.showEndpoint('1001'))!.transports[0]!;
    expect(t['ExternalMediaAddress']).toBe('203.0.113.7');
    expect(t['ExternalSignalingAddress']).toBe('203.0.113.7');
    expect(t['LocalNet']).toBe('192.168.0.0/255.255.0.0,10.0.0.0/255.0.0.0');
    expect(t['Bind']).toBe('0.0.0.0:5060');
    const out = await client.command('pjsip show transports');
    expect(out).toContain('Transport:  transport-udp             udp      0      0  0.0.0.0:5060');
    expect(out[1]).toBe(
      'Transport:  <TransportId........>  <Type>  <cos>  <tos>  <BindAddress....................>',
    );
  });

  it('rebinds on reload when the transport has allow_reload=yes', async () => {
    cfg.write(
      'pjsip.conf',
      BASE.replace('bind=0.0.0.0:5060', 'bind=0.0.0.0:5070\nallow_reload=yes'),
    );
    await reloadModule(client, 'res_pjsip');
    cfg.write(
      'pjsip.conf',
      BASE.replace('bind=0.0.0.0:5060', 'bind=0.0.0.0:5080\nallow_reload=yes'),
    );
    await reloadModule(client, 'res_pjsip');
    expect((await client.showEndpoint('1001'))!.transports[0]!['Bind']).toBe('0.0.0.0:5080');
  });

  it('creates a new endpoint on reload, and removes a deleted one with its contacts', async () => {
    cfg.write(
      'pjsip.conf',
      BASE +
        BASE.replace(
          '[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0:5060\n',
          '',
        ).replaceAll('1001', '1005'),
    );
    await reloadModule(client, 'res_pjsip.so');
    expect((await showEndpoints(client)).map((e) => e.name)).toEqual(['1001', '1005']);
    server.register('1005');
    expect((await showContacts(client)).map((c) => c.aor)).toEqual(['1005']);
    cfg.write('pjsip.conf', BASE);
    await reloadModule(client, 'res_pjsip.so');
    expect((await showEndpoints(client)).map((e) => e.name)).toEqual(['1001']);
    expect(await showContacts(client)).toEqual([]);
    expect(await client.showEndpoint('1005')).toBeNull();
  });

  it('keeps the previous endpoint when an edit has a bad value, and says nothing about it over AMI', async () => {
    cfg.write('pjsip.conf', BASE.replace('context=from-internal', 'context=other-context'));
    await reloadModule(client, 'res_pjsip.so');
    expect((await client.showEndpoint('1001'))!.endpoint['Context']).toBe('other-context');
    cfg.write(
      'pjsip.conf',
      BASE.replace('context=from-internal', 'context=edited\ndtmf_mode=banana'),
    );
    const res = await reloadModule(client, 'res_pjsip.so');
    expect(res.message).toBe('Module Reloaded');
    expect((await client.showEndpoint('1001'))!.endpoint['Context']).toBe('other-context');
    expect(server.reloadReports.at(-1)!.log.join('\n')).toContain(
      "Retaining existing configuration for object of type 'endpoint' with id '1001'",
    );
  });

  it('replaces the existing contact when the AOR has remove_existing=yes and is full', async () => {
    cfg.write('pjsip.conf', BASE);
    await reloadModule(client, 'res_pjsip.so');
    server.register('1001', { viaAddr: '192.0.2.1', viaPort: 5060 });
    server.register('1001', { viaAddr: '192.0.2.2', viaPort: 5062 });
    const contacts = await showContacts(client);
    expect(contacts.map((c) => `${c.viaAddr}:${c.viaPort}`)).toEqual(['192.0.2.2:5062']);
    server.expire('1001');
  });
});

describe('test AMI server: costs (for benchmarks)', () => {
  it('makes a res_pjsip reload cost what the real Asterisk 22 needed (4.7 s for 10,000 new endpoints, 1.8 s unchanged), times the time scale', async () => {
    // Lower bounds only: the model's figures are checked exactly in tests/unit/ami/reload-cost;
    // here that the server really takes that long (a loaded machine only adds to it).
    const scale = 0.25;
    const cfg = tempConfigDir();
    const server = await AmiTestServer.start({ configDir: cfg.dir, reloadTimeScale: scale });
    const client = await connect(server);
    try {
      const time = async (): Promise<number> => {
        const t0 = performance.now();
        await reloadModule(client, 'res_pjsip.so');
        return performance.now() - t0;
      };
      const small = await time();
      expect(small).toBeLessThan(1000);
      cfg.write('pjsip.conf', generatePjsipConf(10_000));
      expect(await time()).toBeGreaterThan(4_700 * scale * 0.95);
      expect(await time()).toBeGreaterThan(1_800 * scale * 0.95);
      expect(server.reloadCounts.get('res_pjsip.so')).toBe(3);
    } finally {
      await client.close();
      await server.stop();
      cfg.cleanup();
    }
  }, 60_000);

  it('injects a round-trip latency per action that pipelined actions share, like a real link', async () => {
    const cfg = tempConfigDir();
    const server = await AmiTestServer.start({ configDir: cfg.dir, latencyMs: 20 });
    const client = await connect(server);
    try {
      const t0 = performance.now();
      await client.action('Ping');
      const one = performance.now() - t0;
      expect(one).toBeGreaterThanOrEqual(19);
      const t1 = performance.now();
      const answers = await Promise.all(Array.from({ length: 50 }, () => client.action('Ping')));
      const fifty = performance.now() - t1;
      expect(answers.every((a) => amiGet(a, 'Ping') === 'Pong')).toBe(true);
      expect(fifty).toBeLessThan(20 * 5);
      const t2 = performance.now();
      for (let i = 0; i < 5; i++) await client.action('Ping');
      expect(performance.now() - t2).toBeGreaterThanOrEqual(5 * 19);
    } finally {
      await client.close();
      await server.stop();
      cfg.cleanup();
    }
  });
});

describe('test AMI server: call flows beyond the recordings', () => {
  let server: AmiTestServer;
  let cfg: ReturnType<typeof tempConfigDir>;
  let client: AmiClient;
  const events: Array<{
    name: string;
    msg: import('../../../src/main/core/ami/message').AmiMessage;
  }> = [];
  beforeAll(async () => {
    cfg = tempConfigDir();
    server = await AmiTestServer.start({ configDir: cfg.dir });
    server.register('1001');
    server.register('1002');
    client = await connect(server, true);
    client.on('event', (msg, name) => events.push({ name, msg }));
  });
  afterAll(async () => {
    await client.close();
    await server.stop();
    cfg.cleanup();
  });

  async function settle(): Promise<void> {
    await client.action('Ping');
  }

  function summary(): string[] {
    const out: string[] = [];
    for (const { name, msg } of events.splice(0)) {
      if (name === 'DialEnd') out.push(`DialEnd ${amiGet(msg, 'DialStatus')}`);
      if (name === 'Hangup')
        out.push(`Hangup ${amiGet(msg, 'Channel')!.replace(/-\w+$/, '')} ${amiGet(msg, 'Cause')}`);
      if (name === 'Cdr') out.push(`Cdr ${amiGet(msg, 'Disposition')}`);
      if (name === 'OriginateResponse') out.push(`OriginateResponse ${amiGet(msg, 'Response')}`);
    }
    return out;
  }

  it('answered, then the caller hangs up: DialEnd ANSWER, Cdr ANSWERED, both channels gone', async () => {
    const call = server.ring('1001', '1002');
    server.answer(call.id);
    expect(await client.listAction('CoreShowChannels')).toHaveLength(2);
    server.hangup(call.id, { by: 'caller' });
    await settle();
    expect(summary()).toEqual([
      'DialEnd ANSWER',
      'Cdr ANSWERED',
      'Hangup PJSIP/1001 16',
      'Hangup PJSIP/1002 16',
    ]);
    expect(await client.listAction('CoreShowChannels')).toEqual([]);
    expect((await showEndpoints(client)).map((e) => e.deviceState)).toEqual([
      'Not in use',
      'Not in use',
    ]);
  });

  it('declined while ringing: DialEnd BUSY, Cdr BUSY, cause 17', async () => {
    const call = server.ring('1001', '1002');
    server.hangup(call.id, { by: 'callee' });
    await settle();
    expect(summary()).toEqual([
      'Hangup PJSIP/1002 17',
      'DialEnd BUSY',
      'Cdr BUSY',
      'Hangup PJSIP/1001 17',
    ]);
  });

  it('an originate that is answered and then hung up: OriginateResponse Success, Hangup 16', async () => {
    const call = server.originate('1001', { exten: '1002', callerId: '"AMI" <999>' });
    expect((await showEndpoints(client))[0]!.deviceState).toBe('Ringing');
    server.answer(call.id);
    expect((await showEndpoints(client))[0]!.deviceState).toBe('In use');
    server.hangup(call.id);
    await settle();
    expect(summary()).toEqual([
      'DialEnd ANSWER',
      'OriginateResponse Success',
      'Hangup PJSIP/1001 16',
    ]);
  });
});
