import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';

/** The AMI test server in a child process (tests/support/ami-server/standalone.ts). */
export async function startAmiProcess(configDir: string, registerAll: boolean) {
  const root = path.resolve(import.meta.dirname, '..');
  const child: ChildProcess = spawn(
    path.join(root, 'node_modules/.bin/tsx'),
    [
      path.join(root, 'tests/support/ami-server/standalone.ts'),
      configDir,
      ...(registerAll ? ['--register-all'] : []),
    ],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const lines = readline.createInterface({ input: child.stdout! });
  const waiters: Array<(l: string) => void> = [];
  lines.on('line', (l) => waiters.shift()?.(l));
  const next = () => new Promise<string>((r) => waiters.push(r));
  const first = await next();
  const port = Number(/^port (\d+)$/.exec(first)?.[1]);
  if (!port) throw new Error(`AMI test server did not start: ${first}`);
  const send = async (cmd: string) => {
    const ack = next();
    child.stdin!.write(cmd + '\n');
    await ack;
  };
  return {
    port,
    setLatency: (ms: number) => send(`latency ${ms}`),
    stop: () =>
      new Promise<void>((r) => {
        child.once('exit', () => r());
        child.stdin!.end();
      }),
  };
}
