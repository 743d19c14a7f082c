import { COMMON_CODECS, type KnownCodecs } from '../../../shared/codecs';
import { sortByNumber } from '../pjsip/extension-order';
import path from 'node:path';
import type {
  HostChange,
  CallRecord,
  DoctorCheck,
  DomainEvent,
  ExtensionLiveStatus,
  HostConfig,
  NatSettings,
} from '../../../shared/types';
import { unknownStatus } from '../../../shared/live-status';
import { fingerprintInput, hostConfigInput, hostNameInput } from '../../../shared/schemas';
import { validateInput } from '../config/validate';
import { RayanError } from '../errors/rayan-error';
import { HostExistsError, HostStore } from '../hosts/host-store';
import { watchSettingsFile } from '../hosts/settings-watch';
import { renameCallLog } from '../live/call-log';
import { HostSourcedSecretStore, secretSourceOf } from '../secrets/host-secret-sources';
import { CallLog } from '../live/call-log';
import { AuditLog } from '../audit';
import { auditLogIn, readAuditLog, untouchedHostState } from './local-stores';
import { HistoryOperations } from '../history/history-operations';
import type {
  AuditRecord,
  HistoryDiff,
  HistoryRestoreResult,
  HistoryView,
} from '../../../shared/types';
import { HostLive } from '../live/host-live';
import { KeychainUnavailableError, moveSecrets, type SecretStore } from '../secrets/secret-store';
import { probeHostKey } from '../ssh';
import type {
  ChangeOptions,
  ExtensionChangeResult,
  ExtensionRow,
  FleetApi,
  HostProbe,
  HostSecretsInput,
  KeychainStatus,
  HostState,
  LayerResult,
  NatChangeResult,
} from '../../../shared/types';
import { HostSession, sshAuthFor, type SessionOptions } from './host-session';
import { HostOperations } from './host-operations';
import { BulkOperations } from '../bulk/bulk-operations';
import type { BulkChangeOptions, ImportOptions } from '../../../shared/types';
import { runHostDoctor } from './host-doctor';
import type {
  ExtensionCreateRequest,
  ExtensionUpdateRequest,
} from '../../../shared/schemas/extension';
import type { TrunkCreateRequest, TrunkUpdateRequest } from '../../../shared/schemas/trunk';
import { checkHostLayers } from './host-checks';
import { FleetSupervisor, type SupervisorOptions } from './supervisor';

export type { HostChange } from '../../../shared/types';
import { TrunkLive } from '../trunks/trunk-live';
import { TrunkOperations } from '../trunks/trunk-operations';
import type {
  AdoptResult,
  TrunkChangeResult,
  TrunkRow,
  TrunkLiveStatus,
} from '../../../shared/types';

export interface FleetOptions {
  hosts: HostStore;
  secrets: SecretStore;
  /** Call logs and other per-host data (never secrets). */
  dataDir: string;
  sshConfigPath?: string | null;
  session?: Partial<Omit<SessionOptions, 'secrets' | 'sshConfigPath'>>;
  /** Asterisk's SIP timeout as the trunk status reads it (tests run a faster provider). */
  trunkSipTimeoutMs?: number;
}

/**
 * The fleet of PBXs: one session per host, opened on demand. Every answer about a PBX comes from
 * the PBX (files over SSH, state over AMI); the only local state is the host list and call logs.
 */
export class Fleet implements FleetApi {
  private readonly sessions = new Map<string, HostSession>();
  private readonly lives = new Map<string, Promise<HostLive | null>>();
  /** Lives that finished starting, for the synchronous recent-events query. */
  private readonly started = new Map<string, HostLive>();
  private readonly states = new Map<string, HostState>();
  /** Live trunk status per watched host, started with the host's live view. */
  private readonly trunkLives = new Map<string, TrunkLive>();
  private readonly eventListeners = new Set<(ev: DomainEvent) => void>();
  private readonly stateListeners = new Set<(s: HostState) => void>();
  private readonly hostListeners = new Set<(name: string, change: HostChange) => void>();

  private supervisor: FleetSupervisor | null = null;
  /**
   * Each host's settings as this process last saw them, by name: what a change made by another
   * process (the CLI writing the same settings file) is told apart by.
   */
  private seen: Map<string, string> | null = null;
  private stopWatchingSettings: (() => void) | null = null;

