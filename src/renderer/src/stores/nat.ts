import { create } from 'zustand';
import type { OutputOf } from '../../../shared/ipc';
import type { TransportInfo } from '../../../shared/types';
import { call, errorText } from '../api/client';

type NatView = OutputOf<'nat/get'>;
type NatResult = OutputOf<'nat/set'>;

interface HostNat {
  transports: TransportInfo[];
  nat: NatView | null;
  loading: boolean;
  error: string | null;
  /** The last change's result: drives the "restart needed" banner. */
  lastResult: NatResult | null;
}

interface NatState {
  byHost: Record<string, HostNat>;
  load(host: string, transport?: string): Promise<void>;
  setResult(host: string, r: NatResult): void;
}

const empty = (): HostNat => ({
  transports: [],
  nat: null,
  loading: false,
  error: null,
  lastResult: null,
});

export const useNat = create<NatState>((set, get) => ({
  byHost: {},
  async load(host, transport) {
    const prev = get().byHost[host] ?? empty();
    set({ byHost: { ...get().byHost, [host]: { ...prev, loading: true, error: null } } });
    try {
      const [transports, nat] = await Promise.all([
        call('transports/list', { host }),
        call('nat/get', { host, transport }).catch((err: unknown) => {
          // A host without any transport has no NAT to show yet; the page offers to create one.
          if ((err as { code?: string }).code === 'TRANSPORT_NOT_FOUND') return null;
          throw err;
        }),
      ]);
      set({
        byHost: {
          ...get().byHost,
          [host]: { ...get().byHost[host]!, transports, nat, loading: false },
        },
      });
    } catch (err) {
      set({
        byHost: {
          ...get().byHost,
          [host]: { ...get().byHost[host]!, loading: false, error: errorText(err) },
        },
      });
    }
  },
  setResult(host, r) {
    const prev = get().byHost[host] ?? empty();
    set({ byHost: { ...get().byHost, [host]: { ...prev, lastResult: r } } });
  },
}));
