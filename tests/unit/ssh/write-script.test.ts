import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WRITE_SCRIPT, writeArgLines } from '../../../src/main/core/ssh/file-ops';
import { printfLine } from '../../../src/main/core/ssh/printf-line';
import {
  SCRIPT_EXIT,
  SCRIPT_LIMITS,
} from '../../../src/main/core/ssh/scripts/pbx-scripts.generated';

const sha256 = (b: Buffer | string) => createHash('sha256').update(b).digest('hex');

/** Waits (up to 4 s) until `cond` holds. */
const until = async (cond: () => boolean) => {
  for (let i = 0; i < 400 && !cond(); i++) await new Promise((r) => setTimeout(r, 10));
  expect(cond()).toBe(true);
};

/** This machine's uptime in whole seconds: the clock write.sh names its temps by. */
const hostUptime = () => Math.floor(Number(fs.readFileSync('/proc/uptime', 'utf8').split(' ')[0]));

/** The first line of a write's stdin: the random parts of its temp and backup names. */
const RANDOM = 'Ab3_d-F6h8Jk1mN0pQ2rS4tV\n';

/** The random parts of temp and backup names as "R", for comparisons. */
const norm = (s: string) =>
  s
    .replace(/(rayanpbx-tmp-)\d+-[A-Za-z0-9_-]{12}/g, '$1R')
    .replace(/(rayanpbx-bak-\d{8}T\d{6}\.\d{3}Z-)[A-Za-z0-9_-]{12}/g, '$1R');

/**
 * A PATH holding only what a PBX without openssl has that the script may use: a tool it calls
 * and this lacks makes the tests fail, so the list is also the script's requirements.
 */
let noOpenssl: string;
beforeAll(() => {
  noOpenssl = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-bin-'));
  const tools = [
    'sh',
    'dd',
    'head',
    'chmod',
    'chown',
    'ln',
    'mv',
    'rm',
    'readlink',
    'mktemp',
    'stat',
    'id',
  ];
  for (const t of [...tools, 'sha256sum']) fs.symlinkSync(`/usr/bin/${t}`, path.join(noOpenssl, t));
});
afterAll(() => fs.rmSync(noOpenssl, { recursive: true, force: true }));

/**
 * The host side of a write, run here by /bin/sh as the transports run it on a PBX: one script
 * gets the changed bytes and then the hashes of the new contents on stdin. Every way of hashing
 * is exercised whatever this machine has: targets and temps side by side (a second CPU), in one
 * h256 call (one CPU), and by coreutils' sha256sum where openssl is missing.
 */
