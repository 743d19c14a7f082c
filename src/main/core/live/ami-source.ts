import type { AmiItem } from '../ami/item';
import type { AmiMessage } from '../ami/message';

/**
 * The little the live layer needs from an AMI connection. Kept this small on purpose: the real
 * client (src/main/core/ami) is adapted to it by the fleet, and unit tests drive it with the
 * recorded transcript bytes, so the live logic is tested against what Asterisk really sends.
 */
export interface AmiSourceEvents {
  /** Every unsolicited `Event:` message, in wire order (list-action items are not included). */
  event: (m: AmiMessage) => void;
  /** Logged in and ready for actions (also after every reconnect). */
  connected: () => void;
  /** The connection is gone; pending actions have failed. */
  disconnected: (reason?: string) => void;
}

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
  isConnected(): boolean;
  on<K extends keyof AmiSourceEvents>(ev: K, cb: AmiSourceEvents[K]): void;
  off<K extends keyof AmiSourceEvents>(ev: K, cb: AmiSourceEvents[K]): void;
}
