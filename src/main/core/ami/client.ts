import { randomBytes } from 'node:crypto';
import type { Duplex } from 'node:stream';
import { RayanError } from '../errors/rayan-error';
import { AmiCommands } from './ami-commands';
import type { AmiActionOptions } from './actions/types';
import { isEmptyListError, isListComplete } from './actions/list';
import { isSecretBearingEvent, stripSecrets } from './actions/pjsip';
import { type AmiItem, BlockItem, MessageItem, blockEventName } from './item';
import {
  AmiActionError,
  AmiAuthFailedError,
  AmiConnectionLostError,
  AmiError,
  AmiPermissionDeniedError,
  AmiProtocolError,
  AmiTimeoutError,
  AmiUnknownActionError,
} from './errors';
import type { AmiMessage } from './message';
import { amiActionId, amiGet, amiGetAll } from './message';
import { AmiParser } from './parser';
import type { AmiActionFields } from './wire';
import { serializeAction } from './wire';

/**
 * Opens the byte stream to AMI: an ssh2 `forwardOut` channel to 127.0.0.1:<port> on the PBX, or
 * a `net.Socket` for a local host. The client never listens on a port itself.
 */
export type AmiStreamFactory = () => Promise<Duplex>;

/** Optional sink for diagnostics. Never receives the secret or raw bytes written. */
export type AmiLogger = (
  level: 'debug' | 'info' | 'warn',
  message: string,
  details?: Record<string, unknown>,
) => void;

export interface AmiConnectOptions {
  username: string;
  secret: string;
  /** `Events: on` (live registrations and calls) or `off` (actions only). */
  events: boolean;
  /** Per action; for list actions, the longest wait for the next item. Default 10 s. */
  actionTimeoutMs?: number;
  /** How often to send `Ping` while connected; 0 turns the heartbeat off. Default 15 s. */
  heartbeatIntervalMs?: number;
  /** A Ping unanswered this long means the connection is lost. Default: actionTimeoutMs. */
  heartbeatTimeoutMs?: number;
  log?: AmiLogger;
}

export interface AmiClientEvents {
  /** Every unsolicited message (`Event: X`), with X. List items of our own actions are not included. */
  event: [msg: AmiMessage, name: string];
  /** Logged in. */
  connected: [info: { banner: string | null }];
  /** The logged-in connection ended (broken, closed by the server, heartbeat missed, or close()). */
  disconnected: [error: AmiConnectionLostError];
}

type ClientState = 'idle' | 'connecting' | 'connected' | 'closed';

interface Pending {
  id: string;
  action: string;
  list: boolean;
  heartbeat: boolean;
  timeoutMs: number;
  lastActivity: number;
  timer: NodeJS.Timeout | null;
  items: AmiMessage[];
  /** Set for `listEach`: items go here as they arrive instead of into `items`. */
  onItem: ((item: AmiItem) => void) | null;
  count: number;
  resolve: (value: AmiMessage | AmiMessage[] | number) => void;
  reject: (err: Error) => void;
}

interface EventConsumer {
  name: string;
  match: (msg: AmiMessage) => boolean;
  expires: number;
}

const DEFAULT_ACTION_TIMEOUT_MS = 10_000;
const DEFAULT_HEARTBEAT_MS = 15_000;
const LOGOFF_TIMEOUT_MS = 2_000;

/**
 * A small typed AMI client over any duplex stream (see DESIGN.md for why not asterisk-manager).
 *
 * - Logs in with `Events: on|off`; ActionIDs are unique per client (random prefix + counter), so
 *   a late answer to a timed-out action can never be taken for another one's.
 * - `action` resolves with the response; `Response: Error` becomes a typed error.
 * - `listAction` collects the items from `EventList: start` to the `…Complete` event; the
 *   "No Contacts found"-style errors of some list actions read as empty lists.
 * - Pending actions fail with `AmiConnectionLostError` when the stream ends; nothing is ever
 *   re-sent on a later connection (the caller decides, with fresh state).
 * - A `Ping` heartbeat notices a link that died silently (e.g. a tunnel that stopped carrying data).
 * - Credential fields of `AuthDetail`/`AuthList`/`TransportDetail` are removed as messages arrive.
 */
export class AmiClient extends AmiCommands<AmiClientEvents> {
  /** Banner of the current (or last) connection, e.g. `Asterisk Call Manager/11.0.0`. */
  banner: string | null = null;

