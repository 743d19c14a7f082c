import { build } from 'esbuild';
import path from 'node:path';
import vm from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { invokeContract } from '../../../src/shared/ipc';
import { eventChannels, invokeChannels } from '../../../src/shared/ipc-channels';

const root = path.resolve(import.meta.dirname, '../../..');
let bundle = '';

/**
 * Runs the preload the way a sandboxed renderer does: one CommonJS script whose `require` knows
 * only `electron`. Anything else it tried to load (Node built-ins, node_modules) would throw here.
 */
function runPreload() {
  const exposed: Array<[string, Record<string, unknown>]> = [];
  const invoked: Array<[string, unknown[]]> = [];
  const listeners = new Map<string, Set<(...a: unknown[]) => void>>();
  const electron = {
    contextBridge: {
      exposeInMainWorld: (key: string, api: Record<string, unknown>) => exposed.push([key, api]),
    },
    ipcRenderer: {
      invoke: async (channel: string, ...args: unknown[]) => {
        invoked.push([channel, args]);
        return { ok: true, value: null };
      },
      on: (channel: string, l: (...a: unknown[]) => void) => {
        if (!listeners.has(channel)) listeners.set(channel, new Set());
        listeners.get(channel)!.add(l);
      },
      removeListener: (channel: string, l: (...a: unknown[]) => void) =>
        listeners.get(channel)?.delete(l),
    },
  };
  const required: string[] = [];
  const sandboxRequire = (id: string) => {
    required.push(id);
    if (id === 'electron') return electron;
    throw new Error(`sandboxed preload cannot require "${id}"`);
  };
  const module = { exports: {} };
  vm.runInNewContext(bundle, { require: sandboxRequire, module, exports: module.exports, console });
  return { exposed, invoked, listeners, required };
}

beforeAll(async () => {
  // Same shape as electron.vite.config.ts's preload build: everything bundled, CommonJS.
  const out = await build({
    entryPoints: [path.join(root, 'src/preload/index.ts')],
    bundle: true,
    format: 'cjs',
    platform: 'browser',
    external: ['electron'],
    write: false,
    logLevel: 'silent',
  });
  bundle = out.outputFiles[0]!.text;
});

describe('the preload', () => {
  it('exposes one object, window.api, and requires nothing but electron', () => {
    const { exposed, required } = runPreload();
    expect(exposed.map(([k]) => k)).toEqual(['api']);
    expect([...new Set(required)]).toEqual(['electron']);
  });

  it('carries the channel names only: no zod, no schemas (it was 190 KB with them)', () => {
    expect(bundle).not.toMatch(/ZodError|safeParse|\$ZodType/);
    expect(bundle.length).toBeLessThan(8_000);
  });

  it('exposes exactly the contract keys plus on(), nothing else', () => {
    const api = runPreload().exposed[0]![1];
    expect(Object.keys(api).sort()).toEqual([...Object.keys(invokeContract), 'on'].sort());
    expect(Object.isFrozen(api)).toBe(true);
    for (const key of Object.keys(api)) expect(typeof api[key]).toBe('function');
  });

  it('forwards each call to its own channel with exactly one argument', async () => {
    const { exposed, invoked } = runPreload();
    const api = exposed[0]![1] as Record<string, (...a: unknown[]) => Promise<unknown>>;
    for (const ch of invokeChannels) await api[ch]!({ probe: ch }, 'extra-arg-dropped');
    expect(invoked).toEqual(invokeChannels.map((ch) => [ch, [{ probe: ch }]]));
  });

  it('subscribes only to contract event channels, passes only the payload, and unsubscribes', () => {
    const { exposed, listeners } = runPreload();
    const on = exposed[0]![1].on as (e: string, cb: (p: unknown) => void) => () => void;
    expect(() => on('hosts/add', () => undefined)).toThrow(/Unknown event channel/);
    expect(() => on('electron-store-get-data', () => undefined)).toThrow(/Unknown event channel/);
    for (const ch of eventChannels) {
      const got: unknown[] = [];
      const off = on(ch, (...args: unknown[]) => got.push(args));
      const [l] = [...listeners.get(ch)!];
      l!({ sender: 'ipc-event-with-sender' }, ['payload']);
      expect(got).toEqual([[['payload']]]);
      off();
      expect(listeners.get(ch)!.size).toBe(0);
    }
  });
});