  /** Every change made through this fleet, per host: `<dataDir>/audit/<host>.jsonl`. */
  readonly audit: AuditLog;

  constructor(private readonly opts: FleetOptions) {
    this.audit = auditLogIn(opts.dataDir);
  }

  /**
   * Keeps every watched host connected from now on (the app and the bridge; a one-shot CLI
   * command does not): tray, notifications and call log then work whichever page is open.
   */
  async supervise(options?: SupervisorOptions): Promise<FleetSupervisor> {
    this.seen ??= this.hostSnapshot();
    this.supervisor ??= new FleetSupervisor(this, options);
    await this.supervisor.start();
    return this.supervisor;
  }

  async reconnectHost(name: string): Promise<void> {
    this.opts.hosts.get(name);
    if (this.supervisor) await this.supervisor.reconnect(name);
    else await this.forget(name);
  }

  // ---- hosts ------------------------------------------------------------------------------

  async listHosts(): Promise<Array<HostConfig & { state: HostState }>> {
    return this.opts.hosts.list().map((h) => ({ ...h, state: this.state(h.name) }));
  }

  async probeHost(config: HostConfig, secrets: HostSecretsInput): Promise<HostProbe> {
    const c = validateInput(hostConfigInput, config);
    if (c.transport === 'local')
      return { fingerprint: '', keyType: 'local', trusted: true, via: null };
    // Behind a ProxyJump (from ~/.ssh/config) the jump host's key must be pinned first: an
    // unpinned one comes back as HostKeyUnknownError with role "jump" and its fingerprint.
    const sshPassword =
      secrets.sshPassword ??
      (c.auth === 'password' && secretSourceOf(c, 'ssh-password')
        ? ((await new HostSourcedSecretStore(() => c, this.opts.secrets).get(
            c.name,
            'ssh-password',
          )) ?? undefined)
        : undefined);
    const auth = sshAuthFor(c, { ...secrets, sshPassword });
    const probe = await probeHostKey(
      { host: c.host, port: c.port, user: c.user },
      {
        sshConfigPath: this.opts.sshConfigPath,
        auth,
        jump: { pinnedFingerprint: c.jumpHostKey, auth },
      },
    );
    return {
      fingerprint: probe.fingerprint,
      keyType: probe.keyType,
      trusted: c.hostKey === probe.fingerprint,
      via: probe.via ? { fingerprint: probe.via.fingerprint, keyType: probe.via.keyType } : null,
    };
  }

  async keychainStatus(): Promise<KeychainStatus> {
    try {
      await this.opts.secrets.check?.();
      return { available: true, message: null };
    } catch (err) {
      if (err instanceof KeychainUnavailableError)
        return { available: false, message: err.message };
      throw err;
    }
  }

  checkHost(config: HostConfig, secrets: HostSecretsInput): Promise<LayerResult[]> {
    const c = validateInput(hostConfigInput, config);
    return checkHostLayers(c, secrets, this.opts.secrets, this.opts.sshConfigPath);
  }

  async addHost(config: HostConfig, secrets: HostSecretsInput): Promise<HostConfig> {
    const c = validateInput(hostConfigInput, config);
    this.opts.hosts.add(c);
    try {
      await this.storeSecrets(c.name, secrets);
    } catch (err) {
      this.opts.hosts.remove(c.name);
      throw err;
    }
    this.hostChanged(c.name, 'added');
    return this.opts.hosts.get(c.name);
  }

  async updateHost(
    name: string,
    patch: Partial<HostConfig>,
    secrets: HostSecretsInput,
  ): Promise<HostConfig> {
    const merged = validateInput(hostConfigInput, {
      ...this.opts.hosts.get(name),
      ...patch,
      name,
    });
    await this.storeSecrets(name, secrets);
    const updated = this.opts.hosts.update(name, merged);
    this.hostChanged(name, 'changing');
    await this.forget(name);
    this.hostChanged(name, 'changed');
    return updated;
  }

  async removeHost(name: string): Promise<void> {
    this.opts.hosts.get(name);
    this.hostChanged(name, 'changing');
    await this.dropSession(name);
    this.opts.hosts.remove(name);
    await this.opts.secrets.deleteHost(name).catch(() => undefined);
    this.states.delete(name);
    this.hostChanged(name, 'removed');
  }

