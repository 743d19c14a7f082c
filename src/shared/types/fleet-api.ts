import type { KnownCodecs } from '../codecs';
import type { ExtensionCreateRequest, ExtensionUpdateRequest } from '../schemas/extension';
import type { TrunkCreateRequest, TrunkUpdateRequest } from '../schemas/trunk';
import type { NatSettings, TransportInfo } from './transport';
import type { ApplyResult } from './apply';
import type { CallRecord, DomainEvent, DoctorCheck, ExtensionLiveStatus } from './live';
import type { ExtensionWithSecret } from './extension';
import type { HostConfig } from './host';
import type { AdoptResult } from './adopt';
import type { HostChange } from './host-change';
import type { BulkApi } from './bulk';
import type { AuditRecord } from './audit';
import type { HistoryDiff, HistoryRestoreResult, HistoryView } from './history';
import type { TrunkChangeResult, TrunkLiveStatus, TrunkRow } from './trunk';
import type {
  DialplanView,
  ExtensionChangeResult,
  ExtensionRow,
  HostProbe,
  HostSecretsInput,
  HostState,
  KeychainStatus,
  LayerResult,
  NatChangeResult,
} from './fleet';

/*
 * What the UI (through IPC) and the CLI ask of the core. It lives in shared because the IPC
 * contract types its outputs from it; the core implements it (`Fleet`). Inputs are validated by
 * the shared zod schemas at the boundary and again by the core (which is also used directly).
 */

/** How one change may proceed; every field optional. */
export interface ChangeOptions {
  /** For a number a hand-written pattern handles: managed lines take over, or the pattern stays. */
  dialplan?: 'take-over' | 'leave-pattern';
  /** How long to wait for someone else's reload; default the host's setting (3 minutes). */
  reloadWaitSeconds?: number;
  /** "waiting for a reload already running on <host>" and the like. */
  onProgress?: (message: string) => void;
  /** First pause between busy retries (tests). */
  busyRetryMs?: number;
}

export interface FleetApi extends BulkApi {
  listHosts(): Promise<Array<HostConfig & { state: HostState }>>;
  probeHost(config: HostConfig, secrets: HostSecretsInput): Promise<HostProbe>;
  addHost(config: HostConfig, secrets: HostSecretsInput): Promise<HostConfig>;
  updateHost(
    name: string,
    patch: Partial<HostConfig>,
    secrets: HostSecretsInput,
  ): Promise<HostConfig>;
  removeHost(name: string): Promise<void>;
  /** A new name; keychain entries, mutes and the call log follow. */
  renameHost(from: string, to: string): Promise<HostConfig>;
  /** "Test connection": every layer checked and reported (nothing stored). */
  checkHost(config: HostConfig, secrets: HostSecretsInput): Promise<LayerResult[]>;
  /** The Connect / Reconnect action: fresh SSH and AMI connections now, no backoff wait. */
  reconnectHost(name: string): Promise<void>;
  trustHost(name: string, fingerprint: string): Promise<void>;

  listExtensions(host: string): Promise<ExtensionRow[]>;
  createExtension(
    host: string,
    input: ExtensionCreateRequest,
    opts?: ChangeOptions,
  ): Promise<ExtensionChangeResult>;
  updateExtension(
    host: string,
    number: string,
    patch: ExtensionUpdateRequest,
    opts?: ChangeOptions,
  ): Promise<ExtensionChangeResult>;
  deleteExtension(
    host: string,
    number: string,
    opts?: ChangeOptions,
  ): Promise<ExtensionChangeResult>;
  setExtensionEnabled(
    host: string,
    number: string,
    enabled: boolean,
    opts?: ChangeOptions,
  ): Promise<ExtensionChangeResult>;
  /**
   * Hand-written extensions (`'all'`, or these numbers) turned into managed blocks that load as
   * the same objects; `dryRun` only plans and diffs.
   */
  adoptExtensions(
    host: string,
    request: string[] | 'all',
    opts?: ChangeOptions & { dryRun?: boolean },
  ): Promise<AdoptResult>;
  /** What Asterisk runs for one number (or every extension) next to what the files say. */
  showDialplan(host: string, number?: string): Promise<DialplanView[]>;
  /** A full `pbx_config` reload, only on the user's request. */
  reloadDialplan(
    host: string,
    opts?: ChangeOptions,
  ): Promise<{ reloadMs: number; waitedMs: number }>;
  /** The codecs a codec field suggests: the host's own list when its Asterisk answers. */
  knownCodecs(host: string): Promise<KnownCodecs>;
  /** A managed extension's options beyond the form's fields (`endpoint dtmf_mode=info`). */
  extensionOtherOptions(host: string, number: string): Promise<string[]>;
  /** Softphone settings card: reads the password back from pjsip.conf on explicit request. */
  softphoneSettings(
    host: string,
    number: string,
  ): Promise<ExtensionWithSecret & { server: string; port: number; protocol: string }>;

