import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { type Bridge, startBridge } from '../../../src/bridge/bridge';
import { BRIDGE_PROTOCOL } from '../../../src/shared/ipc';
import { memorySettings, recordingFleet } from './fleet-double';

const INDEX = `<!doctype html><meta http-equiv="Content-Security-Policy" content="default-src 'none'; connect-src 'self'; script-src 'self'">`;

let bridge: Bridge | null = null;
let dir = '';
afterEach(async () => {
  await bridge?.close();
  bridge = null;
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function start() {
  dir = await mkdtemp(path.join(tmpdir(), 'rayanpbx-bridge-'));
  await mkdir(path.join(dir, 'renderer/assets'), { recursive: true });
  await writeFile(path.join(dir, 'renderer/index.html'), INDEX);
  await writeFile(path.join(dir, 'renderer/assets/app.js'), 'console.log(1)');
  await writeFile(path.join(dir, 'secret.txt'), 'outside the renderer');
  const double = recordingFleet();
  bridge = await startBridge({
    fleet: double.fleet,
    settings: memorySettings(),
    rendererDir: path.join(dir, 'renderer'),
  });
  return { ...double, bridge };
}

/** Opens the bridge's socket; resolves with it, or with the HTTP status it was refused with. */
function connect(
  b: Bridge,
  opts: { token?: string; origin?: string },
): Promise<WebSocket | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(
      `${b.origin.replace('http', 'ws')}/ipc`,
      [BRIDGE_PROTOCOL, `token.${opts.token ?? b.token}`],
      {
        origin: opts.origin ?? b.origin,
      },
    );
    ws.on('open', () => resolve(ws));
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

function call(
  ws: WebSocket,
  channel: string,
  input: unknown,
): Promise<{ ok: boolean; error?: { code: string; message: string } }> {
  return new Promise((resolve) => {
    const id = Math.floor(Math.random() * 1e9);
    ws.on('message', (data) => {
      const f = JSON.parse(String(data));
      if (f.t === 'result' && f.id === id) resolve(f.result);
    });
    ws.send(JSON.stringify({ t: 'invoke', id, channel, input }));
  });
}

describe('the browser bridge', () => {
  it('listens on 127.0.0.1 only and puts the token in the URL fragment, never the path', async () => {
    const { bridge: b } = await start();
    expect(new URL(b.url).hostname).toBe('127.0.0.1');
    expect(new URL(b.url).hash).toBe(`#token=${b.token}`);
    expect(b.token.length).toBeGreaterThanOrEqual(32);
  });

  it('serves the built renderer with connect-src widened to exactly its own socket', async () => {
    const { bridge: b } = await start();
    const html = await (await fetch(`${b.origin}/`)).text();
    expect(html).toContain(`connect-src 'self' ${b.origin.replace('http', 'ws')};`);
    expect(await (await fetch(`${b.origin}/assets/app.js`)).text()).toBe('console.log(1)');
    expect((await fetch(`${b.origin}/..%2Fsecret.txt`)).status).toBe(404);
    expect((await fetch(`${b.origin}/assets/..%2F..%2Fsecret.txt`)).status).toBe(404);
  });

  it('refuses a socket without the token, or from another origin even with it', async () => {
    const { bridge: b } = await start();
    expect(await connect(b, { token: 'wrong-token' })).toBe(403);
    expect(await connect(b, { origin: 'http://evil.example' })).toBe(403);
    const ok = await connect(b, {});
    expect(ok).toBeInstanceOf(WebSocket);
    (ok as WebSocket).close();
  });

  it('serves the same validated handlers: bad input is refused with the schema’s message', async () => {
    const t = await start();
    const ws = (await connect(t.bridge, {})) as WebSocket;
    const bad = await call(ws, 'extensions/create', { host: 'pbx1', extension: { number: '12a' } });
    expect(bad).toMatchObject({
      ok: false,
      error: { code: 'INVALID_INPUT', message: 'number: must be 2-20 digits' },
    });
    const unknown = await call(ws, 'shell/exec', { cmd: 'id' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    expect(t.calls).toEqual([]);
    const good = await call(ws, 'extensions/list', { host: 'pbx1' });
    expect(good.ok).toBe(true);
    expect(t.calls.map((c) => c.method)).toEqual(['listExtensions']);
    ws.close();
  });
});
