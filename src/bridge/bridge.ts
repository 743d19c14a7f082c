import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { FleetApi } from '../shared/types';
import type { SettingsBackend } from '../main/core/hosts/settings-backend';
import type { NotifyPolicyOptions } from '../main/core/live/notify-policy';
import { AppSettingsService } from '../main/core/settings/app-settings';
import { bindIpc, type IpcBinding, type IpcTransport } from '../main/ipc/bind-ipc';
import { startNotifyDriver } from '../main/core/live/notify-driver';
import {
  BRIDGE_PROTOCOL,
  type BridgeClientFrame,
  type BridgeServerFrame,
  type InvokeChannel,
  type IpcResult,
  type NotificationShown,
} from '../shared/ipc';
import { staticHandler } from './static-files';

export interface BridgeOptions {
  fleet: FleetApi;
  settings: SettingsBackend;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
  maxPerSecond?: number;
  notifyPolicy?: NotifyPolicyOptions;
}

export interface Bridge {
  /** Open this in a browser: the token rides in the fragment (never sent in a request). */
  url: string;
  origin: string;
  token: string;
  binding: IpcBinding;
  /** Every notification the policy asked to show (Electron would show them natively). */
  notifications: NotificationShown[];
  close(): Promise<void>;
}

/** A map-backed IpcTransport: the WebSocket frames are dispatched to the registered handlers. */
function mapTransport(): IpcTransport & {
  get(ch: string): ((raw: unknown) => Promise<IpcResult<unknown>>) | undefined;
} {
  const handlers = new Map<string, (raw: unknown) => Promise<IpcResult<unknown>>>();
  return {
    handle: (ch, fn) => void handlers.set(ch, fn),
    removeHandler: (ch) => void handlers.delete(ch),
    get: (ch) => handlers.get(ch),
  };
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * The same IPC handlers as the desktop app, over a WebSocket bound to 127.0.0.1 and guarded by a
 * random token, plus the built renderer over http — so the real UI runs in a real browser
 * against the real core.
 */
export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const settings = new AppSettingsService(opts.settings);
  const transport = mapTransport();
  const binding = bindIpc(opts.fleet, transport, { settings }, { maxPerSecond: opts.maxPerSecond });
  const notifications: NotificationShown[] = [];
  const notify = startNotifyDriver({
    fleet: opts.fleet,
    settings,
    policy: opts.notifyPolicy,
    show: (n) => {
      notifications.push(n);
      binding.broadcast('notifications/shown', n);
    },
  });

  let origin = '';
  const server: Server = createServer(
    staticHandler(opts.rendererDir, () => origin.replace(/^http/, 'ws')),
  );
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: 1024 * 1024,
    handleProtocols: (protocols) => (protocols.has(BRIDGE_PROTOCOL) ? BRIDGE_PROTOCOL : false),
  });

  server.on('upgrade', (req, socket, head) => {
    const offered = String(req.headers['sec-websocket-protocol'] ?? '')
      .split(',')
      .map((s) => s.trim());
    const given = offered.find((p) => p.startsWith('token.'))?.slice(6) ?? '';
    const pathname = URL.canParse(req.url ?? '/', 'http://x')
      ? new URL(req.url ?? '/', 'http://x').pathname
      : null;
    // A page from any other origin (a web site open in the same browser) is refused even with
    // the token; so is a request without the token.
    if (pathname !== '/ipc' || req.headers.origin !== origin || !sameToken(given, token)) {
      socket.write('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      socket.destroy();
      return;
    }
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws));
  });

  wss.on('connection', (ws: WebSocket) => {
    const send = (frame: BridgeServerFrame) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(frame));
    };
    const removePeer = binding.addPeer({
      send: (channel, payload) => send({ t: 'event', channel, payload }),
    });
    ws.on('message', (data) => {
      let frame: BridgeClientFrame;
      try {
        frame = JSON.parse(String(data)) as BridgeClientFrame;
      } catch {
        return;
      }
      if (frame?.t !== 'invoke' || typeof frame.id !== 'number') return;
      const handler = transport.get(frame.channel);
      const result: Promise<IpcResult<unknown>> = handler
        ? handler(frame.input)
        : Promise.resolve({
            ok: false,
            error: { code: 'UNKNOWN_CHANNEL', message: 'No such IPC channel', details: {} },
          });
      void result.then((r) => send({ t: 'result', id: frame.id, result: r }));
    });
    ws.on('close', removePeer);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  return {
    url: `${origin}/#token=${token}`,
    origin,
    token,
    binding,
    notifications,
    async close() {
      notify.dispose();
      binding.dispose();
      for (const c of wss.clients) c.terminate();
      wss.close();
      await new Promise<void>((r) => server.close(() => r()));
    },
  };
}

export type { InvokeChannel };