  listTransports(host: string): Promise<TransportInfo[]>;
  ensureTransport(
    host: string,
  ): Promise<{ apply: ApplyResult; created: boolean; transport: string }>;
  getNat(
    host: string,
    transport?: string,
  ): Promise<{ transport: string; nat: NatSettings; handWrittenLocalNets: string[] }>;
  setNat(
    host: string,
    transport: string | undefined,
    nat: Partial<NatSettings>,
  ): Promise<NatChangeResult>;

  listTrunks(host: string): Promise<TrunkRow[]>;
  /** A trunk change waits for someone else's reload like an extension change (`opts`). */
  createTrunk(
    host: string,
    input: TrunkCreateRequest,
    opts?: ChangeOptions,
  ): Promise<TrunkChangeResult>;
  updateTrunk(
    host: string,
    name: string,
    patch: TrunkUpdateRequest,
    opts?: ChangeOptions,
  ): Promise<TrunkChangeResult>;
  deleteTrunk(host: string, name: string, opts?: ChangeOptions): Promise<TrunkChangeResult>;
  setTrunkEnabled(
    host: string,
    name: string,
    enabled: boolean,
    opts?: ChangeOptions,
  ): Promise<TrunkChangeResult>;
  sendTrunkRegistration(
    host: string,
    name: string,
    register: boolean,
  ): Promise<TrunkLiveStatus | null>;

  /** The backups the console's writes left on the PBX, with what each was for. */
  listHistory(host: string): Promise<HistoryView>;
  /** `diff -u` of one entry's backups against the files now. */
  historyDiff(host: string, id: string): Promise<HistoryDiff>;
  /** Both files back as that entry has them: a normal write → reload → verify change. */
  /** `unrecorded`: restore a backup no audit record of this workstation lists (asked first). */
  restoreHistory(
    host: string,
    id: string,
    opts?: { unrecorded?: boolean },
  ): Promise<HistoryRestoreResult>;
  /** This workstation's record of changes, one host's or every host's, oldest first. */
  auditLog(host?: string): Promise<AuditRecord[]>;

  liveStatus(host: string): Promise<ExtensionLiveStatus[]>;
  calls(host: string, limit?: number): Promise<CallRecord[]>;
  recentEvents(host?: string): DomainEvent[];
  runDoctor(host: string, onProgress?: (check: DoctorCheck) => void): Promise<DoctorCheck[]>;

  /**
   * Asked before a host is added (before its fingerprint is confirmed), so a missing or locked
   * keychain is known while the admin can still name an environment variable or a file.
   */
  keychainStatus(): Promise<KeychainStatus>;

  /** Keeps every watched host connected from now on (app, bridge, `status`, `monitor --all`). */
  supervise(): Promise<unknown>;

  /** Domain events from every connected host; returns an unsubscribe. */
  onEvent(cb: (ev: DomainEvent) => void): () => void;
  onHostState(cb: (state: HostState) => void): () => void;
  /** Hosts added, edited, renamed or removed, here or by another process (the CLI). */
  onHostChange(cb: (name: string, change: HostChange) => void): () => void;
  close(): Promise<void>;
}
