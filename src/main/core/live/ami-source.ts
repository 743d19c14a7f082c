import type { AmiItem } from '../ami/item';
import type { AmiMessage } from '../ami/message';

/**
 * The little the live layer needs from an AMI connection: a part of what the reconnecting client
 * (src/main/core/ami/reconnecting.ts) is, so the fleet hands that client over as it is. Unit tests
 * drive the live layer with the recorded transcript bytes instead (tests/unit/live/fake-source.ts).
 */
export interface AmiSourceEvents {
  /** Every unsolicited `Event:` message, in wire order (list-action items are not included). */
  event: [msg: AmiMessage, name: string];
  /** Logged in and ready for actions, the first time. */
  connected: [info: { banner: string | null }];
  /** Logged in again after a loss: whatever was read before is to be read again. */
  reconnected: [info: { banner: string | null; attempts: number }];
  /** The connection is gone; pending actions have failed. */
  disconnected: [error: Error];
}

export type AmiSourceListener<K extends keyof AmiSourceEvents> = (
  ...args: AmiSourceEvents[K]
) => void;

export interface AmiSource {
  /**
   * Runs a list action and resolves with its item events (without the `…Complete` event).
   * "Nothing found" errors such as `No Contacts found` resolve to `[]`; other errors reject.
   */
  listAction(action: string, fields?: Record<string, string>): Promise<AmiMessage[]>;
  /**
   * The same, with each item handed to `onItem` as it arrives (valid only during the call)
   * instead of collected; resolves with the number of items.
   */
  listEach(
    action: string,
    fields: Record<string, string> | undefined,
    onItem: (item: AmiItem) => void,
  ): Promise<number>;
  /** True while logged in, so a consumer started late can sync at once. */
  readonly connected: boolean;
  // One signature per event (not one generic): the client's EventEmitter typing fits these.
  on(ev: 'event', cb: AmiSourceListener<'event'>): unknown;
  on(ev: 'connected', cb: AmiSourceListener<'connected'>): unknown;
  on(ev: 'reconnected', cb: AmiSourceListener<'reconnected'>): unknown;
  on(ev: 'disconnected', cb: AmiSourceListener<'disconnected'>): unknown;
  off(ev: 'event', cb: AmiSourceListener<'event'>): unknown;
  off(ev: 'connected', cb: AmiSourceListener<'connected'>): unknown;
  off(ev: 'reconnected', cb: AmiSourceListener<'reconnected'>): unknown;
  off(ev: 'disconnected', cb: AmiSourceListener<'disconnected'>): unknown;
}
