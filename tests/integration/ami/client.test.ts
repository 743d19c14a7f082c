import net from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { reloadModule } from '../../../src/main/core/ami/actions/core';
import { showContacts, showEndpoints } from '../../../src/main/core/ami/actions/pjsip';
import { AmiClient, type AmiConnectOptions } from '../../../src/main/core/ami/client';
import { ReconnectingAmi } from '../../../src/main/core/ami/reconnecting';
import {
  AmiActionError,
  AmiAuthFailedError,
  AmiConnectionLostError,
  AmiPermissionDeniedError,
  AmiProtocolError,
  AmiTimeoutError,
  AmiUnknownActionError,
} from '../../../src/main/core/ami/errors';
import { amiGet } from '../../../src/main/core/ami/message';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import { AmiTestServer } from '../../support/ami-server/server';
import { tempConfigDir } from '../../support/ami-server/fixture-dir';

/**
 * The AMI client against the test AMI server over plain TCP (the SSH-tunnel variant is the
 * lead's integration). The client only ever gets a stream from the factory: it never listens.
 */

const SECRET = 'amipass';

function tcp(server: AmiTestServer): () => Promise<net.Socket> {
  return () =>
    new Promise((resolve, reject) => {
      const s = net.connect(server.port, '127.0.0.1');
      s.once('connect', () => resolve(s));
      s.once('error', reject);
    });
}

function opts(extra: Partial<AmiConnectOptions> = {}): AmiConnectOptions {
  return {
    username: 'admin',
    secret: SECRET,
    events: true,
    actionTimeoutMs: 3000,
    heartbeatIntervalMs: 0,
    ...extra,
  };
}

function nextEvent(
  client: AmiClient | ReconnectingAmi,
  name: string,
  timeoutMs = 2000,
): Promise<AmiMessage> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`no ${name} event within ${timeoutMs} ms`)),
      timeoutMs,
    );
    const on = (msg: AmiMessage, n: string): void => {
      if (n !== name) return;
      clearTimeout(timer);
      client.off('event', on);
      resolve(msg);
    };
    client.on('event', on);
  });
}

