/**
 * THE IPC contract between the renderer (untrusted) and main. Everything else derives from it:
 * the preload's whitelist (`invokeChannels`, `eventChannels`), main's input validation
 * (`invokeContract[channel].input`), the renderer's `window.api` type (`RendererApi`) and the
 * WebSocket bridge used for browser testing. Adding a channel here is the only way to add one.
 *
 * Outputs are typed from the core's facade (`FleetApi`), so the contract cannot drift from it.
 */
import { z } from 'zod';
import type { FleetApi, HostState } from '../main/core/fleet/fleet-api';
import type { NativeNotification } from '../main/core/live/notify-policy';
import type { DoctorCheck, DomainEvent } from './types';
import {
  extensionCreateInput,
  extensionNumberInput,
  extensionUpdateInput,
  hostConfigInput,
  hostConfigPatchInput,
  hostNameInput,
  hostSecretsInput,
  natPatchInput,
  transportNameInput,
} from './schemas';

/** A phantom marker carrying an output type; nothing of it exists at run time but `{}`. */
export interface Returns<T> {
  readonly __returns?: T;
}
const returns = <T>(): Returns<T> => ({});
type FleetOut<K extends keyof FleetApi> = FleetApi[K] extends (...args: never[]) => infer R
  ? Awaited<R>
  : never;

// ---- app-level (non-core) shapes -----------------------------------------------------------

export const colorSchemeSchema = z.enum(['auto', 'light', 'dark']);

export interface AppSettings {
  ui: { colorScheme: z.infer<typeof colorSchemeSchema>; lastHost: string | null };
  notifications: {
    /** Everything muted (the tray's "Mute notifications"). */
    muted: boolean;
    mutedHosts: string[];
    /** `host/number` */
    mutedExtensions: string[];
  };
}

export const settingsPatchInput = z
  .object({
    ui: z
      .object({
        colorScheme: colorSchemeSchema.optional(),
        lastHost: hostNameInput.nullable().optional(),
      })
      .strict()
      .optional(),
    notifications: z
      .object({
        muted: z.boolean().optional(),
        mutedHosts: z.array(hostNameInput).max(1000).optional(),
        mutedExtensions: z
          .array(z.string().regex(/^[A-Za-z0-9._-]{1,64}\/[0-9]{2,20}$/, 'mutedExtensions: each must be host/number'))
          .max(100_000)
          .optional(),
      })
      .strict()
      .optional(),
  })
  .strict();
export type SettingsPatch = z.infer<typeof settingsPatchInput>;

/** A native notification main asked the OS to show (echoed to windows; tests observe it). */
export type NotificationShown = NativeNotification & { at: number };

export interface DoctorProgress {
  runId: string;
  host: string;
  check: DoctorCheck;
}

const host = z.object({ host: hostNameInput }).strict();
const hostAndNumber = z.object({ host: hostNameInput, number: extensionNumberInput }).strict();
const runId = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'runId: must be 1-64 letters, digits, - or _');

// ---- request/response channels ---------------------------------------------------------------

