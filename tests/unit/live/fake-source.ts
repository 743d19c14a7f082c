import { type AmiItem, MessageItem } from '../../../src/main/core/ami/item';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import type { AmiSource, AmiSourceEvents } from '../../../src/main/core/live/ami-source';

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
  private listeners: { [K in keyof AmiSourceEvents]: Set<AmiSourceEvents[K]> } = {
    event: new Set(),
    connected: new Set(),
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

  isConnected(): boolean {
    return this.connected;
  }

  on<K extends keyof AmiSourceEvents>(ev: K, cb: AmiSourceEvents[K]): void {
    this.listeners[ev].add(cb);
  }

  off<K extends keyof AmiSourceEvents>(ev: K, cb: AmiSourceEvents[K]): void {
    this.listeners[ev].delete(cb);
  }

  connect(): void {
    this.connected = true;
    for (const cb of this.listeners.connected) cb();
  }

  drop(reason = 'connection reset'): void {
    this.connected = false;
    for (const cb of this.listeners.disconnected) cb(reason);
  }

  emit(...events: AmiMessage[]): void {
    for (const e of events) for (const cb of this.listeners.event) cb(e);
  }
}
