/**
 * Throw-away local accounts for the sudo and password tests, created on demand (root only).
 *
 * - `rayanpbx-test`        key login; `sudo` without a password (NOPASSWD drop-in).
 * - `rayanpbx-test-pw`     key or password login; `sudo` asks for a password.
 * - `rayanpbx-test-nosudo` key login; not in sudoers (sudo says so without asking a password).
 *
 * The accounts outlive one test file on purpose: several test files run in parallel and must
 * not delete a user another file is logged in as. The password is random, generated once and
 * kept in a root-only file, so a leftover account is never reachable with a known password.
 * `removeTestUsers()` deletes everything (for a CI teardown or by hand).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, rmdir, writeFile, stat } from 'node:fs/promises';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface TestUser {
  name: string;
  /** Set only for the account that logs in with a password. */
  password: string | null;
}

export interface TestUsers {
  /** sudo works without a password. */
  sudoer: TestUser;
  /** sudo asks for a password (and the account has one, for password-auth tests). */
  passwordSudoer: TestUser & { password: string };
  /** Not in sudoers. */
  noSudo: TestUser;
}

const STATE_DIR = '/var/tmp/rayanpbx-test-users';
const PASSWORD_FILE = `${STATE_DIR}/password`;
const LOCK_DIR = `${STATE_DIR}.lock`;

export const TEST_USER_NAMES = {
  sudoer: 'rayanpbx-test',
  passwordSudoer: 'rayanpbx-test-pw',
  noSudo: 'rayanpbx-test-nosudo',
} as const;

const SUDOERS_FILES: Record<string, string> = {
  '/etc/sudoers.d/rayanpbx-test': `${TEST_USER_NAMES.sudoer} ALL=(ALL:ALL) NOPASSWD: ALL\n`,
  '/etc/sudoers.d/rayanpbx-test-pw': `${TEST_USER_NAMES.passwordSudoer} ALL=(ALL:ALL) ALL\n`,
  // Without this, `sudo -n` for a user outside sudoers only says "a password is required":
  // sudo authenticates before it checks the policy. Skipping authentication for this one
  // account makes sudo give its definitive "is not in the sudoers file" answer.
  '/etc/sudoers.d/rayanpbx-test-nosudo': `Defaults:${TEST_USER_NAMES.noSudo} !authenticate\n`,
};

async function userExists(name: string): Promise<boolean> {
  try {
    await run('id', ['-u', name]);
    return true;
  } catch {
    return false;
  }
}

/** A cross-process mutex (mkdir is atomic): parallel test files must not race on useradd. */
async function withLock<T>(fn: () => Promise<T>): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    try {
      await mkdir(LOCK_DIR);
      break;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      // A crashed run may leave the lock behind; it is only ever held for a second or two.
      const age =
        Date.now() - (await stat(LOCK_DIR).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > 60_000) await rmdir(LOCK_DIR).catch(() => undefined);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${LOCK_DIR}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  try {
    return await fn();
  } finally {
    await rmdir(LOCK_DIR).catch(() => undefined);
  }
}

async function ensureUser(name: string): Promise<void> {
  if (!(await userExists(name))) {
    await run('useradd', ['--create-home', '--shell', '/bin/sh', name]);
  }
}

let cached: TestUsers | null = null;

/** Idempotent: creates the accounts and sudoers drop-ins when missing. Requires root. */
export async function ensureTestUsers(): Promise<TestUsers> {
  if (cached) return cached;
  if (process.getuid?.() !== 0) throw new Error('ensureTestUsers() needs root');
  cached = await withLock(async () => {
    await mkdir(STATE_DIR, { recursive: true, mode: 0o700 });
    let password: string;
    try {
      password = (await readFile(PASSWORD_FILE, 'utf8')).trim();
    } catch {
      password = randomBytes(18).toString('base64url');
      await writeFile(PASSWORD_FILE, `${password}\n`, { mode: 0o600 });
    }
    for (const name of Object.values(TEST_USER_NAMES)) await ensureUser(name);
    // '*' = no usable password but NOT locked: with UsePAM no, sshd refuses even key logins
    // for accounts whose hash starts with '!' (useradd's default).
    await run('usermod', ['-p', '*', TEST_USER_NAMES.sudoer]);
    await run('usermod', ['-p', '*', TEST_USER_NAMES.noSudo]);
    await new Promise<void>((resolve, reject) => {
      const child = execFile('chpasswd', (err) => (err ? reject(err) : resolve()));
      child.stdin?.end(`${TEST_USER_NAMES.passwordSudoer}:${password}\n`);
    });
    for (const [file, content] of Object.entries(SUDOERS_FILES)) {
      const current = await readFile(file, 'utf8').catch(() => null);
      if (current !== content) await writeFile(file, content, { mode: 0o440 });
    }
    return {
      sudoer: { name: TEST_USER_NAMES.sudoer, password: null },
      passwordSudoer: { name: TEST_USER_NAMES.passwordSudoer, password },
      noSudo: { name: TEST_USER_NAMES.noSudo, password: null },
    };
  });
  return cached;
}

/** Removes the accounts, their homes, the sudoers drop-ins and the stored password. */
export async function removeTestUsers(): Promise<void> {
  await withLock(async () => {
    for (const name of Object.values(TEST_USER_NAMES)) {
      if (await userExists(name)) await run('userdel', ['--remove', name]).catch(() => undefined);
    }
    for (const file of Object.keys(SUDOERS_FILES)) await rm(file, { force: true });
    await rm(STATE_DIR, { recursive: true, force: true });
  });
  cached = null;
}
