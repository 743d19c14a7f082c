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
import {
  HOSTILE_EXTENSION_ADDS,
  HOSTILE_EXTENSION_UPDATES,
  TEN_KB,
} from '../../support/hostile-extension-inputs';

const SEED = readFileSync(
  fileURLToPath(new URL('../../fixtures/conf/seed-pjsip.conf', import.meta.url)),
  'utf8',
);

type Case = [name: string, field: string, run: (text: string) => unknown];

const add = (over: Record<string, unknown>) => (t: string) =>
  addExtension(t, { number: '1002', password: 'GoodPass-123', ...over });
const upd = (patch: Record<string, unknown>) => (t: string) => updateExtension(t, '1001', patch);
const nat = (patch: Record<string, unknown>) => (t: string) => setNat(t, 'transport-udp', patch);
const host = (over: Record<string, unknown>) => () =>
  validateInput(hostConfigInput, { name: 'pbx1', host: 'pbx.example.com', ...over });

const cases: Case[] = [
  ...HOSTILE_EXTENSION_ADDS.map(([n, f, over]): Case => [n, f, add(over)]),
  ...HOSTILE_EXTENSION_UPDATES.map(([n, f, patch]): Case => [n, f, upd(patch)]),
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
