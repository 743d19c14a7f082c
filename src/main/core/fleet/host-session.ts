import path from 'node:path';
import type { HostConfig } from '../../../shared/types';
import { ReconnectingAmi, type BackoffOptions } from '../ami/reconnecting';
import { RayanError } from '../errors/rayan-error';
import { CodecCatalog } from '../pjsip/codec-catalog';
import { ConfigMemo } from '../config/config-memo';
import type { AuditRecorder } from '../audit';
import type { ApplyTarget } from './apply-change';
import { KeychainUnavailableError, type SecretStore } from '../secrets/secret-store';
import { connectSsh, LocalTransport, type HostTransport, type SshAuthOptions } from '../ssh';

export class AmiSecretMissingError extends RayanError {
  constructor(host: string) {
    super(
      'AMI_SECRET_MISSING',
      `No AMI secret for host "${host}": store one with \`rayanpbx host set ${host} --ami-secret-stdin\` or set RAYANPBX_AMI_SECRET.`,
      { host },
    );
  }
}

/**
 * How a host logs in, from its settings and its secrets (stored, or just typed in a form that
 * probes a host before adding it): the one place that maps `auth` to ssh2 options.
 */
export function sshAuthFor(
  c: HostConfig,
  secrets: { keyPassphrase?: string | null; sshPassword?: string | null },
): SshAuthOptions {
  const auth: SshAuthOptions = {};
  if (c.keyFile) auth.privateKeyPath = c.keyFile;
  if (c.auth === 'key' && c.keyFile) auth.passphrase = secrets.keyPassphrase ?? null;
  if (c.auth === 'password') auth.password = secrets.sshPassword ?? null;
  if (c.auth !== 'agent') auth.agent = false;
  return auth;
}

export interface SessionOptions {
  secrets: SecretStore;
  /** ~/.ssh/config to honour (null = none). */
  sshConfigPath?: string | null;
  /** Tests shorten these; production keeps the defaults. */
  amiActionTimeoutMs?: number;
  amiHeartbeatMs?: number;
  amiBackoff?: BackoffOptions;
  /** Where this host's changes are recorded (the Fleet's audit log); none in bare tests. */
  audit?: AuditRecorder;
  /** See SshConnectOptions.prestartWrites: the desktop console's sessions, not the CLI's. */
  prestartWrites?: boolean;
}

/**
 * One PBX: its SSH (or local) transport and its AMI connection through that transport, each
 * opened on first use and re-opened after a loss. Nothing about the PBX's configuration is kept
 * here: every read goes to the PBX.
 */
export class HostSession {
  private transportP: Promise<HostTransport> | null = null;
  /** The transport once open, until it reports its loss: what "SSH is up" means. */
  private openTransportNow: HostTransport | null = null;
  private readonly sshListeners = new Set<(up: boolean, reason: string | null) => void>();
  private amiP: Promise<ReconnectingAmi> | null = null;
  private closed = false;
  /** The codecs this host's Asterisk knows (`core show codecs`), asked once per AMI connection. */
  readonly codecs = new CodecCatalog(() => this.ami());
  /** What this host's edits worked out from its files, for the next edit (see ConfigMemo). */
  readonly memo = new ConfigMemo();

  constructor(
    readonly config: HostConfig,
    private readonly opts: SessionOptions,
  ) {}

  get pjsipPath(): string {
    return path.posix.join(this.config.configDir, 'pjsip.conf');
  }

  get extensionsPath(): string {
    return path.posix.join(this.config.configDir, 'extensions.conf');
  }

  /** Where a change on this host writes; `needsDialplan`: whether it edits extensions.conf too. */
  applyTarget(needsDialplan: boolean): ApplyTarget {
    return {
      pjsipPath: this.pjsipPath,
      extensionsPath: this.extensionsPath,
      needsDialplan,
      backupsToKeep: this.config.backupsToKeep,
    };
  }

  /** Every SSH (or local) transport opened or lost by this session, whoever opened it. */
  onSsh(cb: (up: boolean, reason: string | null) => void): () => void {
    this.sshListeners.add(cb);
    return () => this.sshListeners.delete(cb);
  }

  private tellSsh(up: boolean, reason: string | null): void {
    for (const cb of this.sshListeners) cb(up, reason);
  }

  /** True while an SSH (or local) transport is open and has not reported its loss. */
  get sshUp(): boolean {
    return this.openTransportNow !== null;
  }

  /** The audit log every change on this host is recorded in, if any. */
  get audit(): AuditRecorder | null {
    return this.opts.audit ?? null;
  }

