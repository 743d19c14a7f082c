import type { AmiMessage } from '../ami/message';
import type { CallRecord, DomainEvent, ExtensionLiveStatus } from '../../../shared/types';
import type { AmiSource } from './ami-source';
import type { CallLog } from './call-log';
import { type CallChange, Calls } from './calls';
import { EventStream } from './event-stream';
import { eventName, field } from './fields';
import { type RegistrationChange, Registrations } from './registrations';
import { realScheduler, type Scheduler } from './scheduler';

export interface HostLiveOptions {
  host: string;
  source: AmiSource;
  /** Where finished calls go (survives restarts); without one, the last `memoryCalls` are kept. */
  callLog?: CallLog | null;
  scheduler?: Scheduler;
  recentCapacity?: number;
  /**
   * Registrations are followed by a look-up of the phone's user agent: one `PJSIPShowEndpoint`
   * each up to this many at once, one `PJSIPShowContacts` for a larger burst. Default 8.
   */
  detailLookupLimit?: number;
  memoryCalls?: number;
  /**
   * Re-read the list actions after a `Reload` event of res_pjsip (endpoints added or removed by
   * a reload only show there). Off by default: on a 10,000-endpoint host that is ~0.4 s of
   * Asterisk's time after every apply, and the fleet already knows which extensions it changed
   * (it can call `resync()` itself).
   */
  resyncOnReload?: boolean;
  /** Diagnostic lines (never secrets: only action names, counts and error messages). */
  log?: (line: string) => void;
}

export type HostLiveState = 'stopped' | 'waiting' | 'syncing' | 'live';

/** Events buffered while a sync is in flight; past this the sync is redone instead. */
const MAX_BUFFERED = 100_000;
const RESYNC_DEBOUNCE_MS = 250;
const DETAIL_DELAY_MS = 5;

/**
 * The live picture of one PBX: registrations, calls, the call log and the domain-event stream,
 * fed by one AMI connection. On every (re)connect the picture is rebuilt from the list actions
 * (events that arrive meanwhile are held and replayed after), so nothing stays "online" that
 * Asterisk no longer has; while disconnected every registration reads `unknown`.
 */
export class HostLive {
  readonly host: string;
  private readonly source: AmiSource;
  private readonly scheduler: Scheduler;
  private readonly registrations: Registrations;
  private readonly callsModel: Calls;
  private readonly stream: EventStream;
  private readonly callLog: CallLog | null;
  private readonly memory: CallRecord[] = [];
  private readonly memoryCalls: number;
  private readonly detailLimit: number;
  private readonly resyncOnReload: boolean;
  private readonly log: (line: string) => void;

  private current: HostLiveState = 'stopped';
  private generation = 0;
  private buffer: AmiMessage[] | null = null;
  private bufferOverflow = false;
  private detailTimer: unknown = null;
  /** One look-up at a time: a burst must not pile up overlapping full snapshots. */
  private detailInFlight = false;
  private detailAgain = false;
  private resyncTimer: unknown = null;
  private retryDelay = 1000;
  private inflight = new Set<Promise<unknown>>();
  private disconnectedPublished = false;

  constructor(options: HostLiveOptions) {
    this.host = options.host;
    this.source = options.source;
    this.scheduler = options.scheduler ?? realScheduler;
    const now = () => this.scheduler.now();
    this.registrations = new Registrations(now);
    this.callsModel = new Calls(now);
    this.stream = new EventStream(options.recentCapacity ?? 500, (err) =>
      this.log(`event listener failed: ${(err as Error).message}`),
    );
    this.callLog = options.callLog ?? null;
    this.memoryCalls = options.memoryCalls ?? 1000;
    this.detailLimit = options.detailLookupLimit ?? 8;
    this.resyncOnReload = options.resyncOnReload ?? false;
    this.log = options.log ?? (() => {});
  }

  get state(): HostLiveState {
    return this.current;
  }

  /** Subscribes to the source; when it is connected, resolves once the first sync is done. */
  async start(): Promise<void> {
    if (this.current !== 'stopped') return;
    this.current = 'waiting';
    this.source.on('event', this.onEvent);
    this.source.on('connected', this.onConnected);
    this.source.on('reconnected', this.onConnected);
    this.source.on('disconnected', this.onDisconnected);
    if (this.source.connected) await this.sync();
  }

  stop(): void {
    if (this.current === 'stopped') return;
    this.source.off('event', this.onEvent);
    this.source.off('connected', this.onConnected);
    this.source.off('reconnected', this.onConnected);
    this.source.off('disconnected', this.onDisconnected);
    this.generation++;
    this.clearTimers();
    this.buffer = null;
    this.registrations.markStale('live view stopped');
    this.current = 'stopped';
  }

