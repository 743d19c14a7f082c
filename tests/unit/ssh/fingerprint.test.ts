import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  displayKeyType,
  fingerprintOfPublicKeyLine,
  keyTypeOfBlob,
  normalizeFingerprint,
  sshFingerprint,
} from '../../../src/main/core/ssh/fingerprint';

const dir = mkdtempSync(join(tmpdir(), 'rayanpbx-fp-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function keygen(type: string, bits?: number): { pub: string; keygenLine: string } {
  const path = join(dir, `key_${type}_${bits ?? 0}`);
  execFileSync('ssh-keygen', [
    '-q',
    '-t',
    type,
    ...(bits ? ['-b', String(bits)] : []),
    '-N',
    '',
    '-C',
    'c',
    '-f',
    path,
  ]);
  return {
    pub: readFileSync(`${path}.pub`, 'utf8'),
    keygenLine: execFileSync('ssh-keygen', ['-lf', `${path}.pub`], { encoding: 'utf8' }).trim(),
  };
}

describe('host key fingerprints', () => {
  it.each([
    ['ed25519', undefined, 'ssh-ed25519', 'ED25519'],
    ['ecdsa', 256, 'ecdsa-sha2-nistp256', 'ECDSA'],
    ['rsa', 2048, 'ssh-rsa', 'RSA'],
  ])('prints a %s key exactly as `ssh-keygen -lf` does', (type, bits, wireType, display) => {
    const { pub, keygenLine } = keygen(type, bits);
    // ssh-keygen: "<bits> SHA256:<base64 without padding> <comment> (<TYPE>)"
    const expected = keygenLine.split(' ')[1];
    const blob = Buffer.from(pub.split(' ')[1]!, 'base64');
    expect(sshFingerprint(blob)).toBe(expected);
    expect(fingerprintOfPublicKeyLine(pub)).toBe(expected);
    expect(keyTypeOfBlob(blob)).toBe(wireType);
    expect(keygenLine.endsWith(`(${displayKeyType(wireType)})`)).toBe(true);
    expect(displayKeyType(wireType)).toBe(display);
  });

  it('never pads the base64 part with "="', () => {
    for (let i = 0; i < 50; i++) {
      expect(sshFingerprint(Buffer.from(`blob-${i}`))).toMatch(/^SHA256:[A-Za-z0-9+/]{43}$/);
    }
  });

  it('normalises what a user pastes and refuses what is not a SHA256 fingerprint', () => {
    const fp = sshFingerprint(Buffer.from('x'));
    expect(normalizeFingerprint(`  ${fp}  `)).toBe(fp);
    expect(normalizeFingerprint(`${fp}=`)).toBe(fp);
    expect(normalizeFingerprint(fp.slice('SHA256:'.length))).toBe(fp);
    expect(normalizeFingerprint('MD5:12:34')).toBeNull();
    expect(normalizeFingerprint('SHA256:short')).toBeNull();
    expect(normalizeFingerprint('')).toBeNull();
  });

  it('reports an unreadable blob as an unknown key type instead of throwing', () => {
    expect(keyTypeOfBlob(Buffer.alloc(2))).toBe('unknown');
    expect(keyTypeOfBlob(Buffer.from([0xff, 0xff, 0xff, 0xff, 1]))).toBe('unknown');
  });
});