  private state: ClientState = 'idle';
  private stream: Duplex | null = null;
  private parser = new AmiParser();
  private readonly pending = new Map<string, Pending>();
  /** How many pending actions are `listEach` ones (the fast path is skipped while there are none). */
  private streaming = 0;
  /** `listEach` actions whose consumer threw: their remaining items are dropped. */
  private readonly abandoned = new Set<string>();
  private readonly blockItem = new BlockItem((text) => this.parser.parse(text) ?? { fields: [] });
  private consumers: EventConsumer[] = [];
  private readonly idPrefix = `${randomBytes(3).toString('hex')}-`;
  private seq = 0;
  private sent = 0;
  private options: Required<Omit<AmiConnectOptions, 'log' | 'secret'>> & { log?: AmiLogger } = {
    username: '',
    events: false,
    actionTimeoutMs: DEFAULT_ACTION_TIMEOUT_MS,
    heartbeatIntervalMs: DEFAULT_HEARTBEAT_MS,
    heartbeatTimeoutMs: DEFAULT_ACTION_TIMEOUT_MS,
  };
  private heartbeatTimer: NodeJS.Timeout | null = null;
  private heartbeatInFlight = false;
  private closing = false;
  private lastDataAt = 0;
  private detach: (() => void) | null = null;

  /** Creates a client and logs in; see `connect`. */
  static async connect(
    streamFactory: AmiStreamFactory,
    options: AmiConnectOptions,
  ): Promise<AmiClient> {
    const client = new AmiClient();
    await client.connect(streamFactory, options);
    return client;
  }