  statuses(): ExtensionLiveStatus[] {
    return this.registrations.statuses().map((s) => this.withCallState(s));
  }

  status(number: string): ExtensionLiveStatus | undefined {
    const s = this.registrations.status(number);
    return s && this.withCallState(s);
  }

  /** Finished calls, newest first. */
  calls(limit?: number): CallRecord[] {
    if (this.callLog) return this.callLog.list(limit);
    const out = this.memory.slice().reverse();
    return limit === undefined ? out : out.slice(0, limit);
  }

  activeCalls(): CallRecord[] {
    return this.callsModel.active();
  }

  recent(limit?: number): DomainEvent[] {
    return this.stream.recent(limit);
  }

  /** Returns the unsubscribe function. */
  on(cb: (ev: DomainEvent) => void): () => void {
    return this.stream.subscribe(cb);
  }

  /**
   * Extensions a verified change deleted leave the live list now: one `removed` event each (not
   * "went offline"), without re-reading the lists.
   */
  forget(numbers: readonly string[]): void {
    for (const n of numbers) {
      const c = this.registrations.forget(n);
      if (c) this.publishRegistration(c);
    }
  }

  /** Re-reads the list actions now (e.g. after this app reloaded res_pjsip). */
  resync(): Promise<void> {
    return this.sync();
  }

  /** Resolves when no sync, look-up or call-log write started so far is still running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.inflight.size > 0) await Promise.allSettled([...this.inflight]);
    await this.callLog?.flush();
  }

  private readonly onConnected = (): void => {
    void this.sync();
  };

  private readonly onDisconnected = (error: Error): void => {
    const reason = error.message || 'AMI connection lost';
    this.generation++;
    this.clearTimers();
    this.buffer = null;
    this.registrations.markStale(reason);
    this.current = 'waiting';
    if (!this.disconnectedPublished) {
      this.disconnectedPublished = true;
      this.publish({
        kind: 'host-disconnected',
        host: this.host,
        at: this.scheduler.now(),
        reason,
      });
    }
  };

  private readonly onEvent = (m: AmiMessage): void => {
    if (this.current === 'stopped' || this.current === 'waiting') return;
    if (this.buffer) {
      if (this.buffer.length < MAX_BUFFERED) this.buffer.push(m);
      else this.bufferOverflow = true;
      return;
    }
    this.handle(m);
  };

  private sync(): Promise<void> {
    const run = this.doSync();
    this.track(run);
    return run;
  }

  private async doSync(): Promise<void> {
    if (this.current === 'stopped') return;
    const gen = ++this.generation;
    this.current = 'syncing';
    this.buffer = [];
    this.bufferOverflow = false;
    try {
      const sync = this.registrations.beginSync();
      const [[contacts, endpoints], channels] = await Promise.all([
        sync.readFrom(this.source),
        // Calls are secondary: an AMI user without the `reporting` class still gets registrations.
        this.source.listAction('CoreShowChannels').catch((err: unknown) => {
          this.log(`CoreShowChannels failed: ${(err as Error).message}`);
          return null;
        }),
      ]);
      if (gen !== this.generation) return;
      const regChanges = this.registrations.finishSync(sync);
      const callChanges = channels ? this.callsModel.resync(channels) : [];
      const held = this.buffer ?? [];
      const overflow = this.bufferOverflow;
      this.buffer = null;
      this.current = 'live';
      this.retryDelay = 1000;
      this.disconnectedPublished = false;
      this.publish({ kind: 'host-connected', host: this.host, at: this.scheduler.now() });
      for (const c of regChanges) this.publishRegistration(c);
      for (const c of callChanges) this.publishCall(c);
      for (const m of held) this.handle(m);
      if (overflow) this.scheduleResync();
      this.log(`synced: ${endpoints} endpoints, ${contacts} contacts`);
    } catch (err) {
      if (gen !== this.generation) return;
      this.buffer = null;
      this.current = 'waiting';
      this.log(`sync failed: ${(err as Error).message}`);
      if (this.source.connected) {
        const delay = this.retryDelay;
        this.retryDelay = Math.min(this.retryDelay * 2, 30_000);
        this.resyncTimer = this.scheduler.setTimeout(() => {
          this.resyncTimer = null;
          void this.sync();
        }, delay);
      }
    }
  }

  private handle(m: AmiMessage): void {
    switch (eventName(m)) {
      case 'ContactStatus':
      case 'PeerStatus':
      case 'DeviceStateChange': {
        const c = this.registrations.apply(m);
        if (c) this.publishRegistration(c);
        this.scheduleDetails();
        return;
      }
      case 'Reload': {
        // Endpoints added or removed by a reload only show in the list actions.
        const module = field(m, 'Module') ?? '';
        if (this.resyncOnReload && /pjsip|^All$/i.test(module)) this.scheduleResync();
        return;
      }
      default:
        for (const c of this.callsModel.apply(m)) this.publishCall(c);
    }
  }

  private scheduleResync(): void {
    if (this.resyncTimer !== null) return;
    this.resyncTimer = this.scheduler.setTimeout(() => {
      this.resyncTimer = null;
      if (this.current === 'live') void this.sync();
    }, RESYNC_DEBOUNCE_MS);
  }

  private scheduleDetails(delayMs = DETAIL_DELAY_MS): void {
    if (this.detailInFlight) {
      this.detailAgain = true;
      return;
    }
    if (this.detailTimer !== null) return;
    this.detailTimer = this.scheduler.setTimeout(() => {
      this.detailTimer = null;
      if (this.current === 'live') this.track(this.runDetails());
    }, delayMs);
  }

  private async runDetails(): Promise<void> {
    this.detailInFlight = true;
    const t0 = this.scheduler.now();
    let snapshot = false;
    try {
      snapshot = await this.lookUpDetails();
    } finally {
      this.detailInFlight = false;
      if (this.detailAgain) {
        this.detailAgain = false;
        // After a full snapshot during a burst, wait at least as long as it took again: a
        // 10,000-phone re-registration then costs a few snapshots, not one per 5 ms.
        const took = this.scheduler.now() - t0;
        this.scheduleDetails(snapshot ? Math.max(DETAIL_DELAY_MS, 2 * took) : DETAIL_DELAY_MS);
      }
    }
  }

  /** Returns whether it took a full PJSIPShowContacts snapshot. */
  private async lookUpDetails(): Promise<boolean> {
    const pending = this.registrations.takePending();
    if (pending.length === 0) return false;
    const gen = this.generation;
    if (pending.length > this.detailLimit) {
      const since = this.registrations.contactVersion();
      try {
        const sync = this.registrations.beginSync();
        await this.source.listEach('PJSIPShowContacts', undefined, (item) => sync.contact(item));
        if (gen !== this.generation) return true;
        for (const c of this.registrations.applyContactSync(sync, since))
          this.publishRegistration(c);
      } catch (err) {
        this.log(`PJSIPShowContacts failed: ${(err as Error).message}`);
      }
      return true;
    }
    await Promise.all(
      pending.map(async (number) => {
        const since = this.registrations.contactVersion(number);
        try {
          const items = await this.source.listAction('PJSIPShowEndpoint', { Endpoint: number });
          if (gen !== this.generation) return;
          // Only ContactStatusDetail is read from this answer: it also holds AuthDetail, whose
          // password must not travel further than this line.
          const c = this.registrations.applyEndpointDetail(number, items, since);
          if (c) this.publishRegistration(c);
        } catch (err) {
          this.log(`PJSIPShowEndpoint ${number} failed: ${(err as Error).message}`);
        }
      }),
    );
    return false;
  }

