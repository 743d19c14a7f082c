import { describe, expect, it } from 'vitest';
import {
  addTrunk,
  readTrunks,
  removeTrunk,
  setTrunkEnabled,
  updateTrunk,
} from '../../../src/main/core/trunks/trunk-config';
import { trunkCreateInput } from '../../../src/shared/schemas';
import { transcriptFile } from '../../support/ami-server/transcripts';

const RECORDED = transcriptFile('47_pjsip.conf.trunk');
const input = {
  name: 'provider-b',
  server: 'sip.provider.example:5070',
  username: 'acct1',
  password: 'Secret-pw-123',
  match: ['203.0.113.0/24', '198.51.100.7'],
  codecs: ['alaw'],
  context: 'from-trunk',
};

describe('trunks ⇄ pjsip.conf', () => {
  it('reads the recorded hand-written trunk (47) with its auth, endpoint and identify, read-only', () => {
    expect(readTrunks(RECORDED)).toEqual([
      {
        name: 'provider-a',
        managed: false,
        enabled: true,
        server: '127.0.0.1:5060',
        serverUri: 'sip:127.0.0.1:5060',
        clientUri: 'sip:9900@127.0.0.1:5060',
        username: '9900',
        transport: 'transport-udp',
        contactUser: '9900',
        fromUser: null,
        fromDomain: null,
        expiration: 120,
        retryInterval: 20,
        forbiddenRetryInterval: 30,
        codecs: ['ulaw'],
        context: 'from-internal',
        match: ['127.0.0.2'],
        endpoint: 'provider-a',
      },
    ]);
    expect(() => updateTrunk(RECORDED, 'provider-a', { retryInterval: 30 })).toThrow(
      /written by hand outside the managed sections/,
    );
    expect(() => removeTrunk(RECORDED, 'provider-a')).toThrow(/written by hand/);
  });

  it('adds a managed block that reads back as written; everything else byte for byte', () => {
    const { text, trunk } = addTrunk(RECORDED, input);
    expect(text.startsWith(RECORDED)).toBe(true);
    expect(text).toContain('; BEGIN MANAGED - Trunk provider-b\n[provider-b]\ntype=registration\n');
    expect(text).toContain('server_uri=sip:sip.provider.example:5070\n');
    expect(text).toContain('client_uri=sip:acct1@sip.provider.example:5070\n');
    expect(text).toContain('match=203.0.113.0/24\nmatch=198.51.100.7\n');
    expect(trunk).toMatchObject({
      name: 'provider-b',
      managed: true,
      enabled: true,
      contactUser: 'acct1',
      codecs: ['alaw'],
      context: 'from-trunk',
      match: ['203.0.113.0/24', '198.51.100.7'],
    });
    expect(JSON.stringify(readTrunks(text))).not.toContain('Secret-pw-123');
    expect(removeTrunk(text, 'provider-b')).toBe(RECORDED);
  });

  it('edits only what it is told; keeps the password; a new server moves the default client URI', () => {
    const { text } = addTrunk(RECORDED, input);
    const r = updateTrunk(text, 'provider-b', { server: '203.0.113.9', retryInterval: 45 });
    expect(r.trunk).toMatchObject({
      serverUri: 'sip:203.0.113.9',
      clientUri: 'sip:acct1@203.0.113.9',
      retryInterval: 45,
      codecs: ['alaw'],
      match: ['203.0.113.0/24', '198.51.100.7'],
    });
    expect(r.text).toContain('password=Secret-pw-123\n');
    expect(r.text.startsWith(RECORDED)).toBe(true);
  });

  it('disable comments the whole block out (Asterisk unloads it), enable brings it back unchanged', () => {
    const { text } = addTrunk(RECORDED, input);
    const off = setTrunkEnabled(text, 'provider-b', false);
    expect(off.trunk.enabled).toBe(false);
    expect(off.text).not.toMatch(/^\[provider-b\]$/m);
    expect(readTrunks(off.text).find((t) => t.name === 'provider-b')?.enabled).toBe(false);
    expect(setTrunkEnabled(off.text, 'provider-b', true).text).toBe(text);
  });

  it('bad input is refused with the field named and changes nothing', () => {
    const bad: Array<[Record<string, unknown>, RegExp]> = [
      [{ ...input, match: ['10.0.0.0/33'] }, /match.*CIDR/],
      [{ ...input, match: ['not-an-ip'] }, /match/],
      [{ ...input, server: 'sip.example.com:99999' }, /server: must be host\[:port\]/],
      [{ ...input, server: 'x;y' }, /server/],
      [{ ...input, name: '1001' }, /name/],
      [{ ...input, name: 'a]b' }, /name/],
      [{ ...input, username: 'a@b' }, /username/],
      [{ ...input, password: 'has space 123' }, /password/],
      [{ ...input, password: 'pw\n[evil]' }, /password/],
      [{ ...input, expiration: 5 }, /expiration/],
      [{ ...input, clientUri: 'http://x' }, /clientUri/],
      [{ ...input, unknown: 1 }, /unknown: not a field of trunk/],
    ];
    for (const [i, re] of bad) expect(() => addTrunk(RECORDED, i)).toThrow(re);
    expect(trunkCreateInput.safeParse(input).success).toBe(true);
  });

  it('refuses a name taken by a hand-written section, and a second trunk of the same name', () => {
    expect(() => addTrunk(RECORDED, { ...input, name: 'provider-a' })).toThrow(/written by hand/);
    const { text } = addTrunk(RECORDED, input);
    expect(() => addTrunk(text, input)).toThrow(/already exists; edit it instead/);
    expect(() => updateTrunk(text, 'nope', { retryInterval: 30 })).toThrow(/does not exist/);
  });
});
