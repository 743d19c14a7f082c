/**
 * The AMI test server in its own process, for benchmarks: the console's cost is then measured
 * alone, not mixed with the server's work on one event loop.
 *   tsx tests/support/ami-server/standalone.ts <configDir> [--register-all]
 * Prints `port <n>` once listening; reads commands on stdin: `latency <ms>`, `reload-cost <mode>`,
 * `reload-scale <x>`. RAYANPBX_AMI_RELOAD_TIME_SCALE (default 1) scales every reload's cost,
 * so a bench can run the realistic 25 s dialplan reload of a 10,000-hint host in less time.
 */
import readline from 'node:readline';
import { AmiTestServer } from './server';
import { parseTimeScale, RELOAD_TIME_SCALE_ENV } from './reload-cost';

const [configDir, ...flags] = process.argv.slice(2);
if (!configDir) {
  console.error('usage: standalone.ts <configDir> [--register-all]');
  process.exit(2);
}
const server = await AmiTestServer.start({
  configDir,
  reloadCost: 'realistic',
  reloadTimeScale: parseTimeScale(process.env[RELOAD_TIME_SCALE_ENV]),
});
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
  if (cmd === 'reload-scale') server.setReloadTimeScale(parseTimeScale(arg));
  process.stdout.write(`ok ${cmd}\n`);
});
rl.on('close', () => void server.stop().then(() => process.exit(0)));
