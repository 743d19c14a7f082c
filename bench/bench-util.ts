import { execFileSync } from 'node:child_process';
import { ensureTestUsers } from '../tests/support/ssh-users';

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** "q1–q3" of these times, in whole ms. */
export function quartiles(xs: number[]): string {
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.floor(q * (s.length - 1))]!.toFixed(0);
  return `${at(0.25)}–${at(0.75)}`;
}

/**
 * The benches log in as an ordinary account: root's login shell on these machines runs a heavy
 * rc file on every command, which would measure the machine, not the console.
 */
export async function benchUser(): Promise<{ name: string; uid: number; gid: number }> {
  const users = await ensureTestUsers();
  const name = users.sudoer.name;
  const uid = Number(execFileSync('id', ['-u', name], { encoding: 'utf8' }).trim());
  const gid = Number(execFileSync('id', ['-g', name], { encoding: 'utf8' }).trim());
  return { name, uid, gid };
}
