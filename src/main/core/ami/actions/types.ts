import type { AmiMessage } from '../message';
import type { AmiActionFields } from '../wire';

export interface AmiActionOptions {
  /** Overrides the connection's action timeout (for a list: the longest wait for its next item). */
  timeoutMs?: number;
}

/** The three primitives every typed helper is written against (AmiClient and ReconnectingAmi). */
export interface AmiActions {
  action(name: string, fields?: AmiActionFields, options?: AmiActionOptions): Promise<AmiMessage>;
  listAction(
    name: string,
    fields?: AmiActionFields,
    options?: AmiActionOptions,
  ): Promise<AmiMessage[]>;
  command(cli: string, options?: AmiActionOptions): Promise<string[]>;
  /**
   * Swallows the next unsolicited event named `eventName` that `match` accepts within `ttlMs`
   * (e.g. the `Reload` event following our own `Reload` action) instead of emitting it.
   */
  consumeNextEvent(eventName: string, match: (msg: AmiMessage) => boolean, ttlMs: number): void;
}
