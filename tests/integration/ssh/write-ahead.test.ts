import { execFileSync } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TEMP_MARKER } from '../../../src/main/core/ssh/file-ops';
import type { SshTransport } from '../../../src/main/core/ssh/ssh-transport';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { connectToSshd } from '../../support/ssh-session';
import { ensureTestUsers, type TestUsers } from '../../support/ssh-users';
import { startSshd, type SshdHandle } from '../../support/sshd';

/**
 * A write's command is started before the write is known (after the write before it), and waits
 * on stdin for its arguments: the next change finds the channel open, the login done and the
 * shell started. These are the promises that make that safe.
 */
let sshd: SshdHandle;
let users: TestUsers;
let t: SshTransport;
let pbx: PbxDir;
let owner: { uid: number; gid: number };

const cmdline = (pid: string) => readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '');
const parent = async (pid: string) =>
  (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => ') x 0')).split(') ')[1]!.split(' ')[1]!;

/**
 * The write scripts started through `server` (the PBX is this machine), by pid: other suites
 * and other checkouts run their own sshds and writes here at the same time.
 */
async function waitingWrites(server: SshdHandle = sshd): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const args = (await cmdline(pid)).split('\0');
    const c = args.indexOf('-c');
    // The shell itself, not the login shell that started it: its script is the command.
    if (c < 0 || !args[c + 1]?.startsWith('export LC_ALL=C') || !args[c + 1]!.includes(TEMP_MARKER))
      continue;
    for (let q = await parent(pid), i = 0; q !== '0' && i < 8; q = await parent(q), i++)
      if ((await cmdline(q)).includes(server.dir)) {
        found.push(pid);
        break;
      }
  }
  return found;
}

async function until<T>(f: () => Promise<T>, ok: (v: T) => boolean): Promise<T> {
  let v = await f();
  for (let i = 0; i < 200 && !ok(v); i++) {
    await new Promise((r) => setTimeout(r, 25));
    v = await f();
  }
  return v;
}

async function write(content: string): Promise<void> {
  const snap = await t.files.readFile(pbx.path('pjsip.conf'));
  await t.files.writeFileAtomic(pbx.path('pjsip.conf'), content, {
    expectedHash: snap.hash,
    backupsToKeep: 0,
  });
}

beforeAll(async () => {
  [sshd, users] = await Promise.all([startSshd(), ensureTestUsers()]);
  const id = (flag: string) =>
    Number(execFileSync('id', [flag, users.sudoer.name], { encoding: 'utf8' }).trim());
  owner = { uid: id('-u'), gid: id('-g') };
});
afterAll(async () => {
  await sshd?.stop();
});
afterEach(async () => {
  await t?.close();
  await pbx?.cleanup();
});

describe('the next write, started ahead', () => {
  it('waits after a write without making anything, and the next write is that command', async () => {
    pbx = await createPbxDir({ 'pjsip.conf': 'one\n' }, { owner });
    t = await connectToSshd(sshd, { user: users.sudoer.name });
    expect(await waitingWrites()).toEqual([]);
    await write('two\n');
    const [waiting, ...more] = await until(waitingWrites, (p) => p.length > 0);
    expect(waiting).toBeDefined();
    expect(more).toEqual([]);
    // Waiting, it has made nothing in the config dir.
    expect((await readdir(pbx.dir)).sort()).toEqual(['pjsip.conf']);

    const trips = t.roundTrips;
    await write('three\n');
    // Its request was made ahead; the write counts it as its one round trip.
    expect(t.roundTrips - trips).toBe(2); // the read before it, and the write
    expect(await pbx.read('pjsip.conf')).toBe('three\n');
    // The waiting command did the write (it is gone), and another one waits for the next.
    const after = await until(waitingWrites, (p) => p.length === 1 && p[0] !== waiting);
    expect(after).not.toContain(waiting);
    expect(after).toHaveLength(1);
  });

  it('ends with the connection, leaving nothing on the host', async () => {
    pbx = await createPbxDir({ 'pjsip.conf': 'one\n' }, { owner });
    t = await connectToSshd(sshd, { user: users.sudoer.name });
    await write('two\n');
    expect(await until(waitingWrites, (p) => p.length === 1)).toHaveLength(1);
    await t.close();
    expect(await until(waitingWrites, (p) => p.length === 0)).toEqual([]);
    expect((await readdir(pbx.dir)).sort()).toEqual(['pjsip.conf']);
    expect(await pbx.read('pjsip.conf')).toBe('two\n');
  });

  it('replaced when it died meanwhile: the write starts its own and succeeds', async () => {
    pbx = await createPbxDir({ 'pjsip.conf': 'one\n' }, { owner });
    t = await connectToSshd(sshd, { user: users.sudoer.name });
    await write('two\n');
    const [waiting] = await until(waitingWrites, (p) => p.length === 1);
    process.kill(Number(waiting), 'SIGKILL');
    await until(waitingWrites, (p) => !p.includes(waiting!));
    // Its end is noticed while it waits (its exit status, though nobody reads its output): the
    // write starts its own command and does not count a dead one.
    await new Promise((r) => setTimeout(r, 200));
    const trips = t.roundTrips;
    await write('three\n');
    expect(t.roundTrips - trips).toBe(2); // the read before it, and the write
    expect(await pbx.read('pjsip.conf')).toBe('three\n');
    expect((await readdir(pbx.dir)).sort()).toEqual(['pjsip.conf']);
  });

  it('replaced when the host closed its channel meanwhile (sshd ChannelTimeout): the next write succeeds', async () => {
    // OpenSSH ≥ 9.2 closes a session channel that stays quiet this long (hardened hosts: minutes).
    const strict = await startSshd({ extraConfig: ['ChannelTimeout session:command=2s'] });
    try {
      pbx = await createPbxDir({ 'pjsip.conf': 'one\n' }, { owner });
      t = await connectToSshd(strict, { user: users.sudoer.name });
      await write('two\n');
      expect(
        await until(
          () => waitingWrites(strict),
          (p) => p.length === 1,
        ),
      ).toHaveLength(1);
      // The console idles while the admin edits; sshd closes the waiting command's channel.
      expect(
        await until(
          () => waitingWrites(strict),
          (p) => p.length === 0,
        ),
      ).toEqual([]);
      await write('three\n');
      expect(await pbx.read('pjsip.conf')).toBe('three\n');
      expect(t.closed).toBe(false);
      expect((await readdir(pbx.dir)).sort()).toEqual(['pjsip.conf']);
    } finally {
      await t.close();
      await strict.stop();
    }
  });
});