  async trustHost(name: string, fingerprint: string): Promise<void> {
    validateInput(fingerprintInput('fingerprint'), fingerprint);
    this.opts.hosts.update(name, { hostKey: fingerprint });
    this.hostChanged(name, 'changing');
    await this.forget(name);
    this.hostChanged(name, 'changed');
  }

  /**
   * New settings make everything learnt with the old ones meaningless: the session, the live
   * picture and the last error go at once (the supervisor then reconnects with the new ones).
   */
  private async forget(name: string): Promise<void> {
    await this.dropSession(name);
    this.states.delete(name);
    for (const cb of this.stateListeners) cb(this.state(name));
  }

  private hostChanged(name: string, change: HostChange): void {
    if (this.seen && change !== 'changing') {
      const h = this.opts.hosts.find(name);
      if (change === 'removed' || !h) this.seen.delete(name);
      else this.seen.set(name, JSON.stringify(h));
    }
    for (const cb of this.hostListeners) cb(name, change);
  }

  private hostSnapshot(): Map<string, string> {
    return new Map(this.opts.hosts.list().map((h) => [h.name, JSON.stringify(h)]));
  }

  /**
   * Gives a host a new name (`rayanpbx host rename`, the host menu's Rename): its keychain
   * entries, mutes and call log follow it; its connections are made again under the new name.
   */
  async renameHost(from: string, to: string): Promise<HostConfig> {
    const name = validateInput(hostNameInput, to);
    const current = this.opts.hosts.get(from);
    if (name === from) return current;
    if (this.opts.hosts.has(name)) throw new HostExistsError(name);
    this.hostChanged(from, 'changing');
    await this.dropSession(from);
    await moveSecrets(this.opts.secrets, from, name).catch((err: unknown) => {
      // No keychain here: nothing of this host can be kept in one (its secrets come from
      // variables or files, named in its settings, which move with it).
      if (!(err instanceof KeychainUnavailableError)) throw err;
    });
    let renamed: HostConfig;
    try {
      renamed = this.opts.hosts.rename(from, name);
    } catch (err) {
      await moveSecrets(this.opts.secrets, name, from).catch(() => undefined);
      throw err;
    }
    await renameCallLog(path.join(this.opts.dataDir, 'calls'), from, name);
    this.states.delete(from);
    this.hostChanged(from, 'removed');
    this.hostChanged(name, 'added');
    return renamed;
  }

  /**
   * Follows the settings file: a host another process added, edited, renamed or removed there is
   * connected, reconnected or dropped here as if it had been done in this process.
   */
  watchSettings(file: string): void {
    this.seen ??= this.hostSnapshot();
    this.stopWatchingSettings?.();
    this.stopWatchingSettings = watchSettingsFile(
      file,
      () => void this.syncHostsFromSettings().catch(() => undefined),
    );
  }

  async syncHostsFromSettings(): Promise<void> {
    const seen = (this.seen ??= this.hostSnapshot());
    const now = this.hostSnapshot();
    for (const [name, json] of now) {
      const before = seen.get(name);
      if (before === undefined) this.hostChanged(name, 'added');
      else if (before !== json) {
        this.hostChanged(name, 'changing');
        await this.forget(name);
        this.hostChanged(name, 'changed');
      }
    }
    for (const name of [...seen.keys()]) {
      if (now.has(name)) continue;
      this.hostChanged(name, 'changing');
      await this.dropSession(name);
      this.states.delete(name);
      this.hostChanged(name, 'removed');
    }
  }

  /**
   * Settings of a host were added, edited or removed (returns an unsubscribe). `changing` comes
   * before the old connections close, so a watcher stops before it could report their loss.
   */
  onHostChange(cb: (name: string, change: HostChange) => void): () => void {
    this.hostListeners.add(cb);
    return () => this.hostListeners.delete(cb);
  }

  /** Closes the SSH and AMI connections of a host; the next use opens fresh ones. */
  disconnect(name: string): Promise<void> {
    return this.dropSession(name);
  }

  /** Stops the live picture and its AMI connection, keeping SSH (a refused AMI login retried). */
  async dropLive(name: string): Promise<void> {
    const live = this.lives.get(name);
    this.lives.delete(name);
    this.started.delete(name);
    (await live?.catch(() => null))?.stop();
    await this.sessions.get(name)?.closeAmi();
  }

