import { describe, expect, it } from 'vitest';
import {
  ensureUdpTransport,
  HandWrittenValueError,
  listTransports,
  udpTransports,
  readNat,
  setNat,
  TransportNameTakenError,
  TransportNotFoundError,
  transportApplyMode,
  softphoneServer,
} from '../../../src/main/core/pjsip';
import { listManagedBlocks } from '../../../src/main/core/config/managed';
import { InputValidationError } from '../../../src/main/core/config/validate';
import { resolveSections } from '../../../src/main/core/config/resolve';
import { fixture, linesOf } from './fixtures';

const SEED = fixture('seed-pjsip.conf');
const FREEPBX = fixture('freepbx-pjsip.conf');

describe('udpTransports (the one list the doctor and transport ensure use)', () => {
  it('keeps UDP ones only, applies templates, and leaves an unset bind empty', () => {
    const conf = [
      '[udp-tpl](!)',
      'type=transport',
      'protocol=udp',
      '',
      '[from-tpl](udp-tpl)',
      'bind=10.0.0.5:5070',
      '',
      '[no-bind]',
      'type=transport',
      '',
      '[tcp]',
      'type=transport',
      'protocol=tcp',
      'bind=0.0.0.0:5060',
      '',
    ].join('\n');
    expect(udpTransports(conf).map((t) => [t.name, t.bind])).toEqual([
      ['from-tpl', '10.0.0.5:5070'],
      ['no-bind', ''],
    ]);
  });
});

describe('listTransports', () => {
  it('lists a managed transport', () => {
    expect(listTransports(SEED)).toEqual([
      {
        name: 'transport-udp',
        protocol: 'udp',
        bind: '0.0.0.0:5060',
        managed: true,
        nat: { externalMediaAddress: null, externalSignalingAddress: null, localNets: [] },
        handWrittenLocalNets: [],
      },
    ]);
  });

  it('lists hand-written udp and tcp transports with their NAT values, hand-written local_net apart', () => {
    expect(listTransports(FREEPBX)).toEqual([
      {
        name: '0.0.0.0-udp',
        protocol: 'udp',
        bind: '0.0.0.0:5060',
        managed: false,
        nat: {
          externalMediaAddress: '203.0.113.10',
          externalSignalingAddress: '203.0.113.10',
          localNets: [],
        },
        handWrittenLocalNets: ['192.168.1.0/24', '10.0.0.0/8'],
      },
      expect.objectContaining({ name: '0.0.0.0-tcp', protocol: 'tcp', managed: false }),
    ]);
  });

  it('lists tls, ws and wss transports, defaulting the protocol to udp like Asterisk', () => {
    const text =
      '[t1]\ntype=transport\nprotocol=tls\n[t2]\ntype=transport\nprotocol=wss\n[t3]\ntype=transport\n';
    expect(listTransports(text).map((t) => [t.name, t.protocol])).toEqual([
      ['t1', 'tls'],
      ['t2', 'wss'],
      ['t3', 'udp'],
    ]);
  });
});

describe('ensureUdpTransport', () => {
  it('creates [transport-udp] in the managed block "RayanPBX Transport" when there is no udp transport', () => {
    const text = '[global]\ntype=global\n\n[t]\ntype=transport\nprotocol=tcp\nbind=0.0.0.0:5060\n';
    const r = ensureUdpTransport(text);
    expect(r).toMatchObject({ created: true, transport: 'transport-udp', applyMode: 'reload' });
    expect(r.text).toBe(
      text +
        '\n; BEGIN MANAGED - RayanPBX Transport\n[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0:5060\n; END MANAGED - RayanPBX Transport\n',
    );
    expect(listTransports(r.text).map((t) => [t.name, t.protocol, t.managed])).toEqual([
      ['t', 'tcp', false],
      ['transport-udp', 'udp', true],
    ]);
  });

  it('changes nothing when a udp transport exists, managed or hand-written', () => {
    expect(ensureUdpTransport(SEED)).toEqual({
      text: SEED,
      created: false,
      transport: 'transport-udp',
      applyMode: 'reload',
    });
    expect(ensureUdpTransport(FREEPBX)).toMatchObject({
      text: FREEPBX,
      created: false,
      transport: '0.0.0.0-udp',
    });
  });

  it('creates into an empty file, honouring a custom name and bind', () => {
    const r = ensureUdpTransport('', { name: 'udp-5070', bind: '0.0.0.0:5070' });
    expect(linesOf(r.text)).toEqual([
      '; BEGIN MANAGED - RayanPBX Transport\n',
      '[udp-5070]\n',
      'type=transport\n',
      'protocol=udp\n',
      'bind=0.0.0.0:5070\n',
      '; END MANAGED - RayanPBX Transport\n',
    ]);
  });

  it('refuses a name taken by another section and a bad bind address', () => {
    expect(() => ensureUdpTransport('[transport-udp]\ntype=endpoint\n')).toThrow(
      TransportNameTakenError,
    );
    expect(() => ensureUdpTransport('', { bind: '0.0.0.0:5060\n[x]' })).toThrow(/^bind: /);
    expect(() => ensureUdpTransport('', { name: 'a]b' })).toThrow(InputValidationError);
  });
});

