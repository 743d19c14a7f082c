import { type AmiItem, MessageItem } from '../../../src/main/core/ami/item';
import { amiEventName, type AmiMessage } from '../../../src/main/core/ami/message';
import type {
  AmiSource,
  AmiSourceEvents,
  AmiSourceListener,
} from '../../../src/main/core/live/ami-source';

type Answer =
  | AmiMessage[]
  | Error
  | ((fields?: Record<string, string>) => AmiMessage[] | Error | Promise<AmiMessage[]>);

/**
 * Test support: an AmiSource whose list actions answer with recorded transcript items (or an
 * error), whose events are the recorded events, and which can connect and drop at will.
 */
export class FakeSource implements AmiSource {
  connected = false;
  answers = new Map<string, Answer>();
  requests: Array<{ action: string; fields?: Record<string, string> }> = [];
  private everConnected = false;
  private listeners: { [K in keyof AmiSourceEvents]: Set<AmiSourceListener<K>> } = {
    event: new Set(),
    connected: new Set(),
    reconnected: new Set(),
    disconnected: new Set(),
  };

  answer(action: string, a: Answer): this {
    this.answers.set(action, a);
    return this;
  }

  async listAction(action: string, fields?: Record<string, string>): Promise<AmiMessage[]> {
    this.requests.push({ action, fields });
    await Promise.resolve();
    if (!this.connected) throw new Error('AMI connection lost');
    const a = this.answers.get(action);
    if (a === undefined) throw new Error(`Invalid/unknown command: ${action}`);
    const r = typeof a === 'function' ? await a(fields) : a;
    if (r instanceof Error) throw r;
    return r;
  }

  async listEach(
    action: string,
    fields: Record<string, string> | undefined,
    onItem: (item: AmiItem) => void,
  ): Promise<number> {
    const items = await this.listAction(action, fields);
    for (const m of items) onItem(new MessageItem(m));
    return items.length;
  }

  on<K extends keyof AmiSourceEvents>(ev: K, cb: AmiSourceListener<K>): void {
    this.listeners[ev].add(cb);
  }

  off<K extends keyof AmiSourceEvents>(ev: K, cb: AmiSourceListener<K>): void {
    this.listeners[ev].delete(cb);
  }

  /** Logged in: 'connected' the first time, 'reconnected' after, as the reconnecting client says. */
  connect(): void {
    this.connected = true;
    const info = { banner: 'Asterisk Call Manager/11.0.0' };
    if (this.everConnected)
      for (const cb of this.listeners.reconnected) cb({ ...info, attempts: 1 });
    else for (const cb of this.listeners.connected) cb(info);
    this.everConnected = true;
  }

  drop(reason = 'connection reset'): void {
    this.connected = false;
    for (const cb of this.listeners.disconnected) cb(new Error(reason));
  }

  emit(...events: AmiMessage[]): void {
    for (const e of events) for (const cb of this.listeners.event) cb(e, amiEventName(e) ?? '');
  }
}
