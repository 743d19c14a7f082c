import { readFileSync } from 'node:fs';
import { Duplex, PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { AmiClient } from '../../../src/main/core/ami/client';
import { AmiConnectionLostError, AmiTimeoutError } from '../../../src/main/core/ami/errors';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import { amiGet } from '../../../src/main/core/ami/message';
import { AmiParser } from '../../../src/main/core/ami/parser';
import { stripSecrets } from '../../../src/main/core/ami/actions/pjsip';
import { listItems, TRANSCRIPTS } from '../live/transcripts';

/**
 * The client against a scripted peer on an in-memory duplex: lets a test decide exactly which
 * bytes arrive, how they are cut, and when.
 */
class ScriptedPeer {
  readonly toClient = new PassThrough();
  readonly toServer = new PassThrough();
  readonly received: AmiMessage[] = [];
  private readonly parser = new AmiParser({ expectBanner: false });
  private waiters: Array<() => void> = [];
  private consumed = 0;

  constructor(banner = true) {
    this.toServer.on('data', (c: Buffer) => {
      this.received.push(...this.parser.push(c));
      for (const w of this.waiters.splice(0)) w();
    });
    if (banner) this.toClient.write('Asterisk Call Manager/11.0.0\r\n');
  }

  stream(): Duplex {
    return Duplex.from({ readable: this.toClient, writable: this.toServer });
  }

  /** Resolves with the next action the client sent (already, or from now on). */
  async nextAction(): Promise<AmiMessage> {
    while (this.received.length <= this.consumed)
      await new Promise<void>((r) => this.waiters.push(r));
    return this.received[this.consumed++]!;
  }

  /** Writes `text` one byte at a time (the worst chunking). */
  async trickle(text: string): Promise<void> {
    for (const b of Buffer.from(text)) {
      this.toClient.write(Buffer.from([b]));
      if (b === 10) await new Promise((r) => setImmediate(r));
    }
  }

  send(text: string): void {
    this.toClient.write(text);
  }
}

async function loggedIn(
  peer: ScriptedPeer,
  extra: { actionTimeoutMs?: number } = {},
): Promise<AmiClient> {
  const client = new AmiClient();
  const connecting = client.connect(() => Promise.resolve(peer.stream()), {
    username: 'admin',
    secret: 's3cret',
    events: true,
    heartbeatIntervalMs: 0,
    ...extra,
  });
  const login = await peer.nextAction();
  peer.send(
    `Response: Success\r\nActionID: ${amiGet(login, 'ActionID')}\r\nMessage: Authentication accepted\r\n\r\n`,
  );
  await connecting;
  return client;
}

describe('AmiClient (scripted peer)', () => {
  it('sends Login with Username, Secret and Events, nothing else', async () => {
    const peer = new ScriptedPeer();
    const client = new AmiClient();
    const connecting = client.connect(() => Promise.resolve(peer.stream()), {
      username: 'admin',
      secret: 's3cret',
      events: false,
      heartbeatIntervalMs: 0,
    });
    const login = await peer.nextAction();
    expect(login.fields.map(([k]) => k)).toEqual([
      'Action',
      'ActionID',
      'Username',
      'Secret',
      'Events',
    ]);
    expect(amiGet(login, 'Events')).toBe('off');
    peer.send(
      `Response: Success\r\nActionID: ${amiGet(login, 'ActionID')}\r\nMessage: Authentication accepted\r\n\r\n`,
    );
    await connecting;
    client.destroy();
  });

  it('acts on nothing a peer sends without the AMI banner, even an answer to its Login', async () => {
    const peer = new ScriptedPeer(false);
    const client = new AmiClient();
    const connecting = client
      .connect(() => Promise.resolve(peer.stream()), {
        username: 'admin',
        secret: 's3cret',
        events: false,
        heartbeatIntervalMs: 0,
      })
      .catch((e: unknown) => e);
    const login = await peer.nextAction();
    peer.send(
      `Response: Success\r\nActionID: ${amiGet(login, 'ActionID')}\r\nMessage: Authentication accepted\r\n\r\n`,
    );
    const err = await connecting;
    expect(err).toBeInstanceOf(AmiConnectionLostError);
    expect((err as Error).message).toMatch(/not an Asterisk Manager Interface/);
    expect(client.connected).toBe(false);
  });

  it('keeps the connection when an event listener throws, and delivers what follows', async () => {
    const peer = new ScriptedPeer();
    const client = await loggedIn(peer);
    const seen: string[] = [];
    client.on('event', (_m, n) => {
      seen.push(n);
      if (n === 'PeerStatus') throw new Error('listener bug');
    });
    const ping = client.action('Ping');
    const id = amiGet(await peer.nextAction(), 'ActionID');
    peer.send(
      'Event: PeerStatus\r\nPeer: PJSIP/1001\r\nPeerStatus: Reachable\r\n\r\n' +
        'Event: FullyBooted\r\nStatus: Fully Booted\r\n\r\n' +
        `Response: Success\r\nActionID: ${id}\r\nPing: Pong\r\n\r\n`,
    );
    expect(amiGet(await ping, 'Ping')).toBe('Pong');
    expect(seen).toEqual(['PeerStatus', 'FullyBooted']);
    expect(client.connected).toBe(true);
    client.destroy();
  });

  it('collects a list delivered one byte at a time, with events of others interleaved', async () => {
    const peer = new ScriptedPeer();
    const client = await loggedIn(peer);
    const others: string[] = [];
    client.on('event', (_m, n) => others.push(n));
    const listing = client.listAction('PJSIPShowContacts');
    const a = await peer.nextAction();
    const id = amiGet(a, 'ActionID');
    await peer.trickle(
      `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: A listing of Contacts follows, presented as ContactList events\r\n\r\n` +
        `Event: ContactList\r\nActionID: ${id}\r\nObjectName: 1001;@abc\r\nViaPort: 5071\r\n\r\n` +
        'Event: PeerStatus\r\nPrivilege: system,all\r\nPeer: PJSIP/1002\r\nPeerStatus: Reachable\r\n\r\n' +
        `Event: ContactList\r\nActionID: ${id}\r\nObjectName: 1002;@def\r\nViaPort: 5073\r\n\r\n` +
        `Event: ContactListComplete\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 2\r\n\r\n`,
    );
    const items = await listing;
    expect(items.map((m) => amiGet(m, 'ObjectName'))).toEqual(['1001;@abc', '1002;@def']);
    expect(others).toEqual(['PeerStatus']);
    client.destroy();
  });

  it('keeps a list alive while items keep coming, timing out only on silence', async () => {
    const peer = new ScriptedPeer();
    const client = await loggedIn(peer, { actionTimeoutMs: 120 });
    const listing = client.listAction('CoreShowChannels');
    const id = amiGet(await peer.nextAction(), 'ActionID');
    peer.send(
      `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n`,
    );
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 60));
      peer.send(
        `Event: CoreShowChannel\r\nActionID: ${id}\r\nChannel: PJSIP/100${i}-0000000${i}\r\n\r\n`,
      );
    }
    // 240 ms in total, longer than the timeout, but never 120 ms without an item: still alive.
    peer.send(
      `Event: CoreShowChannelsComplete\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 4\r\n\r\n`,
    );
    expect(await listing).toHaveLength(4);
    const stalled = client.listAction('CoreShowChannels').catch((e: unknown) => e);
    const id2 = amiGet(await peer.nextAction(), 'ActionID');
    peer.send(
      `Response: Success\r\nActionID: ${id2}\r\nEventList: start\r\nMessage: Channels will follow\r\n\r\n`,
    );
    expect(await stalled).toBeInstanceOf(AmiTimeoutError);
    client.destroy();
  });

  it('ignores a late answer to a timed-out action instead of giving it to the next one', async () => {
    const peer = new ScriptedPeer();
    const client = await loggedIn(peer, { actionTimeoutMs: 50 });
    const first = client.action('CoreStatus').catch((e: unknown) => e);
    const id1 = amiGet(await peer.nextAction(), 'ActionID');
    expect(await first).toBeInstanceOf(AmiTimeoutError);
    const second = client.action('Ping', undefined, { timeoutMs: 1000 });
    const id2 = amiGet(await peer.nextAction(), 'ActionID');
    expect(id2).not.toBe(id1);
    peer.send(`Response: Success\r\nActionID: ${id1}\r\nCoreCurrentCalls: 0\r\n\r\n`);
    peer.send(`Response: Success\r\nActionID: ${id2}\r\nPing: Pong\r\n\r\n`);
    expect(amiGet(await second, 'Ping')).toBe('Pong');
    client.destroy();
  });

  it('strips the SIP password from an AuthDetail event, solicited or not', async () => {
    const peer = new ScriptedPeer();
    const client = await loggedIn(peer);
    const got = new Promise<AmiMessage>((r) => client.once('event', (m) => r(m)));
    peer.send(
      'Event: AuthDetail\r\nObjectType: auth\r\nObjectName: 1001\r\nUsername: 1001\r\nPassword: hunter2\r\nMd5Cred: abc\r\n\r\n',
    );
    const m = await got;
    expect(m.fields.map(([k]) => k)).toEqual(['Event', 'ObjectType', 'ObjectName', 'Username']);
    expect(JSON.stringify(m)).not.toContain('hunter2');
    client.destroy();
  });

  it('fails every pending action once, with the action named, when the stream ends; emits disconnected once', async () => {
    const peer = new ScriptedPeer();
    const client = await loggedIn(peer);
    const disconnects: AmiConnectionLostError[] = [];
    client.on('disconnected', (e) => disconnects.push(e));
    const a = client.action('CoreSettings').catch((e: unknown) => e);
    const b = client.listAction('PJSIPShowEndpoints').catch((e: unknown) => e);
    await peer.nextAction();
    peer.toClient.end();
    const [ea, eb] = await Promise.all([a, b]);
    expect(ea).toBeInstanceOf(AmiConnectionLostError);
    expect((ea as Error).message).toContain("'CoreSettings'");
    expect(eb).toBeInstanceOf(AmiConnectionLostError);
    expect((eb as Error).message).toContain("'PJSIPShowEndpoints'");
    await new Promise((r) => setImmediate(r));
    expect(disconnects).toHaveLength(1);
    expect(client.connected).toBe(false);
  });

  it('reads the "listack, then Error" answer of ShowDialPlan for a missing context as null', async () => {
    const peer = new ScriptedPeer();
    const client = await loggedIn(peer);
    const dp = client.showDialPlan('nowhere');
    const id = amiGet(await peer.nextAction(), 'ActionID');
    peer.send(
      `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: DialPlan list will follow\r\n\r\n`,
    );
    peer.send(
      `Response: Error\r\nActionID: ${id}\r\nMessage: Did not find context nowhere\r\n\r\n`,
    );
    expect(await dp).toBeNull();
    client.destroy();
  });
});

