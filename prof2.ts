import net from 'node:net';
import { AmiClient } from './src/main/core/ami/client';
import { Registrations } from './src/main/core/live/registrations';
import { generatePjsipConf } from './tests/support/generate-conf';
import { AmiTestServer } from './tests/support/ami-server/server';
import { createPbxDir } from './tests/support/pbx-dir';
const pbx = await createPbxDir({ 'pjsip.conf': generatePjsipConf(10000), 'extensions.conf': '' });
const srv = await AmiTestServer.start({ configDir: pbx.dir, reloadCost: 'none' });
for (let i = 0; i < 10000; i++) srv.register(String(10000 + i), { viaAddr: '10.1.0.1', viaPort: 5060 });
const c = new AmiClient();
await c.connect(async () => net.connect(srv.port, '127.0.0.1'), { username: 'admin', secret: 'amipass', events: false });
for (let k = 0; k < 3; k++) {
let t0 = performance.now();
for (let i = 0; i < 200; i++) await c.listAction('PJSIPShowEndpoint', { Endpoint: String(10000 + i) });
console.log('per endpoint', ((performance.now() - t0) / 200).toFixed(2), 'ms');
t0 = performance.now();
const cpu0 = process.cpuUsage();
const [a, b] = await Promise.all([c.listAction('PJSIPShowContacts'), c.listAction('PJSIPShowEndpoints')]);
const t1 = performance.now();
new Registrations().rebuild(a, b);
console.log('lists', (t1 - t0).toFixed(0), 'rebuild', (performance.now() - t1).toFixed(0), a.length, b.length);
}
await c.close(); await srv.stop(); await pbx.cleanup();
