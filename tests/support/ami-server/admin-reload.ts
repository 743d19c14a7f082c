import net from 'node:net';
import { AmiClient } from '../../../src/main/core/ami/client';
import type { AmiTestServer } from './server';

export interface AdminReload {
  /** The CLI output lines, once Asterisk answers (after the whole reload, as in 46 session A). */
  output: Promise<string[]>;
}

/**
 * Someone else on the PBX starts a reload: a second AMI login sends `Command: <cli>` (default
 * `module reload pbx_config.so`, what transcript 46's session A did). Resolves once the server
 * is running it, so that what the test does next happens during that reload. With a realistic
 * cost and hints loaded, it lasts tens of seconds times the server's reload time scale.
 */
export async function startAdminReload(
  server: AmiTestServer,
  cli = 'module reload pbx_config.so',
  login: { username: string; secret: string } = { username: 'admin', secret: 'amipass' },
): Promise<AdminReload> {
  const client = await AmiClient.connect(
    () => Promise.resolve(net.connect(server.port, server.host)),
    { ...login, events: false, heartbeatIntervalMs: 0, actionTimeoutMs: 600_000 },
  );
  const wasRunning = server.reloadInProgress || server.dialplanReloadInProgress;
  let answered = false;
  const output = client.command(cli, { timeoutMs: 600_000 }).finally(() => {
    answered = true;
    void client.close();
  });
  output.catch(() => undefined);
  // Poll the server: the action is on its way through the socket and the server's queue.
  const deadline = Date.now() + 10_000;
  while (!answered && Date.now() < deadline) {
    if (!wasRunning && (server.reloadInProgress || server.dialplanReloadInProgress)) break;
    await new Promise((r) => setTimeout(r, 2));
  }
  return { output };
}
