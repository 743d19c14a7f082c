import type { HostHealthState } from '../host-state';
import type { ApplyResult } from './apply';
import type { ApplyMode, NatSettings } from './transport';
import type { Extension } from './extension';
import type { ExtensionLiveStatus } from './live';

export type { HostSecretsInput } from '../schemas/host';

/** A host's connection picture as the core reports it to the CLI, the tray and the UI. */
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

/** The layers "Test connection" checks, outermost first; each needs the ones before it. */
export type CheckLayer =
  | 'tcp'
  | 'host-key'
  | 'ssh-auth'
  | 'sudo'
  | 'config-dir'
  | 'ami-tcp'
  | 'ami-login'
  | 'ami-privileges';

export interface LayerResult {
  layer: CheckLayer;
  level: 'ok' | 'fail' | 'skip';
  detail: string;
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

export interface NatChangeResult {
  apply: ApplyResult;
  nat: NatSettings;
  applyMode: ApplyMode;
}

/** One number's dialplan: what the files say and what Asterisk runs, side by side. */
export interface DialplanView {
  number: string;
  context: string;
  /** "managed", "hand-written: extensions.conf line 17", "pattern _2XX → VoiceMail", "none". */
  handledBy: string;
  /** The managed lines the block holds for it ([] when it has none), as `priority,App(data)`. */
  files: string[];
  /** What Asterisk runs for exactly that name, as `priority,App(data)`. */
  live: string[];
  /** For a managed number: whether Asterisk runs exactly the file's lines; else null. */
  same: boolean | null;
}

/** A desktop notification the policy decided to show. */
export interface NativeNotification {
  host: string;
  kind: 'online' | 'offline' | 'unreachable' | 'ringing' | 'summary' | 'trunk-down' | 'trunk-up';
  /** The extension concerned (the callee for ringing); absent for a summary. */
  number?: string;
  /** The trunk concerned (trunk-down / trunk-up). */
  trunk?: string;
  title: string;
  body: string;
}
