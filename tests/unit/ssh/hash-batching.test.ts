import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrentModificationError } from '../../../src/main/core/ssh/errors';
import { LocalTransport } from '../../../src/main/core/ssh/local-transport';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/**
 * The scripts start the hash tool once per batch (twice side by side on a host with a second
 * CPU), never once per file: a tool wrapped in front of PATH logs how many files each start got
 * (0 = stdin, the per-file fallback).
 */
describe.each(['openssl', 'sha256sum'] as const)('hashing a batch with %s', (tool) => {
  let root: string;
  let dir: string;
  let log: string;
  const savedPath = process.env.PATH;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-hashes-'));
    // A backslash in every path: sha256sum then marks each of its lines with a leading `\`.
    dir = path.join(root, 'etc\\asterisk');
    fs.mkdirSync(dir);
    log = path.join(root, 'calls.log');
    const bin = path.join(root, 'bin');
    fs.mkdirSync(bin);
    const files = tool === 'openssl' ? '$(($# - 3))' : '$#';
    fs.writeFileSync(
      path.join(bin, tool),
      `#!/bin/sh\necho "${files}" >> '${log}'\nexec /usr/bin/${tool} "$@"\n`,
      { mode: 0o755 },
    );
    if (tool === 'openssl') {
      process.env.PATH = `${bin}:${savedPath}`;
    } else {
      // No openssl anywhere on PATH: only the tools the scripts use.
      const tools = ['env', 'sh', 'head', 'tail', 'wc', 'cat', 'mktemp', 'rm', 'chmod', 'chown'];
      for (const t of [...tools, 'ln', 'mv', 'readlink', 'stat', 'id', 'dd'])
        fs.symlinkSync(fs.realpathSync(`/usr/bin/${t}`), path.join(bin, t));
      process.env.PATH = bin;
    }
  });
  afterAll(() => {
    process.env.PATH = savedPath;
    fs.rmSync(root, { recursive: true, force: true });
  });
  afterEach(() => fs.rmSync(log, { force: true }));

  const calls = () =>
    fs.existsSync(log) ? fs.readFileSync(log, 'utf8').trim().split('\n').map(Number) : [];
  const big = (tag: string) => `; ${tag}\n${'[1001]\ntype=endpoint\n'.repeat(8000)}`;

  it('reads, re-reads and writes two large files with one start per step', async () => {
    const names = ['pjsip.conf', 'extensions.conf'].map((n) => path.join(dir, n));
    names.forEach((p, i) => fs.writeFileSync(p, big(`old ${i}`)));
    const t = new LocalTransport({ label: 'pbx' });

    const first = await t.files.readFiles(names);
    expect(calls()).toEqual([]);

    // Both hashes are known now: one start hashes both files for the "same" check.
    const again = await t.files.readFiles(names);
    expect(calls()).toEqual([2]);
    expect(again.map((s) => s.hash)).toEqual(first.map((s) => s.hash));
    fs.rmSync(log);

    const next = first.map((s) => `${s.content}; edited\n`);
    const res = await t.files.writeFilesAtomic(
      first.map((s, i) => ({ path: s.path, content: next[i]!, expectedHash: s.hash })),
    );
    expect(res.map((r) => r.hash)).toEqual(next.map(sha256));
    // Both targets and both temps, in one start or two side by side; none hashed alone.
    const commit = calls();
    expect(commit.reduce((a, b) => a + b, 0)).toBe(4);
    expect(commit.length).toBeLessThanOrEqual(2);
    expect(commit).not.toContain(0);
    names.forEach((p, i) => expect(fs.readFileSync(p, 'utf8')).toBe(next[i]));
  });

  it('still refuses a batch whose second file changed, naming it and the hash found', async () => {
    const names = ['a.conf', 'b.conf'].map((n) => path.join(dir, n));
    names.forEach((p, i) => fs.writeFileSync(p, big(`old ${i}`)));
    const t = new LocalTransport({ label: 'pbx' });
    const snaps = await t.files.readFiles(names);
    fs.writeFileSync(names[1]!, 'changed meanwhile\n');
    const err = await t.files
      .writeFilesAtomic(snaps.map((s) => ({ ...s, content: 'new\n', expectedHash: s.hash })))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConcurrentModificationError);
    expect((err as ConcurrentModificationError).message).toContain(names[1]);
    expect(JSON.stringify(err)).toContain(sha256('changed meanwhile\n'));
    expect(calls()).not.toContain(0);
    expect(fs.readFileSync(names[0]!, 'utf8')).toBe(big('old 0'));
    expect(fs.readdirSync(dir).filter((n) => n.includes('.rayanpbx-tmp-'))).toEqual([]);
  });
});
