import type { FleetApi, HostState } from '../../shared/types';
import { serializeError } from '../core/errors/rayan-error';
import {
  type EventChannel,
  type EventItem,
  type EventPayload,
  type InvokeChannel,
  type IpcError,
  type IpcResult,
  invokeContract,
} from '../../shared/ipc';
import { invokeChannels } from '../../shared/ipc-channels';
import type { z } from 'zod';
import { formatZodError } from '../../shared/schemas';
import { Batcher } from '../core/live/batcher';
import type { Scheduler } from '../core/live/scheduler';
import { createHandlers, type Handlers, type IpcServices } from './handlers';

/**
 * The tiny surface both Electron's ipcMain and the WebSocket bridge provide, so the very same
 * handlers (and the same validation) serve the desktop app and the browser tests.
 */
export interface IpcTransport {
  handle(channel: InvokeChannel, fn: (raw: unknown) => Promise<IpcResult<unknown>>): void;
  removeHandler(channel: InvokeChannel): void;
}

/** A window (or a bridge connection) events are delivered to. */
export interface EventSink {
  send<E extends EventChannel>(channel: E, payload: EventPayload<E>): void;
}

export interface IpcBinding {
  /** Starts batched event delivery to a window; returns the function that stops it. */
  addPeer(sink: EventSink): () => void;
  /** Queues one item on an event channel for every window (used by notifications). */
  broadcast<E extends EventChannel>(channel: E, item: EventItem<E>): void;
  /** Validate + run one call exactly as a renderer's call would be (tests, bridge). */
  invoke(channel: string, raw: unknown): Promise<IpcResult<unknown>>;
  /** Deliveries made so far to each peer (one per batch), for measurements. */
  deliveries(): number[];
  dispose(): void;
}

export interface BindOptions {
  /** Deliveries per second per window (default 60). */
  maxPerSecond?: number;
  scheduler?: Scheduler;
}

interface Peer {
  batcher: Batcher<{ channel: EventChannel; item: unknown }>;
  deliveries: number;
}

const MAX_MESSAGE = 500;

/**
 * The shared schema's own message for each problem, as `formatZodError` words it for the value
 * inside the request: the schemas' messages already start with their field (`number: must be
 * 2-20 digits`), so the request envelope around it (`extension.`) is not put in front again.
 */
export function validationMessage(err: z.ZodError): string {
  const issues = err.issues.map((issue) => {
    if (issue.code === 'unrecognized_keys') return { ...issue, path: [] };
    const path = issue.path.map(String);
    const at = path.findIndex((seg) => issue.message.startsWith(`${seg}:`));
    return at > 0 ? { ...issue, path: issue.path.slice(at) } : issue;
  });
  return formatZodError({ issues } as z.ZodError);
}

/** The error as it may cross: one line, bounded, no stack. */
export function toIpcError(err: unknown): IpcError {
  const s = serializeError(err);
  const message = (s.message.split('\n')[0] ?? '').slice(0, MAX_MESSAGE);
  return { code: s.code, message, details: s.details };
}

export function bindIpc(
  fleet: FleetApi,
  transport: IpcTransport,
  services: IpcServices,
  options: BindOptions = {},
): IpcBinding {
  const handlers: Handlers = createHandlers(fleet, services);
  const peers = new Set<Peer>();

  const broadcast = (channel: EventChannel, item: unknown) => {
    for (const p of peers) p.batcher.push({ channel, item });
  };

  async function invoke(channel: string, raw: unknown): Promise<IpcResult<unknown>> {
    if (!Object.prototype.hasOwnProperty.call(invokeContract, channel)) {
      return {
        ok: false,
        error: {
          code: 'UNKNOWN_CHANNEL',
          message: `No IPC channel "${String(channel).slice(0, 64)}"`,
          details: {},
        },
      };
    }
    const ch = channel as InvokeChannel;
    const parsed = invokeContract[ch].input.safeParse(raw);
    if (!parsed.success) {
      return {
        ok: false,
        error: {
          code: 'INVALID_INPUT',
          message: validationMessage(parsed.error),
          details: { channel: ch, fields: parsed.error.issues.map((i) => i.path.join('.')) },
        },
      };
    }
    try {
      const handler = handlers[ch] as (
        input: unknown,
        ctx: Parameters<Handlers[InvokeChannel]>[1],
      ) => unknown;
      const value = await handler(parsed.data, {
        doctorProgress: (p) => broadcast('doctor/progress', p),
        applyProgress: (p) => broadcast('apply/progress', p),
        bulkProgress: (p) => broadcast('bulk/progress', p),
      });
      return { ok: true, value: value === undefined ? null : value };
    } catch (err) {
      return { ok: false, error: toIpcError(err) };
    }
  }

  for (const ch of invokeChannels) transport.handle(ch, (raw) => invoke(ch, raw));

  const offEvent = fleet.onEvent((ev) => broadcast('live/events', ev));
  const offState = fleet.onHostState((st) => broadcast('hosts/state', st));
  const offHosts = fleet.onHostChange((name, change) => {
    if (change !== 'changing') broadcast('hosts/changed', { name, change });
  });

  return {
    addPeer(sink) {
      const peer: Peer = {
        deliveries: 0,
        batcher: new Batcher({
          maxPerSecond: options.maxPerSecond ?? 60,
          scheduler: options.scheduler,
          // Host states replace each other: only the latest per host is worth sending.
          key: (m) =>
            m.channel === 'hosts/state' ? `state:${(m.item as HostState).name}` : undefined,
          deliver: (batch) => {
            peer.deliveries++;
            const byChannel = new Map<EventChannel, unknown[]>();
            for (const { channel, item } of batch) {
              let list = byChannel.get(channel);
              if (!list) byChannel.set(channel, (list = []));
              list.push(item);
            }
            for (const [channel, list] of byChannel) {
              try {
                sink.send(channel, list as never);
              } catch {
                // A window closing mid-send: its removal follows; the others are unaffected.
              }
            }
          },
        }),
      };
      peers.add(peer);
      return () => {
        peer.batcher.close();
        peers.delete(peer);
      };
    },
    broadcast: (channel, item) => broadcast(channel, item),
    invoke,
    deliveries: () => [...peers].map((p) => p.deliveries),
    dispose() {
      offEvent();
      offState();
      offHosts();
      for (const p of peers) p.batcher.close();
      peers.clear();
      for (const ch of invokeChannels) transport.removeHandler(ch);
    },
  };
}