describe.each([
  { pbx: 'two CPUs', probe: 'true', openssl: true },
  { pbx: 'one CPU', probe: 'false', openssl: true },
  { pbx: 'two CPUs and no openssl', probe: 'true', openssl: false },
])('the write script on a PBX with $pbx', ({ probe, openssl }) => {
  const script = WRITE_SCRIPT.replace(
    '[ -e /sys/devices/system/cpu/cpu1 ] && [ "$total" -ge "$L_PARALLEL_HASH" ]',
    probe,
  );
  expect(script).not.toBe(WRITE_SCRIPT);
  const env = () => ({ PATH: openssl ? '/usr/bin:/bin' : noOpenssl, LC_ALL: 'C' });
  let dir: string;
  const big = '[1000]\ntype=endpoint\ncontext=internal\n'.repeat(4000);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-write-'));
    fs.writeFileSync(path.join(dir, 'pjsip.conf'), big);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const p = (n: string) => path.join(dir, n);
  const list = () => fs.readdirSync(dir).sort().map(norm);

  /** Runs a write of `files` (stdin: their bytes, then `stdinTail`); "-" = must not exist. */
  type WriteFile = { name: string; keepHead: number; middle: string; expected: string };

  /** The write's stdin for `files` (their bytes, then `stdinTail`); "-" = must not exist. */
  function writeInput(files: WriteFile[], stdinTail: string | null): Buffer {
    // Keep 5 backups, stamp, no pause, no shared dir allowed; per file: path, head kept, bytes
    // sent, tail kept (none) and where it starts, expected hash.
    const args = ['5', '20260101T000000.000Z', '0', '0'].concat(
      files.flatMap((f) => [
        p(f.name),
        String(f.keepHead),
        String(Buffer.byteLength(f.middle)),
        '0',
        '0',
        f.expected,
      ]),
    );
    return Buffer.concat([
      writeArgLines(args),
      Buffer.from(RANDOM),
      Buffer.from(files.map((f) => f.middle).join('')),
      Buffer.from(stdinTail ?? ''),
    ]);
  }

  /** Runs a write of `files`; `lockWait`: L_LOCK_WAIT in seconds instead of the script's. */
  function run(files: WriteFile[], stdinTail: string | null, opts: { lockWait?: number } = {}) {
    const res = spawnSync('/bin/sh', ['-c', withLockWait(opts.lockWait)], {
      input: writeInput(files, stdinTail),
      env: env(),
    });
    return { code: res.status, out: norm(res.stdout.toString()), err: res.stderr.toString() };
  }

  /** `run`, without blocking this process (the test acts while the write waits). */
  function start(files: WriteFile[], stdinTail: string | null, opts: { lockWait?: number } = {}) {
    const child = spawn('/bin/sh', ['-c', withLockWait(opts.lockWait)], { env: env() });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.stdin.end(writeInput(files, stdinTail));
    return new Promise<{ code: number | null; out: string }>((resolve) =>
      child.on('close', (code) => resolve({ code, out: norm(out) })),
    );
  }

  function withLockWait(seconds: number | undefined): string {
    if (seconds === undefined) return script;
    const changed = script.replace(
      `L_LOCK_WAIT=${SCRIPT_LIMITS.LOCK_WAIT};`,
      `L_LOCK_WAIT=${seconds};`,
    );
    expect(changed).not.toBe(script);
    return changed;
  }

  const edit = (keepHead: number, middle: string, expected = sha256(big)) => ({
    name: 'pjsip.conf',
    keepHead,
    middle,
    expected,
  });
  const lastLine = big.length - 'context=internal\n'.length;
  const nextPj = `${big.slice(0, lastLine)}context=from-internal\n`;
  const newFile = (content: string) => ({
    name: 'extensions.conf',
    keepHead: 0,
    middle: content,
    expected: '-',
  });

  it('rebuilds each file from its kept head and the bytes sent, checks and renames them in', () => {
    const r = run(
      [edit(lastLine, 'context=from-internal\n'), newFile('[internal]\n')],
      `${sha256(nextPj)} ${sha256('[internal]\n')}\n`,
    );
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.split('\n')).toEqual([
      // First, before anything is made: it has its arguments (a command started ahead).
      'args',
      p('pjsip.conf'),
      p('.pjsip.conf.rayanpbx-tmp-R'),
      p('extensions.conf'),
      p('.extensions.conf.rayanpbx-tmp-R'),
      'uploaded',
      // Where there is no flock (the PATH without openssl has none either): each file says so.
      ...(openssl ? [] : ['unlocked 1', 'unlocked 2']),
      'committing',
      `backup 1 ${p('pjsip.conf.rayanpbx-bak-20260101T000000.000Z-R')}`,
      'backup 2 ',
      'committed',
      '',
    ]);
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(nextPj);
    expect(fs.readFileSync(p('extensions.conf'), 'utf8')).toBe('[internal]\n');
    const backup = fs.readdirSync(dir).find((n) => n.includes('.rayanpbx-bak-'))!;
    expect(fs.readFileSync(p(backup), 'utf8')).toBe(big);
    expect(list()).toEqual([
      'extensions.conf',
      'pjsip.conf',
      'pjsip.conf.rayanpbx-bak-20260101T000000.000Z-R',
    ]);
  });

  it('rebuilds a file whose middle came as a printf line (M = "=<n>"), whatever its bytes', () => {
    const middle = Buffer.concat([
      Buffer.from('-'),
      Buffer.from(Array.from({ length: 256 }, (_, i) => i)),
      Buffer.from('\\%s%%\\0017\n'),
    ]);
    const next = Buffer.concat([Buffer.from(big.slice(0, lastLine)), middle]);
    const args = ['5', '20260101T000000.000Z', '0', '0'];
    args.push(p('pjsip.conf'), String(lastLine), `=${middle.length}`, '0', '0', sha256(big));
    const res = spawnSync('/bin/sh', ['-c', script], {
      input: Buffer.concat([
        writeArgLines(args),
        Buffer.from(RANDOM),
        Buffer.from(`${printfLine(middle)}\n`, 'latin1'),
        Buffer.from(`${sha256(next)}\n`),
      ]),
      env: env(),
    });
    expect(res.stderr.toString()).toBe('');
    expect(res.status).toBe(0);
    expect(fs.readFileSync(p('pjsip.conf')).equals(next)).toBe(true);
  });

  it('refuses the batch when a target is not the one the edit was made on, naming it and its hash', () => {
    fs.writeFileSync(p('extensions.conf'), '; by hand\n');
    const r = run(
      [edit(lastLine, 'context=from-internal\n'), newFile('[internal]\n')],
      `${sha256(nextPj)} ${sha256('[internal]\n')}\n`,
    );
    expect(r.code).toBe(73);
    expect(r.out).toContain(`at 2\nactual ${sha256('; by hand\n')}\n`);
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(big);
    expect(fs.readFileSync(p('extensions.conf'), 'utf8')).toBe('; by hand\n');
    // No temp, and no backup of a write that did not happen.
    expect(list()).toEqual(['extensions.conf', 'pjsip.conf']);
  });

  it('refuses a temp that is not the content the client hashed (a head kept from another file)', () => {
    const r = run([edit(lastLine, 'context=from-internal\n')], `${sha256('something else')}\n`);
    expect(r.code).toBe(74);
    expect(r.out).toContain('at 1\n');
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(big);
    expect(list()).toEqual(['pjsip.conf']);
  });

  it.each([
    ['no hash line (the client went away)', null],
    ['a hash line with one hash too few', `${sha256(nextPj)}\n`],
    ['a hash line that is not hashes', 'go\n'],
  ])('replaces nothing and removes its temps on %s', (_what, tail) => {
    const r = run([edit(lastLine, 'context=from-internal\n'), newFile('[internal]\n')], tail);
    expect(r.code).toBe(50);
    expect(r.out).toContain('uploaded\n');
    expect(r.out).not.toContain('committing');
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(big);
    expect(list()).toEqual(['pjsip.conf']);
  });

  it("says 45 (with dd's reason) when the kept head cannot be read, and leaves nothing", () => {
    fs.rmSync(p('pjsip.conf'));
    const r = run([edit(lastLine, 'context=from-internal\n')], `${sha256(nextPj)}\n`);
    expect(r.code).toBe(45);
    expect(r.err).toMatch(/No such file/);
    expect(list()).toEqual([]);
  });

  it('removes what an earlier write killed outright left, but not its own temps', () => {
    const up = hostUptime();
    // Older than L_STALE_TEMP; "born" after now (left before a reboot); an earlier version's name.
    const leftovers = [
      `.pjsip.conf.rayanpbx-tmp-${up - 901}-deadbeefdead`,
      `.pjsip.conf.rayanpbx-tmp-${up + 3600}-deadbeefdead`,
      '.pjsip.conf.rayanpbx-tmp-deadbeefdeadbeef',
    ];
    for (const n of leftovers) fs.writeFileSync(p(n), 'half');
    const r = run([edit(lastLine, 'context=from-internal\n')], `${sha256(nextPj)}\n`);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(nextPj);
    expect(list()).toEqual(['pjsip.conf', 'pjsip.conf.rayanpbx-bak-20260101T000000.000Z-R']);
  });

  /**
   * Another write holding the directory's lock (as write.sh takes it: flock on the directory)
   * until `then` ran; resolves once the lock is held.
   */
  function holdLock(seconds: number, then: string, on = dir) {
    const holder = spawn('flock', [on, 'sh', '-c', `echo held; sleep ${seconds}; ${then}`], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const ended = new Promise<void>((r) => holder.on('close', () => r()));
    return new Promise<{ ended: Promise<void> }>((resolve) =>
      holder.stdout.once('data', () => resolve({ ended })),
    );
  }

  // Without a lock, two writes can both pass the hash check before either renames: the later
  // rename silently drops the earlier write's change.
  it.runIf(openssl)(
    "waits for another write's lock, then checks the target that write left (and refuses it)",
    async () => {
      const other = await holdLock(0.4, 'printf "by the other write\\n" > n && mv n pjsip.conf');
      const r = run([edit(lastLine, 'context=from-internal\n')], `${sha256(nextPj)}\n`);
      await other.ended;
      expect(r.code).toBe(73);
      expect(r.out).toContain(`actual ${sha256('by the other write\n')}`);
      expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe('by the other write\n');
      expect(list()).toEqual(['pjsip.conf']);
    },
  );

  // Any account that can read the directory can take the lock too: past L_LOCK_WAIT the write
  // goes on as before locks, its checks still made.
  it.runIf(openssl)(
    'goes on without a lock held past L_LOCK_WAIT, saying so ("unlocked 1")',
    async () => {
      const other = await holdLock(3, ':');
      const t = performance.now();
      const r = run([edit(lastLine, 'context=from-internal\n')], `${sha256(nextPj)}\n`, {
        lockWait: 1,
      });
      const waited = performance.now() - t;
      await other.ended;
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^unlocked 1$/m);
      expect(waited).toBeGreaterThan(900);
      expect(waited).toBeLessThan(2900);
      expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(nextPj);
    },
  );

  // The client stops a command after 60 s: every lock of a batch is waited for within one
  // L_LOCK_WAIT, not one each.
  it.runIf(openssl)(
    'waits L_LOCK_WAIT for all its directories together, not for each',
    async () => {
      fs.mkdirSync(p('d2'));
      const first = await holdLock(3, ':');
      const second = await holdLock(3, ':', p('d2'));
      const t = performance.now();
      const r = run(
        [edit(lastLine, 'context=from-internal\n'), { ...newFile('; x\n'), name: 'd2/x.conf' }],
        `${sha256(nextPj)} ${sha256('; x\n')}\n`,
        { lockWait: 1 },
      );
      const waited = performance.now() - t;
      await Promise.all([first.ended, second.ended]);
      expect(r.code).toBe(0);
      expect(r.out).toMatch(/^unlocked 1\nunlocked 2$/m);
      expect(waited).toBeLessThan(1900);
    },
  );

  // A client whose channel closed while the write waited (no signal reached the host) was told
  // the write failed: nothing may be replaced after that.
  it.runIf(openssl)(
    'replaces nothing when its client is gone by the time it has the lock',
    async () => {
      const other = await holdLock(1, ':');
      const child = spawn('/bin/sh', ['-c', script], { env: env() });
      const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
      child.stdin.end(
        writeInput([edit(lastLine, 'context=from-internal\n')], `${sha256(nextPj)}\n`),
      );
      await new Promise((r) => setTimeout(r, 300));
      child.stdout.destroy();
      await other.ended;
      expect(await exit).toBe(SCRIPT_EXIT.NO_HASHES);
      expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(big);
      expect(list()).toEqual(['pjsip.conf']);
    },
  );

  // Two descriptors of one directory lock each other out, even in one process.
  it.runIf(openssl)(
    'locks a directory reached by two paths (a symlinked subdirectory, a doubled slash) once',
    () => {
      fs.symlinkSync('.', p('sub'));
      const t = performance.now();
      const r = run(
        [
          edit(lastLine, 'context=from-internal\n'),
          { ...newFile('[internal]\n'), name: 'sub/extensions.conf' },
          { ...newFile('; x\n'), name: '/x.conf' },
        ],
        `${sha256(nextPj)} ${sha256('[internal]\n')} ${sha256('; x\n')}\n`,
        { lockWait: 2 },
      );
      expect(r.code).toBe(0);
      expect(r.out).not.toContain('unlocked');
      expect(performance.now() - t).toBeLessThan(1500);
      expect(fs.readFileSync(p('extensions.conf'), 'utf8')).toBe('[internal]\n');
      expect(fs.readFileSync(p('x.conf'), 'utf8')).toBe('; x\n');
    },
  );

  it('goes on at once, without the lock, where flock cannot wait (busybox has no -w)', () => {
    const bin = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-busybox-'));
    try {
      fs.writeFileSync(
        path.join(bin, 'flock'),
        '#!/bin/sh\necho "flock: invalid option -- w" >&2\nexit 1\n',
        {
          mode: 0o755,
        },
      );
      fs.mkdirSync(p('d2'));
      const input = writeInput(
        [edit(lastLine, 'context=from-internal\n'), { ...newFile('; x\n'), name: 'd2/x.conf' }],
        `${sha256(nextPj)} ${sha256('; x\n')}\n`,
      );
      const res = spawnSync('/bin/sh', ['-c', script], {
        input,
        env: { ...env(), PATH: `${bin}:${env().PATH}` },
      });
      expect(res.status).toBe(0);
      // Every directory it could not lock is named (by its first file).
      expect(res.stdout.toString()).toMatch(/^unlocked 1\nunlocked 2$/m);
      expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(nextPj);
    } finally {
      fs.rmSync(bin, { recursive: true, force: true });
    }
  });

  // Two consoles writing one host at once: one's sweep must not remove the other's temps, or
  // that write's rename fails after its other files were replaced (a torn batch).
  it('removes a planted temp whose number the shell would read as octal, and writes', () => {
    fs.writeFileSync(p('.pjsip.conf.rayanpbx-tmp-0999-x'), 'planted');
    const r = run([edit(lastLine, 'context=from-internal\n')], `${sha256(nextPj)}\n`);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(nextPj);
    expect(list()).toEqual(['pjsip.conf', 'pjsip.conf.rayanpbx-bak-20260101T000000.000Z-R']);
  });

  // "Now" is when the sweep runs, not when the write started: a write started after this one
  // (while it waited for the lock, say) has a temp made later than this write's start.
  it.runIf(openssl)(
    'leaves the temp of a write that started after it (while it waited for the lock)',
    async () => {
      const other = await holdLock(2.5, ':');
      const write = start([edit(lastLine, 'context=from-internal\n')], `${sha256(nextPj)}\n`);
      await new Promise((r) => setTimeout(r, 1200));
      const later = `.pjsip.conf.rayanpbx-tmp-${hostUptime()}-LaterWrite01`;
      fs.writeFileSync(p(later), 'a later write');
      const r = await write;
      await other.ended;
      expect(r.code).toBe(0);
      expect(fs.readFileSync(p(later), 'utf8')).toBe('a later write');
    },
  );

  it("leaves a temp young enough to be a concurrent write's, and still writes", () => {
    const young = `.pjsip.conf.rayanpbx-tmp-${hostUptime() - 5}-OtherWrite01`;
    fs.writeFileSync(p(young), 'being written by another console');
    const r = run([edit(lastLine, 'context=from-internal\n')], `${sha256(nextPj)}\n`);
    expect(r.code).toBe(0);
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(nextPj);
    expect(fs.readFileSync(p(young), 'utf8')).toBe('being written by another console');
  });

  // Started ahead of its write (FileOps.prepareWrite), the script first waits for its
  // arguments: a client that goes away, or sends something else, leaves the directory as it was.
  it.each([
    ['no arguments at all (a command started ahead, never used)', ''],
    ['fewer arguments than announced', '10\n5\n20260101T000000.000Z\n'],
    ['a count that is not a number', 'ten\n'],
    ['fewer than the four fixed arguments', '2\n5\n20260101T000000.000Z\n'],
  ])('ends on %s with 50, having made nothing', (_, input) => {
    const res = spawnSync('/bin/sh', ['-c', script], { input, env: env() });
    expect(res.status).toBe(SCRIPT_EXIT.NO_HASHES);
    // Without its arguments it never says "args": the client knows nothing was made.
    expect(res.stdout.toString()).toBe('');
    expect(list()).toEqual(['pjsip.conf']);
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(big);
  });
});

