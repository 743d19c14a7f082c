import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { RayanError } from '../errors/rayan-error';

/** Another process held the settings lock for longer than a settings write can take. */
export class SettingsLockTimeoutError extends RayanError {
  constructor(lockPath: string, holder: string) {
    super(
      'SETTINGS_LOCKED',
      `The settings are locked by another rayanpbx process (${holder || 'unknown'}): ${lockPath}. ` +
        'If no other rayanpbx is running, remove that file and retry.',
      { lockPath },
    );
  }
}

/** A lock older than this is a crashed writer's (a settings write takes milliseconds). */
const STALE_MS = 10_000;
const WAIT_MS = 15_000;
const sleeper = new Int32Array(new SharedArrayBuffer(4));

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The lock file names a process on this machine that is gone, or is older than STALE_MS. */
function isStale(lockPath: string): boolean {
  let text: string;
  let mtimeMs: number;
  try {
    text = fs.readFileSync(lockPath, 'utf8');
    mtimeMs = fs.statSync(lockPath).mtimeMs;
  } catch {
    return false; // gone meanwhile: the next O_EXCL create decides
  }
  const pid = Number(/^(\d+) /.exec(text)?.[1]);
  if (Number.isInteger(pid) && pid > 0 && !pidAlive(pid)) return true;
  return Date.now() - mtimeMs > STALE_MS;
}

/**
 * Runs `fn` holding `lockPath` (created with O_EXCL: one holder across every process on the
 * machine). The settings API is synchronous, so waiting is a short synchronous sleep; a lock
 * left by a process that died is taken over. Settings writes are tiny: contention is brief.
 */
export function withFileLock<T>(lockPath: string, fn: () => T): T {
  const token = `${process.pid} ${randomBytes(8).toString('hex')}\n`;
  const deadline = Date.now() + WAIT_MS;
  let delay = 2;
  for (;;) {
    try {
      fs.writeFileSync(lockPath, token, { flag: 'wx', mode: 0o600 });
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    if (isStale(lockPath)) {
      // Only remove what is still the stale lock: a fresh holder's file has a live pid.
      fs.rmSync(lockPath, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      let holder = '';
      try {
        holder = fs.readFileSync(lockPath, 'utf8').trim();
      } catch {
        // released meanwhile
      }
      throw new SettingsLockTimeoutError(lockPath, holder);
    }
    Atomics.wait(sleeper, 0, 0, delay);
    delay = Math.min(delay * 2, 50);
  }
  try {
    return fn();
  } finally {
    // Release only our own lock (a takeover after we stalled past STALE_MS is someone else's).
    try {
      if (fs.readFileSync(lockPath, 'utf8') === token) fs.rmSync(lockPath, { force: true });
    } catch {
      // already gone
    }
  }
}