  get hasAmi(): boolean {
    return !!this.config.amiUser;
  }

  transport(): Promise<HostTransport> {
    if (this.closed)
      return Promise.reject(new RayanError('SESSION_CLOSED', 'This host session was closed.'));
    this.transportP ??= this.openTransport().then(
      (t) => {
        this.openTransportNow = t;
        this.tellSsh(true, null);
        t.onDisconnect((reason) => {
          if (this.openTransportNow === t) this.openTransportNow = null;
          this.transportP = null;
          this.tellSsh(false, reason);
        });
        return t;
      },
      (err) => {
        this.transportP = null;
        throw err;
      },
    );
    return this.transportP;
  }

  private async openTransport(): Promise<HostTransport> {
    const c = this.config;
    const allowSharedConfigDir = c.allowSharedConfigDir === true;
    if (c.transport === 'local')
      return new LocalTransport({ sudo: c.sudo, allowSharedConfigDir, label: c.name });
    return connectSsh(
      { host: c.host, port: c.port, user: c.user },
      {
        pinnedFingerprint: c.hostKey,
        // Only used when ~/.ssh/config gives the host a ProxyJump; the jump logs in like the target.
        jump: { pinnedFingerprint: c.jumpHostKey },
        auth: await this.sshAuth(),
        sudo: c.sudo,
        allowSharedConfigDir,
        sshConfigPath: this.opts.sshConfigPath,
        prestartWrites: this.opts.prestartWrites === true,
      },
    );
  }

  async sshAuth(): Promise<SshAuthOptions> {
    const c = this.config;
    // Most keys have no passphrase: a headless machine without a keychain must still use them.
    // An encrypted key with no stored passphrase fails later with the SSH layer's own message.
    const keyPassphrase =
      c.auth === 'key' && c.keyFile
        ? await this.opts.secrets.get(c.name, 'key-passphrase').catch((err: unknown) => {
            if (err instanceof KeychainUnavailableError) return null;
            throw err;
          })
        : null;
    const sshPassword =
      c.auth === 'password' ? await this.opts.secrets.get(c.name, 'ssh-password') : null;
    return sshAuthFor(c, { keyPassphrase, sshPassword });
  }

  /** The AMI connection, logged in; null when the host has no AMI user configured. */
  async ami(): Promise<ReconnectingAmi | null> {
    if (!this.hasAmi) return null;
    this.amiP ??= this.openAmi().catch((err) => {
      this.amiP = null;
      throw err;
    });
    return this.amiP;
  }

  private async openAmi(): Promise<ReconnectingAmi> {
    const secret = await this.opts.secrets.get(this.config.name, 'ami-secret');
    if (!secret) throw new AmiSecretMissingError(this.config.name);
    // The tunnel: a channel opened by the PBX's sshd to its own 127.0.0.1 — no local port.
    const ami = new ReconnectingAmi(
      async () => (await this.transport()).openTcpStream('127.0.0.1', this.config.amiPort),
      {
        username: this.config.amiUser!,
        secret,
        events: true,
        actionTimeoutMs: this.opts.amiActionTimeoutMs,
        heartbeatIntervalMs: this.opts.amiHeartbeatMs,
        backoff: this.opts.amiBackoff,
      },
    );
    // The first connection must succeed: a refused tunnel or an unreachable AMI is reported to the
    // caller at once instead of being retried in the background forever. Only a connection that
    // once worked is kept alive by reconnecting.
    let onFail: (err: Error) => void = () => undefined;
    const firstFailure = new Promise<never>((_, reject) => {
      onFail = reject;
      ami.once('connect-failed', onFail);
    });
    try {
      await Promise.race([ami.start(), firstFailure]);
      ami.off('connect-failed', onFail);
      ami.on('reconnected', () => this.codecs.forget());
    } catch (err) {
      await ami.close();
      throw err;
    }
    return ami;
  }

  /** Drops the AMI connection only (a refused login is retried on a fresh one); SSH stays. */
  async closeAmi(): Promise<void> {
    const ami = this.amiP;
    this.amiP = null;
    await ami?.then((a) => a.close()).catch(() => undefined);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.openTransportNow = null;
    this.memo.clear();
    const ami = this.amiP;
    const transport = this.transportP;
    this.amiP = null;
    this.transportP = null;
    await ami?.then((a) => a.close()).catch(() => undefined);
    await transport?.then((t) => t.close()).catch(() => undefined);
  }
}