/**
 * What the client's kill() does to a write (on a timeout, or a hook that gave up): sshd sends
 * SIGTERM to the command's process group. Slow stand-ins for `openssl` and `mv` hold the script
 * at the step under test.
 */
describe('the write script when the client kills it (SIGTERM to its process group)', () => {
  let dir: string;
  let bin: string;
  const big = '[1000]\ntype=endpoint\ncontext=internal\n'.repeat(4000);
  const next = `${big}; one more line\n`;
  const p = (n: string) => path.join(dir, n);
  const list = () => fs.readdirSync(dir).sort();

  beforeAll(() => {
    bin = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-slow-'));
    // Each stand-in leaves a mark when it starts, then does the real work a while later.
    for (const tool of ['openssl', 'mv']) {
      fs.writeFileSync(
        path.join(bin, tool),
        `#!/bin/sh\n: > "$MARKS/${tool}"\nsleep 1\nexec /usr/bin/${tool} "$@"\n`,
        { mode: 0o755 },
      );
    }
  });
  afterAll(() => fs.rmSync(bin, { recursive: true, force: true }));
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-kill-'));
    fs.mkdirSync(p('marks'));
    fs.writeFileSync(p('pjsip.conf'), big);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Starts a write of `next` over pjsip.conf; `slow` names the stand-in put on PATH. */
  function start(slow: 'openssl' | 'mv', sendHashes: boolean) {
    const tool = path.join(bin, slow);
    const only = fs.mkdtempSync(path.join(dir, 'bin-'));
    fs.symlinkSync(tool, path.join(only, slow));
    const args = ['5', '20260101T000000.000Z', '0', '0'];
    const added = '; one more line\n';
    args.push(p('pjsip.conf'), String(big.length), String(added.length), '0', '0', sha256(big));
    const child = spawn('/bin/sh', ['-c', WRITE_SCRIPT], {
      detached: true,
      env: { PATH: `${only}:/usr/bin:/bin`, LC_ALL: 'C', MARKS: p('marks') },
    });
    child.stdin.write(Buffer.concat([writeArgLines(args), Buffer.from(RANDOM + added)]));
    if (sendHashes) child.stdin.end(`${sha256(next)}\n`);
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    return { pid: child.pid!, output: () => out, exit };
  }

  const files = () =>
    list()
      .filter((n) => !n.startsWith('marks') && !n.startsWith('bin-'))
      .map(norm);

  it('while it waits for the hashes: its temp goes, the target stays', async () => {
    const w = start('openssl', false);
    await until(() => w.output().includes('uploaded\n'));
    process.kill(-w.pid, 'SIGTERM');
    expect(await w.exit).toBe(143);
    expect(files()).toEqual(['pjsip.conf']);
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(big);
  });

  it('while it hashes: its temp and its backup link go, the target stays', async () => {
    const w = start('openssl', true);
    // The backup link is made while the hashes run.
    await until(() => files().some((n) => n.includes('.rayanpbx-bak-')));
    await until(() => fs.existsSync(p('marks/openssl')));
    process.kill(-w.pid, 'SIGTERM');
    expect(await w.exit).toBe(143);
    expect(files()).toEqual(['pjsip.conf']);
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(big);
  });

  it('during the renames: it finishes them and reports the write done', async () => {
    const w = start('mv', true);
    await until(() => fs.existsSync(p('marks/mv')));
    process.kill(-w.pid, 'SIGTERM');
    expect(await w.exit).toBe(0);
    expect(w.output()).toMatch(/\ncommitted\n$/);
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe(next);
    expect(files()).toEqual(['pjsip.conf', 'pjsip.conf.rayanpbx-bak-20260101T000000.000Z-R']);
  });
});