  /** The live picture of a host if it already started (never opens a connection). */
  startedLive(name: string): HostLive | null {
    return this.started.get(name) ?? null;
  }

  /** The supervisor's verdict, published with the rest of the host state. */
  setHealth(name: string, health: HostState['health']): void {
    this.setState(name, { health });
  }

  private async storeSecrets(name: string, s: HostSecretsInput): Promise<void> {
    if (s.sshPassword) await this.opts.secrets.set(name, 'ssh-password', s.sshPassword);
    if (s.keyPassphrase) await this.opts.secrets.set(name, 'key-passphrase', s.keyPassphrase);
    if (s.amiSecret) await this.opts.secrets.set(name, 'ami-secret', s.amiSecret);
  }

  // ---- sessions ---------------------------------------------------------------------------

  session(name: string): HostSession {
    let s = this.sessions.get(name);
    if (!s) {
      s = new HostSession(this.opts.hosts.get(name), {
        secrets: this.opts.secrets,
        sshConfigPath: this.opts.sshConfigPath,
        audit: this.audit,
        ...this.opts.session,
      });
      this.sessions.set(name, s);
    }
    return s;
  }

  private bulk(name: string): BulkOperations {
    return new BulkOperations(this.session(name), this.ops(name));
  }

  exportExtensions(host: string, opts: { withPasswords?: boolean } = {}) {
    return this.bulk(host).exportExtensions(opts.withPasswords ?? false);
  }

  planImport(host: string, content: string, opts: ImportOptions = {}) {
    return this.bulk(host).planImport(content, opts);
  }

  async importExtensions(
    host: string,
    content: string,
    opts: ImportOptions & BulkChangeOptions = {},
  ) {
    const r = await this.bulk(host).importExtensions(content, opts);
    if (r.apply?.verified) this.leaveLiveList(host, r.plan.delete);
    return r;
  }

  rotatePasswords(host: string, numbers: string[] | 'all', opts: BulkChangeOptions = {}) {
    return this.bulk(host).rotatePasswords(numbers, opts);
  }

  private ops(name: string): HostOperations {
    return new HostOperations(this.session(name), (err) =>
      this.setState(name, { connection: 'error', error: err }),
    );
  }

  private async dropSession(name: string): Promise<void> {
    const live = this.lives.get(name);
    this.lives.delete(name);
    this.started.delete(name);
    this.trunkLives.get(name)?.stop();
    this.trunkLives.delete(name);
    (await live?.catch(() => null))?.stop();
    const s = this.sessions.get(name);
    this.sessions.delete(name);
    await s?.close();
  }

  private state(name: string): HostState {
    return this.states.get(name) ?? untouchedHostState(name);
  }

  private setState(name: string, patch: Partial<HostState>): void {
    const next = { ...this.state(name), ...patch, name };
    this.states.set(name, next);
    for (const cb of this.stateListeners) cb(next);
  }

  // ---- extensions, transports, NAT ------------------------------------------------------

  async listExtensions(host: string): Promise<ExtensionRow[]> {
    const extensions = sortByNumber(await this.ops(host).readExtensionsWithDialplan());
    let live: HostLive | null = null;
    let lostReason: string | null = null;
    try {
      live = await this.live(host);
    } catch (err) {
      lostReason = `live state unavailable: ${(err as Error).message}`;
    }
    const at = Date.now();
    if (lostReason)
      return extensions.map((e) => ({ ...e, live: unknownStatus(e.number, at, lostReason) }));
    const byNumber = new Map((live?.statuses() ?? []).map((s) => [s.number, s]));
    return extensions.map((e) => ({ ...e, live: byNumber.get(e.number) ?? null }));
  }

  createExtension(
    host: string,
    input: ExtensionCreateRequest,
    opts?: ChangeOptions,
  ): Promise<ExtensionChangeResult> {
    return this.ops(host).createExtension(input, opts);
  }

  updateExtension(
    host: string,
    number: string,
    patch: ExtensionUpdateRequest,
    opts?: ChangeOptions,
  ): Promise<ExtensionChangeResult> {
    return this.ops(host).updateExtension(number, patch, opts);
  }

  adoptExtensions(
    host: string,
    request: string[] | 'all',
    opts?: ChangeOptions & { dryRun?: boolean },
  ): Promise<AdoptResult> {
    return this.ops(host).adoptExtensions(request, opts);
  }

