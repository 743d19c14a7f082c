import type { HostHealthState } from '../../../shared/host-state';
import type { LayerResult } from './host-checks';
import type {
  ApplyResult,
  CallRecord,
  DoctorCheck,
  DomainEvent,
  Extension,
  ExtensionLiveStatus,
  ExtensionWithSecret,
  HostConfig,
  NatSettings,
  TransportInfo,
  ApplyMode,
  TrunkChangeResult,
  TrunkLiveStatus,
  TrunkRow,
} from '../../../shared/types';

import type { DialplanView } from './dialplan-view';
import type { BulkApi } from '../bulk/bulk-api';

/**
 * What the UI (through IPC) and the CLI ask of the core. Inputs are already validated by the
 * shared zod schemas at the boundary; the core validates again (it is also used directly).
 */
export interface HostState {
  name: string;
  connection: 'connected' | 'connecting' | 'disconnected' | 'error';
  ami: 'connected' | 'connecting' | 'disconnected' | 'not-configured' | 'error';
  error: string | null;
  /**
   * The supervisor's picture (phase, failing layer, asOf, source); null while no supervisor
   * watches this host (a one-shot CLI command).
   */
  health?: HostHealthState | null;
}

export interface HostProbe {
  /** "SHA256:..." as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  keyType: string;
  /** true when it matches the pinned key; false on first contact (caller must confirm). */
  trusted: boolean;
  /** The ProxyJump host the probe went through (its key already pinned), if any. */
  via: { fingerprint: string; keyType: string } | null;
}

/** Whether secrets typed in the host form can be kept in the OS keychain right now. */
export interface KeychainStatus {
  available: boolean;
  /** Why not, and how to unlock or start a Secret Service (null when available). */
  message: string | null;
}

export interface HostSecretsInput {
  sshPassword?: string;
  keyPassphrase?: string;
  amiSecret?: string;
}

export interface ExtensionRow extends Extension {
  /** Whose dialplan handles the number: "managed", "hand-written: extensions.conf line 17", … */
  dialplan: string;
  live: ExtensionLiveStatus | null;
}

export interface ExtensionChangeResult {
  apply: ApplyResult;
  extension: Extension | null;
  /** Only when the call generated or set a password: shown once, never stored by the app. */
  password: string | null;
}

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

export interface NatChangeResult {
  apply: ApplyResult;
  nat: NatSettings;
  applyMode: ApplyMode;
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
  /** "Test connection": every layer checked and reported (nothing stored). */
  checkHost(config: HostConfig, secrets: HostSecretsInput): Promise<LayerResult[]>;
  /** The Connect / Reconnect action: fresh SSH and AMI connections now, no backoff wait. */
  reconnectHost(name: string): Promise<void>;
  trustHost(name: string, fingerprint: string): Promise<void>;

  listExtensions(host: string): Promise<ExtensionRow[]>;
  createExtension(
    host: string,
    input: unknown,
    opts?: ChangeOptions,
  ): Promise<ExtensionChangeResult>;
  updateExtension(
    host: string,
    number: string,
    patch: unknown,
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
  /** What Asterisk runs for one number (or every extension) next to what the files say. */
  showDialplan(host: string, number?: string): Promise<DialplanView[]>;
  /** A full `pbx_config` reload, only on the user's request. */
  reloadDialplan(
    host: string,
    opts?: ChangeOptions,
  ): Promise<{ reloadMs: number; waitedMs: number }>;
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
  createTrunk(host: string, input: unknown): Promise<TrunkChangeResult>;
  updateTrunk(host: string, name: string, patch: unknown): Promise<TrunkChangeResult>;
  deleteTrunk(host: string, name: string): Promise<TrunkChangeResult>;
  setTrunkEnabled(host: string, name: string, enabled: boolean): Promise<TrunkChangeResult>;
  sendTrunkRegistration(
    host: string,
    name: string,
    register: boolean,
  ): Promise<TrunkLiveStatus | null>;

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
  close(): Promise<void>;
}