describe('AmiClient over TCP against the test AMI server', () => {
  let server: AmiTestServer;
  let cfg: ReturnType<typeof tempConfigDir>;
  const clients: Array<AmiClient | ReconnectingAmi> = [];
  const track = <T extends AmiClient | ReconnectingAmi>(c: T): T => {
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    cfg = tempConfigDir();
    server = await AmiTestServer.start({
      configDir: cfg.dir,
      authFailDelayMs: 300,
      users: { admin: SECRET, readonly: { secret: 'ro-secret', deny: ['reload', 'command'] } },
    });
  });
  afterEach(async () => {
    server.setUnresponsive(false);
    server.setAccepting(true);
    for (const c of clients.splice(0)) await c.close().catch(() => {});
  });
  afterAll(async () => {
    await server.stop();
    cfg.cleanup();
  });

  describe('login', () => {
    it('logs in with Events: on, reads the banner, and sees the login events', async () => {
      const client = track(new AmiClient());
      const seen: string[] = [];
      client.on('event', (_m, name) => seen.push(name));
      const connected = new Promise((r) => client.once('connected', r));
      await client.connect(tcp(server), opts());
      await connected;
      expect(client.connected).toBe(true);
      expect(client.banner).toBe('Asterisk Call Manager/11.0.0');
      expect(client.roundTrips).toBe(1);
      await client.action('Ping');
      expect(seen).toEqual(['FullyBooted', 'SuccessfulAuth']);
    });

    it('logs in with Events: off and then receives no events at all', async () => {
      const client = track(new AmiClient());
      const seen: string[] = [];
      client.on('event', (_m, name) => seen.push(name));
      await client.connect(tcp(server), opts({ events: false }));
      server.register('1001');
      await client.action('Ping');
      server.expire('1001');
      expect(seen).toEqual([]);
    });

    it('rejects a wrong secret with AmiAuthFailedError, without the secret in the error', async () => {
      const logs: string[] = [];
      const client = new AmiClient();
      const err = await client
        .connect(
          tcp(server),
          opts({
            secret: 'not-the-secret-123',
            log: (l, m, d) => logs.push(`${l} ${m} ${JSON.stringify(d ?? {})}`),
          }),
        )
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmiAuthFailedError);
      const text = `${(err as Error).message} ${JSON.stringify(err)} ${logs.join('\n')}`;
      expect(text).not.toContain('not-the-secret-123');
      expect(client.connected).toBe(false);
    });

    it('rejects an unknown user the same way', async () => {
      const err = await AmiClient.connect(tcp(server), opts({ username: 'nobody' })).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AmiAuthFailedError);
      expect((err as AmiAuthFailedError).code).toBe('AMI_AUTH_FAILED');
    });

    it('refuses a peer that is not AMI (no banner)', async () => {
      const fake = net.createServer((s) => s.write('SSH-2.0-OpenSSH_9.6\r\n'));
      await new Promise<void>((r) => fake.listen(0, '127.0.0.1', r));
      const port = (fake.address() as net.AddressInfo).port;
      const err = await AmiClient.connect(
        () => Promise.resolve(net.connect(port, '127.0.0.1')),
        opts(),
      ).catch((e: unknown) => e);
      fake.close();
      expect(err).toBeInstanceOf(AmiConnectionLostError);
      expect((err as Error).message).toMatch(/not an Asterisk Manager Interface/);
    });

    it('passes a failure to open the stream on as connection lost, keeping the cause', async () => {
      const cause = new Error('(SSH) Channel open failure: administratively prohibited');
      const err = await AmiClient.connect(() => Promise.reject(cause), opts()).catch(
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(AmiConnectionLostError);
      expect((err as Error).message).toContain('administratively prohibited');
      expect((err as Error & { cause?: unknown }).cause).toBe(cause);
    });
  });

  describe('actions and their errors', () => {
    it('maps an unknown action to AmiUnknownActionError', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      await expect(client.action('PJSIPReload')).rejects.toBeInstanceOf(AmiUnknownActionError);
    });

    it('maps "Permission denied" to AmiPermissionDeniedError', async () => {
      const client = track(
        await AmiClient.connect(tcp(server), opts({ username: 'readonly', secret: 'ro-secret' })),
      );
      await expect(reloadModule(client, 'res_pjsip.so')).rejects.toBeInstanceOf(
        AmiPermissionDeniedError,
      );
      await expect(client.action('Ping')).resolves.toBeDefined();
    });

    it("maps other errors to AmiActionError with Asterisk's message (no such module)", async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      const err = await reloadModule(client, 'res_nonexistent.so').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmiActionError);
      expect((err as AmiActionError).serverMessage).toBe('No such module');
    });

    it('gives Command output as lines, and an unknown CLI command as an error with its output', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      const lines = await client.command('core show version');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^Asterisk 22\.10\.1 built by/);
      const err = await client.command('pjsip frobnicate').catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmiActionError);
      expect((err as AmiActionError).serverMessage).toMatch(/^No such command 'pjsip frobnicate'/);
    });

    it('uses a new ActionID for every action', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      const answers = await Promise.all([
        client.action('Ping'),
        client.action('Ping'),
        client.action('CoreStatus'),
      ]);
      const ids = answers.map((a) => amiGet(a, 'ActionID'));
      expect(new Set(ids).size).toBe(3);
      expect(client.roundTrips).toBe(4);
    });

    it('refuses a field value with a line break (no action injection), naming the field, sending nothing', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      const before = server.actionCounts.get('command') ?? 0;
      const err = await client
        .command('core show version\r\nAction: Reload')
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmiProtocolError);
      expect((err as Error).message).toContain("'Command'");
      expect((err as Error).message).not.toContain('Reload');
      expect(server.actionCounts.get('command') ?? 0).toBe(before);
    });
  });

  describe('list actions', () => {
    it('collects PJSIPShowEndpoints into typed endpoints', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      const eps = await showEndpoints(client);
      expect(eps.map((e) => e.name)).toEqual(['1001', '1002']);
      expect(eps[0]).toMatchObject({
        transport: 'transport-udp',
        aors: ['1001'],
        auths: ['1001'],
        deviceState: 'Unavailable',
      });
    });

    it('reads "No Contacts found" as an empty list, then sees a registered phone', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      expect(await showContacts(client)).toEqual([]);
      server.register('1001', { viaAddr: '192.0.2.10', viaPort: 5062, userAgent: 'Zoiper 5' });
      try {
        const contacts = await showContacts(client);
        expect(contacts).toHaveLength(1);
        expect(contacts[0]).toMatchObject({
          aor: '1001',
          endpoint: '1001',
          viaAddr: '192.0.2.10',
          viaPort: 5062,
          userAgent: 'Zoiper 5',
          status: 'NonQualified',
          roundtripUsec: null,
        });
      } finally {
        server.expire('1001');
      }
    });

    it('reads the other documented "nothing found" errors as empty lists, and nothing else', async () => {
      const empty = tempConfigDir({ 'pjsip.conf': '[global]\ntype=global\n' });
      const bare = await AmiTestServer.start({ configDir: empty.dir });
      try {
        const client = track(await AmiClient.connect(tcp(bare), opts()));
        expect(await client.listAction('PJSIPShowEndpoints')).toEqual([]);
        expect(await client.listAction('PJSIPShowAors')).toEqual([]);
        expect(await client.listAction('PJSIPShowAuths')).toEqual([]);
        expect(await client.listAction('PJSIPShowResourceLists')).toEqual([]);
        expect(await showEndpoints(client)).toEqual([]);
        // The same kind of error on a non-list reading stays an error:
        await expect(client.action('PJSIPShowContacts')).rejects.toBeInstanceOf(AmiActionError);
      } finally {
        await bare.stop();
        empty.cleanup();
      }
    });

    it('returns an endpoint with its auth, aor and transport — and never the SIP password', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      const raw = await client.listAction('PJSIPShowEndpoint', { Endpoint: '1001' });
      expect(raw.map((m) => amiGet(m, 'Event'))).toEqual([
        'EndpointDetail',
        'AuthDetail',
        'TransportDetail',
        'AorDetail',
      ]);
      const d = await client.showEndpoint('1001');
      expect(d).not.toBeNull();
      expect(d!.endpoint['Context']).toBe('from-internal');
      expect(d!.endpoint['Allow']).toBe('(ulaw|alaw)');
      expect(d!.auths[0]!['Username']).toBe('1001');
      expect(d!.aors[0]!['MaxContacts']).toBe('1');
      expect(d!.transports[0]!['Bind']).toBe('127.0.0.1:5060');
      expect(d!.auths[0]).not.toHaveProperty('Password');
      expect(JSON.stringify(d) + JSON.stringify(raw)).not.toContain('pw1001secret');
      expect(JSON.stringify(await client.listAction('PJSIPShowAuths'))).not.toContain('pw100');
    });

    it('returns null for an endpoint Asterisk does not have', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      expect(await client.showEndpoint('9999')).toBeNull();
    });

    it('returns the live dialplan of a context, and null for a context that is not loaded', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      const dp = await client.showDialPlan('from-internal');
      expect(dp!.map((e) => `${e.extension},${e.priority},${e.application}`)).toEqual([
        '600,1,Answer',
        '600,2,Echo',
        '600,3,Hangup',
        '_1XXX,1,Dial',
        '_1XXX,2,Hangup',
      ]);
      expect(await client.showDialPlan('no-such-context')).toBeNull();
      expect(await client.action('Ping')).toBeDefined();
    });

    it('collects 10,000 items of one list', async () => {
      const big = tempConfigDir({
        'pjsip.conf': Array.from(
          { length: 10_000 },
          (_, i) => `[${20000 + i}]\ntype=endpoint\ncontext=from-internal\n`,
        ).join('\n'),
      });
      const bigServer = await AmiTestServer.start({ configDir: big.dir });
      try {
        const client = track(await AmiClient.connect(tcp(bigServer), opts()));
        const eps = await showEndpoints(client);
        expect(eps).toHaveLength(10_000);
        expect(eps[9999]!.name).toBe('29999');
      } finally {
        await bigServer.stop();
        big.cleanup();
      }
    });
  });

  describe('events', () => {
    it('emits unsolicited events typed by name, in order', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      const names: string[] = [];
      client.on('event', (_m, n) => names.push(n));
      const status = nextEvent(client, 'ContactStatus');
      server.register('1002');
      const msg = await status;
      expect(amiGet(msg, 'ContactStatus')).toBe('NonQualified');
      expect(amiGet(msg, 'AOR')).toBe('1002');
      expect(names).toEqual([
        'ChallengeSent',
        'SuccessfulAuth',
        'DeviceStateChange',
        'PeerStatus',
        'ContactStatus',
      ]);
      server.expire('1002');
    });

    it('consumes the Reload event of its own reloadModule, but not the Reload of someone else', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      const other = track(await AmiClient.connect(tcp(server), opts({ events: false })));
      const reloads: string[] = [];
      client.on('event', (m, n) => {
        if (n === 'Reload') reloads.push(amiGet(m, 'Module') ?? '');
      });
      const res = await reloadModule(client, 'res_pjsip.so');
      expect(res).toEqual({ module: 'res_pjsip.so', message: 'Module Reloaded' });
      await other.command('module reload res_pjsip.so');
      await client.action('Ping');
      expect(reloads).toEqual(['res_pjsip.so']);
    });

    it('reloads pjsip.conf and extensions.conf in one round trip, and names a module that failed', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      const before = client.roundTrips;
      const lines = await client.reloadModules(['res_pjsip.so', 'pbx_config.so']);
      expect(lines).toEqual([
        "Module 'res_pjsip.so' reloaded successfully.",
        "Module 'pbx_config.so' reloaded successfully.",
      ]);
      expect(client.roundTrips - before).toBe(1);
      const err = await client
        .reloadModules(['res_pjsip.so', 'res_nonexistent.so'])
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmiActionError);
      expect((err as Error).message).toContain("No such module 'res_nonexistent.so'");
    });

    it('emits OriginateResponse (an event carrying an ActionID) as an event', async () => {
      server.register('1001');
      const client = track(await AmiClient.connect(tcp(server), opts()));
      const ringing = nextEvent(client, 'DialState');
      await client.action('Originate', {
        Channel: 'PJSIP/1001',
        Context: 'from-internal',
        Exten: '1002',
        Priority: 1,
        CallerID: '"AMI" <999>',
        Async: true,
      });
      const dial = await ringing;
      const responded = nextEvent(client, 'OriginateResponse');
      await client.action('Hangup', { Channel: amiGet(dial, 'DestChannel')! });
      expect(amiGet(await responded, 'Response')).toBe('Failure');
      server.expire('1001');
    });
  });

  describe('timeouts, heartbeat and disconnects', () => {
    it('times out an unanswered action with AmiTimeoutError', async () => {
      const client = track(await AmiClient.connect(tcp(server), opts()));
      server.setUnresponsive(true);
      const t0 = Date.now();
      const err = await client
        .action('Ping', undefined, { timeoutMs: 150 })
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AmiTimeoutError);
      expect(Date.now() - t0).toBeGreaterThanOrEqual(140);
      expect(client.connected).toBe(true);
    });

    it('declares the connection lost when a heartbeat Ping goes unanswered', async () => {
      const client = track(
        await AmiClient.connect(
          tcp(server),
          opts({ heartbeatIntervalMs: 50, heartbeatTimeoutMs: 100 }),
        ),
      );
      const lost = new Promise<AmiConnectionLostError>((r) => client.once('disconnected', r));
      server.setUnresponsive(true);
      const err = await lost;
      expect(err.message).toMatch(/heartbeat/);
      expect(client.connected).toBe(false);
    });

    it('does not mistake a long Reload (answered in order, after seconds) for a dead link', async () => {
      server.setReloadCost(() => 400);
      try {
        const client = track(
          await AmiClient.connect(
            tcp(server),
            opts({ heartbeatIntervalMs: 50, heartbeatTimeoutMs: 100 }),
          ),
        );
        let lost = false;
        client.on('disconnected', () => (lost = true));
        await reloadModule(client, 'res_pjsip.so');
        expect(lost).toBe(false);
        expect(client.connected).toBe(true);
      } finally {
        server.setReloadCost('realistic');
      }
    });

    it('fails pending actions when the connection drops, and sends nothing again later', async () => {
      server.setReloadCost(() => 400);
      try {
        const client = track(await AmiClient.connect(tcp(server), opts()));
        const before = server.actionCounts.get('reload') ?? 0;
        const pending = reloadModule(client, 'res_pjsip.so').catch((e: unknown) => e);
        await new Promise((r) => setTimeout(r, 50));
        server.dropConnections();
        const err = await pending;
        expect(err).toBeInstanceOf(AmiConnectionLostError);
        expect((err as Error).message).toContain("'Reload'");
        await expect(client.action('Ping')).rejects.toBeInstanceOf(AmiConnectionLostError);
        await client.connect(tcp(server), opts());
        await client.action('Ping');
        expect(server.actionCounts.get('reload') ?? 0).toBe(before + 1);
      } finally {
        server.setReloadCost('realistic');
      }
    });
  });

  describe('ReconnectingAmi', () => {
    it('reconnects with backoff after the AMI connection drops, logs in again and says "reconnected"', async () => {
      const delays: number[] = [];
      const ami = track(
        new ReconnectingAmi(tcp(server), { ...opts(), backoff: { initialMs: 20, maxMs: 80 } }),
      );
      ami.on('connect-failed', (_e, _n, d) => delays.push(d));
      await ami.start();
      const lost = new Promise((r) => ami.once('disconnected', r));
      const back = new Promise<{ attempts: number }>((r) => ami.once('reconnected', r));
      server.setAccepting(false);
      server.dropConnections();
      await lost;
      expect(ami.connected).toBe(false);
      await expect(showContacts(ami)).rejects.toBeInstanceOf(AmiConnectionLostError);
      await new Promise((r) => setTimeout(r, 250));
      server.setAccepting(true);
      const info = await back;
      expect(info.attempts).toBeGreaterThanOrEqual(2);
      expect(delays.length).toBeGreaterThanOrEqual(1);
      for (const d of delays) expect(d).toBeLessThanOrEqual(80);
      expect(ami.connected).toBe(true);
      expect(await showEndpoints(ami)).toHaveLength(2);
    });

    it('stops (gave-up) on a refused login instead of hammering a wrong secret', async () => {
      const ami = track(
        new ReconnectingAmi(tcp(server), {
          ...opts({ secret: 'wrong' }),
          backoff: { initialMs: 10, maxMs: 20 },
        }),
      );
      const gaveUp = new Promise((r) => ami.once('gave-up', r));
      await expect(ami.start()).rejects.toBeInstanceOf(AmiAuthFailedError);
      await gaveUp;
      expect(ami.state).toBe('failed');
    });

    it('forwards events of the current connection', async () => {
      const ami = track(new ReconnectingAmi(tcp(server), opts()));
      await ami.start();
      const ev = nextEvent(ami, 'PeerStatus');
      server.register('1001');
      expect(amiGet(await ev, 'PeerStatus')).toBe('Reachable');
      server.expire('1001');
    });
  });
});
