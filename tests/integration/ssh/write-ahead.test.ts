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

/** The write scripts running on this machine (the PBX here), by pid. */
async function waitingWrites(): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const c = args.indexOf('-c');
    // The shell itself, not the login shell that started it: its script is the command.
    if (c >= 0 && args[c + 1]?.startsWith('export LC_ALL=C') && args[c + 1]!.includes(TEMP_MARKER))
      found.push(pid);
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
    await write('three\n');
    expect(await pbx.read('pjsip.conf')).toBe('three\n');
    expect((await readdir(pbx.dir)).sort()).toEqual(['pjsip.conf']);
  });
});
