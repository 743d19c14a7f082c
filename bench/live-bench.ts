/**
 * Issue 3, acceptance 7a: live status of 10,000 extensions through the SSH tunnel — two list
 * actions (ours) vs one PJSIPShowEndpoint per extension (the seed's way) — on plain loopback and
 * with a 5 ms round trip injected by the test server; and our own cost on top of the server's
 * answer, measured as (our full client + state rebuild) − (a bare byte counter on the same tunnel).
 */
import type { Duplex } from 'node:stream';
import { amiGet } from '../src/main/core/ami/message';
import type { ReconnectingAmi } from '../src/main/core/ami/reconnecting';
import { Registrations } from '../src/main/core/live/registrations';
import { startBenchHost } from './bench-host';
import { median, quartiles } from './bench-util';
import type { BenchRow } from './report';

const N = 10_000;
/** The per-extension way is measured on this many and scaled to N (it is strictly linear). */
const SAMPLE = 1_000;

export async function benchLiveStatus(): Promise<BenchRow[]> {
  const h = await startBenchHost({ extensions: N, registerAll: true });
  try {
    const session = h.fleet.session('pbx');
    const ami = (await session.ami())!;
    const transport = await session.transport();
    const rows: BenchRow[] = [];

    for (const latency of [0, 5]) {
      await h.ami.setLatency(latency);
      const ours: number[] = [];
      let online = 0;
      for (let i = 0; i < 3; i++) {
        const t0 = performance.now();
        const reg = new Registrations();
        await syncRegistrations(ami, reg);
        ours.push(performance.now() - t0);
        online = reg.statuses().filter((s) => s.registration === 'online').length;
      }
      const t0 = performance.now();
      for (let i = 0; i < SAMPLE; i++) {
        const items = await ami.listAction('PJSIPShowEndpoint', { Endpoint: String(10000 + i) });
        void items.some((m) => amiGet(m, 'Event') === 'ContactStatusDetail');
      }
      const perExtension = ((performance.now() - t0) / SAMPLE) * N;
      rows.push({
        name: `${latency ? `${latency} ms round trip` : 'plain loopback'}: live status of ${N} extensions, 2 list actions`,
        value: median(ours),
        unit: 'ms',
        target: latency ? '≥ 50× faster' : undefined,
        baseline: { name: 'one PJSIPShowEndpoint per extension', value: perExtension, unit: 'ms' },
        note: `${online} online; per-extension time measured on ${SAMPLE} and scaled ×${N / SAMPLE}`,
      });
    }

    // Our own cost: the same two answers, once through our client + rebuild, once only counted
    // by a bare reader on the same tunnel. With the server in another process, this process's
    // CPU time is ours alone; wall time is shown too but swings with the scheduler on 2 cores.
    await h.ami.setLatency(0);
    const cpuMs = () => {
      const u = process.cpuUsage();
      return (u.user + u.system) / 1000;
    };
    const bare: number[] = [];
    const full: number[] = [];
    const bareCpu: number[] = [];
    const fullCpu: number[] = [];
    const extra: number[] = [];
    const PAIRS = 25;
    for (let i = 0; i < PAIRS; i++) {
      // Back to back, the two see the same machine; their order alternates so that neither
      // always inherits the other's garbage.
      const runBare = async () => {
        const stream = await transport.openTcpStream('127.0.0.1', h.ami.port);
        const c0 = cpuMs();
        bare.push(await bareFetch(stream));
        bareCpu.push(cpuMs() - c0);
      };
      const runFull = async () => {
        const c0 = cpuMs();
        const t0 = performance.now();
        await syncRegistrations(ami, new Registrations());
        full.push(performance.now() - t0);
        fullCpu.push(cpuMs() - c0);
      };
      if (i % 2 === 0) {
        await runBare();
        await runFull();
      } else {
        await runFull();
        await runBare();
      }
      extra.push(fullCpu[i]! - bareCpu[i]!);
    }
    rows.push({
      name: `our cost on top of the server's answer (parse, collect, rebuild ${N}), CPU time`,
      value: Math.max(0, median(extra)),
      unit: 'ms',
      target: '≤ 50 ms',
      note: `this process's CPU, full client + rebuild minus a bare byte count of the same answer on the same tunnel (both decrypt the same SSH stream), median of ${PAIRS} back-to-back pairs (quartiles ${quartiles(extra)} ms); full ${median(fullCpu).toFixed(0)} ms, bare ${median(bareCpu).toFixed(0)} ms; wall: full ${median(full).toFixed(0)} ms, bare ${median(bare).toFixed(0)} ms`,
    });
    return rows;
  } finally {
    await h.close();
  }
}

/** What HostLive does on every (re)connect: both list answers streamed into one rebuild. */
async function syncRegistrations(ami: ReconnectingAmi, reg: Registrations): Promise<void> {
  const sync = reg.beginSync();
  await sync.readFrom(ami);
  reg.finishSync(sync);
}

/** Logs in and sends both list actions, only counting bytes until both Complete events are seen. */
async function bareFetch(stream: Duplex): Promise<number> {
  const login = `Action: Login\r\nUsername: admin\r\nSecret: amipass\r\nEvents: off\r\nActionID: l\r\n\r\n`;
  const actions =
    'Action: PJSIPShowContacts\r\nActionID: c\r\n\r\nAction: PJSIPShowEndpoints\r\nActionID: e\r\n\r\n';
  return new Promise<number>((resolve, reject) => {
    let seen = 0;
    let t0 = 0;
    let tail = '';
    stream.on('data', (chunk: Buffer) => {
      const text = tail + chunk.toString('latin1');
      if (t0 === 0 && text.includes('Authentication accepted')) {
        t0 = performance.now();
        stream.write(actions);
      }
      let from = 0;
      for (;;) {
        const i = text.indexOf('EventList: Complete', from);
        if (i === -1) break;
        seen++;
        from = i + 1;
      }
      tail = text.slice(-32);
      if (seen >= 2) {
        const ms = performance.now() - t0;
        stream.destroy();
        resolve(ms);
      }
    });
    stream.on('error', reject);
    stream.write(login);
  });
}