  async deleteExtension(
    host: string,
    number: string,
    opts?: ChangeOptions,
  ): Promise<ExtensionChangeResult> {
    const r = await this.ops(host).deleteExtension(number, opts);
    if (r.apply.verified) this.leaveLiveList(host, [number]);
    return r;
  }

  /**
   * Deleted extensions leave the live list as soon as the delete is verified, said as removed
   * (not "went offline"): the list is otherwise re-read only on a reconnect, and until then would
   * show a deleted phone as registered.
   */
  private leaveLiveList(host: string, numbers: readonly string[]): void {
    if (numbers.length > 0) this.started.get(host)?.forget(numbers);
  }

  setExtensionEnabled(
    host: string,
    number: string,
    enabled: boolean,
    opts?: ChangeOptions,
  ): Promise<ExtensionChangeResult> {
    return this.ops(host).setEnabled(number, enabled, opts);
  }

  showDialplan(host: string, number?: string) {
    return this.ops(host).showDialplan(number);
  }

  reloadDialplan(host: string, opts?: ChangeOptions) {
    return this.ops(host).reloadDialplan(opts);
  }

  /** What this host's Asterisk lists in `core show codecs`, else the common codecs. */
  async knownCodecs(host: string): Promise<KnownCodecs> {
    const known = await this.session(host)
      .codecs.get()
      .catch(() => null);
    if (!known) return { codecs: [...COMMON_CODECS], source: 'common' };
    return { codecs: [...known].filter((c) => c !== 'all').sort(), source: 'asterisk' };
  }

  extensionOtherOptions(host: string, number: string): Promise<string[]> {
    return this.ops(host).extensionOtherOptions(number);
  }

  softphoneSettings(host: string, number: string) {
    return this.ops(host).softphoneSettings(number);
  }

  listTransports(host: string) {
    return this.ops(host).listTransports();
  }

  ensureTransport(host: string) {
    return this.ops(host).ensureTransport();
  }

  getNat(host: string, transport?: string) {
    return this.ops(host).getNat(transport);
  }

  setNat(
    host: string,
    transport: string | undefined,
    nat: Partial<NatSettings>,
  ): Promise<NatChangeResult> {
    return this.ops(host).setNat(transport, nat);
  }

  // ---- live -------------------------------------------------------------------------------

  /** Starts (once) the live view of a host: AMI through the tunnel, registrations, calls. */
  live(host: string): Promise<HostLive | null> {
    let p = this.lives.get(host);
    if (!p) {
      p = this.startLive(host);
      this.lives.set(host, p);
      p.catch(() => this.lives.delete(host));
    }
    return p;
  }

  private async liveIfAvailable(host: string): Promise<HostLive | null> {
    try {
      return await this.live(host);
    } catch {
      return null;
    }
  }

  private async startLive(host: string): Promise<HostLive | null> {
    const session = this.session(host);
    if (!session.hasAmi) {
      this.setState(host, { ami: 'not-configured' });
      return null;
    }
    this.setState(host, { ami: 'connecting' });
    let ami;
    try {
      ami = await session.ami();
    } catch (err) {
      this.setState(host, { ami: 'error', error: (err as Error).message });
      throw err;
    }
    if (!ami) return null;
    ami.on('disconnected', (e) => this.setState(host, { ami: 'disconnected', error: e.message }));
    ami.on('reconnected', () => this.setState(host, { ami: 'connected', error: null }));
    const live = new HostLive({
      host,
      source: ami,
      callLog: await CallLog.open(path.join(this.opts.dataDir, 'calls'), host),
    });
    live.on((ev) => {
      for (const cb of this.eventListeners) cb(ev);
    });
    const trunks = new TrunkLive({
      host,
      source: ami,
      sipTimeoutMs: this.opts.trunkSipTimeoutMs,
    });
    trunks.on((ev) => {
      for (const cb of this.eventListeners) cb(ev);
    });
    this.trunkLives.set(host, trunks);
    await Promise.all([live.start(), trunks.start()]);
    this.started.set(host, live);
    this.setState(host, { connection: 'connected', ami: 'connected', error: null });
    return live;
  }