export const invokeContract = {
  'hosts/list': { input: z.void(), output: returns<FleetOut<'listHosts'>>() },
  'hosts/probe': {
    input: z.object({ config: hostConfigInput, secrets: hostSecretsInput }).strict(),
    output: returns<FleetOut<'probeHost'>>(),
  },
  'hosts/add': {
    input: z.object({ config: hostConfigInput, secrets: hostSecretsInput }).strict(),
    output: returns<FleetOut<'addHost'>>(),
  },
  'hosts/update': {
    input: z
      .object({ name: hostNameInput, patch: hostConfigPatchInput, secrets: hostSecretsInput })
      .strict(),
    output: returns<FleetOut<'updateHost'>>(),
  },
  'hosts/remove': {
    input: z.object({ name: hostNameInput }).strict(),
    output: returns<FleetOut<'removeHost'>>(),
  },
  'hosts/trust': {
    input: z
      .object({
        name: hostNameInput,
        fingerprint: z
          .string()
          .regex(/^SHA256:[A-Za-z0-9+/]{43}=?$/, 'fingerprint: must look like SHA256:<43 base64 characters>'),
      })
      .strict(),
    output: returns<FleetOut<'trustHost'>>(),
  },

  'extensions/list': { input: host, output: returns<FleetOut<'listExtensions'>>() },
  'extensions/create': {
    input: z.object({ host: hostNameInput, extension: extensionCreateInput }).strict(),
    output: returns<FleetOut<'createExtension'>>(),
  },
  'extensions/update': {
    input: z
      .object({ host: hostNameInput, number: extensionNumberInput, patch: extensionUpdateInput })
      .strict(),
    output: returns<FleetOut<'updateExtension'>>(),
  },
  'extensions/delete': { input: hostAndNumber, output: returns<FleetOut<'deleteExtension'>>() },
  'extensions/setEnabled': {
    input: z
      .object({ host: hostNameInput, number: extensionNumberInput, enabled: z.boolean() })
      .strict(),
    output: returns<FleetOut<'setExtensionEnabled'>>(),
  },
  'extensions/softphone': {
    input: hostAndNumber,
    output: returns<FleetOut<'softphoneSettings'>>(),
  },

  'transports/list': { input: host, output: returns<FleetOut<'listTransports'>>() },
  'transports/ensure': { input: host, output: returns<FleetOut<'ensureTransport'>>() },
  'nat/get': {
    input: z.object({ host: hostNameInput, transport: transportNameInput.optional() }).strict(),
    output: returns<FleetOut<'getNat'>>(),
  },
  'nat/set': {
    input: z
      .object({
        host: hostNameInput,
        transport: transportNameInput.optional(),
        nat: natPatchInput,
      })
      .strict(),
    output: returns<FleetOut<'setNat'>>(),
  },

  'live/status': { input: host, output: returns<FleetOut<'liveStatus'>>() },
  'calls/list': {
    input: z
      .object({ host: hostNameInput, limit: z.number().int().min(1).max(10_000).optional() })
      .strict(),
    output: returns<FleetOut<'calls'>>(),
  },
  'events/recent': {
    input: z.object({ host: hostNameInput.optional() }).strict(),
    output: returns<FleetOut<'recentEvents'>>(),
  },
  'doctor/run': {
    input: z.object({ host: hostNameInput, runId }).strict(),
    output: returns<FleetOut<'runDoctor'>>(),
  },

  'settings/get': { input: z.void(), output: returns<AppSettings>() },
  'settings/set': { input: settingsPatchInput, output: returns<AppSettings>() },
  /** Native file picker for the SSH key; `null` when cancelled or when there is no native dialog. */
  'system/pickKeyFile': { input: z.void(), output: returns<{ path: string | null }>() },
} as const;

// ---- main → renderer event channels (each delivery is a batch) -------------------------------

export const eventContract = {
  'live/events': returns<DomainEvent[]>(),
  /** Latest state per host, coalesced: a batch holds at most one entry per host. */
  'hosts/state': returns<HostState[]>(),
  'doctor/progress': returns<DoctorProgress[]>(),
  'notifications/shown': returns<NotificationShown[]>(),
} as const;

// ---- derived ---------------------------------------------------------------------------------

export type InvokeChannel = keyof typeof invokeContract;
export type EventChannel = keyof typeof eventContract;
export const invokeChannels = Object.keys(invokeContract) as InvokeChannel[];
export const eventChannels = Object.keys(eventContract) as EventChannel[];

/** What the renderer passes (before parsing). */
export type InputOf<C extends InvokeChannel> = z.input<(typeof invokeContract)[C]['input']>;
/** What main's handler receives (after parsing: defaults applied). */
export type ParsedInputOf<C extends InvokeChannel> = z.output<(typeof invokeContract)[C]['input']>;
export type OutputOf<C extends InvokeChannel> =
  (typeof invokeContract)[C]['output'] extends Returns<infer T> ? T : never;
export type EventPayload<E extends EventChannel> =
  (typeof eventContract)[E] extends Returns<infer T> ? T : never;
/** One item of an event channel's batch. */
export type EventItem<E extends EventChannel> = EventPayload<E> extends Array<infer T> ? T : never;

/** How an error crosses the boundary: never a stack trace, never a secret. */
export interface IpcError {
  code: string;
  message: string;
  details: Record<string, unknown>;
}
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** `window.api`: one function per invoke channel plus `on`. Nothing else. */
export type RendererApi = {
  [C in InvokeChannel]: (input: InputOf<C>) => Promise<IpcResult<OutputOf<C>>>;
} & {
  on<E extends EventChannel>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
};

export function isInvokeChannel(x: unknown): x is InvokeChannel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(invokeContract, x);
}
export function isEventChannel(x: unknown): x is EventChannel {
  return typeof x === 'string' && Object.prototype.hasOwnProperty.call(eventContract, x);
}

// ---- the WebSocket bridge's frames (browser testing; same handlers as Electron) --------------

export type BridgeClientFrame = { t: 'invoke'; id: number; channel: string; input: unknown };
export type BridgeServerFrame =
  | { t: 'result'; id: number; result: IpcResult<unknown> }
  | { t: 'event'; channel: EventChannel; payload: unknown };