/**
 * Step 0 and the no-follow rules, run as root (as the tests are): what a PBX whose config dir
 * another account can write gets.
 */
describe('the write script in a directory it must not trust', () => {
  let dir: string;
  const p = (n: string) => path.join(dir, n);
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-hostile-'));
    fs.chmodSync(dir, 0o755);
    fs.writeFileSync(p('pjsip.conf'), 'old\n');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  function write(name: string, content: string, expected: string, allow = '0', keep = '5') {
    const args = [keep, '20260101T000000.000Z', '0', allow];
    args.push(p(name), '0', String(Buffer.byteLength(content)), '0', '0', expected);
    const res = spawnSync('/bin/sh', ['-c', WRITE_SCRIPT], {
      input: `${writeArgLines(args)}${RANDOM}${content}${sha256(content)}\n`,
      env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' },
    });
    return { code: res.status, out: res.stdout.toString(), err: res.stderr.toString() };
  }

  it('refuses a target that is a symlink, saying where it points, and makes nothing', () => {
    fs.writeFileSync(p('real'), 'real\n');
    fs.rmSync(p('pjsip.conf'));
    fs.symlinkSync(p('real'), p('pjsip.conf'));
    const r = write('pjsip.conf', 'new\n', sha256('real\n'));
    expect(r.code).toBe(SCRIPT_EXIT.SYMLINK_TARGET);
    expect(r.out).toBe(`args\nunsafe 1 symlink ${p('real')}\n`);
    expect(fs.readFileSync(p('real'), 'utf8')).toBe('real\n');
    expect(fs.readdirSync(dir).sort()).toEqual(['pjsip.conf', 'real']);
  });

  it.each([
    ['owned by another account', 1234, 0o755],
    ['group-writable', 0, 0o775],
    ['writable by everyone (sticky or not)', 0, 0o1777],
  ])('as root, refuses a directory %s, naming owner, group and mode', (_what, uid, mode) => {
    fs.chownSync(dir, uid, 4321);
    fs.chmodSync(dir, mode);
    const r = write('pjsip.conf', 'new\n', sha256('old\n'));
    expect(r.code).toBe(SCRIPT_EXIT.SHARED_DIR);
    expect(r.out).toMatch(
      new RegExp(`\\nunsafe 1 dir ${uid} 4321 ${mode.toString(8)} \\S+ \\S+\\n$`),
    );
    expect(fs.readdirSync(dir)).toEqual(['pjsip.conf']);
  });

  // Before, the temps were made (owner and mode taken through `--reference`, which follows a
  // link the other account could swap in; dd blocked on a target swapped for a FIFO) and the
  // targets hashed beside the refusal (openssl opened what the names led to by then).
  it('as root in a shared directory, is refused before it reads the bytes or makes a temp', async () => {
    fs.chmodSync(dir, 0o777);
    const args = ['5', '20260101T000000.000Z', '0', '0'];
    args.push(p('pjsip.conf'), '0', '4', '0', '0', sha256('old\n'));
    const child = spawn('/bin/sh', ['-c', WRITE_SCRIPT], {
      env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' },
    });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    const exit = new Promise<number | null>((r) => child.on('close', (code) => r(code)));
    // The arguments and the random line only: no bytes of the file follow.
    child.stdin.write(`${writeArgLines(args)}${RANDOM}`);
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    const code = await exit;
    clearTimeout(timer);
    expect(code).toBe(SCRIPT_EXIT.SHARED_DIR);
    expect(out).toMatch(/^args\nunsafe 1 dir 0 0 777 \S+ \S+\n$/);
    expect(fs.readdirSync(dir)).toEqual(['pjsip.conf']);
  });

  it('when the host allows it: asks to run as the owner, or writes as root in a root-owned one', () => {
    fs.chownSync(dir, 1234, 4321);
    const asOwner = write('pjsip.conf', 'new\n', sha256('old\n'), '1');
    expect(asOwner.code).toBe(SCRIPT_EXIT.RUN_AS_OWNER);
    expect(asOwner.out).toMatch(/\nunsafe 1 owner 1234 4321 755 \S+ \S+\n$/);
    fs.chownSync(dir, 0, 0);
    fs.chmodSync(dir, 0o777);
    const asRoot = write('pjsip.conf', 'new\n', sha256('old\n'), '1');
    expect(asRoot.code).toBe(0);
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe('new\n');
  });

  it('creates a new file 0640 with the owner and group of the directory', () => {
    fs.chownSync(dir, 0, 4321);
    const r = write('extensions.conf', '[x]\n', '-');
    expect(r.code).toBe(0);
    const s = fs.statSync(p('extensions.conf'));
    expect([s.uid, s.gid, s.mode & 0o7777]).toEqual([0, 4321, 0o640]);
  });

  it('prunes only backups it could have made: planted names, later stamps and links are left alone', () => {
    const bak = (stamp: string, rnd = 'Zz0123456789') => `pjsip.conf.rayanpbx-bak-${stamp}-${rnd}`;
    const real = ['20251201T000000.000Z', '20251202T000000.000Z', '20251203T000000.000Z'];
    for (const st of real) fs.writeFileSync(p(bak(st)), `${st}\n`);
    // An account that can write the directory plants names that would push real backups out:
    // stamps from the future, a link named as a backup, a name write.sh never makes.
    const future = [bak('20991231T235959.999Z', 'AAAAAAAAAAAA'), bak('20991231T235959.999Z')];
    for (const f of future) fs.writeFileSync(p(f), 'planted\n');
    fs.writeFileSync(p('victim'), 'victim\n');
    fs.symlinkSync(p('victim'), p(bak('20251204T000000.000Z')));
    fs.writeFileSync(p('pjsip.conf.rayanpbx-bak-junk'), 'junk\n');
    const r = write('pjsip.conf', 'new\n', sha256('old\n'), '0', '2');
    expect(r.code).toBe(0);
    const left = fs.readdirSync(dir).sort().map(norm);
    // Kept: this write's backup and the newest real one; the two oldest real ones went.
    expect(left).toEqual(
      [
        'pjsip.conf',
        bak('20251203T000000.000Z'),
        bak('20251204T000000.000Z'),
        'pjsip.conf.rayanpbx-bak-20260101T000000.000Z-R',
        ...future,
        'pjsip.conf.rayanpbx-bak-junk',
        'victim',
      ]
        .sort()
        .map(norm),
    );
    expect(fs.readFileSync(p('victim'), 'utf8')).toBe('victim\n');
  });

  it('refuses the write when the backup link cannot be made: no copy, nothing replaced', () => {
    // An `ln` that fails stands in for any failing link(2) (EEXIST, EPERM, EXDEV).
    const shim = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-noln-'));
    fs.writeFileSync(path.join(shim, 'ln'), '#!/bin/sh\necho "ln: refused" >&2\nexit 1\n', {
      mode: 0o755,
    });
    const args = ['5', '20260101T000000.000Z', '0', '0'];
    args.push(p('pjsip.conf'), '0', '4', '0', '0', sha256('old\n'));
    const res = spawnSync('/bin/sh', ['-c', WRITE_SCRIPT], {
      input: `${writeArgLines(args)}${RANDOM}new\n${sha256('new\n')}\n`,
      env: { PATH: `${shim}:/usr/bin:/bin`, LC_ALL: 'C' },
    });
    fs.rmSync(shim, { recursive: true, force: true });
    expect(res.status).toBe(SCRIPT_EXIT.BACKUP);
    expect(fs.readFileSync(p('pjsip.conf'), 'utf8')).toBe('old\n');
    expect(fs.readdirSync(dir)).toEqual(['pjsip.conf']);
  });
});
