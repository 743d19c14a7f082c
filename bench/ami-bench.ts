import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AmiParser } from '../src/main/core/ami/parser';
import type { BenchRow } from './report';

/**
 * AMI parsing throughput: our incremental parser vs asterisk-manager 0.2.0's reader, fed the
 * same bytes in the same 64 KiB chunks (as a socket delivers a big list answer).
 *
 * asterisk-manager can only read from the socket it opens itself, so its reader is driven
 * through a fake socket: `net.createConnection` is swapped for the duration of `connect()`,
 * and the bytes are emitted as 'data' on that fake. Its per-item work (`rawevent`, then the
 * `process.nextTick` emits it schedules) is timed until the ticks have run.
 */

const require = createRequire(import.meta.url);
const here = dirname(fileURLToPath(import.meta.url));
const CHUNK = 64 * 1024;

function transcriptsDir(): string {
  for (const dir of [
    process.env.RAYANPBX_TRANSCRIPTS,
    join(here, '../tests/fixtures/asterisk/transcripts'),
    resolve(here, '../../shared/asterisk/transcripts'),
  ]) {
    if (dir) {
      try {
        readFileSync(join(dir, 'INDEX.txt'));
        return dir;
      } catch {
        // try the next place
      }
    }
  }
  throw new Error('AMI transcripts not found (set RAYANPBX_TRANSCRIPTS)');
}

const BANNER = 'Asterisk Call Manager/11.0.0\r\n';

/** A 10,000-extension `PJSIPShowEndpoints` answer, shaped exactly like recording 10. */
function endpointListStream(n: number): { bytes: Buffer; messages: number } {
  let s = BANNER;
  s +=
    'Response: Success\r\nActionID: b-1\r\nEventList: start\r\nMessage: A listing of Endpoints follows, presented as EndpointList events\r\n\r\n';
  for (let i = 0; i < n; i++) {
    const num = 10000 + i;
    s +=
      `Event: EndpointList\r\nActionID: b-1\r\nObjectType: endpoint\r\nObjectName: ${num}\r\nTransport: transport-udp\r\n` +
      `Aor: ${num}\r\nAuths: ${num}\r\nOutboundAuths: \r\nContacts: ${num}/sip:${num}-0x55b9dc60e450@10.0.${(i >> 8) & 255}.${i & 255}:5060,\r\n` +
      `DeviceState: Not in use\r\nActiveChannels: 0\r\n\r\n`;
  }
  s += `Event: EndpointListComplete\r\nActionID: b-1\r\nEventList: Complete\r\nListItems: ${n}\r\n\r\n`;
  return { bytes: Buffer.from(s), messages: n + 2 };
}

/** The recorded call events of 31 and 33 (ring, cancel, answer, bridge, hang up), repeated. */
function callEventStream(repeat: number): { bytes: Buffer; messages: number } {
  const dir = transcriptsDir();
  const bodies = [
    '31_events_call_ring_then_caller_hangup.txt',
    '33_events_call_answered_then_callee_hangup.txt',
    '30_events_register.txt',
  ].map((f) => {
    const raw = readFileSync(join(dir, f), 'latin1');
    return raw.slice(raw.indexOf('\r\n') + 2);
  });
  const one = bodies.join('');
  const perCopy = one.split('\r\n\r\n').length - 1;
  return { bytes: Buffer.from(BANNER + one.repeat(repeat), 'latin1'), messages: perCopy * repeat };
}

function chunks(bytes: Buffer): Buffer[] {
  const out: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += CHUNK) out.push(bytes.subarray(i, i + CHUNK));
  return out;
}

function ours(parts: Buffer[]): number {
  const p = new AmiParser();
  let n = 0;
  for (const c of parts) n += p.push(c).length;
  return n;
}

interface FakeSocket extends EventEmitter {
  readyState: string;
  setKeepAlive(): void;
  setNoDelay(): void;
  setEncoding(): void;
  write(): boolean;
  end(): void;
}

/** Drives asterisk-manager 0.2.0's reader with the given chunks; resolves with the items it produced. */
async function theirs(parts: Buffer[]): Promise<number> {
  const net = require('node:net') as { createConnection: (...a: unknown[]) => unknown };
  const Manager = require('asterisk-manager') as (
    port?: number,
  ) => EventEmitter & { connect: (p: number, h: string) => void };
  const fake = new EventEmitter() as FakeSocket;
  fake.readyState = 'open';
  fake.setKeepAlive = () => {};
  fake.setNoDelay = () => {};
  fake.setEncoding = () => {};
  fake.write = () => true;
  fake.end = () => {};
  const original = net.createConnection;
  net.createConnection = () => fake;
  const mgr = Manager();
  try {
    mgr.connect(5038, '127.0.0.1');
  } finally {
    net.createConnection = original;
  }
  let n = 0;
  mgr.on('rawevent', () => n++);
  for (const c of parts) fake.emit('data', c);
  // Let the process.nextTick emits it queued per item run: they are part of its cost.
  await new Promise((r) => setImmediate(r));
  return n;
}

async function measure(
  run: () => number | Promise<number>,
  rounds: number,
): Promise<{ perSecond: number; items: number }> {
  const rates: number[] = [];
  let items = 0;
  for (let i = 0; i < rounds; i++) {
    const t0 = process.hrtime.bigint();
    items = await run();
    const ms = Number(process.hrtime.bigint() - t0) / 1e6;
    rates.push(items / (ms / 1000));
  }
  rates.sort((a, b) => a - b);
  return { perSecond: rates[Math.floor(rates.length / 2)]!, items };
}

export async function benchAmiParser(): Promise<BenchRow[]> {
  const rows: BenchRow[] = [];
  const datasets = [
    {
      label: '10,000 EndpointList events (one PJSIPShowEndpoints answer)',
      data: endpointListStream(10_000),
    },
    { label: 'recorded call/registration events (31, 33, 30) ×100', data: callEventStream(100) },
  ];
  for (const { label, data } of datasets) {
    const parts = chunks(data.bytes);
    // Warm-up so both sides are measured JIT-compiled.
    ours(parts);
    await theirs(parts);
    const a = await measure(() => ours(parts), 7);
    const b = await measure(() => theirs(parts), 5);
    if (a.items !== data.messages)
      throw new Error(`our parser read ${a.items} messages, expected ${data.messages}`);
    rows.push({
      name: `our parser, ${label}`,
      value: a.perSecond,
      unit: 'events/s',
      target: '≥ 100,000 events/s',
      note: `${(data.bytes.length / 1024 / 1024).toFixed(1)} MiB in 64 KiB chunks; asterisk-manager 0.2.0: ${Math.round(b.perSecond).toLocaleString('en')} events/s (${b.items} items)`,
    });
    rows.push({
      name: `time per event, ${label}`,
      value: 1e6 / a.perSecond,
      unit: 'µs/event',
      baseline: { name: 'asterisk-manager 0.2.0', value: 1e6 / b.perSecond, unit: 'µs/event' },
    });
  }
  return rows;
}

// `tsx bench/ami-bench.ts` runs this section alone.
if (process.argv[1] && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  const { printRows } = await import('./report');
  printRows('AMI parser', await benchAmiParser());
}