  /** Actions sent on this client (Login included, heartbeat Pings excluded): AMI round trips. */
  get roundTrips(): number {
    return this.sent;
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  /**
   * Opens a stream and logs in. Attach 'event' listeners first to see the login's own events
   * (FullyBooted, SuccessfulAuth). May be called again after a disconnect.
   */
  async connect(streamFactory: AmiStreamFactory, options: AmiConnectOptions): Promise<void> {
    if (this.state === 'connecting' || this.state === 'connected') {
      throw new AmiProtocolError('AMI client is already connected');
    }
    const actionTimeoutMs = options.actionTimeoutMs ?? DEFAULT_ACTION_TIMEOUT_MS;
    this.options = {
      username: options.username,
      events: options.events,
      actionTimeoutMs,
      heartbeatIntervalMs: options.heartbeatIntervalMs ?? DEFAULT_HEARTBEAT_MS,
      heartbeatTimeoutMs: options.heartbeatTimeoutMs ?? actionTimeoutMs,
      log: options.log,
    };
    this.state = 'connecting';
    this.closing = false;
    this.parser = new AmiParser();
    this.banner = null;

    let stream: Duplex;
    try {
      stream = await streamFactory();
    } catch (err) {
      this.state = 'closed';
      // Typed errors of the transport (e.g. forwarding refused) pass through unchanged.
      if (err instanceof RayanError) throw err;
      const reason = err instanceof Error ? err.message : String(err);
      const wrapped = new AmiConnectionLostError(`could not open the AMI stream: ${reason}`);
      (wrapped as Error & { cause?: unknown }).cause = err;
      throw wrapped;
    }
    if (this.state !== 'connecting') {
      // destroy()/close() while the stream was being opened.
      stream.destroy();
      throw new AmiConnectionLostError('closed by the client before login', 'Login');
    }
    this.attach(stream);

    try {
      await this.send(
        'Login',
        [
          ['Username', options.username],
          ['Secret', options.secret],
          ['Events', options.events ? 'on' : 'off'],
        ],
        false,
        actionTimeoutMs,
        false,
      );
    } catch (err) {
      this.teardown(
        err instanceof AmiConnectionLostError
          ? err
          : new AmiConnectionLostError('login did not complete'),
        false,
      );
      throw err;
    }
    if (this.state !== 'connecting')
      throw new AmiConnectionLostError('the connection closed during login', 'Login');
    this.state = 'connected';
    this.log('info', 'AMI logged in', { username: options.username, banner: this.banner });
    this.startHeartbeat();
    this.emit('connected', { banner: this.banner });
  }

  action(
    name: string,
    fields?: AmiActionFields,
    options: AmiActionOptions = {},
  ): Promise<AmiMessage> {
    return this.send(
      name,
      fields,
      false,
      options.timeoutMs ?? this.options.actionTimeoutMs,
      false,
    ) as Promise<AmiMessage>;
  }

  listAction(
    name: string,
    fields?: AmiActionFields,
    options: AmiActionOptions = {},
  ): Promise<AmiMessage[]> {
    return this.sendList(name, fields, options, null) as Promise<AmiMessage[]>;
  }

  /**
   * A list action whose items go to `onItem` as they arrive, instead of being collected: for the
   * large lists (10,000 contacts) where keeping every item whole would cost more than the whole
   * rest of a sync. Resolves with the number of items. The item is only valid during the call
   * (see AmiItem). If `onItem` throws, the action rejects with that error.
   */
  listEach(
    name: string,
    fields: AmiActionFields | undefined,
    onItem: (item: AmiItem) => void,
    options: AmiActionOptions = {},
  ): Promise<number> {
    return this.sendList(name, fields, options, onItem) as Promise<number>;
  }

  private sendList(
    name: string,
    fields: AmiActionFields | undefined,
    options: AmiActionOptions,
    onItem: ((item: AmiItem) => void) | null,
  ) {
    const timeoutMs = options.timeoutMs ?? this.options.actionTimeoutMs;
    return this.send(name, fields, true, timeoutMs, false, onItem);
  }

  /** Runs a CLI command (`Action: Command`) and returns its output lines (`Output:` values). */
  async command(cli: string, options: AmiActionOptions = {}): Promise<string[]> {
    const res = await this.action('Command', { Command: cli }, options);
    return amiGetAll(res, 'Output');
  }

  consumeNextEvent(eventName: string, match: (msg: AmiMessage) => boolean, ttlMs: number): void {
    this.consumers.push({ name: eventName, match, expires: Date.now() + ttlMs });
  }

  /** Logs off (briefly waiting for Goodbye) and closes the stream. Pending actions fail. */
  async close(): Promise<void> {
    this.closing = true;
    if (this.state === 'connected') {
      try {
        await this.send('Logoff', undefined, false, LOGOFF_TIMEOUT_MS, true);
      } catch {
        // Closing anyway: a missing Goodbye changes nothing for the caller.
      }
    }
    this.teardown(new AmiConnectionLostError('closed by the client'), true);
  }

  /** Drops the connection at once (no Logoff). */
  destroy(reason = 'closed by the client'): void {
    this.teardown(new AmiConnectionLostError(reason), true);
  }

  private send(
    name: string,
    fields: AmiActionFields | undefined,
    list: boolean,
    timeoutMs: number,
    heartbeat: boolean,
    onItem: ((item: AmiItem) => void) | null = null,
  ): Promise<AmiMessage | AmiMessage[] | number> {
    const stream = this.stream;
    const loginPhase = this.state === 'connecting' && name === 'Login';
    if (!stream || (this.state !== 'connected' && !loginPhase)) {
      return Promise.reject(new AmiConnectionLostError('not connected', name));
    }
    const id = `${this.idPrefix}${++this.seq}`;
    let bytes: string;
    try {
      bytes = serializeAction(name, id, fields);
    } catch (err) {
      return Promise.reject(err);
    }
    return new Promise((resolve, reject) => {
      const p: Pending = {
        id,
        action: name,
        list,
        heartbeat,
        timeoutMs,
        lastActivity: Date.now(),
        timer: null,
        items: [],
        onItem,
        count: 0,
        resolve,
        reject,
      };
      p.timer = setTimeout(() => this.checkTimeout(p), timeoutMs);
      this.pending.set(id, p);
      if (!heartbeat) this.sent++;
      if (onItem) this.streaming++;
      stream.write(bytes);
    });
  }

  private checkTimeout(p: Pending): void {
    if (this.pending.get(p.id) !== p) return;
    const idle = Date.now() - p.lastActivity;
    if (idle < p.timeoutMs) {
      // A list that is still delivering items is alive: wait from its last item.
      p.timer = setTimeout(() => this.checkTimeout(p), p.timeoutMs - idle);
      return;
    }
    this.forget(p);
    p.reject(new AmiTimeoutError(p.action, p.timeoutMs));
  }

  private finish(p: Pending, value: AmiMessage | AmiMessage[] | Error): void {
    if (this.pending.get(p.id) === p) this.forget(p);
    if (p.timer) clearTimeout(p.timer);
    if (value instanceof Error) p.reject(value);
    else p.resolve(p.onItem ? p.count : value);
  }

  private forget(p: Pending): void {
    this.pending.delete(p.id);
    if (p.onItem) this.streaming--;
  }

  private attach(stream: Duplex): void {
    this.stream = stream;
    const onData = (chunk: Buffer | string): void => this.onData(chunk);
    const onError = (err: Error): void =>
      this.teardown(new AmiConnectionLostError(err.message), false);
    const onEnd = (): void =>
      this.teardown(new AmiConnectionLostError('the server closed the connection'), false);
    const onClose = (): void =>
      this.teardown(new AmiConnectionLostError('the stream closed'), false);
    stream.on('data', onData);
    stream.on('error', onError);
    stream.on('end', onEnd);
    stream.on('close', onClose);
    this.detach = () => {
      stream.off('data', onData);
      stream.off('error', onError);
      stream.off('end', onEnd);
      stream.off('close', onClose);
      // A late 'error' after teardown must not become an unhandled exception.
      stream.on('error', () => {});
    };
  }

  private onData(chunk: Buffer | string): void {
    this.lastDataAt = Date.now();
    try {
      this.parser.pushBlocks(chunk, this.onBlock);
    } catch (err) {
      this.teardown(
        new AmiConnectionLostError(`unreadable data: ${(err as Error).message}`),
        false,
      );
      return;
    }
    if (this.banner === null) {
      if (this.parser.banner !== null) this.banner = this.parser.banner;
      else if (!this.parser.awaitingBanner) {
        this.teardown(
          new AmiConnectionLostError('the peer is not an Asterisk Manager Interface (no banner)'),
          false,
        );
      }
    }
  }

  /** One complete message's text, straight from the parser. */
  private readonly onBlock = (buf: string, start: number, end: number): void => {
    // Nothing from a peer that did not greet as AMI is acted on (onData then hangs up).
    if (this.state === 'closed' || this.parser.banner === null) return;
    if (this.streaming > 0 && buf.startsWith('Event: ', start) && this.streamItem(buf, start, end))
      return;
    const msg = this.parser.parse(buf, start, end);
    if (msg === null) return;
    try {
      this.route(msg);
    } catch (err) {
      // A listener's bug must not end the connection, nor stop the messages after this one.
      this.log('warn', 'an AMI event listener failed', { error: (err as Error).message });
    }
  };

  /**
   * An item of a `listEach` action goes to its consumer read in place, never split into fields.
   * Returns false for any other message (it is then parsed and routed as usual).
   */
  private streamItem(buf: string, start: number, end: number): boolean {
    const text = buf.slice(start, end);
    const name = blockEventName(text);
    if (name === null) return false;
    const item = this.blockItem.reset(text, name);
    // Asterisk writes `ActionID` so; a message without it (or spelt otherwise) takes the parsed path.
    const id = item.exact('ActionID');
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p || !p.onItem) return false;
    if (name.endsWith('Complete') && isListComplete(item.get('EventList'))) {
      this.finish(p, []);
      if (this.streaming === 0) this.blockItem.release();
      return true;
    }
    this.deliver(
      p,
      isSecretBearingEvent(name)
        ? new MessageItem(stripSecrets(item.toMessage(), name), name)
        : item,
    );
    return true;
  }

