import type { RendererApi } from '../shared/ipc';
import { type EventChannel, invokeChannels, isEventChannel } from '../shared/ipc-channels';

/** The slice of ipcRenderer the API needs (kept structural so tests can drive it). */
export interface IpcRendererLike {
  invoke(channel: string, ...args: unknown[]): Promise<unknown>;
  on(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
  removeListener(channel: string, listener: (event: unknown, ...args: unknown[]) => void): unknown;
}

export function buildApi(ipc: IpcRendererLike): RendererApi {
  const api: Record<string, unknown> = {};
  for (const channel of invokeChannels) {
    // Exactly one argument crosses; main validates it against the contract's schema.
    api[channel] = (input: unknown) => ipc.invoke(channel, input);
  }
  api.on = (event: EventChannel, cb: (payload: unknown) => void) => {
    if (!isEventChannel(event)) throw new Error(`Unknown event channel: ${String(event)}`);
    if (typeof cb !== 'function') throw new Error('on(event, cb): cb must be a function');
    // The IPC event object (with its `sender`) is not passed on: only the payload.
    const listener = (_e: unknown, payload: unknown) => cb(payload);
    ipc.on(event, listener);
    return () => {
      ipc.removeListener(event, listener);
    };
  };
  return Object.freeze(api) as RendererApi;
}