/** The recorded answer of transcript NAME after its login, with the list's ActionID made `id`. */
function recordedAnswer(name: string, id: string): string {
  const text = readFileSync(`${TRANSCRIPTS}${name}.txt`, 'latin1');
  return text
    .slice(text.indexOf('\r\n') + 2)
    .replaceAll('ActionID: rec-2\r\n', `ActionID: ${id}\r\n`);
}

describe('AmiClient.listEach: list items streamed to a consumer, never collected', () => {
  for (const name of [
    '12_PJSIPShowContacts',
    '10_PJSIPShowEndpoints',
    '11_PJSIPShowEndpoint_1001',
  ]) {
    it(`hands over the same items listAction collects, cut anywhere, secrets stripped (${name})`, async () => {
      const expected = listItems(name).map((m) => stripSecrets(m));
      for (const cut of [1, 7, 64, 100_000]) {
        const peer = new ScriptedPeer();
        const client = await loggedIn(peer);
        const seen: AmiMessage[] = [];
        const lookups: Array<string | undefined> = [];
        const events: string[] = [];
        client.on('event', (_m, n) => events.push(n));
        const listing = client.listEach(
          name.includes('Contacts') ? 'PJSIPShowContacts' : 'X',
          undefined,
          (item) => {
            seen.push(item.toMessage());
            for (const [k] of item.toMessage().fields) lookups.push(item.get(k));
          },
        );
        const id = amiGet(await peer.nextAction(), 'ActionID')!;
        const bytes = Buffer.from(recordedAnswer(name, id), 'latin1');
        for (let i = 0; i < bytes.length; i += cut) peer.toClient.write(bytes.subarray(i, i + cut));
        expect(await listing).toBe(expected.length);
        const withId = expected.map((m) => ({
          fields: m.fields.map(([k, v]) => [k, k === 'ActionID' ? id : v] as const),
        }));
        expect(seen).toEqual(withId);
        expect(lookups).toEqual(withId.flatMap((m) => m.fields.map(([k]) => amiGet(m, k))));
        expect(JSON.stringify(seen)).not.toContain('pw1001secret');
        // Unsolicited events recorded around the list still go to listeners; items never do.
        expect(events.every((e) => !e.endsWith('List') && !e.endsWith('Detail'))).toBe(true);
        client.destroy();
      }
    });
  }

  it('resolves 0 for the "No Contacts found" answer', async () => {
    const peer = new ScriptedPeer();
    const client = await loggedIn(peer);
    const listing = client.listEach('PJSIPShowContacts', undefined, () => {
      throw new Error('no item expected');
    });
    const id = amiGet(await peer.nextAction(), 'ActionID')!;
    peer.send(`Response: Error\r\nActionID: ${id}\r\nMessage: No Contacts found\n\r\n\r\n`);
    expect(await listing).toBe(0);
    client.destroy();
  });

  it("rejects with the consumer's error and drops the rest of that list, other actions unharmed", async () => {
    const peer = new ScriptedPeer();
    const client = await loggedIn(peer);
    const events: string[] = [];
    client.on('event', (_m, n) => events.push(n));
    let calls = 0;
    const listing = client
      .listEach('PJSIPShowContacts', undefined, () => {
        calls++;
        throw new Error('consumer gave up');
      })
      .catch((e: unknown) => e);
    const id = amiGet(await peer.nextAction(), 'ActionID')!;
    peer.send(
      `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\n\r\n` +
        `Event: ContactList\r\nActionID: ${id}\r\nUri: sip:a@h\r\n\r\n` +
        `Event: ContactList\r\nActionID: ${id}\r\nUri: sip:b@h\r\n\r\n` +
        `Event: ContactListComplete\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 2\r\n\r\n` +
        'Event: PeerStatus\r\nPeer: PJSIP/1001\r\nPeerStatus: Reachable\r\n\r\n',
    );
    expect(((await listing) as Error).message).toBe('consumer gave up');
    expect(calls).toBe(1);
    const ping = client.action('Ping');
    const pid = amiGet(await peer.nextAction(), 'ActionID')!;
    peer.send(`Response: Success\r\nActionID: ${pid}\r\nPing: Pong\r\n\r\n`);
    expect(amiGet(await ping, 'Ping')).toBe('Pong');
    expect(events).toEqual(['PeerStatus']);
    client.destroy();
  });

  it('streams an item whose Event or ActionID key is spelt in another case, like any other', async () => {
    const peer = new ScriptedPeer();
    const client = await loggedIn(peer);
    const uris: Array<string | undefined> = [];
    const listing = client.listEach('PJSIPShowContacts', undefined, (item) =>
      uris.push(item.get('Uri')),
    );
    const id = amiGet(await peer.nextAction(), 'ActionID')!;
    peer.send(
      `Response: Success\r\nActionID: ${id}\r\nEventList: start\r\n\r\n` +
        `event: ContactList\r\nActionID: ${id}\r\nuri: sip:a@h\r\n\r\n` +
        `Event: ContactList\r\nactionid: ${id}\r\nUri: sip:c@h\r\n\r\n` +
        `Event: ContactList\r\nActionID: ${id}\r\nUri: sip:b@h\r\n\r\n` +
        `Event: ContactListComplete\r\nActionID: ${id}\r\nEventList: Complete\r\n\r\n`,
    );
    expect(await listing).toBe(3);
    expect(uris).toEqual(['sip:a@h', 'sip:c@h', 'sip:b@h']);
    client.destroy();
  });
});