  /** One item to a `listEach` consumer. */
  private deliver(p: Pending, item: AmiItem): void {
    p.count++;
    p.lastActivity = this.lastDataAt;
    try {
      p.onItem!(item);
    } catch (err) {
      // The consumer gave up: the action fails with its error, and the rest of the list (still
      // on its way) is dropped as answers to no pending action.
      this.finish(p, err instanceof Error ? err : new Error(String(err)));
      this.abandoned.add(p.id);
    }
  }

  private route(msg: AmiMessage): void {
    const first = msg.fields[0];
    if (!first) return;
    const key = first[0];
    if (key === 'Event' || key.toLowerCase() === 'event') {
      this.onEvent(msg, first[1]);
    } else if (key === 'Response' || key.toLowerCase() === 'response') {
      this.onResponse(msg, first[1]);
    } else {
      this.log('debug', 'AMI message that is neither an event nor a response', { firstKey: key });
    }
  }

  private onEvent(msg: AmiMessage, name: string): void {
    if (this.abandoned.size > 0) {
      const id = amiActionId(msg);
      if (id !== undefined && this.abandoned.has(id)) {
        if (name.endsWith('Complete')) this.abandoned.delete(id);
        return;
      }
    }
    if (this.pending.size > 0) {
      const id = amiActionId(msg);
      const p = id === undefined ? undefined : this.pending.get(id);
      if (p && p.list) {
        // Every list of Asterisk ends with a `…Complete` event: only those need the field scan.
        if (name.endsWith('Complete') && isListComplete(amiGet(msg, 'EventList'))) {
          this.finish(p, p.items);
        } else if (p.onItem) {
          // Reached only by items that do not look like `Event: ` at the very start (another
          // spelling of the key): the consumer gets them all the same.
          this.deliver(
            p,
            new MessageItem(isSecretBearingEvent(name) ? stripSecrets(msg, name) : msg, name),
          );
        } else {
          p.items.push(isSecretBearingEvent(name) ? stripSecrets(msg, name) : msg);
          p.lastActivity = Date.now();
        }
        return;
      }
    }
    if (this.consumers.length > 0 && this.consume(msg, name)) return;
    this.emit('event', isSecretBearingEvent(name) ? stripSecrets(msg, name) : msg, name);
  }

