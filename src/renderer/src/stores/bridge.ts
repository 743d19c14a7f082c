import { create } from 'zustand';

/**
 * The link to the app's core. In Electron it cannot drop; in browser mode the bridge process can
 * die, and then nothing the page shows is current any more.
 */
interface BridgeState {
  connected: boolean;
  /** When the link was lost (ms), null while connected. */
  lostAt: number | null;
  setConnected(connected: boolean): void;
}

export const useBridge = create<BridgeState>((set, get) => ({
  connected: true,
  lostAt: null,
  setConnected(connected) {
    if (get().connected === connected) return;
    set({ connected, lostAt: connected ? null : Date.now() });
  },
}));

/** The WebSocket client reports its link here (a DOM event: it must not import the stores). */
export const BRIDGE_LINK_EVENT = 'rayanpbx-bridge-link';
