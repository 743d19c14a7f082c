import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog, describeFields, type AuditEntry } from '../../../src/main/core/audit';

const run = promisify(execFile);
const entry = (target: string, extra: Partial<AuditEntry> = {}): AuditEntry => ({
  action: 'ext.set',
  target,
  fieldsChanged: [],
  outcome: 'verified',
  reason: null,
  roundTrips: { ssh: 1, ami: 3 },
  durationMs: 12.4,
  ...extra,
});

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'audit-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('AuditLog', () => {
  it('appends one JSON line per change to <host>.jsonl, mode 0600, with time, OS user and host', async () => {
    const log = new AuditLog(dir);
    await log.record('pbx1', entry('1001', { fieldsChanged: ['password: changed'] }));
    await log.record('pbx1', entry('1002', { outcome: 'rolled-back', reason: 'no' }));
    const text = await readFile(path.join(dir, 'pbx1.jsonl'), 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect((await stat(path.join(dir, 'pbx1.jsonl'))).mode & 0o777).toBe(0o600);
    const recs = await log.read('pbx1');
    expect(recs.map((r) => [r.target, r.outcome, r.host])).toEqual([
      ['1001', 'verified', 'pbx1'],
      ['1002', 'rolled-back', 'pbx1'],
    ]);
    expect(recs[0]!.osUser).toBe(os.userInfo().username);
    expect(recs[0]!.durationMs).toBe(12);
    expect(Date.parse(recs[0]!.at)).not.toBeNaN();
  });

  it('keeps every line whole when several processes append at once', async () => {
    const appender = path.resolve('tests/support/audit-appender.ts');
    const tsx = path.resolve('node_modules/.bin/tsx');
    await Promise.all(['a', 'b', 'c'].map((tag) => run(tsx, [appender, dir, 'pbx1', '150', tag])));
    const lines = (await readFile(path.join(dir, 'pbx1.jsonl'), 'utf8')).trimEnd().split('\n');
    expect(lines).toHaveLength(450);
    for (const l of lines) expect(() => JSON.parse(l) as unknown).not.toThrow();
    const targets = new Set(lines.map((l) => (JSON.parse(l) as { target: string }).target));
    expect(targets.size).toBe(450);
  }, 60_000);

  it('rotates to <host>.1.jsonl past its bound, once, even with concurrent writers', async () => {
    const appender = path.resolve('tests/support/audit-appender.ts');
    const tsx = path.resolve('node_modules/.bin/tsx');
    const env = { ...process.env, AUDIT_ROTATE_BYTES: '20000' };
    await Promise.all(
      ['a', 'b'].map((tag) => run(tsx, [appender, dir, 'pbx1', '100', tag], { env })),
    );
    const main = await stat(path.join(dir, 'pbx1.jsonl'));
    const rotated = await stat(path.join(dir, 'pbx1.1.jsonl'));
    // Each ~250-byte line: 200 lines are 50 KB; what is kept is bounded by twice the bound.
    expect(main.size).toBeLessThan(20000 + 2 * 400);
    expect(rotated.size).toBeGreaterThanOrEqual(20000);
    expect(rotated.size).toBeLessThan(20000 + 2 * 400);
    const recs = await new AuditLog(dir).read('pbx1');
    expect(recs.length).toBeGreaterThan(0);
    expect(recs.length).toBeLessThan(200);
  }, 60_000);

  it('does not write through a symlink planted as the log', async () => {
    const victim = path.join(dir, 'victim');
    await writeFile(victim, 'keep\n');
    await symlink(victim, path.join(dir, 'pbx1.jsonl'));
    await expect(new AuditLog(dir).record('pbx1', entry('1'))).rejects.toThrow(/ELOOP|symbolic/);
    expect(await readFile(victim, 'utf8')).toBe('keep\n');
  });

  it('refuses a host name that would leave the audit folder', async () => {
    await expect(new AuditLog(dir).record('../x', entry('1'))).rejects.toThrow(/cannot name/);
  });

  it('reads every host, oldest first, skipping a torn last line', async () => {
    const log = new AuditLog(dir);
    await log.record('a', entry('1'));
    await log.record('b', entry('2'));
    await writeFile(path.join(dir, 'b.jsonl'), '{"at":"20', { flag: 'a' });
    const recs = await log.read();
    expect(recs.map((r) => r.host)).toEqual(['a', 'b']);
  });
});

describe('describeFields', () => {
  it('never writes a secret, only that it changed', () => {
    const f = describeFields({ displayName: 'Ann', password: 'S3cret!x', codecs: ['ulaw'] });
    expect(f).toEqual(['displayName: Ann', 'password: changed', 'codecs: ["ulaw"]']);
    expect(f.join()).not.toContain('S3cret');
  });
});
