import {
  BRIDGE_PROTOCOL,
  type BridgeClientFrame,
  type BridgeServerFrame,
  type EventChannel,
  type IpcResult,
  type RendererApi,
} from '../../../shared/ipc';
import { invokeChannels, isEventChannel } from '../../../shared/ipc-channels';

/**
 * `window.api` over the browser bridge's WebSocket: the same shape as the preload's, so the app
 * cannot tell the difference. The token travels as a WebSocket subprotocol, never in a URL.
 */
/** Tells the page at once when the link to the bridge opens or drops (see stores/bridge). */
function tellLink(connected: boolean): void {
  window.dispatchEvent(new CustomEvent('rayanpbx-bridge-link', { detail: { connected } }));
}

export function createWsApi(url: string, token: string): RendererApi {
  const listeners = new Map<EventChannel, Set<(payload: unknown) => void>>();
  const pending = new Map<number, (r: IpcResult<unknown>) => void>();
  let nextId = 1;
  let socket: WebSocket | null = null;
  let ready: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> => {
    ready ??= new Promise<WebSocket>((resolve, reject) => {
      const ws = new WebSocket(url, [BRIDGE_PROTOCOL, `token.${token}`]);
      ws.onopen = () => {
        socket = ws;
        tellLink(true);
        resolve(ws);
      };
      ws.onerror = () => reject(new Error('bridge connection failed'));
      ws.onclose = () => {
        socket = null;
        ready = null;
        tellLink(false);
        for (const [, done] of pending) {
          done({
            ok: false,
            error: {
              code: 'BRIDGE_CLOSED',
              message: 'Connection to the app was lost.',
              details: {},
            },
          });
        }
        pending.clear();
        // Keep event subscriptions alive across a bridge restart.
        setTimeout(() => void connect().catch(() => undefined), 1000);
      };
      ws.onmessage = (m) => {
        const frame = JSON.parse(String(m.data)) as BridgeServerFrame;
        if (frame.t === 'result') {
          pending.get(frame.id)?.(frame.result);
          pending.delete(frame.id);
        } else if (frame.t === 'event') {
          for (const cb of listeners.get(frame.channel) ?? []) cb(frame.payload);
        }
      };
    });
    return ready;
  };

  const api: Record<string, unknown> = {};
  for (const channel of invokeChannels) {
    api[channel] = async (input: unknown): Promise<IpcResult<unknown>> => {
      let ws: WebSocket;
      try {
        ws = socket ?? (await connect());
      } catch {
        return {
          ok: false,
          error: { code: 'BRIDGE_CLOSED', message: 'Cannot reach the app.', details: {} },
        };
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        ws.send(JSON.stringify({ t: 'invoke', id, channel, input } satisfies BridgeClientFrame));
      });
    };
  }
  api.on = (event: EventChannel, cb: (payload: unknown) => void) => {
    if (!isEventChannel(event)) throw new Error(`Unknown event channel: ${String(event)}`);
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(cb);
    void connect().catch(() => undefined);
    return () => set.delete(cb);
  };
  return Object.freeze(api) as RendererApi;
}