describe('NAT on a managed transport', () => {
  it('is edited in place inside the block; a reload applies it', () => {
    const r = setNat(SEED, 'transport-udp', {
      externalMediaAddress: '198.51.100.7',
      externalSignalingAddress: 'pbx.example.com',
      localNets: ['192.168.0.0/16', 'fd00::/8'],
    });
    expect(r.applyMode).toBe('reload');
    const block = listManagedBlocks(r.text).find((b) => b.id === 'RayanPBX Transport')!;
    expect(linesOf(block.body)).toEqual([
      '[transport-udp]\n',
      'type=transport\n',
      'protocol=udp\n',
      'bind=0.0.0.0:5060\n',
      'external_media_address=198.51.100.7\n',
      'external_signaling_address=pbx.example.com\n',
      'local_net=192.168.0.0/16\n',
      'local_net=fd00::/8\n',
    ]);
    expect(r.text.slice(0, block.start)).toBe(SEED.slice(0, block.start));
    expect(r.text.slice(block.end)).toBe(
      SEED.slice(SEED.indexOf('; END MANAGED - RayanPBX Transport\n') + 35),
    );
    expect(r.nat).toEqual({
      externalMediaAddress: '198.51.100.7',
      externalSignalingAddress: 'pbx.example.com',
      localNets: ['192.168.0.0/16', 'fd00::/8'],
    });
    expect(readNat(r.text)).toMatchObject({
      transport: 'transport-udp',
      managed: true,
      nat: r.nat,
    });
  });

  it('clears a value with null and leaves unmentioned fields alone', () => {
    const a = setNat(SEED, 'transport-udp', {
      externalMediaAddress: '198.51.100.7',
      localNets: ['10.0.0.0/8'],
    });
    const b = setNat(a.text, 'transport-udp', { externalMediaAddress: null });
    expect(b.nat).toEqual({
      externalMediaAddress: null,
      externalSignalingAddress: null,
      localNets: ['10.0.0.0/8'],
    });
    const c = setNat(b.text, 'transport-udp', { localNets: [] });
    expect(c.text).toBe(SEED);
  });

  it('never writes [global]', () => {
    const r = setNat(SEED, 'transport-udp', { externalMediaAddress: '198.51.100.7' });
    const global = resolveSections(r.text).find((s) => s.name === 'global')!;
    expect(global.options.map(([k]) => k)).toEqual([
      'type',
      'user_agent',
      'endpoint_identifier_order',
    ]);
  });
});

