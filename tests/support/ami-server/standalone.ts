/**
 * The AMI test server in its own process, for benchmarks: the console's cost is then measured
 * alone, not mixed with the server's work on one event loop.
 *   tsx tests/support/ami-server/standalone.ts <configDir> [--register-all]
 * Prints `port <n>` once listening; reads commands on stdin: `latency <ms>`, `reload-cost <mode>`.
 */
import readline from 'node:readline';
import { AmiTestServer } from './server';

const [configDir, ...flags] = process.argv.slice(2);
if (!configDir) {
  console.error('usage: standalone.ts <configDir> [--register-all]');
  process.exit(2);
}
const server = await AmiTestServer.start({ configDir, reloadCost: 'realistic' });
if (flags.includes('--register-all')) {
  let i = 0;
  for (const name of server.pjsip.endpoints.keys())
    server.register(name, {
      viaAddr: '10.1.0.1',
      viaPort: 5060 + (i++ % 1000),
      userAgent: 'bench-phone/1.0',
    });
}
process.stdout.write(`port ${server.port}\n`);
const rl = readline.createInterface({ input: process.stdin });
rl.on('line', (line) => {
  const [cmd, arg] = line.trim().split(/\s+/);
  if (cmd === 'latency') server.setLatency(Number(arg));
  if (cmd === 'reload-cost') server.setReloadCost(arg === 'none' ? 'none' : 'realistic');
  process.stdout.write(`ok ${cmd}\n`);
});
rl.on('close', () => void server.stop().then(() => process.exit(0)));
