import type { AmiMessage } from '../ami/message';
import { amiGet } from '../ami/message';
import type { TrunkEvent, TrunkLiveStatus, TrunkStatus } from '../../../shared/types';
import type { AmiSource } from '../live/ami-source';
import { parseOutboundRegistrations, type OutboundRegistration } from './trunk-ami';

export interface TrunkLiveOptions {
  host: string;
  source: AmiSource;
  now?: () => number;
  /**
   * Asterisk's SIP transaction timeout (timer F, 32 s): a `Rejected` that comes this long after
   * the attempt began is the provider not answering (47b), one that comes sooner is its refusal
   * (401/403, 47). `Registry` events carry no reason of their own.
   */
  sipTimeoutMs?: number;
  log?: (line: string) => void;
}

const SIP_TIMEOUT_MS = 32_000;
const RECENT = 200;

function statusOf(s: string): TrunkStatus {
  const v = s.trim().toLowerCase();
  if (v === 'registered') return 'registered';
  if (v === 'rejected') return 'rejected';
  if (v === 'unregistered') return 'unregistered';
  return 'unknown';
}

/**
 * Live status of a host's trunks: a `PJSIPShowRegistrationsOutbound` resync on every (re)connect
 * and after a res_pjsip reload, kept current by `Registry` events. While the AMI connection is
 * down every trunk reads `unknown`, never its last value.
 */
export class TrunkLive {
  readonly host: string;
  private readonly source: AmiSource;
  private readonly now: () => number;
  private readonly sipTimeoutMs: number;
  private readonly log: (line: string) => void;
  private readonly regs = new Map<string, OutboundRegistration>();
  private readonly live = new Map<string, TrunkLiveStatus>();
  /** When the attempt whose outcome is awaited began, where we know it. */
  private readonly attemptAt = new Map<string, number>();
  /**
   * Attempts whose start is only estimated (Asterisk's retry after retry_interval, seen through
   * a tunnel that may deliver the previous event late): judged with a wider margin.
   */
  private readonly estimated = new Set<string>();
  private readonly listeners = new Set<(ev: TrunkEvent) => void>();
  private readonly recentEvents: TrunkEvent[] = [];
  private started = false;
  private connected = false;
  /** Registry events seen while a resync is in flight: the list must not overwrite them. */
  private touchedDuringSync: Set<string> | null = null;
  private syncing: Promise<void> | null = null;
  private resyncAgain = false;
  /** The last reload: a registration first listed after it began its first attempt then. */
  private reloadedAt: number | null = null;

  constructor(o: TrunkLiveOptions) {
    this.host = o.host;
    this.source = o.source;
    this.now = o.now ?? Date.now;
    this.sipTimeoutMs = o.sipTimeoutMs ?? SIP_TIMEOUT_MS;
    this.log = o.log ?? (() => {});
  }

