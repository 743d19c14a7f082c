import { AmiCommands } from './ami-commands';
import type { AmiActionOptions } from './actions/types';
import type { AmiClientEvents, AmiConnectOptions, AmiStreamFactory } from './client';
import { AmiClient } from './client';
import { AmiAuthFailedError, AmiConnectionLostError } from './errors';
import type { AmiMessage } from './message';
import type { AmiItem } from './item';
import type { AmiActionFields } from './wire';
import { RetrySleep } from './retry-sleep';

export interface BackoffOptions {
  /** Base of the first retry window. Default 500 ms. */
  initialMs?: number;
  /** Cap of the retry window. Default 30 s. */
  maxMs?: number;
  /** Growth per failed attempt. Default 2. */
  factor?: number;
  /** Source of randomness in [0, 1) (tests pass a fixed one). Default Math.random. */
  random?: () => number;
}

/**
 * Exponential backoff with full jitter: a uniformly random wait in [0, min(max, initial·factor^n)).
 * The jitter spreads the reconnects of many consoles after a PBX restart instead of having
 * them all knock at the same instant.
 */
export function backoffDelay(attempt: number, options: BackoffOptions = {}): number {
  const initial = options.initialMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const factor = options.factor ?? 2;
  const random = options.random ?? Math.random;
  const window = Math.min(max, initial * Math.pow(factor, attempt));
  return Math.floor(random() * window);
}

export interface ReconnectingAmiOptions extends AmiConnectOptions {
  backoff?: BackoffOptions;
}

export type ReconnectingState =
  'idle' | 'connecting' | 'connected' | 'waiting' | 'failed' | 'closed';

export interface ReconnectingAmiEvents extends AmiClientEvents {
  /** Logged in again after a loss: rebuild live state from list actions now. */
  reconnected: [info: { banner: string | null; attempts: number }];
  /** One attempt failed; the next one comes after `delayMs`. */
  'connect-failed': [error: Error, attempt: number, delayMs: number];
  /** Stopped trying: the login itself was refused (retrying would only hammer a wrong secret). */
  'gave-up': [error: Error];
}

/**
 * An AMI connection that comes back. Actions are never queued or replayed: while disconnected
 * they fail at once with `AmiConnectionLostError`, and after 'reconnected' the caller re-reads
 * what it needs (DESIGN.md: never show a stale "Online").
 */
export class ReconnectingAmi extends AmiCommands<ReconnectingAmiEvents> {
  private readonly client = new AmiClient();
  private stateValue: ReconnectingState = 'idle';
  private everConnected = false;
  private attempts = 0;
  private readonly retry = new RetrySleep();
  private lastError: Error | null = null;
  private startWaiters: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];

  constructor(
    private readonly streamFactory: AmiStreamFactory,
    private readonly options: ReconnectingAmiOptions,
  ) {
    super();
    this.client.on('event', (msg, name) => this.emit('event', msg, name));
    this.client.on('disconnected', (err) => this.onDisconnected(err));
  }

  get state(): ReconnectingState {
    return this.stateValue;
  }

  get connected(): boolean {
    return this.stateValue === 'connected';
  }

  get banner(): string | null {
    return this.client.banner;
  }

  /** AMI round trips over every connection so far (heartbeat Pings excluded). */
  get roundTrips(): number {
    return this.client.roundTrips;
  }

  /**
   * Starts connecting; resolves at the first login. Connection failures are retried with
   * backoff; a refused login rejects (and stops).
   */
  start(): Promise<void> {
    if (this.stateValue === 'connected') return Promise.resolve();
    if (this.stateValue === 'failed' || this.stateValue === 'closed') {
      return Promise.reject(
        this.lastError ?? new AmiConnectionLostError(`not connecting (${this.stateValue})`),
      );
    }
    const done = new Promise<void>((resolve, reject) =>
      this.startWaiters.push({ resolve, reject }),
    );
    if (this.stateValue === 'idle') void this.run();
    return done;
  }

  action(name: string, fields?: AmiActionFields, options?: AmiActionOptions): Promise<AmiMessage> {
    if (!this.connected) return Promise.reject(this.notConnected(name));
    return this.client.action(name, fields, options);
  }

  listAction(
    name: string,
    fields?: AmiActionFields,
    options?: AmiActionOptions,
  ): Promise<AmiMessage[]> {
    if (!this.connected) return Promise.reject(this.notConnected(name));
    return this.client.listAction(name, fields, options);
  }

  listEach(
    name: string,
    fields: AmiActionFields | undefined,
    onItem: (item: AmiItem) => void,
    options?: AmiActionOptions,
  ): Promise<number> {
    if (!this.connected) return Promise.reject(this.notConnected(name));
    return this.client.listEach(name, fields, onItem, options);
  }

  command(cli: string, options?: AmiActionOptions): Promise<string[]> {
    if (!this.connected) return Promise.reject(this.notConnected('Command'));
    return this.client.command(cli, options);
  }

  consumeNextEvent(eventName: string, match: (msg: AmiMessage) => boolean, ttlMs: number): void {
    this.client.consumeNextEvent(eventName, match, ttlMs);
  }

  /** Stops reconnecting and closes the current connection (Logoff). */
  async close(): Promise<void> {
    if (this.stateValue === 'closed') return;
    this.stateValue = 'closed';
    this.retry.wake();
    this.settleStart(new AmiConnectionLostError('closed before the first login'));
    await this.client.close();
  }

  private notConnected(action: string): AmiConnectionLostError {
    return new AmiConnectionLostError(`not connected (${this.stateValue})`, action);
  }

  private async run(): Promise<void> {
    while (this.stateValue !== 'closed' && this.stateValue !== 'failed') {
      this.stateValue = 'connecting';
      try {
        await this.client.connect(this.streamFactory, this.options);
      } catch (err) {
        if (this.isClosed()) return;
        const error = err instanceof Error ? err : new Error(String(err));
        this.lastError = error;
        if (err instanceof AmiAuthFailedError) {
          this.stateValue = 'failed';
          this.emit('gave-up', error);
          this.settleStart(error);
          return;
        }
        const delay = backoffDelay(this.attempts, this.options.backoff);
        this.attempts++;
        this.emit('connect-failed', error, this.attempts, delay);
        this.stateValue = 'waiting';
        await this.retry.sleep(delay);
        continue;
      }
      if (this.isClosed()) {
        await this.client.close();
        return;
      }
      const attempts = this.attempts;
      this.attempts = 0;
      this.stateValue = 'connected';
      const info = { banner: this.client.banner };
      this.settleStart(null);
      if (this.everConnected) this.emit('reconnected', { ...info, attempts });
      else this.emit('connected', info);
      this.everConnected = true;
      return;
    }
  }

  private isClosed(): boolean {
    return this.stateValue === 'closed';
  }

  private onDisconnected(err: AmiConnectionLostError): void {
    if (this.stateValue === 'closed') {
      this.emit('disconnected', err);
      return;
    }
    this.stateValue = 'waiting';
    this.emit('disconnected', err);
    // Even the first retry waits a random part of the initial window (full jitter).
    const delay = backoffDelay(this.attempts, this.options.backoff);
    this.attempts++;
    void this.retry.sleep(delay).then(() => {
      if (this.stateValue === 'waiting') void this.run();
    });
  }

  private settleStart(error: Error | null): void {
    const waiters = this.startWaiters;
    this.startWaiters = [];
    for (const w of waiters) {
      if (error) w.reject(error);
      else w.resolve();
    }
  }
}
