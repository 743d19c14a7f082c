/**
 * THE IPC contract between the renderer (untrusted) and main. Everything else derives from it:
 * the preload's whitelist (`ipc-channels.ts`, checked against it below), main's input validation
 * (`invokeContract[channel].input`), the renderer's `window.api` type (`RendererApi`) and the
 * WebSocket bridge used for browser testing. A channel exists only once it is here (and named
 * in `ipc-channels.ts`, which the compiler checks below).
 *
 * Outputs are typed from the core's facade (`FleetApi`), so the contract cannot drift from it.
 */
import type { ApplyProgress } from './types/apply-progress';
import { z } from 'zod';
import type { EventChannel, InvokeChannel } from './ipc-channels';
import type {
  BulkProgress,
  DoctorCheck,
  DomainEvent,
  FleetApi,
  HostChangeNotice,
  HostState,
  ImportResult,
  NativeNotification,
  SerializedError,
} from './types';
import { bool, identifier, int } from './schemas/fields';
import { unknownKey } from './schemas/extension';
import {
  extensionCreateInput,
  trunkCreateInput,
  trunkNameInput,
  trunkUpdateInput,
  extensionNumberInput,
  extensionUpdateInput,
  fingerprintInput,
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
/** A channel whose answer is what FleetApi's `method` returns (its handler makes that call). */
const fleetOut = <K extends keyof FleetApi, I>(method: K, input: I) => {
  void method; // names the method for the answer's type, and for the reader
  return { input, output: returns<FleetOut<K>>() };
};
type FleetOut<K extends keyof FleetApi> = FleetApi[K] extends (...args: never[]) => infer R
  ? Awaited<R>
  : never;

// ---- app-level (non-core) shapes -----------------------------------------------------------

/** The host a call is about (labelled `host:` in messages, unlike the stored host's `name:`). */
const hostRef = identifier('host', 64);
/** A request object: unknown keys are refused by name (`x: not a field of request`). */
const envelope = <T extends z.core.$ZodLooseShape>(shape: T) =>
  z.strictObject(shape, { error: unknownKey('request') });
const noInput = z.void({ error: 'this call takes no input' });
/** A history entry: the stamp and random part of the write that made its backups. */
const backupId = z
  .string()
  .regex(
    /^\d{8}T\d{6}\.\d{3}Z-[A-Za-z0-9_-]{12}$/,
    'id: must be a history id as `rayanpbx history` lists it',
  );
export const colorSchemeSchema = z.enum(['auto', 'light', 'dark']);

export interface AppSettings {
  ui: { colorScheme: z.infer<typeof colorSchemeSchema>; lastHost: string | null };
  notifications: {
    /** Everything muted (the tray's "Mute notifications"). */
    muted: boolean;
    mutedHosts: string[];
    /** `host/number` */
    mutedExtensions: string[];
    /** `host/trunk`: no alert, and not counted when the tray shows a trunk down. */
    mutedTrunks: string[];
  };
}

export const settingsPatchInput = envelope({
  ui: envelope({
    colorScheme: colorSchemeSchema.optional(),
    lastHost: hostNameInput.nullable().optional(),
  }).optional(),
  notifications: envelope({
    muted: bool('muted').optional(),
    mutedHosts: z.array(hostNameInput).max(1000).optional(),
    mutedExtensions: z
      .array(
        z
          .string()
          .regex(
            /^[A-Za-z0-9._-]{1,64}\/[0-9]{2,20}$/,
            'mutedExtensions: each must be host/number',
          ),
      )
      .max(100_000)
      .optional(),
    mutedTrunks: z
      .array(
        z
          .string()
          .regex(
            /^[A-Za-z0-9._-]{1,64}\/[A-Za-z0-9][A-Za-z0-9._-]{0,39}$/,
            'mutedTrunks: each must be host/trunk',
          ),
      )
      .max(10_000)
      .optional(),
  }).optional(),
});
export type SettingsPatch = z.infer<typeof settingsPatchInput>;

/** A native notification main asked the OS to show (echoed to windows; tests observe it). */
export type NotificationShown = NativeNotification & { at: number };

export interface DoctorProgress {
  runId: string;
  host: string;
  check: DoctorCheck;
}

export type { ApplyProgress };

const dialplanPolicy = z
  .enum(['take-over', 'leave-pattern'], {
    error: 'dialplan: must be "take-over" or "leave-pattern"',
  })
  .optional();

const host = envelope({ host: hostRef });
/** An import file's text as the Import page read it (CSV or JSON; the core validates each row). */
const importInput = envelope({
  host: hostRef,
  content: z
    .string({ error: 'content: must be the text of a CSV or JSON file' })
    .max(16 * 1024 * 1024, 'content: the file must be at most 16 MiB'),
  update: bool('update').optional(),
  deleteMissing: bool('deleteMissing').optional(),
});
const hostAndNumber = envelope({ host: hostRef, number: extensionNumberInput });
/** A host config as the form has it, and the secrets typed with it (never stored in settings). */
const hostWithSecrets = envelope({ config: hostConfigInput, secrets: hostSecretsInput });
const hostByName = envelope({ name: hostNameInput });
const runId = z
  .string()
  .regex(/^[A-Za-z0-9_-]{1,64}$/, 'runId: must be 1-64 letters, digits, - or _');

// ---- request/response channels ---------------------------------------------------------------

export const invokeContract = {
  'hosts/list': fleetOut('listHosts', noInput),
  'hosts/probe': fleetOut('probeHost', hostWithSecrets),
  'hosts/add': fleetOut('addHost', hostWithSecrets),
  'hosts/update': fleetOut(
    'updateHost',
    envelope({
      name: hostNameInput,
      patch: hostConfigPatchInput,
      secrets: hostSecretsInput,
    }),
  ),
  'hosts/remove': fleetOut('removeHost', hostByName),
  'hosts/rename': fleetOut('renameHost', envelope({ name: hostNameInput, newName: hostNameInput })),
  'hosts/check': fleetOut('checkHost', hostWithSecrets),
  'hosts/reconnect': fleetOut('reconnectHost', hostByName),
  'secrets/status': fleetOut('keychainStatus', noInput),
  'hosts/trust': fleetOut(
    'trustHost',
    envelope({
      name: hostNameInput,
      fingerprint: fingerprintInput('fingerprint'),
    }),
  ),

  'extensions/list': fleetOut('listExtensions', host),
  'extensions/create': fleetOut(
    'createExtension',
    envelope({ host: hostRef, extension: extensionCreateInput, dialplan: dialplanPolicy }),
  ),
  'extensions/update': fleetOut(
    'updateExtension',
    envelope({
      host: hostRef,
      number: extensionNumberInput,
      patch: extensionUpdateInput,
      dialplan: dialplanPolicy,
    }),
  ),
  'extensions/delete': fleetOut('deleteExtension', hostAndNumber),
  'extensions/setEnabled': fleetOut(
    'setExtensionEnabled',
    envelope({
      host: hostRef,
      number: extensionNumberInput,
      enabled: bool('enabled'),
      dialplan: dialplanPolicy,
    }),
  ),
  /** Adopt hand-written extensions: these numbers, or `all`; `dryRun` returns the diff only. */
  'extensions/adopt': fleetOut(
    'adoptExtensions',
    envelope({
      host: hostRef,
      numbers: z.union([z.literal('all'), z.array(extensionNumberInput).min(1).max(100_000)], {
        error: 'numbers: must be "all" or a list of extension numbers',
      }),
      dryRun: bool('dryRun'),
    }),
  ),
  'extensions/softphone': fleetOut('softphoneSettings', hostAndNumber),
  'extensions/otherOptions': fleetOut('extensionOtherOptions', hostAndNumber),
  'extensions/codecs': fleetOut('knownCodecs', host),

  /** The export as a file's text (never with passwords: those only go to a 0600 file by the CLI). */
  'bulk/export': {
    input: envelope({
      host: hostRef,
      format: z.enum(['csv', 'json'], { error: 'format: must be "csv" or "json"' }),
    }),
    output: returns<{ fileName: string; content: string; count: number }>(),
  },
  'bulk/plan': fleetOut('planImport', importInput),
  /** Generated passwords stay in main: see each extension's softphone card. */
  'bulk/import': { input: importInput, output: returns<ImportResult>() },

  'dialplan/show': fleetOut(
    'showDialplan',
    envelope({ host: hostRef, number: extensionNumberInput.optional() }),
  ),
  'dialplan/reload': fleetOut('reloadDialplan', host),

  'transports/list': fleetOut('listTransports', host),
  'transports/ensure': fleetOut('ensureTransport', host),
  'nat/get': fleetOut(
    'getNat',
    envelope({ host: hostRef, transport: transportNameInput.optional() }),
  ),
  'nat/set': fleetOut(
    'setNat',
    envelope({
      host: hostRef,
      transport: transportNameInput.optional(),
      nat: natPatchInput,
    }),
  ),

  'trunks/list': fleetOut('listTrunks', host),
  'trunks/create': fleetOut('createTrunk', envelope({ host: hostRef, trunk: trunkCreateInput })),
  'trunks/update': fleetOut(
    'updateTrunk',
    envelope({ host: hostRef, name: trunkNameInput, patch: trunkUpdateInput }),
  ),
  'trunks/delete': fleetOut('deleteTrunk', envelope({ host: hostRef, name: trunkNameInput })),
  'trunks/setEnabled': fleetOut(
    'setTrunkEnabled',
    envelope({ host: hostRef, name: trunkNameInput, enabled: bool('enabled') }),
  ),
  /** "Register now" (register: true) / "Unregister". */
  'trunks/register': fleetOut(
    'sendTrunkRegistration',
    envelope({ host: hostRef, name: trunkNameInput, register: bool('register') }),
  ),

  'history/list': fleetOut('listHistory', host),
  'history/diff': fleetOut('historyDiff', envelope({ host: hostRef, id: backupId })),
  'history/restore': fleetOut(
    'restoreHistory',
    envelope({ host: hostRef, id: backupId, unrecorded: bool('unrecorded').optional() }),
  ),
  'audit/list': fleetOut('auditLog', envelope({ host: hostRef.optional() })),

  'live/status': fleetOut('liveStatus', host),
  'calls/list': fleetOut(
    'calls',
    envelope({ host: hostRef, limit: int('limit', 1, 10_000).optional() }),
  ),
  'events/recent': fleetOut('recentEvents', envelope({ host: hostRef.optional() })),
  'doctor/run': fleetOut('runDoctor', envelope({ host: hostRef, runId })),

  'settings/get': { input: noInput, output: returns<AppSettings>() },
  'settings/set': { input: settingsPatchInput, output: returns<AppSettings>() },
  /** Native file picker for the SSH key; `null` when cancelled or when there is no native dialog. */
  'system/pickKeyFile': { input: noInput, output: returns<{ path: string | null }>() },
} as const;

// ---- main → renderer event channels (each delivery is a batch) -------------------------------

export const eventContract = {
  'live/events': returns<DomainEvent[]>(),
  /** Latest state per host, coalesced: a batch holds at most one entry per host. */
  'hosts/state': returns<HostState[]>(),
  /** Hosts added, edited, renamed or removed (here or by the CLI): the host list is re-read. */
  'hosts/changed': returns<HostChangeNotice[]>(),
  'doctor/progress': returns<DoctorProgress[]>(),
  'apply/progress': returns<ApplyProgress[]>(),
  'bulk/progress': returns<BulkProgress[]>(),
  'notifications/shown': returns<NotificationShown[]>(),
} as const;

// ---- derived ---------------------------------------------------------------------------------

export type { EventChannel, InvokeChannel };

// A channel in a contract but not in ipc-channels.ts (or the other way) fails here, by name:
// `true` only when both name the same channels, else the channels only one of them names.
type SameChannels<A, B> = [Exclude<A, B> | Exclude<B, A>] extends [never]
  ? true
  : Exclude<A, B> | Exclude<B, A>;
const _invokeChannels: SameChannels<keyof typeof invokeContract, InvokeChannel> = true;
const _eventChannels: SameChannels<keyof typeof eventContract, EventChannel> = true;

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
export type IpcError = SerializedError;
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError };

/** `window.api`: one function per invoke channel plus `on`. Nothing else. */
export type RendererApi = {
  [C in InvokeChannel]: (input: InputOf<C>) => Promise<IpcResult<OutputOf<C>>>;
} & {
  on<E extends EventChannel>(event: E, cb: (payload: EventPayload<E>) => void): () => void;
};

// ---- the WebSocket bridge's frames (browser testing; same handlers as Electron) --------------

/** The WebSocket subprotocol; the token is offered as a second one, `token.<token>`. */
export const BRIDGE_PROTOCOL = 'rayanpbx-ipc';
export type BridgeClientFrame = { t: 'invoke'; id: number; channel: string; input: unknown };
export type BridgeServerFrame =
  | { t: 'result'; id: number; result: IpcResult<unknown> }
  | { t: 'event'; channel: EventChannel; payload: unknown };
