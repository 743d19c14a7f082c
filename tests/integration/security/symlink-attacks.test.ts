/**
 * Red team: an account that can write the config dir (a compromised Asterisk, a web panel
 * running as `asterisk`) tries to turn the console's privileged write into root access. The
 * throw-away unprivileged account owns the config dir and its files; the victims are root-owned
 * files outside it. Every attack must fail with the victims byte-, owner- and mode-identical.
 *
 * Nothing here imports what the hardened write added (errors are matched by code), so this file
 * also runs against the write path before the fix, where the attacks succeed.
 */
import { execFileSync } from 'node:child_process';
import {
  chmod,
  lchown,
  lstat,
  mkdtemp,
  readFile,
  readdir,
  rm,
  symlink,
  writeFile,
} from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sha256Hex, TEMP_MARKER } from '../../../src/main/core/ssh/file-ops';
import type { SshTransport } from '../../../src/main/core/ssh/ssh-transport';
import type { WritePhase } from '../../../src/main/core/ssh/types';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { connectToSshd, rejectionOf } from '../../support/ssh-session';
import { ensureTestUsers, type TestUsers } from '../../support/ssh-users';
import { startSshd, type SshdHandle } from '../../support/sshd';

const PJSIP = '[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0:5060\n';
const BLOCK = '; BEGIN MANAGED - ext 1001\n[1001]\ntype=endpoint\n; END MANAGED - ext 1001\n';

let sshd: SshdHandle;
let users: TestUsers;
let attacker: { name: string; uid: number; gid: number };

beforeAll(async () => {
  [users, sshd] = await Promise.all([ensureTestUsers(), startSshd()]);
  // The account without sudo stands for `asterisk`: unprivileged, owner of the config dir.
  const name = users.noSudo.name;
  const id = (flag: string) => Number(execFileSync('id', [flag, name]).toString().trim());
  attacker = { name, uid: id('-u'), gid: id('-g') };
});
afterAll(async () => {
  await sshd?.stop();
});

interface Victims {
  dir: string;
  /** root:root 0644, world-readable. */
  shared: string;
  /** root:root 0600, root only. */
  secret: string;
  snapshot(): Promise<string>;
}

/** Root-owned files in a root-only directory outside the config dir. */
async function makeVictims(): Promise<Victims> {
  const dir = await mkdtemp(join(tmpdir(), 'rayanpbx-victim-'));
  await chmod(dir, 0o755);
  const shared = join(dir, 'shared-0644');
  const secret = join(dir, 'secret-0600');
  await writeFile(shared, 'root data, world-readable\n', { mode: 0o644 });
  await writeFile(secret, 'root secret, root only\n', { mode: 0o600 });
  await chmod(shared, 0o644);
  await chmod(secret, 0o600);
  return {
    dir,
    shared,
    secret,
    // Bytes, owner, group and mode of every entry: a victim changed or a file added beside it.
    snapshot: async () => {
      const rows: string[] = [];
      for (const n of (await readdir(dir)).sort()) {
        const s = await lstat(join(dir, n));
        const bytes = s.isFile() ? sha256Hex(await readFile(join(dir, n))) : 'not a file';
        rows.push(`${n} ${s.uid}:${s.gid} ${(s.mode & 0o7777).toString(8)} ${bytes}`);
      }
      return rows.join('\n');
    },
  };
}