describe('NAT on a hand-written transport', () => {
  const r = setNat(FREEPBX, '0.0.0.0-udp', {
    externalMediaAddress: '198.51.100.7',
    localNets: ['172.16.0.0/12'],
  });

  it('adds a managed [name](+) block and does not touch the hand-written section', () => {
    // The original file had no final newline; everything before the block is the original.
    expect(r.text.startsWith(FREEPBX)).toBe(true);
    expect(linesOf(r.text.slice(FREEPBX.length))).toEqual([
      '\n',
      '\n',
      '; BEGIN MANAGED - RayanPBX NAT 0.0.0.0-udp\n',
      '[0.0.0.0-udp](+)\n',
      'external_media_address=198.51.100.7\n',
      'local_net=172.16.0.0/12\n',
      '; END MANAGED - RayanPBX NAT 0.0.0.0-udp',
    ]);
    expect(r.applyMode).toBe('reload');
  });

  it('reports what Asterisk ends up with: the addition overrides, local_net accumulates', () => {
    expect(r.nat).toEqual({
      externalMediaAddress: '198.51.100.7',
      externalSignalingAddress: '203.0.113.10',
      localNets: ['172.16.0.0/12'],
    });
    expect(r.handWrittenLocalNets).toEqual(['192.168.1.0/24', '10.0.0.0/8']);
    const t = listTransports(r.text)[0]!;
    expect(t.managed).toBe(false);
  });

  it('updates the same block on the next change and removes it when nothing managed is left', () => {
    const r2 = setNat(r.text, '0.0.0.0-udp', { externalMediaAddress: '198.51.100.8' });
    expect(r2.text.startsWith(FREEPBX)).toBe(true);
    expect(r2.text).toContain(
      '[0.0.0.0-udp](+)\nexternal_media_address=198.51.100.8\nlocal_net=172.16.0.0/12\n',
    );
    const gone = setNat(r2.text, '0.0.0.0-udp', {
      localNets: [],
      externalMediaAddress: '203.0.113.10',
    });
    expect(gone.text).toContain('external_media_address=203.0.113.10\n; END');
  });

  it('refuses to clear a value that is written by hand, naming field and line', () => {
    try {
      setNat(FREEPBX, '0.0.0.0-udp', { externalMediaAddress: null });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HandWrittenValueError);
      expect((e as Error).message).toMatch(/^externalMediaAddress: set by hand on line 22 /);
    }
  });

  it('clearing every managed value removes the block', () => {
    const t = setNat(FREEPBX, '0.0.0.0-tcp', { externalSignalingAddress: 'sip.example.org' }).text;
    expect(setNat(t, '0.0.0.0-tcp', { externalSignalingAddress: null }).text).toBe(FREEPBX);
  });
});

describe('NAT refusals and apply mode', () => {
  it('refuses unknown transports and invalid values, naming the field', () => {
    expect(() => setNat(SEED, 'nope', {})).toThrow(TransportNotFoundError);
    expect(() =>
      setNat(SEED, 'transport-udp', { externalMediaAddress: '1.2.3.4\nbind=0.0.0.0' }),
    ).toThrow(/^externalMediaAddress: /);
    expect(() => setNat(SEED, 'transport-udp', { localNets: ['10.0.0.0/8', 'x'] })).toThrow(
      /^localNets\.1: /,
    );
  });

  it('says restart for protocol/bind/TLS changes unless allow_reload=yes, reload otherwise', () => {
    expect(transportApplyMode(['external_media_address', 'local_net'], false)).toBe('reload');
    expect(transportApplyMode(['bind'], false)).toBe('restart');
    expect(transportApplyMode(['protocol'], false)).toBe('restart');
    expect(transportApplyMode(['cert_file'], false)).toBe('restart');
    expect(transportApplyMode(['bind'], true)).toBe('reload');
  });
});

describe('NAT on the default transport', () => {
  it('picks the first UDP transport when none is named and says which', () => {
    const r = setNat(FREEPBX, undefined, { externalSignalingAddress: 'sip.example.org' });
    expect(r.transport).toBe('0.0.0.0-udp');
    expect(readNat(r.text).nat.externalSignalingAddress).toBe('sip.example.org');
  });
});

describe('where a softphone registers (the softphone card)', () => {
  const conf = [
    '[transport-udp]',
    'type=transport',
    'protocol=udp',
    'bind=0.0.0.0:5070',
    '',
    '[transport-nat]',
    'type=transport',
    'protocol=udp',
    'bind=0.0.0.0:5060',
    'external_signaling_address=pbx.example.net',
    'external_signaling_port=15060',
    '',
  ].join('\n');

  it('behind NAT: the external address and its external port (a port forward)', () => {
    expect(softphoneServer(conf, 'transport-nat', '10.0.0.5')).toEqual({
      server: 'pbx.example.net',
      port: 15060,
      protocol: 'udp',
    });
  });

  it('without NAT settings: the address the console reaches and the bound port', () => {
    expect(softphoneServer(conf, 'transport-udp', '10.0.0.5')).toEqual({
      server: '10.0.0.5',
      port: 5070,
      protocol: 'udp',
    });
    // No transport= on the endpoint: the first UDP transport.
    expect(softphoneServer(conf, '', '10.0.0.5').port).toBe(5070);
  });

  it('an external port without an external address does not apply (phones reach the host)', () => {
    const noAddr = conf.replace('external_signaling_address=pbx.example.net\n', '');
    expect(softphoneServer(noAddr, 'transport-nat', '10.0.0.5')).toMatchObject({
      server: '10.0.0.5',
      port: 5060,
    });
  });
});
