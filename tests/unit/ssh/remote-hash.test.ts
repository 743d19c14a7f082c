import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HASH_LIB } from '../../../src/main/core/ssh/file-ops';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

/** The host-side hash the safe write relies on, with and without openssl on the PBX. */
describe('the sha256 the PBX computes for the concurrency check', () => {
  const data = Buffer.from('[1001]\ntype=endpoint\n'.repeat(5000) + 'é\u00ff\n');
  const expected = sha256(data);

  // Files of a batch, names as odd as a caller's path may be (no control characters).
  const names = ['pjsip.conf', 'a b*c', 'back\\slash', 'quo\'te"s', '-dash', 'é ü', 'empty'];
  const contents = names.map((n, i) =>
    n === 'empty' ? Buffer.alloc(0) : Buffer.concat([data, Buffer.from(`${i}\n`)]),
  );
  let dir: string;
  let openssl: string[];
  let sha256sumOnly: string[];
  beforeAll(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-hash-'));
    fs.mkdirSync(path.join(dir, 'files'));
    names.forEach((n, i) => fs.writeFileSync(path.join(dir, 'files', n), contents[i]!));
    fs.mkdirSync(path.join(dir, 'bin'));
    fs.symlinkSync('/usr/bin/sha256sum', path.join(dir, 'bin', 'sha256sum'));
    openssl = ['/usr/bin', '/bin'];
    sha256sumOnly = [path.join(dir, 'bin')];
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  function sh(pathDirs: string[], script: string, args: string[] = [], input?: Buffer): string {
    return execFileSync('/bin/sh', ['-c', `${HASH_LIB}; ${script}`, 'sh', ...args], {
      input,
      env: { PATH: pathDirs.join(':'), LC_ALL: 'C' },
    }).toString();
  }

  /** Every file hashed by one h256, then its lines taken apart by hpop, as the scripts do. */
  function hashAll(pathDirs: string[], files: string[]): string {
    return sh(
      pathDirs,
      'hs=$(h256 "$@") || exit 3; while [ -n "$hs" ]; do hpop || exit 4; echo "$h"; done',
      files,
    );
  }

  const files = () => names.map((n) => path.join(dir, 'files', n));
  const hashesOfAll = () => `${contents.map(sha256).join('\n')}\n`;

  it('uses openssl when the PBX has it', () => {
    expect(sh(openssl, 'x=$(h256); echo "${x%% *}"', [], data).trim()).toBe(expected);
    expect(sh(openssl, 'command -v openssl')).toMatch(/openssl/);
  });

  it('falls back to coreutils sha256sum when openssl is missing', () => {
    expect(sh(sha256sumOnly, 'x=$(h256); echo "${x%% *}"', [], data).trim()).toBe(expected);
  });

  it.each([
    ['openssl', () => openssl],
    ['sha256sum', () => sha256sumOnly],
  ])('with %s: one call hashes many files, one line each in order', (_, dirs) => {
    expect(hashAll(dirs(), files())).toBe(hashesOfAll());
    expect(hashAll(dirs(), [files()[0]!])).toBe(`${sha256(contents[0]!)}\n`);
  });

  it('sha256sum escapes a name with a backslash by a leading "\\": hpop skips it', () => {
    const out = sh(sha256sumOnly, 'h256 "$@"', [path.join(dir, 'files', 'back\\slash')]);
    expect(out.startsWith('\\')).toBe(true);
  });

  it.each([
    ['openssl', () => openssl],
    ['sha256sum', () => sha256sumOnly],
  ])('with %s: a file that cannot be read fails the call and leaves no line for it', (_, dirs) => {
    const missing = path.join(dir, 'files', 'missing');
    const args = [files()[0]!, missing, files()[1]!];
    const out = sh(dirs(), 'hs=$(h256 "$@" 2> /dev/null); echo "rc=$?"; echo "$hs"', args);
    const lines = out.trim().split('\n');
    expect(lines[0]).not.toBe('rc=0');
    expect(lines).toHaveLength(3);
  });

  it('hpop refuses what is not a digest line, and an empty list', () => {
    const pop = (hs: string) =>
      sh(openssl, 'hs=$1; if hpop; then echo "ok $h"; else echo fail; fi', [hs]).trim();
    const hex = 'ab'.repeat(32);
    expect(pop(`${hex} *x`)).toBe(`ok ${hex}`);
    expect(pop(`\\${hex}  x\\\\y`)).toBe(`ok ${hex}`);
    expect(pop('')).toBe('fail');
    expect(pop(`${hex.slice(1)} *x`)).toBe('fail');
    expect(pop('openssl: error')).toBe('fail');
  });
});
