import { chmod, chown } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  PermissionDeniedError,
  SudoNotAllowedError,
  SudoPasswordRequiredError,
} from '../../../src/main/core/ssh/errors';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { connectToSshd, rejectionOf } from '../../support/ssh-session';
import { ensureTestUsers, type TestUsers } from '../../support/ssh-users';
import { startSshd, type SshdHandle } from '../../support/sshd';

const PJSIP = '[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0:5060\n';

let sshd: SshdHandle;
let users: TestUsers;
let pbx: PbxDir;

beforeAll(async () => {
  [users, sshd] = await Promise.all([ensureTestUsers(), startSshd()]);
});
afterAll(async () => {
  await sshd?.stop();
});
afterEach(async () => {
  await pbx?.cleanup();
});

/** A root-owned config directory like /etc/asterisk: the test users cannot read pjsip.conf. */
async function rootOwnedPbx(): Promise<PbxDir> {
  const dir = await createPbxDir({ 'pjsip.conf': PJSIP }, { mode: 0o755 });
  await chown(dir.path('pjsip.conf'), 0, 0);
  await chmod(dir.path('pjsip.conf'), 0o640);
  return dir;
}

describe('sudo mode for a non-root login', () => {
  it('reads and atomically writes a root-owned 0640 file through `sudo -n`, keeping root:root and 0640', async () => {
    pbx = await rootOwnedPbx();
    const t = await connectToSshd(sshd, { user: users.sudoer.name, sudo: true });
    try {
      expect(t.info.user).toBe('rayanpbx-test');
      const before = t.roundTrips;
      const snap = await t.files.readFile(pbx.path('pjsip.conf'));
      expect(snap.content).toBe(PJSIP);
      const res = await t.files.writeFileAtomic(pbx.path('pjsip.conf'), `${PJSIP};sudo\n`, {
        expectedHash: snap.hash,
      });
      expect(t.roundTrips - before).toBe(2);
      expect(await pbx.read('pjsip.conf')).toBe(`${PJSIP};sudo\n`);
      expect(await pbx.stat('pjsip.conf')).toMatchObject({ uid: 0, gid: 0, mode: 0o640 });
      const backup = res.backupPath!.slice(pbx.dir.length + 1);
      expect(await pbx.read(backup)).toBe(PJSIP);
      expect(await pbx.stat(backup)).toMatchObject({ uid: 0, gid: 0, mode: 0o640 });
    } finally {
      await t.close();
    }
  });

  it('runs commands as root through sudo, and as the login user when asked not to', async () => {
    const t = await connectToSshd(sshd, { user: users.sudoer.name, sudo: true });
    try {
      expect(await t.exec('id -un')).toEqual({ code: 0, stdout: 'root\n', stderr: '' });
      expect((await t.exec('id -un', { sudo: false })).stdout).toBe('rayanpbx-test\n');
      expect(await t.exec('cat; exit 7', { stdin: 'through sudo\n' })).toEqual({
        code: 7,
        stdout: 'through sudo\n',
        stderr: '',
      });
    } finally {
      await t.close();
    }
  });

  it('without sudo, the same user gets PermissionDeniedError naming the file it could not read', async () => {
    pbx = await rootOwnedPbx();
    const t = await connectToSshd(sshd, { user: users.sudoer.name, sudo: false });
    try {
      const read = await rejectionOf(t.files.readFile(pbx.path('pjsip.conf')));
      expect(read).toBeInstanceOf(PermissionDeniedError);
      expect(read.details).toMatchObject({
        path: pbx.path('pjsip.conf'),
        user: 'rayanpbx-test',
        sudo: false,
      });
      expect(read.message).toContain('mark the host as sudo');

      const write = await rejectionOf(
        t.files.writeFileAtomic(pbx.path('extensions.conf'), 'x\n', { expectedHash: null }),
      );
      expect(write).toBeInstanceOf(PermissionDeniedError);
      expect(write.details).toMatchObject({ path: pbx.dir });
      expect(await pbx.list()).toEqual(['pjsip.conf']);
    } finally {
      await t.close();
    }
  });

  it('a sudo that asks for a password gives SudoPasswordRequiredError with the NOPASSWD fix, and writes nothing', async () => {
    pbx = await rootOwnedPbx();
    const user = users.passwordSudoer.name;
    const t = await connectToSshd(sshd, { user, sudo: true });
    try {
      for (const attempt of [
        () => t.files.readFile(pbx.path('pjsip.conf')),
        () => t.files.writeFileAtomic(pbx.path('pjsip.conf'), 'x\n', { expectedHash: null }),
        () => t.exec('true'),
      ]) {
        const err = await rejectionOf(attempt());
        expect(err).toBeInstanceOf(SudoPasswordRequiredError);
        expect(err.code).toBe('SUDO_PASSWORD_REQUIRED');
        expect(err.message).toContain(`${user} ALL=(root) NOPASSWD: /bin/sh`);
        expect(err.message).not.toContain(users.passwordSudoer.password);
      }
      expect(await pbx.list()).toEqual(['pjsip.conf']);
      expect(await pbx.read('pjsip.conf')).toBe(PJSIP);
    } finally {
      await t.close();
    }
  });

  it('a user outside sudoers gets SudoNotAllowedError', async () => {
    pbx = await rootOwnedPbx();
    const t = await connectToSshd(sshd, { user: users.noSudo.name, sudo: true });
    try {
      const err = await rejectionOf(t.files.readFile(pbx.path('pjsip.conf')));
      expect(err).toBeInstanceOf(SudoNotAllowedError);
      expect(err.code).toBe('SUDO_NOT_ALLOWED');
      expect(err.details).toMatchObject({
        user: 'rayanpbx-test-nosudo',
        reason: 'not in the sudoers file',
      });
    } finally {
      await t.close();
    }
  });
});