  private consume(msg: AmiMessage, name: string): boolean {
    const now = Date.now();
    this.consumers = this.consumers.filter((c) => c.expires > now);
    const i = this.consumers.findIndex((c) => c.name === name && c.match(msg));
    if (i < 0) return false;
    this.consumers.splice(i, 1);
    return true;
  }

  private onResponse(msg: AmiMessage, response: string): void {
    const id = amiActionId(msg);
    const p = id === undefined ? undefined : this.pending.get(id);
    if (!p) {
      this.log('debug', 'AMI response for no pending action (late answer to a timed-out action?)', {
        actionId: id,
      });
      return;
    }
    if (response.toLowerCase() === 'error') {
      const message = amiGet(msg, 'Message') ?? '';
      if (p.list && isEmptyListError(p.action, message)) this.finish(p, []);
      else this.finish(p, this.errorFor(p.action, msg, message));
      return;
    }
    if (!p.list) {
      this.finish(p, msg);
      return;
    }
    if ((amiGet(msg, 'EventList') ?? '').toLowerCase() === 'start') {
      p.lastActivity = Date.now();
      return;
    }
    // Success without a list: nothing will follow (the action is not a list action after all).
    this.finish(p, p.items);
  }

  private errorFor(action: string, msg: AmiMessage, message: string): AmiError {
    const lower = action.toLowerCase();
    if (lower === 'login' && message === 'Authentication failed')
      return new AmiAuthFailedError(this.options.username);
    if (message === 'Permission denied') return new AmiPermissionDeniedError(action);
    if (message.startsWith('Invalid/unknown command'))
      return new AmiUnknownActionError(action, message);
    if (lower === 'command') {
      const output = amiGetAll(msg, 'Output');
      if (output.length > 0)
        return new AmiActionError(action, output.join('\n').trim(), { output });
    }
    return new AmiActionError(action, message);
  }

  private startHeartbeat(): void {
    const every = this.options.heartbeatIntervalMs;
    if (!every || every <= 0) return;
    this.heartbeatTimer = setInterval(() => {
      if (this.heartbeatInFlight || this.state !== 'connected') return;
      // Data received lately proves the link; a pending action has its own timeout (and AMI
      // answers a session's actions in order, so a Ping behind a long Reload would look lost).
      if (Date.now() - this.lastDataAt < every || this.pending.size > 0) return;
      this.heartbeatInFlight = true;
      const timeout = this.options.heartbeatTimeoutMs;
      this.send('Ping', undefined, false, timeout, true).then(
        () => {
          this.heartbeatInFlight = false;
        },
        (err: unknown) => {
          this.heartbeatInFlight = false;
          if (err instanceof AmiTimeoutError) {
            this.teardown(
              new AmiConnectionLostError(`no answer to the heartbeat Ping within ${timeout} ms`),
              false,
            );
          }
        },
      );
    }, every);
    this.heartbeatTimer.unref();
  }

  private teardown(error: AmiConnectionLostError, byClient: boolean): void {
    if (this.state === 'closed' || this.state === 'idle') return;
    if (this.closing && !byClient) {
      // The server's close after our Logoff is part of closing, not a loss.
      error = new AmiConnectionLostError('closed by the client');
      byClient = true;
    }
    const wasConnected = this.state === 'connected';
    this.state = 'closed';
    if (this.heartbeatTimer) clearInterval(this.heartbeatTimer);
    this.heartbeatTimer = null;
    this.heartbeatInFlight = false;
    this.detach?.();
    this.detach = null;
    const stream = this.stream;
    this.stream = null;
    if (stream) {
      if (byClient) stream.end();
      stream.destroy();
    }
    const reason = (error.details['reason'] as string | undefined) ?? error.message;
    for (const p of [...this.pending.values()])
      this.finish(p, new AmiConnectionLostError(reason, p.action));
    this.consumers = [];
    this.abandoned.clear();
    this.log(byClient ? 'info' : 'warn', 'AMI connection ended', { reason });
    if (wasConnected) this.emit('disconnected', error);
  }

  private log(
    level: 'debug' | 'info' | 'warn',
    message: string,
    details?: Record<string, unknown>,
  ): void {
    this.options.log?.(level, message, details);
  }
}
