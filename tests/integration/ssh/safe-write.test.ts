import { createHash } from 'node:crypto';
import { chmod, chown, lstat, readlink, rm, stat, symlink } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  ConcurrentModificationError,
  DirectoryNotFoundError,
  SymlinkTargetError,
} from '../../../src/main/core/ssh/errors';
import { LocalTransport } from '../../../src/main/core/ssh/local-transport';
import type { HostTransport } from '../../../src/main/core/ssh/types';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { connectToSshd, rejectionOf } from '../../support/ssh-session';
import { ensureTestUsers, type TestUsers } from '../../support/ssh-users';
import { startSshd, type SshdHandle } from '../../support/sshd';

const sha256 = (s: string | Buffer) => createHash('sha256').update(s).digest('hex');
const PJSIP = '[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0:5060\n';

let sshd: SshdHandle;
const transports: Record<'ssh' | 'local', HostTransport | null> = { ssh: null, local: null };

beforeAll(async () => {
  let users: TestUsers;
  [sshd, users] = await Promise.all([startSshd(), ensureTestUsers()]);
  // The production setup: a non-root login whose file operations go through `sudo -n`
  // (as root they behave the same; the fault-injection suite runs as root).
  transports.ssh = await connectToSshd(sshd, { user: users.sudoer.name, sudo: true });
  transports.local = new LocalTransport({ label: 'localhost' });
});

afterAll(async () => {
  await transports.ssh?.close();
  await sshd?.stop();
});

