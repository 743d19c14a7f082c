/**
 * Shortcuts for tests that need an SSH transport to the harness sshd: the right key, the
 * pinned host key, no ~/.ssh/config and no ssh-agent from the environment.
 */
import { connectSsh, type SshConnectOptions } from '../../src/main/core/ssh/ssh-connect';
import type { SshTransport } from '../../src/main/core/ssh/ssh-transport';
import type { SshdHandle } from './sshd';

export function connectToSshd(
  sshd: SshdHandle,
  opts: Partial<SshConnectOptions> & { user?: string } = {},
): Promise<SshTransport> {
  const { user, ...rest } = opts;
  return connectSsh(
    { host: sshd.host, port: sshd.port, user: user ?? sshd.user },
    {
      pinnedFingerprint: sshd.fingerprint,
      sshConfigPath: null,
      // As the desktop console connects: the write path with its command started ahead.
      prestartWrites: true,
      ...rest,
      auth: { privateKeyPath: sshd.clientKeyPath, agent: false, ...rest.auth },
    },
  );
}

/** The rejection of a promise (fails the test when it resolves). */
export async function rejectionOf(
  p: Promise<unknown>,
): Promise<Error & { code?: string; details?: Record<string, unknown> }> {
  try {
    await p;
  } catch (err) {
    return err as Error & { code?: string };
  }
  throw new Error('expected the promise to reject, but it resolved');
}