  on(cb: (ev: TrunkEvent) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  async start(): Promise<void> {
    if (this.started) return;
    this.started = true;
    this.source.on('event', this.onEvent);
    this.source.on('connected', this.onConnected);
    this.source.on('reconnected', this.onConnected);
    this.source.on('disconnected', this.onDisconnected);
    if (this.source.connected) {
      this.connected = true;
      await this.resync();
    }
  }

  stop(): void {
    if (!this.started) return;
    this.started = false;
    this.source.off('event', this.onEvent);
    this.source.off('connected', this.onConnected);
    this.source.off('reconnected', this.onConnected);
    this.source.off('disconnected', this.onDisconnected);
    this.markUnknown();
  }

  statuses(): TrunkLiveStatus[] {
    return [...this.live.values()].map((s) => ({ ...s }));
  }

  status(name: string): TrunkLiveStatus | null {
    const s = this.live.get(name);
    return s ? { ...s } : null;
  }

  recent(): TrunkEvent[] {
    return this.recentEvents.slice();
  }

  /** "Register now"/"Unregister" was sent: the outcome's timing is measured from here. */
  noteAttempt(name: string): void {
    this.attemptAt.set(name, this.now());
    this.estimated.delete(name);
  }

  /**
   * This console reloaded res_pjsip (its own Reload event is swallowed by the AMI client): new or
   * changed registrations begin an attempt now, and the list is read again.
   */
  afterReload(): Promise<void> {
    const at = this.now();
    for (const name of this.regs.keys()) {
      this.attemptAt.set(name, at);
      this.estimated.delete(name);
    }
    this.reloadedAt = at;
    return this.resync();
  }

  /** Re-reads every registration (after a change this console made, or a reload). */
  resync(): Promise<void> {
    if (this.syncing) {
      this.resyncAgain = true;
      return this.syncing;
    }
    this.syncing = this.doSync().finally(() => {
      this.syncing = null;
      if (this.resyncAgain && this.connected) {
        this.resyncAgain = false;
        void this.resync();
      }
    });
    return this.syncing;
  }

  private async doSync(): Promise<void> {
    this.touchedDuringSync = new Set();
    let list: OutboundRegistration[];
    try {
      list = parseOutboundRegistrations(
        await this.source.listAction('PJSIPShowRegistrationsOutbound'),
      );
    } catch (err) {
      this.log(`trunk resync failed: ${(err as Error).message}`);
      this.touchedDuringSync = null;
      return;
    }
    const touched = this.touchedDuringSync;
    this.touchedDuringSync = null;
    if (!this.connected) return;
    const at = this.now();
    const names = new Set(list.map((r) => r.name));
    for (const name of [...this.regs.keys()])
      if (!names.has(name)) {
        this.regs.delete(name);
        this.live.delete(name);
      }
    for (const r of list) {
      if (!this.regs.has(r.name) && this.reloadedAt !== null && !this.attemptAt.has(r.name))
        this.attemptAt.set(r.name, this.reloadedAt);
      this.regs.set(r.name, r);
      if (touched.has(r.name)) continue;
      const before = this.live.get(r.name);
      const status = statusOf(r.status);
      const nextRegSec = r.nextReg > 0 ? r.nextReg : null;
      if (before && before.status === status) {
        before.asOf = at;
        if (nextRegSec !== null) before.nextRegSec = nextRegSec;
        continue;
      }
      this.set(r.name, status, before?.reason ?? null, nextRegSec, at);
    }
  }

  private set(
    name: string,
    status: TrunkStatus,
    reason: string | null,
    nextRegSec: number | null,
    at: number,
  ): void {
    const before = this.live.get(name);
    const previous = before?.status ?? 'unknown';
    const changed = previous !== status;
    this.live.set(name, {
      name,
      status,
      reason: status === 'registered' ? null : reason,
      nextRegSec,
      asOf: at,
      changedAt: changed || !before ? at : before.changedAt,
    });
    if (!changed && before?.reason === reason) return;
    const ev: TrunkEvent = {
      kind: 'trunk',
      host: this.host,
      at,
      name,
      status,
      previous,
      reason: status === 'registered' ? null : reason,
    };
    this.recentEvents.push(ev);
    if (this.recentEvents.length > RECENT) this.recentEvents.shift();
    for (const cb of this.listeners) {
      try {
        cb(ev);
      } catch (err) {
        this.log(`trunk listener failed: ${(err as Error).message}`);
      }
    }
  }

  private markUnknown(): void {
    const at = this.now();
    for (const name of this.live.keys())
      this.set(name, 'unknown', 'the AMI connection is lost', null, at);
  }

  private readonly onConnected = (): void => {
    this.connected = true;
    void this.resync();
  };

  private readonly onDisconnected = (): void => {
    this.connected = false;
    this.markUnknown();
  };

  private readonly onEvent = (m: AmiMessage): void => {
    const event = amiGet(m, 'Event');
    if (event === 'Reload') {
      const module = amiGet(m, 'Module') ?? '';
      if (/res_pjsip|^All$/i.test(module)) {
        // Changed registrations start a new attempt now; new or removed ones show in the list.
        void this.afterReload();
      }
      return;
    }
    if (event !== 'Registry' || amiGet(m, 'ChannelType') !== 'PJSIP') return;
    const clientUri = amiGet(m, 'Username') ?? '';
    const serverUri = amiGet(m, 'Domain') ?? '';
    const regs = [...this.regs.values()];
    const reg =
      regs.find((r) => r.clientUri === clientUri && r.serverUri === serverUri) ??
      regs.find((r) => r.clientUri === clientUri);
    if (!reg) {
      // A registration we have not listed yet (added by a reload): learn it from the list.
      void this.resync();
      return;
    }
    this.touchedDuringSync?.add(reg.name);
    this.onRegistry(reg, statusOf(amiGet(m, 'Status') ?? ''), serverUri);
  };

  private onRegistry(reg: OutboundRegistration, status: TrunkStatus, serverUri: string): void {
    const at = this.now();
    const began = this.attemptAt.get(reg.name);
    const estimated = this.estimated.has(reg.name);
    const current0 = this.live.get(reg.name);
    if (began !== undefined && at < began && current0?.status === status) {
      // Before the retry Asterisk announced: the outcome already shown, repeated (or late).
      current0.asOf = at;
      return;
    }
    this.attemptAt.delete(reg.name);
    this.estimated.delete(reg.name);
    if (status !== 'rejected') {
      this.set(reg.name, status, null, null, at);
      return;
    }
    if (began !== undefined && at - began >= this.sipTimeoutMs * (estimated ? 0.5 : 0.9)) {
      // No answer: Asterisk retries after retry_interval, and that attempt may time out again.
      this.attemptAt.set(reg.name, at + reg.retryInterval * 1000);
      this.estimated.add(reg.name);
      this.set(
        reg.name,
        'rejected',
        `no response from ${serverUri} (the provider did not answer; Asterisk retries every ${reg.retryInterval} s)`,
        reg.retryInterval,
        at,
      );
      return;
    }
    const current = this.live.get(reg.name);
    // PJSIPRegister is an un-REGISTER then a REGISTER: the second refusal repeats the first.
    const reason =
      began !== undefined
        ? `refused by the provider (401/403: check the username and password)`
        : current?.status === 'rejected' && current.reason
          ? current.reason
          : `refused by the provider or not answered (see the Asterisk log)`;
    const next = reg.authRejectionPermanent ? null : reg.forbiddenRetryInterval || null;
    this.set(reg.name, 'rejected', reason, next, at);
  }
}