// The same behaviour is required of both transports: they share the algorithm, and this proves it.
describe.each(['ssh', 'local'] as const)('safe writes over the %s transport', (kind) => {
  let pbx: PbxDir;
  const t = () => transports[kind]!;

  afterEach(async () => {
    await pbx?.cleanup();
  });

  it('reads a file with the sha256 of its bytes, in one round trip', async () => {
    pbx = await createPbxDir({ 'pjsip.conf': PJSIP });
    const before = t().roundTrips;
    const snap = await t().files.readFile(pbx.path('pjsip.conf'));
    expect(t().roundTrips - before).toBe(1);
    expect(snap).toEqual({
      path: pbx.path('pjsip.conf'),
      content: PJSIP,
      hash: sha256(PJSIP),
      exists: true,
    });
  });

  it('reports a missing file as exists: false, and a missing directory as an error', async () => {
    pbx = await createPbxDir({});
    expect(await t().files.readFile(pbx.path('pjsip.conf'))).toEqual({
      path: pbx.path('pjsip.conf'),
      content: '',
      hash: '',
      exists: false,
    });
    const err = await rejectionOf(t().files.readFile(`${pbx.dir}/no-such-dir/pjsip.conf`));
    expect(err).toBeInstanceOf(DirectoryNotFoundError);
  });

  it('replaces the file by rename, keeping owner, group and mode; read + write = 2 round trips', async () => {
    pbx = await createPbxDir({ 'pjsip.conf': PJSIP });
    const file = pbx.path('pjsip.conf');
    await chown(file, 1234, 2345);
    await chmod(file, 0o640);
    const inodeBefore = (await stat(file)).ino;

    const before = t().roundTrips;
    const snap = await t().files.readFile(file);
    const next = `${PJSIP}\n[1001]\ntype=endpoint\n`;
    const res = await t().files.writeFileAtomic(file, next, { expectedHash: snap.hash });
    expect(t().roundTrips - before).toBe(2);

    expect(res.hash).toBe(sha256(next));
    expect(await pbx.read('pjsip.conf')).toBe(next);
    expect(await pbx.stat('pjsip.conf')).toMatchObject({ uid: 1234, gid: 2345, mode: 0o640 });
    // A new inode: the old file was replaced by rename, never rewritten in place.
    expect((await stat(file)).ino).not.toBe(inodeBefore);
    expect((await pbx.list()).filter((n) => n.includes('rayanpbx-tmp'))).toEqual([]);
  });

  it('keeps a timestamped backup of the previous content, only the newest N', async () => {
    pbx = await createPbxDir({ 'pjsip.conf': 'v0\n' });
    const file = pbx.path('pjsip.conf');
    let hash = sha256('v0\n');
    const backups: string[] = [];
    for (let v = 1; v <= 5; v++) {
      const res = await t().files.writeFileAtomic(file, `v${v}\n`, {
        expectedHash: hash,
        backupsToKeep: 3,
      });
      hash = res.hash;
      expect(res.backupPath).toMatch(
        /\/pjsip\.conf\.rayanpbx-bak-\d{8}T\d{6}\.\d{3}Z-[A-Za-z0-9_-]{12}$/,
      );
      backups.push(res.backupPath!);
    }
    const kept = (await pbx.list()).filter((n) => n.startsWith('pjsip.conf.rayanpbx-bak-'));
    expect(kept).toHaveLength(3);
    // The newest three backups survive, holding the three versions before the current one.
    expect(kept.map((n) => `${pbx.dir}/${n}`)).toEqual(backups.slice(-3));
    expect(await Promise.all(kept.map((n) => pbx.read(n)))).toEqual(['v2\n', 'v3\n', 'v4\n']);
    expect(await pbx.read('pjsip.conf')).toBe('v5\n');
  });

  it('keeps no backup with backupsToKeep: 0', async () => {
    pbx = await createPbxDir({ 'pjsip.conf': 'a\n' });
    const res = await t().files.writeFileAtomic(pbx.path('pjsip.conf'), 'b\n', {
      expectedHash: sha256('a\n'),
      backupsToKeep: 0,
    });
    expect(res.backupPath).toBeNull();
    expect(await pbx.list()).toEqual(['pjsip.conf']);
  });

  it('refuses to write a file that changed since it was read: ConcurrentModificationError, nothing written', async () => {
    pbx = await createPbxDir({ 'pjsip.conf': PJSIP, 'extensions.conf': '[from-internal]\n' });
    const snap = await t().files.readFile(pbx.path('pjsip.conf'));
    const edited = `${PJSIP}; edited by hand meanwhile\n`;
    await pbx.write('pjsip.conf', edited);
    const listBefore = await pbx.list();

    const err = await rejectionOf(
      t().files.writeFileAtomic(pbx.path('pjsip.conf'), 'ours\n', { expectedHash: snap.hash }),
    );
    expect(err).toBeInstanceOf(ConcurrentModificationError);
    expect(err.code).toBe('CONCURRENT_MODIFICATION');
    expect(err.details).toMatchObject({ expectedHash: snap.hash, actualHash: sha256(edited) });
    expect(await pbx.read('pjsip.conf')).toBe(edited);
    // No backup, no temp file: the directory is as it was.
    expect(await pbx.list()).toEqual(listBefore);
  });

  it('creates a new file only when expectedHash is null and the file is still absent', async () => {
    pbx = await createPbxDir({});
    // Group of the directory, not of the writer (a root-owned dir, not group-writable: safe).
    await chown(pbx.dir, 0, 2345);
    const res = await t().files.writeFileAtomic(pbx.path('extensions.conf'), '[from-internal]\n', {
      expectedHash: null,
    });
    expect(res.backupPath).toBeNull();
    expect(await pbx.read('extensions.conf')).toBe('[from-internal]\n');
    // A created file holds passwords: 0640, owner and group of the directory.
    expect(await pbx.stat('extensions.conf')).toMatchObject({ uid: 0, gid: 2345, mode: 0o640 });

    const err = await rejectionOf(
      t().files.writeFileAtomic(pbx.path('extensions.conf'), 'again\n', { expectedHash: null }),
    );
    expect(err).toBeInstanceOf(ConcurrentModificationError);
    expect(err.details).toMatchObject({
      expectedHash: null,
      actualHash: sha256('[from-internal]\n'),
    });
    expect(await pbx.read('extensions.conf')).toBe('[from-internal]\n');

    // …and the other way round: the caller saw a file that someone has since deleted.
    await pbx.write('pjsip.conf', 'x\n');
    const snap = await t().files.readFile(pbx.path('pjsip.conf'));
    await rm(pbx.path('pjsip.conf'));
    const gone = await rejectionOf(
      t().files.writeFileAtomic(pbx.path('pjsip.conf'), 'y\n', { expectedHash: snap.hash }),
    );
    expect(gone.details).toMatchObject({ actualHash: null });
    expect(await pbx.exists('pjsip.conf')).toBe(false);
  });

  it('writes the content byte for byte: unicode, CRLF, tabs, no final newline, empty', async () => {
    pbx = await createPbxDir({ 'pjsip.conf': '' });
    let hash = sha256('');
    for (const content of [
      'caller = "Zoë Ångström" <1001>\r\n\ttab\r\n',
      'no newline at end',
      '',
      '😀 ;-- block --;\n',
    ]) {
      const res = await t().files.writeFileAtomic(pbx.path('pjsip.conf'), content, {
        expectedHash: hash,
        backupsToKeep: 1,
      });
      expect(await pbx.readBytes('pjsip.conf')).toEqual(Buffer.from(content, 'utf8'));
      const snap = await t().files.readFile(pbx.path('pjsip.conf'));
      expect(snap.content).toBe(content);
      expect(snap.hash).toBe(res.hash);
      hash = res.hash;
    }
  });

  it('treats a path with spaces, quotes and shell syntax as a plain name (no injection)', async () => {
    pbx = await createPbxDir({});
    const name = `it's "$(touch PWNED)" ; \`touch PWNED2\` & *.conf`;
    await pbx.write(name, 'old\n');
    const snap = await t().files.readFile(pbx.path(name));
    expect(snap.content).toBe('old\n');
    await t().files.writeFileAtomic(pbx.path(name), 'new\n', {
      expectedHash: snap.hash,
      backupsToKeep: 0,
    });
    expect(await pbx.read(name)).toBe('new\n');
    expect(await pbx.list()).toEqual([name]);
  });

  it('refuses to write through a symlink, naming it, where it points and the fix; nothing changes', async () => {
    pbx = await createPbxDir({ 'real-pjsip.conf': 'old\n' });
    await symlink(pbx.path('real-pjsip.conf'), pbx.path('pjsip.conf'));
    // As root the read refuses it too, in the same words; the write refuses even a caller that
    // knows the hash of what the link leads to.
    const readErr = await rejectionOf(t().files.readFile(pbx.path('pjsip.conf')));
    expect(readErr).toBeInstanceOf(SymlinkTargetError);
    expect(readErr.message).toContain(`(to ${pbx.path('real-pjsip.conf')}); nothing was read`);
    const err = await rejectionOf(
      t().files.writeFileAtomic(pbx.path('pjsip.conf'), 'new\n', {
        expectedHash: sha256('old\n'),
        backupsToKeep: 1,
      }),
    );
    expect(err).toBeInstanceOf(SymlinkTargetError);
    expect(err.message).toContain(pbx.path('pjsip.conf'));
    expect(err.message).toContain(pbx.path('real-pjsip.conf'));
    expect(err.message).toMatch(/replace the link by the file/);
    expect((await lstat(pbx.path('pjsip.conf'))).isSymbolicLink()).toBe(true);
    expect(await readlink(pbx.path('pjsip.conf'))).toBe(pbx.path('real-pjsip.conf'));
    expect(await pbx.read('real-pjsip.conf')).toBe('old\n');
    expect(await pbx.list()).toEqual(['pjsip.conf', 'real-pjsip.conf']);
  });

  it('rejects a malformed expectedHash before touching the host', async () => {
    pbx = await createPbxDir({ 'pjsip.conf': 'x\n' });
    const before = t().roundTrips;
    const err = await rejectionOf(
      t().files.writeFileAtomic(pbx.path('pjsip.conf'), 'y', { expectedHash: 'abc' }),
    );
    expect(err.code).toBe('INVALID_INPUT');
    expect(t().roundTrips).toBe(before);
  });
});
