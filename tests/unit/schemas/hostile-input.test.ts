/**
 * Acceptance 6: hostile input is rejected with a message naming the field, and nothing is written.
 * Every case goes through the real core entry point (addExtension, updateExtension, setNat,
 * ensureUdpTransport) or the host schema, on the seed-style pjsip.conf.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { addExtension, setNat, updateExtension } from '../../../src/main/core/pjsip';
import { InputValidationError, validateInput } from '../../../src/main/core/config/validate';
import { hostConfigInput } from '../../../src/shared/schemas';

const SEED = readFileSync(
  fileURLToPath(new URL('../../fixtures/conf/seed-pjsip.conf', import.meta.url)),
  'utf8',
);
const TEN_KB = 'a'.repeat(10 * 1024);

type Case = [name: string, field: string, run: (text: string) => unknown];

const add = (over: Record<string, unknown>) => (t: string) =>
  addExtension(t, { number: '1002', password: 'GoodPass-123', ...over });
const upd = (patch: Record<string, unknown>) => (t: string) => updateExtension(t, '1001', patch);
const nat = (patch: Record<string, unknown>) => (t: string) => setNat(t, 'transport-udp', patch);
const host = (over: Record<string, unknown>) => () =>
  validateInput(hostConfigInput, { name: 'pbx1', host: 'pbx.example.com', ...over });

const cases: Case[] = [
  ['newline in a display name', 'displayName', add({ displayName: 'Ali\n[evil]\ntype=endpoint' })],
  ['CR in a display name', 'displayName', add({ displayName: 'Ali\rRezaei' })],
  ['quote that closes the callerid', 'displayName', add({ displayName: 'Ali" <666>' })],
  ['"<" in a display name', 'displayName', add({ displayName: 'Ali <1002>' })],
  ['";" in a display name', 'displayName', add({ displayName: 'Ali ; comment' })],
  ['NUL in a display name', 'displayName', add({ displayName: 'Ali\u0000' })],
  ['zero-width space in a display name', 'displayName', add({ displayName: 'Ali\u200b' })],
  ['RTL override in a display name', 'displayName', add({ displayName: '\u202eilA' })],
  ['10 kB display name', 'displayName', add({ displayName: TEN_KB })],
  ['"]" in a number', 'number', add({ number: '10]02' })],
  ['"[" in a number', 'number', add({ number: '[1002' })],
  ['newline in a number', 'number', add({ number: '1002\n[x]' })],
  ['letters in a number', 'number', add({ number: '10a2' })],
  ['empty number', 'number', add({ number: '' })],
  ['21-digit number', 'number', add({ number: '1'.repeat(21) })],
  ['Arabic-Indic digits in a number', 'number', add({ number: '١٠٠٢' })],
  ['number given as a JSON number', 'number', add({ number: 1002 })],
  ['";" in a password', 'password', add({ password: 'abc;defgh' })],
  ['"#" in a password', 'password', add({ password: 'abc#include' })],
  ['space in a password', 'password', add({ password: 'abc defgh' })],
  ['tab in a password', 'password', add({ password: 'abcd\tefgh' })],
  ['NUL in a password', 'password', add({ password: 'abcdefgh\u0000' })],
  ['7-character password', 'password', add({ password: 'short12' })],
  ['accented letters in a password', 'password', add({ password: 'pässwörd123' })],
  ['password starting with ">" (reads as =>)', 'password', add({ password: '>abcdefgh' })],
  ['10 kB password', 'password', add({ password: TEN_KB })],
  ['#include in a codec', 'codecs', add({ codecs: ['ulaw', '#include /etc/shadow'] })],
  ['";" in a codec', 'codecs', add({ codecs: ['ulaw;x'] })],
  ['unicode codec name', 'codecs', add({ codecs: ['ülaw'] })],
  ['newline in a codec', 'codecs', add({ codecs: ['ulaw\nallow=all'] })],
  ['empty codec list', 'codecs', add({ codecs: [] })],
  ['duplicate codecs', 'codecs', add({ codecs: ['ulaw', 'ulaw'] })],
  ['"=>" in a context', 'context', add({ context: 'from=>internal' })],
  ['"=" in a context', 'context', add({ context: 'a=b' })],
  ['newline in a context', 'context', add({ context: 'ctx\n[x]' })],
  ['empty context', 'context', add({ context: '' })],
  ['space in a context', 'context', add({ context: 'from internal' })],
  ['"]" in a transport', 'transport', add({ transport: 'transport]' })],
  ['negative max contacts', 'maxContacts', add({ maxContacts: -1 })],
  ['fractional max contacts', 'maxContacts', add({ maxContacts: 1.5 })],
  ['max contacts as a string', 'maxContacts', add({ maxContacts: '1' })],
  ['huge qualify frequency', 'qualifyFrequency', add({ qualifyFrequency: 1e9 })],
  ['natFriendly as "yes"', 'natFriendly', add({ natFriendly: 'yes' })],
  ['unknown field smuggling an option', 'type', add({ type: 'friend' })],
  ['update: newline in a display name', 'displayName', upd({ displayName: 'X\ntype=aor' })],
  ['update: ";" in a password', 'password', upd({ password: 'new;password' })],
  ['update: the number cannot be changed', 'number', upd({ number: '2002' })],
  ['update: "]" in the number addressed', 'number', (t) => updateExtension(t, '1001]', {})],
  [
    'NAT: newline in an address',
    'externalMediaAddress',
    nat({ externalMediaAddress: '1.2.3.4\nbind=0.0.0.0' }),
  ],
  [
    'NAT: address with a port',
    'externalSignalingAddress',
    nat({ externalSignalingAddress: '1.2.3.4:5060' }),
  ],
  [
    'NAT: address with ";"',
    'externalMediaAddress',
    nat({ externalMediaAddress: 'pbx.example.com;x' }),
  ],
  ['NAT: CIDR prefix out of range', 'localNets', nat({ localNets: ['10.0.0.0/33'] })],
  ['NAT: "#" in a CIDR', 'localNets', nat({ localNets: ['10.0.0.0/8#x'] })],
  ['NAT: unknown key (bind)', 'bind', nat({ bind: '0.0.0.0:5061' })],
  ['NAT: "]" in the transport name', 'transport', (t) => setNat(t, 'transport-udp]', {})],
  ['host: shell in configDir', 'configDir', host({ configDir: '/etc/asterisk; rm -rf /' })],
  ['host: ssh option as host', 'host', host({ host: '-oProxyCommand=sh' })],
  ['host: newline in the name', 'name', host({ name: 'pbx\n1' })],
  ['host: port 0', 'port', host({ port: 0 })],
  ['host: ".." in configDir', 'configDir', host({ configDir: '/etc/../root' })],
];

describe('hostile input table', () => {
  it('has at least 30 cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const [name, field, run] of cases) {
    it(`rejects ${name}, naming "${field}", and writes nothing`, () => {
      const text = SEED.slice();
      let result: unknown = 'no error';
      let error: unknown;
      try {
        result = run(text);
      } catch (e) {
        error = e;
      }
      expect(result).toBe('no error');
      expect(error).toBeInstanceOf(InputValidationError);
      const err = error as InputValidationError;
      expect(err.code).toBe('INVALID_INPUT');
      expect(err.message.split(/[.:]/)[0]).toBe(field);
      expect(err.fields).toContain(field);
      expect(err.message).not.toMatch(/\n/);
      // The rejected value is never echoed (it may be a password).
      expect(err.message).not.toContain('abc;defgh');
      expect(err.message).not.toContain(TEN_KB.slice(0, 50));
      expect(text).toBe(SEED);
    });
  }
});