  async liveStatus(host: string): Promise<ExtensionLiveStatus[]> {
    const live = await this.live(host);
    if (!live)
      throw new RayanError(
        'AMI_NOT_CONFIGURED',
        `Host "${host}" has no AMI user: live status needs one (rayanpbx host set ${host} --ami-user U).`,
      );
    return live.statuses();
  }

  async calls(host: string, limit = 100): Promise<CallRecord[]> {
    const live = this.lives.has(host) ? await this.liveIfAvailable(host) : null;
    if (live) return live.calls(limit);
    // Not watching this host: the records kept on disk are still the history.
    const log = await CallLog.open(
      path.join(this.opts.dataDir, 'calls'),
      this.opts.hosts.get(host).name,
    );
    return log.list(limit);
  }

  recentEvents(host?: string): DomainEvent[] {
    // Only hosts already being watched have events; this never opens connections.
    const out: DomainEvent[] = [];
    for (const [name, live] of this.started) if (!host || name === host) out.push(...live.recent());
    for (const [name, t] of this.trunkLives) if (!host || name === host) out.push(...t.recent());
    return out.sort((a, b) => a.at - b.at);
  }

  // ---- history and audit ---------------------------------------------------------------------

  private history(host: string): HistoryOperations {
    return new HistoryOperations(this.session(host), () => this.audit.read(host));
  }

  listHistory(host: string): Promise<HistoryView> {
    return this.history(host).list();
  }

  historyDiff(host: string, id: string): Promise<HistoryDiff> {
    return this.history(host).diff(id);
  }

  restoreHistory(
    host: string,
    id: string,
    opts: { unrecorded?: boolean } = {},
  ): Promise<HistoryRestoreResult> {
    return this.history(host).restore(id, opts);
  }

  auditLog(host?: string): Promise<AuditRecord[]> {
    return readAuditLog(this.opts.hosts, this.audit, host);
  }

  // ---- trunks ------------------------------------------------------------------------------

  private trunkOps(host: string): TrunkOperations {
    return new TrunkOperations(this.session(host), async () => {
      await this.liveIfAvailable(host);
      return this.trunkLives.get(host) ?? null;
    });
  }

  async listTrunks(host: string): Promise<TrunkRow[]> {
    const trunks = await this.trunkOps(host).read();
    await this.liveIfAvailable(host);
    const live = this.trunkLives.get(host);
    return trunks.map((t) => ({ ...t, live: t.enabled ? (live?.status(t.name) ?? null) : null }));
  }

  createTrunk(
    host: string,
    input: TrunkCreateRequest,
    opts?: ChangeOptions,
  ): Promise<TrunkChangeResult> {
    return this.trunkOps(host).create(input, opts);
  }

  updateTrunk(
    host: string,
    name: string,
    patch: TrunkUpdateRequest,
    opts?: ChangeOptions,
  ): Promise<TrunkChangeResult> {
    return this.trunkOps(host).update(name, patch, opts);
  }

  deleteTrunk(host: string, name: string, opts?: ChangeOptions): Promise<TrunkChangeResult> {
    return this.trunkOps(host).remove(name, opts);
  }

  setTrunkEnabled(
    host: string,
    name: string,
    enabled: boolean,
    opts?: ChangeOptions,
  ): Promise<TrunkChangeResult> {
    return this.trunkOps(host).setEnabled(name, enabled, opts);
  }

  /** "Register now" (`PJSIPRegister`) or "Unregister" (`PJSIPUnregister`). */
  sendTrunkRegistration(
    host: string,
    name: string,
    register: boolean,
  ): Promise<TrunkLiveStatus | null> {
    return this.trunkOps(host).sendRegistration(name, register);
  }

  runDoctor(host: string, onProgress?: (check: DoctorCheck) => void): Promise<DoctorCheck[]> {
    return runHostDoctor(this.session(host), onProgress);
  }

  onEvent(cb: (ev: DomainEvent) => void): () => void {
    this.eventListeners.add(cb);
    return () => this.eventListeners.delete(cb);
  }

  onHostState(cb: (state: HostState) => void): () => void {
    this.stateListeners.add(cb);
    return () => this.stateListeners.delete(cb);
  }

  async close(): Promise<void> {
    this.stopWatchingSettings?.();
    this.stopWatchingSettings = null;
    await this.supervisor?.stop();
    this.supervisor = null;
    for (const name of [...this.sessions.keys()]) await this.dropSession(name);
  }
}