/** What every write script running for `dir` shows in /proc: pids and the stamp argument. */
async function runningWrites(): Promise<string[]> {
  const found: string[] = [];
  for (const pid of await readdir('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    const args = (await readFile(`/proc/${pid}/cmdline`, 'utf8').catch(() => '')).split('\0');
    const c = args.indexOf('-c');
    if (c >= 0 && args[c + 1]?.includes(TEMP_MARKER)) found.push(pid);
  }
  return found;
}

/**
 * Every stamp a write started at `t0` can carry, up to now. Its arguments (the stamp among
 * them) come on stdin, not on the command line: an attacker can only guess them by the clock.
 */
function stampsSince(t0: number): string[] {
  const out: string[] = [];
  for (let t = t0 - 5; t <= Date.now(); t++)
    out.push(new Date(t).toISOString().replace(/[-:]/g, ''));
  return out;
}

/** A link planted as the attacker would (owned by it). */
async function plant(link: string, target: string): Promise<void> {
  await symlink(target, link);
  await lchown(link, attacker.uid, attacker.gid);
}

type Mode = 'root, default' | 'root, shared dir allowed' | 'root, allowed, dir root-owned 0777';

const modes: Mode[] = [
  'root, default',
  'root, shared dir allowed',
  'root, allowed, dir root-owned 0777',
];

describe.each(modes)('symlink attacks on a config dir another account can write (%s)', (mode) => {
  let pbx: PbxDir;
  let victims: Victims;
  let before: string;
  let t: SshTransport;

  beforeEach(async () => {
    victims = await makeVictims();
    before = await victims.snapshot();
    pbx =
      mode === 'root, allowed, dir root-owned 0777'
        ? await createPbxDir({ 'pjsip.conf': PJSIP }, { mode: 0o777 })
        : await createPbxDir(
            { 'pjsip.conf': PJSIP },
            { owner: { uid: attacker.uid, gid: attacker.gid }, mode: 0o755 },
          );
    // The production setup: a login that writes through `sudo -n`, i.e. as root.
    t = await connectToSshd(sshd, {
      user: users.sudoer.name,
      sudo: true,
      allowSharedConfigDir: mode !== 'root, default',
    });
  });
  afterEach(async () => {
    await t?.close();
    await pbx?.cleanup();
    await rm(victims.dir, { recursive: true, force: true });
  });

  /** The refusal of the default mode: names the directory, its owner and mode, and the fix. */
  function expectSharedDirRefusal(err: Error & { code?: string }) {
    expect(err.code).toBe('SHARED_CONFIG_DIR');
    expect(err.message).toContain(pbx.dir);
    expect(err.message).toContain(attacker.name);
    expect(err.message).toContain('mode 755');
    expect(err.message).toContain('--allow-shared-config-dir');
    expect(err.message).toMatch(/chmod go-w/);
  }

  it('(a) a planted link at the backup name: the backup never writes through it', async () => {
    const file = pbx.path('pjsip.conf');
    const snap = await t.files.readFile(file);
    let planted = 0;
    const t0 = Date.now();
    const res = await t.files
      .writeFileAtomic(file, `${PJSIP}${BLOCK}`, {
        expectedHash: snap.hash,
        hooks: {
          onPhase: async (p: WritePhase) => {
            if (p !== 'temp-written') return;
            // The stamp guessed by the clock and the pids in /proc: every name the old write
            // could pick for its backup gets a link to the victim.
            const pids = await runningWrites();
            for (const stamp of stampsSince(t0)) {
              for (const name of [
                `pjsip.conf.rayanpbx-bak-${stamp}`,
                ...pids.map((pid) => `pjsip.conf.rayanpbx-bak-${stamp}-${pid}`),
              ]) {
                await plant(pbx.path(name), victims.shared).catch(() => undefined);
                planted++;
              }
            }
          },
        },
      })
      .then(
        () => null,
        (e: Error & { code?: string }) => e,
      );
    expect(await victims.snapshot()).toBe(before);
    if (mode === 'root, default') {
      expectSharedDirRefusal(res!);
      expect(await pbx.read('pjsip.conf')).toBe(PJSIP);
      return;
    }
    // Allowed: the write happens, beside the planted links, and nothing goes through them.
    expect(res).toBeNull();
    expect(planted).toBeGreaterThan(0);
    expect(await pbx.read('pjsip.conf')).toBe(`${PJSIP}${BLOCK}`);
    const owner = mode === 'root, shared dir allowed' ? attacker.uid : 0;
    // Written as the directory's owner (sudo -u), as sudoedit does: never as root there.
    expect((await pbx.stat('pjsip.conf')).uid).toBe(owner);
  });

  it('(b) the temp swapped for a link mid-write: owner and mode never go through it', async () => {
    const file = pbx.path('pjsip.conf');
    const snap = await t.files.readFile(file);
    let swapped = 0;
    const err = await rejectionOf(
      t.files.writeFileAtomic(file, `${PJSIP}${BLOCK}`, {
        expectedHash: snap.hash,
        hooks: {
          onPhase: async (p: WritePhase) => {
            if (p !== 'temp-written') return;
            for (const n of await pbx.list()) {
              if (!n.startsWith('.pjsip.conf.rayanpbx-tmp-')) continue;
              await rm(pbx.path(n));
              await plant(pbx.path(n), victims.secret);
              swapped++;
            }
          },
        },
      }),
    );
    expect(await victims.snapshot()).toBe(before);
    expect(await pbx.read('pjsip.conf')).toBe(PJSIP);
    if (mode === 'root, default') {
      expectSharedDirRefusal(err);
      return;
    }
    // The host hashes what the temp's name leads to now: not what was sent, nothing replaced.
    // Allowed with an owner: the root attempt is turned back beside the hashes and the write
    // runs again as the owner, so the attacker gets two tries; both fail.
    expect(swapped).toBeGreaterThan(0);
    expect(err.message).toMatch(/not what was sent.*nothing was replaced/);
  });

  it('(c) pjsip.conf is a link to a root-only file: refused, naming the link and the fix', async () => {
    await rm(pbx.path('pjsip.conf'));
    await plant(pbx.path('pjsip.conf'), victims.secret);
    const file = pbx.path('pjsip.conf');
    // Root's read does not go through the link either (it would show the victim's bytes).
    const readErr = await rejectionOf(t.files.readFile(file));
    expect(readErr.code).toBe('SYMLINK_TARGET');
    expect(readErr.message).toContain(`(to ${victims.secret}); nothing was read`);
    expect(readErr.message).not.toContain('root secret');
    const err = await rejectionOf(
      t.files.writeFileAtomic(file, `root secret, root only\n${BLOCK}`, {
        expectedHash: sha256Hex('root secret, root only\n'),
      }),
    );
    expect(await victims.snapshot()).toBe(before);
    expect(err.code).toBe('SYMLINK_TARGET');
    expect(err.message).toContain(file);
    expect(err.message).toContain(victims.secret);
    expect(err.message).toMatch(/Fix: replace the link by the file/);
    expect(await pbx.list()).toEqual(['pjsip.conf']);
  });
});

describe('a shared config dir written as its owner', () => {
  it('a created pjsip.conf belongs to the directory owner, 0640', async () => {
    const pbx = await createPbxDir({}, { owner: { uid: attacker.uid, gid: attacker.gid } });
    const t = await connectToSshd(sshd, {
      user: users.sudoer.name,
      sudo: true,
      allowSharedConfigDir: true,
    });
    try {
      await t.files.writeFileAtomic(pbx.path('pjsip.conf'), PJSIP, { expectedHash: null });
      expect(await pbx.stat('pjsip.conf')).toMatchObject({
        uid: attacker.uid,
        gid: attacker.gid,
        mode: 0o640,
      });
    } finally {
      await t.close();
      await pbx.cleanup();
    }
  });
});
