import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import {
  chmod,
  chown,
  mkdir,
  mkdtemp,
  readFile,
  rm,
  stat,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { listManagedBlocks, upsertManagedBlock } from '../../../src/main/core/config/managed';
import { toBinary } from '../../../src/main/core/ssh/byte-text';
import {
  ConcurrentModificationError,
  ConnectionLostError,
  WriteOutcomeUnknownError,
  DirectoryNotFoundError,
  InvalidPathError,
  PartialBatchWriteError,
  PermissionDeniedError,
} from '../../../src/main/core/ssh/errors';
import { LocalTransport } from '../../../src/main/core/ssh/local-transport';
import type { SshTransport } from '../../../src/main/core/ssh/ssh-transport';
import type { HostTransport, WritePhase } from '../../../src/main/core/ssh/types';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { connectToSshd, rejectionOf } from '../../support/ssh-session';
import { ensureTestUsers, type TestUsers } from '../../support/ssh-users';
import { startSshd, type SshdHandle } from '../../support/sshd';

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const PJSIP = '[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0:5060\n';
const EXTENSIONS = '[from-internal]\nexten => _1XXX,1,Dial(PJSIP/${EXTEN})\n';

const temps = async (pbx: PbxDir) => (await pbx.list()).filter((n) => n.includes('.rayanpbx-tmp-'));
const backupsOf = async (pbx: PbxDir, name: string) =>
  (await pbx.list()).filter((n) => n.startsWith(`${name}.rayanpbx-bak-`));

let sshd: SshdHandle;
let users: TestUsers;
const transports: Record<'ssh' | 'local', HostTransport | null> = { ssh: null, local: null };

beforeAll(async () => {
  [sshd, users] = await Promise.all([startSshd(), ensureTestUsers()]);
  // The production setup: a non-root login whose file operations go through `sudo -n`.
  transports.ssh = await connectToSshd(sshd, { user: users.sudoer.name, sudo: true });
  transports.local = new LocalTransport({ label: 'localhost' });
});

afterAll(async () => {
  await transports.ssh?.close();
  await sshd?.stop();
});

describe('the upload splits one stdin stream with `head -c`', () => {
  /** Runs `script` with `chunks` written to its stdin one by one, a pause between each. */
  async function feed(script: string, cwd: string, chunks: Buffer[]): Promise<number | null> {
    const child = spawn('/bin/sh', ['-c', script], { cwd, stdio: ['pipe', 'ignore', 'inherit'] });
    for (const c of chunks) {
      child.stdin.write(c);
      await new Promise((r) => setTimeout(r, 20));
    }
    child.stdin.end();
    return new Promise((resolve) => child.once('close', resolve));
  }

  it('GNU head -c <n> reads exactly n bytes from a pipe and leaves the rest to the next reader', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'rayanpbx-headc-'));
    try {
      // Chunk boundaries fall inside each part, and the first chunk holds more than part a.
      const whole = Buffer.from('aaaaabbbcccccccccc');
      const chunks = [whole.subarray(0, 7), whole.subarray(7, 9), whole.subarray(9)];
      expect(await feed('head -c 5 > a; head -c 3 > b; cat > c', dir, chunks)).toBe(0);
      expect(await readFile(join(dir, 'a'), 'utf8')).toBe('aaaaa');
      expect(await readFile(join(dir, 'b'), 'utf8')).toBe('bbb');
      expect(await readFile(join(dir, 'c'), 'utf8')).toBe('cccccccccc');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('holds for megabytes sent through sshd and `sudo -n`, the way the upload runs', async () => {
    const t = transports.ssh!;
    const dir = await mkdtemp(join(tmpdir(), 'rayanpbx-headc-'));
    try {
      const a = 'A'.repeat(3 * 1024 * 1024 + 17);
      const b = 'B'.repeat(1024 * 1024 + 3);
      const res = await t.exec(
        `cd '${dir}' && head -c ${a.length} > a && head -c ${b.length} > b && cat > c`,
        { stdin: `${a}${b}tail` },
      );
      expect(res.code).toBe(0);
      expect((await readFile(join(dir, 'a'), 'utf8')) === a).toBe(true);
      expect((await readFile(join(dir, 'b'), 'utf8')) === b).toBe(true);
      expect(await readFile(join(dir, 'c'), 'utf8')).toBe('tail');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

// The same behaviour is required of both transports: they share the algorithm, and this proves it.
describe.each(['ssh', 'local'] as const)(
  'batched reads and writes over the %s transport',
  (kind) => {
    let pbx: PbxDir;
    const t = () => transports[kind]!;

    afterEach(async () => {
      await pbx?.cleanup();
    });

    it('reads two files, one of them missing, in one round trip', async () => {
      pbx = await createPbxDir({ 'pjsip.conf': PJSIP });
      const before = t().roundTrips;
      const snaps = await t().files.readFiles([
        pbx.path('pjsip.conf'),
        pbx.path('extensions.conf'),
      ]);
      expect(t().roundTrips - before).toBe(1);
      expect(snaps).toEqual([
        { path: pbx.path('pjsip.conf'), content: PJSIP, hash: sha256(PJSIP), exists: true },
        { path: pbx.path('extensions.conf'), content: '', hash: '', exists: false },
      ]);
    });

    it('reads files of any size and content in order, the hash being of the bytes on disk', async () => {
      pbx = await createPbxDir({});
      const files: Array<[string, Buffer]> = [
        ['empty.conf', Buffer.alloc(0)],
        // Lines that look like the read script's own headers must not confuse the framing.
        ['tricky.conf', Buffer.from('ok 0 5\nmissing 0 0\n\0\r\n')],
        ['big.conf', Buffer.from(`${'; filler\n'.repeat(200_000)}[end]\n`)],
        ['no-newline.conf', Buffer.from('x=1')],
      ];
      for (const [name, bytes] of files) await writeFile(pbx.path(name), bytes);
      const snaps = await t().files.readFiles(files.map(([n]) => pbx.path(n)));
      expect(snaps.map((s) => s.hash)).toEqual(files.map(([, b]) => sha256(b)));
      // Buffer#equals: vitest's deep toEqual of megabytes takes seconds.
      expect(snaps.map((s, i) => Buffer.from(s.content, 'utf8').equals(files[i]![1]))).toEqual(
        files.map(() => true),
      );
    });

    it('fails the whole read with DirectoryNotFoundError when one directory is missing', async () => {
      pbx = await createPbxDir({ 'pjsip.conf': PJSIP });
      const err = await rejectionOf(
        t().files.readFiles([pbx.path('pjsip.conf'), `${pbx.dir}/gone/extensions.conf`]),
      );
      expect(err).toBeInstanceOf(DirectoryNotFoundError);
      expect(err.details).toMatchObject({ path: `${pbx.dir}/gone` });
    });

    it('writes pjsip.conf and extensions.conf in 1 round trip (read + write = 2), keeping owner/mode and a backup of each', async () => {
      pbx = await createPbxDir({ 'pjsip.conf': PJSIP, 'extensions.conf': EXTENSIONS });
      await chown(pbx.path('pjsip.conf'), 1234, 2345);
      await chmod(pbx.path('pjsip.conf'), 0o640);
      await chown(pbx.path('extensions.conf'), 3456, 4567);
      await chmod(pbx.path('extensions.conf'), 0o604);
      const inodes = await Promise.all(
        ['pjsip.conf', 'extensions.conf'].map(async (n) => (await stat(pbx.path(n))).ino),
      );

      const start = t().roundTrips;
      const [pj, ex] = await t().files.readFiles([
        pbx.path('pjsip.conf'),
        pbx.path('extensions.conf'),
      ]);
      const nextPj = `${PJSIP}\n[1001]\ntype=endpoint\n`;
      const nextEx = `${EXTENSIONS}exten => 1001,1,Dial(PJSIP/1001)\n`;
      const beforeWrite = t().roundTrips;
      const res = await t().files.writeFilesAtomic(
        [
          { path: pj!.path, content: nextPj, expectedHash: pj!.hash },
          { path: ex!.path, content: nextEx, expectedHash: ex!.hash },
        ],
        { backupsToKeep: 5 },
      );
      expect(t().roundTrips - beforeWrite).toBe(1);
      expect(t().roundTrips - start).toBe(2);

      expect(res.map((r) => [r.path, r.hash])).toEqual([
        [pbx.path('pjsip.conf'), sha256(nextPj)],
        [pbx.path('extensions.conf'), sha256(nextEx)],
      ]);
      expect(await pbx.read('pjsip.conf')).toBe(nextPj);
      expect(await pbx.read('extensions.conf')).toBe(nextEx);
      expect(await pbx.stat('pjsip.conf')).toMatchObject({ uid: 1234, gid: 2345, mode: 0o640 });
      expect(await pbx.stat('extensions.conf')).toMatchObject({
        uid: 3456,
        gid: 4567,
        mode: 0o604,
      });
      // New inodes: both were replaced by rename, never rewritten in place.
      expect((await stat(pbx.path('pjsip.conf'))).ino).not.toBe(inodes[0]);
      expect((await stat(pbx.path('extensions.conf'))).ino).not.toBe(inodes[1]);

      expect(res[0]!.backupPath).toMatch(
        /\/pjsip\.conf\.rayanpbx-bak-\d{8}T\d{6}\.\d{3}Z-[A-Za-z0-9_-]{12}$/,
      );
      expect(res[1]!.backupPath).toMatch(
        /\/extensions\.conf\.rayanpbx-bak-\d{8}T\d{6}\.\d{3}Z-[A-Za-z0-9_-]{12}$/,
      );
      expect(await readFile(res[0]!.backupPath!, 'utf8')).toBe(PJSIP);
      expect(await readFile(res[1]!.backupPath!, 'utf8')).toBe(EXTENSIONS);
      expect(await backupsOf(pbx, 'pjsip.conf')).toHaveLength(1);
      expect(await backupsOf(pbx, 'extensions.conf')).toHaveLength(1);
      expect(await temps(pbx)).toEqual([]);
    });

    it('keeps only the newest N backups of each file of the batch', async () => {
      pbx = await createPbxDir({ 'pjsip.conf': 'p0\n', 'extensions.conf': 'e0\n' });
      let hashes = [sha256('p0\n'), sha256('e0\n')];
      for (let v = 1; v <= 4; v++) {
        const res = await t().files.writeFilesAtomic(
          [
            { path: pbx.path('pjsip.conf'), content: `p${v}\n`, expectedHash: hashes[0]! },
            { path: pbx.path('extensions.conf'), content: `e${v}\n`, expectedHash: hashes[1]! },
          ],
          { backupsToKeep: 2 },
        );
        hashes = res.map((r) => r.hash);
      }
      const pjBackups = await backupsOf(pbx, 'pjsip.conf');
      const exBackups = await backupsOf(pbx, 'extensions.conf');
      expect(await Promise.all(pjBackups.map((n) => pbx.read(n)))).toEqual(['p2\n', 'p3\n']);
      expect(await Promise.all(exBackups.map((n) => pbx.read(n)))).toEqual(['e2\n', 'e3\n']);
    });

    it('replaces one file and creates another (expectedHash null) in the same batch', async () => {
      pbx = await createPbxDir({ 'pjsip.conf': PJSIP });
      const [pj, ex] = await t().files.readFiles([
        pbx.path('pjsip.conf'),
        pbx.path('extensions.conf'),
      ]);
      const res = await t().files.writeFilesAtomic([
        { path: pj!.path, content: `${PJSIP};x\n`, expectedHash: pj!.hash },
        { path: ex!.path, content: EXTENSIONS, expectedHash: ex!.exists ? ex!.hash : null },
      ]);
      expect(res[1]!.backupPath).toBeNull();
      expect(await pbx.read('extensions.conf')).toBe(EXTENSIONS);
      // A created file holds passwords: 0640, owner and group of the directory (root here).
      expect((await pbx.stat('extensions.conf')).mode).toBe(0o640);
      expect(await pbx.read('pjsip.conf')).toBe(`${PJSIP};x\n`);
    });

    it('refuses the whole batch when the second file changed since the read: ConcurrentModificationError naming it, neither replaced, no temp left', async () => {
      pbx = await createPbxDir({ 'pjsip.conf': PJSIP, 'extensions.conf': EXTENSIONS });
      const [pj, ex] = await t().files.readFiles([
        pbx.path('pjsip.conf'),
        pbx.path('extensions.conf'),
      ]);
      const handEdited = `${EXTENSIONS}; edited by hand meanwhile\n`;
      await pbx.write('extensions.conf', handEdited);
      const listBefore = await pbx.list();

      const before = t().roundTrips;
      const err = await rejectionOf(
        t().files.writeFilesAtomic([
          { path: pj!.path, content: 'ours\n', expectedHash: pj!.hash },
          { path: ex!.path, content: 'ours too\n', expectedHash: ex!.hash },
        ]),
      );
      expect(t().roundTrips - before).toBe(1);
      expect(err).toBeInstanceOf(ConcurrentModificationError);
      expect(err.details).toMatchObject({
        path: pbx.path('extensions.conf'),
        expectedHash: ex!.hash,
        actualHash: sha256(handEdited),
      });
      expect(err.message).toContain(pbx.path('extensions.conf'));
      expect(await pbx.read('pjsip.conf')).toBe(PJSIP);
      expect(await pbx.read('extensions.conf')).toBe(handEdited);
      // No backup, no temp file: the directory is as it was.
      expect(await pbx.list()).toEqual(listBefore);
    });

    it('refuses the batch when a file expected absent was created meanwhile', async () => {
      pbx = await createPbxDir({ 'pjsip.conf': PJSIP });
      const [pj] = await t().files.readFiles([pbx.path('pjsip.conf')]);
      await pbx.write('extensions.conf', 'someone else\n');
      const err = await rejectionOf(
        t().files.writeFilesAtomic([
          { path: pj!.path, content: 'ours\n', expectedHash: pj!.hash },
          { path: pbx.path('extensions.conf'), content: EXTENSIONS, expectedHash: null },
        ]),
      );
      expect(err).toBeInstanceOf(ConcurrentModificationError);
      expect(err.details).toMatchObject({ path: pbx.path('extensions.conf'), expectedHash: null });
      expect(await pbx.read('pjsip.conf')).toBe(PJSIP);
      expect(await pbx.list()).toEqual(['extensions.conf', 'pjsip.conf']);
    });

    it('keeps bytes that are not UTF-8 outside the managed blocks, byte for byte, through read → edit → write', async () => {
      pbx = await createPbxDir({});
      const bin = (...b: number[]) => Buffer.of(...b);
      const txt = (s: string) => Buffer.from(s, 'utf8');
      const block = (id: string, body: string) =>
        txt(`; BEGIN MANAGED - ${id}\n${body}; END MANAGED - ${id}\n`);
      // A comment typed in Latin-1 ("café", "Müller"), a CP1256 byte, a lone UTF-8 lead byte,
      // a UTF-8-encoded surrogate, next to real UTF-8 ("Zoë") and a NUL.
      const pjHead = Buffer.concat([
        txt('; caf'),
        bin(0xe9),
        txt(' - M'),
        bin(0xfc),
        txt('ller '),
        bin(0xc7, 0xd1),
        txt('\n'),
        txt('; Zoë '),
        bin(0xc3),
        txt(' '),
        bin(0xed, 0xa0, 0x80),
        txt(' \0\n[global]\ntype=global\n\n'),
      ]);
      const pjTail = Buffer.concat([txt('\n; fin '), bin(0xff, 0xfe, 0x80), txt('\n')]);
      const exHead = Buffer.concat([
        txt('[from-internal]\n; '),
        bin(0x93),
        txt('quoted'),
        bin(0x94),
        txt('\n'),
      ]);
      const exTail = Buffer.concat([txt('; trailing '), bin(0xa0), txt('\n')]);
      const pjBody = '[1001]\ntype=endpoint\n';
      const exBody = 'exten => 1001,1,Dial(PJSIP/1001)\n';
      const pjBefore = Buffer.concat([pjHead, block('Extension 1001', pjBody), pjTail]);
      const exBefore = Buffer.concat([exHead, block('Dialplan', exBody), exTail]);
      await writeFile(pbx.path('pjsip.conf'), pjBefore);
      await writeFile(pbx.path('extensions.conf'), exBefore);

      const [pj, ex] = await t().files.readFiles([
        pbx.path('pjsip.conf'),
        pbx.path('extensions.conf'),
      ]);
      expect(pj!.hash).toBe(sha256(pjBefore));
      expect(ex!.hash).toBe(sha256(exBefore));
      // Not UTF-8: the file is held as its bytes (one character each), and the console's own
      // blocks in it are read as UTF-8 text.
      expect(pj!.content).toContain(toBinary('; Zoë '));
      expect(listManagedBlocks(pj!.content).find((b) => b.id === 'Extension 1001')!.body).toBe(
        pjBody,
      );

      const pjNewBody = `${pjBody}callerid="Zoë Ångström" <1001>\n`;
      const exNewBody = `${exBody}exten => 1002,1,Dial(PJSIP/1002)\n`;
      await t().files.writeFilesAtomic([
        {
          path: pj!.path,
          content: upsertManagedBlock(pj!.content, 'Extension 1001', pjNewBody),
          expectedHash: pj!.hash,
        },
        {
          path: ex!.path,
          content: upsertManagedBlock(ex!.content, 'Dialplan', exNewBody),
          expectedHash: ex!.hash,
        },
      ]);

      expect(await pbx.readBytes('pjsip.conf')).toEqual(
        Buffer.concat([pjHead, block('Extension 1001', pjNewBody), pjTail]),
      );
      expect(await pbx.readBytes('extensions.conf')).toEqual(
        Buffer.concat([exHead, block('Dialplan', exNewBody), exTail]),
      );
      // …and what was written reads back to the same text and the hash of the bytes on disk.
      const [again] = await t().files.readFiles([pbx.path('pjsip.conf')]);
      expect(again!.hash).toBe(sha256(await pbx.readBytes('pjsip.conf')));
      expect(again!.content).toBe(upsertManagedBlock(pj!.content, 'Extension 1001', pjNewBody));
    });

    it('reports a batch left half applied when a later rename fails (PartialBatchWriteError), each file old or new', async () => {
      pbx = await createPbxDir({ 'pjsip.conf': PJSIP, 'extensions.conf': EXTENSIONS });
      const [pj, ex] = await t().files.readFiles([
        pbx.path('pjsip.conf'),
        pbx.path('extensions.conf'),
      ]);
      const err = await rejectionOf(
        t().files.writeFilesAtomic(
          [
            { path: pj!.path, content: 'new p\n', expectedHash: pj!.hash },
            { path: ex!.path, content: 'new e\n', expectedHash: ex!.hash },
          ],
          {
            backupsToKeep: 0,
            hooks: {
              // Every check has passed; now make the second rename impossible: its target
              // becomes a directory (rename(2) of a file over a directory fails).
              pauseBeforeRename: true,
              onPhase: async (p) => {
                if (p !== 'before-rename') return;
                await rm(pbx.path('extensions.conf'));
                await mkdir(pbx.path('extensions.conf'));
              },
            },
          },
        ),
      );
      expect(err).toBeInstanceOf(PartialBatchWriteError);
      expect(err.details).toMatchObject({
        replaced: [pbx.path('pjsip.conf')],
        failed: pbx.path('extensions.conf'),
      });
      expect(await pbx.read('pjsip.conf')).toBe('new p\n');
      expect((await stat(pbx.path('extensions.conf'))).isDirectory()).toBe(true);
      expect(await temps(pbx)).toEqual([]);
    });

    it('refuses one file reached twice through a symlinked directory (the same file twice), replacing nothing', async () => {
      pbx = await createPbxDir({ 'pjsip.conf': PJSIP });
      await symlink(pbx.dir, pbx.path('link'));
      const [a, b] = await t().files.readFiles([
        pbx.path('pjsip.conf'),
        pbx.path('link/pjsip.conf'),
      ]);
      const err = await rejectionOf(
        t().files.writeFilesAtomic([
          { path: a!.path, content: 'one\n', expectedHash: a!.hash },
          { path: b!.path, content: 'two\n', expectedHash: b!.hash },
        ]),
      );
      expect(err).toBeInstanceOf(InvalidPathError);
      expect(err.message).toMatch(/same file/);
      expect(await pbx.read('pjsip.conf')).toBe(PJSIP);
      expect(await pbx.list()).toEqual(['link', 'pjsip.conf']);
    });

    it('rejects bad input, naming the field, before touching the host', async () => {
      pbx = await createPbxDir({ 'pjsip.conf': PJSIP });
      const p = pbx.path('pjsip.conf');
      const before = t().roundTrips;
      const dup = await rejectionOf(
        t().files.writeFilesAtomic([
          { path: p, content: 'a', expectedHash: null },
          { path: p, content: 'b', expectedHash: null },
        ]),
      );
      expect(dup.details).toEqual({ fields: ['files'] });
      const hash = await rejectionOf(
        t().files.writeFilesAtomic([
          { path: p, content: 'a', expectedHash: sha256(PJSIP) },
          { path: pbx.path('extensions.conf'), content: 'b', expectedHash: 'abc' },
        ]),
      );
      expect(hash.code).toBe('INVALID_INPUT');
      expect(hash.details).toEqual({ fields: ['files.1.expectedHash'] });
      const rel = await rejectionOf(t().files.readFiles([p, 'etc/asterisk/pjsip.conf']));
      expect(rel.code).toBe('INVALID_PATH');
      const keep = await rejectionOf(
        t().files.writeFilesAtomic([{ path: p, content: 'a', expectedHash: null }], {
          backupsToKeep: -1,
        }),
      );
      expect(keep.details).toEqual({ fields: ['backupsToKeep'] });
      expect(await t().files.readFiles([])).toEqual([]);
      expect(await t().files.writeFilesAtomic([])).toEqual([]);
      expect(t().roundTrips).toBe(before);
      expect(await pbx.read('pjsip.conf')).toBe(PJSIP);
    });
  },
);

describe('batches through sudo for a non-root login', () => {
  let pbx: PbxDir;
  afterEach(async () => {
    await pbx?.cleanup();
  });

  /** Like /etc/asterisk: root-owned 0640 files the test users cannot read by themselves. */
  async function rootOwnedPbx(): Promise<PbxDir> {
    const dir = await createPbxDir(
      { 'pjsip.conf': PJSIP, 'extensions.conf': EXTENSIONS },
      { mode: 0o755 },
    );
    for (const n of ['pjsip.conf', 'extensions.conf']) {
      await chown(dir.path(n), 0, 0);
      await chmod(dir.path(n), 0o640);
    }
    return dir;
  }

  it('reads and writes two root-owned 0640 files through `sudo -n` in 2 round trips, keeping root:root 0640', async () => {
    pbx = await rootOwnedPbx();
    const t = await connectToSshd(sshd, { user: users.sudoer.name, sudo: true });
    try {
      const before = t.roundTrips;
      const snaps = await t.files.readFiles([pbx.path('pjsip.conf'), pbx.path('extensions.conf')]);
      expect(snaps.map((s) => s.content)).toEqual([PJSIP, EXTENSIONS]);
      const res = await t.files.writeFilesAtomic(
        snaps.map((s) => ({ path: s.path, content: `${s.content};sudo\n`, expectedHash: s.hash })),
      );
      expect(t.roundTrips - before).toBe(2);
      for (const [i, name] of (['pjsip.conf', 'extensions.conf'] as const).entries()) {
        expect(await pbx.read(name)).toBe(`${snaps[i]!.content};sudo\n`);
        expect(await pbx.stat(name)).toMatchObject({ uid: 0, gid: 0, mode: 0o640 });
        const backup = res[i]!.backupPath!.slice(pbx.dir.length + 1);
        expect(await pbx.read(backup)).toBe(snaps[i]!.content);
        expect(await pbx.stat(backup)).toMatchObject({ uid: 0, gid: 0, mode: 0o640 });
      }
    } finally {
      await t.close();
    }
  });

  it('without sudo, the batch read fails with PermissionDeniedError naming the file it could not read', async () => {
    pbx = await rootOwnedPbx();
    await chmod(pbx.path('pjsip.conf'), 0o644);
    const t = await connectToSshd(sshd, { user: users.sudoer.name, sudo: false });
    try {
      const err = await rejectionOf(
        t.files.readFiles([pbx.path('pjsip.conf'), pbx.path('extensions.conf')]),
      );
      expect(err).toBeInstanceOf(PermissionDeniedError);
      expect(err.details).toMatchObject({
        path: pbx.path('extensions.conf'),
        user: 'rayanpbx-test',
        sudo: false,
      });
    } finally {
      await t.close();
    }
  });

  it('a sudo that asks for a password fails the batch read and write with SudoPasswordRequiredError', async () => {
    pbx = await rootOwnedPbx();
    const t = await connectToSshd(sshd, { user: users.passwordSudoer.name, sudo: true });
    try {
      const read = await rejectionOf(
        t.files.readFiles([pbx.path('pjsip.conf'), pbx.path('extensions.conf')]),
      );
      expect(read.code).toBe('SUDO_PASSWORD_REQUIRED');
      const write = await rejectionOf(
        t.files.writeFilesAtomic([
          { path: pbx.path('pjsip.conf'), content: 'x\n', expectedHash: sha256(PJSIP) },
          { path: pbx.path('extensions.conf'), content: 'y\n', expectedHash: sha256(EXTENSIONS) },
        ]),
      );
      expect(write.code).toBe('SUDO_PASSWORD_REQUIRED');
      expect(await pbx.list()).toEqual(['extensions.conf', 'pjsip.conf']);
    } finally {
      await t.close();
    }
  });
});

/** A config text of about `bytes` bytes, distinct per `tag`. */
function bigConfig(tag: string, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `; ${tag}\n[${1000 + i}]\ntype=endpoint\ncontext=from-internal\nallow=ulaw,alaw\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

const FILES = {
  'pjsip.conf': {
    old: bigConfig('pjsip old', 2 * 1024 * 1024),
    new: bigConfig('pjsip new', 8 * 1024 * 1024),
  },
  'extensions.conf': {
    old: bigConfig('dialplan old', 1024 * 1024),
    new: bigConfig('dialplan new', 2 * 1024 * 1024),
  },
} as const;
type Name = keyof typeof FILES;
const NAMES = Object.keys(FILES) as Name[];

/**
 * Reads both targets over and over until stopped: every observation of each must be its whole
 * old content or its whole new one — "always", not just at the end.
 */
function watch(pbx: PbxDir): { stop: () => Promise<Set<string>> } {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const name of NAMES) {
        const content = await readFile(pbx.path(name), 'utf8');
        const f = FILES[name];
        seen.add(
          `${name}:${content === f.old ? 'old' : content === f.new ? 'new' : `torn (${content.length} bytes)`}`,
        );
      }
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return seen;
    },
  };
}

async function until(cond: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** Waits until the host has finished whatever the dead session left running. */
async function settle(pbx: PbxDir): Promise<void> {
  let last = '';
  for (let i = 0; i < 100; i++) {
    const names = await pbx.list();
    const sizes = await Promise.all(
      names.map(async (n) => `${n}:${(await pbx.stat(n).catch(() => ({ size: -1 }))).size}`),
    );
    const now = sizes.join(',');
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tempSize = async (pbx: PbxDir, n: string) =>
  (await pbx.stat(n).catch(() => ({ size: 0 }))).size;

describe('the SSH connection dies in the middle of a batch write', () => {
  const cases: Array<{
    at: WritePhase;
    pause: boolean;
    outcome: 'old' | 'old or new';
    leftovers: 'none' | 'any';
  }> = [
    // Before the renames, the script on the host sees its stdin end and removes every temp.
    { at: 'temp-transfer', pause: false, outcome: 'old', leftovers: 'none' },
    { at: 'temp-written', pause: false, outcome: 'old', leftovers: 'none' },
    { at: 'before-rename', pause: true, outcome: 'old', leftovers: 'none' },
    { at: 'commit-sent', pause: false, outcome: 'old or new', leftovers: 'any' },
  ];

  it.each(cases)(
    'killed at "$at": each target is always exactly its old or its new content, and the next batch succeeds',
    async ({ at, pause, outcome, leftovers }) => {
      const pbx = await createPbxDir(
        Object.fromEntries(NAMES.map((n) => [n, FILES[n].old])) as Record<Name, string>,
      );
      const t: SshTransport = await connectToSshd(sshd);
      const watcher = watch(pbx);
      try {
        const snaps = await t.files.readFiles(NAMES.map((n) => pbx.path(n)));
        const phases: WritePhase[] = [];
        const err = await rejectionOf(
          t.files.writeFilesAtomic(
            snaps.map((s, i) => ({
              path: s.path,
              content: FILES[NAMES[i]!].new,
              expectedHash: s.hash,
            })),
            {
              backupsToKeep: 2,
              hooks: {
                pauseBeforeRename: pause,
                onPhase: async (p) => {
                  phases.push(p);
                  if (p !== at) return;
                  // Mid-transfer for real: part of the first content has reached the host's disk.
                  if (p === 'temp-transfer')
                    await until(async () => {
                      const [first] = await temps(pbx);
                      return first !== undefined && (await tempSize(pbx, first)) > 0;
                    });
                  t.dropConnection();
                },
              },
            },
          ),
        );
        // From "commit-sent" on the host may be renaming: the outcome is unknown, not a failure.
        expect(err).toBeInstanceOf(
          at === 'commit-sent' ? WriteOutcomeUnknownError : ConnectionLostError,
        );
        expect(err.message).toMatch(/either its old or its new content/);
        expect(phases[phases.length - 1]).toBe(at);

        if (at === 'commit-sent') {
          // The commit script already running on the host finishes on its own (it ignores the
          // hang-up once it renames): wait for it before looking.
          await until(async () => (await temps(pbx)).length === 0, 30_000);
        }
        await settle(pbx);
        const observed = [...(await watcher.stop())];
        expect(observed.filter((o) => o.includes('torn'))).toEqual([]);
        const finals = await Promise.all(NAMES.map((n) => pbx.read(n)));
        const states = finals.map((c, i) =>
          c === FILES[NAMES[i]!].old ? 'old' : c === FILES[NAMES[i]!].new ? 'new' : 'torn',
        );
        if (outcome === 'old') expect(states).toEqual(['old', 'old']);
        // The renames run with hang-ups ignored: a batch is not left half applied by a lost connection.
        else
          expect([
            ['old', 'old'],
            ['new', 'new'],
          ]).toContainEqual(states);

        if (leftovers === 'none') expect(await temps(pbx)).toEqual([]);

        // A new connection, a fresh read, a batch write: it succeeds and leaves no temp behind.
        const t2 = await connectToSshd(sshd);
        try {
          const again = await t2.files.readFiles(NAMES.map((n) => pbx.path(n)));
          const res = await t2.files.writeFilesAtomic(
            again.map((s) => ({
              path: s.path,
              content: `${s.content}; after the fault\n`,
              expectedHash: s.hash,
            })),
          );
          expect(res.map((r) => r.hash)).toEqual(
            again.map((s) => sha256(`${s.content}; after the fault\n`)),
          );
          expect(await temps(pbx)).toEqual([]);
          for (const [i, name] of NAMES.entries())
            expect(await pbx.read(name)).toBe(`${again[i]!.content}; after the fault\n`);
        } finally {
          await t2.close();
        }
      } finally {
        await watcher.stop();
        await t.close();
        await pbx.cleanup();
      }
    },
  );

  it('never renames either file when the second temp is incomplete at commit time', async () => {
    const pbx = await createPbxDir({ 'pjsip.conf': 'old p\n', 'extensions.conf': 'old e\n' });
    const t = await connectToSshd(sshd);
    try {
      const snaps = await t.files.readFiles(NAMES.map((n) => pbx.path(n)));
      const err = await rejectionOf(
        t.files.writeFilesAtomic(
          snaps.map((s) => ({
            path: s.path,
            content: `new and complete ${s.path}\n`,
            expectedHash: s.hash,
          })),
          {
            hooks: {
              onPhase: async (p) => {
                if (p !== 'temp-written') return;
                const tmp = (await temps(pbx)).find((n) => n.startsWith('.extensions.conf.'));
                await pbx.write(tmp!, 'new and');
              },
            },
          },
        ),
      );
      expect(err.code).toBe('REMOTE_COMMAND_FAILED');
      expect(err.message).toMatch(/not what was sent/);
      expect(err.message).toContain(pbx.path('extensions.conf'));
      expect(await pbx.read('pjsip.conf')).toBe('old p\n');
      expect(await pbx.read('extensions.conf')).toBe('old e\n');
      expect(await pbx.list()).toEqual(['extensions.conf', 'pjsip.conf']);
    } finally {
      await t.close();
      await pbx.cleanup();
    }
  });
});