  private publishRegistration(c: RegistrationChange): void {
    this.publish({
      kind: 'registration',
      host: this.host,
      at: this.scheduler.now(),
      status: this.withCallState(c.status),
      previous: c.previous,
      ...(c.removed ? { removed: true as const } : {}),
    });
  }

  private publishCall(c: CallChange): void {
    switch (c.kind) {
      case 'ringing':
      case 'answered':
        this.publish({ ...c, host: this.host });
        return;
      case 'hangup':
        this.keep(c.record);
        this.publish({ kind: 'hangup', host: this.host, at: c.at, record: c.record });
        return;
      case 'call-state':
        // Carried by statuses(); the ringing/answered/hangup events tell the UI to re-read them.
        return;
    }
  }

  private keep(record: CallRecord): void {
    if (this.callLog) {
      this.track(this.callLog.append(record));
      return;
    }
    this.memory.push(record);
    if (this.memory.length > this.memoryCalls) this.memory.shift();
  }

  private publish(ev: DomainEvent): void {
    this.stream.publish(ev);
  }

  private withCallState(s: ExtensionLiveStatus): ExtensionLiveStatus {
    const cs = this.callsModel.callState(s.number);
    return cs === s.callState ? s : { ...s, callState: cs };
  }

  private track(p: Promise<unknown>): void {
    this.inflight.add(p);
    const done = () => void this.inflight.delete(p);
    p.then(done, done);
  }

  private clearTimers(): void {
    if (this.detailTimer !== null) this.scheduler.clearTimeout(this.detailTimer);
    if (this.resyncTimer !== null) this.scheduler.clearTimeout(this.resyncTimer);
    this.detailTimer = null;
    this.resyncTimer = null;
  }
}
