import type { LocalStoreOptions } from '../main/core/fleet/local-stores';
import type { FleetApi } from '../shared/types';

/** Commands answered from this workstation's files alone (settings, audit log): no PBX. */
export function readsOnlyLocalFiles(cmd: string, rest: string[]): boolean {
  return (cmd === 'host' && rest[0] === 'list') || cmd === 'audit';
}

/** FleetApi's calls that answer at once rather than with a promise. */
const SYNC_CALLS = new Set<string>(['recentEvents', 'onEvent', 'onHostState', 'onHostChange']);

/**
 * The fleet for a command that reads only local files. Loading the core (ssh2, the zod schemas,
 * every operation) is most of a start's time, so `listHosts` and `auditLog` are answered from the
 * settings and audit files directly, and the core loads only if another call is made; from then
 * on it answers everything.
 */
export async function localFirstFleet(
  loadCore: () => Promise<FleetApi>,
  stores: LocalStoreOptions = {},
): Promise<FleetApi> {
  const { openLocalStores, readAuditLog, untouchedHostState } =
    await import('../main/core/fleet/local-stores');
  const local = openLocalStores(stores);
  let core: FleetApi | null = null;
  let loading: Promise<FleetApi> | null = null;
  const load = () =>
    (loading ??= loadCore().then((f) => {
      core = f;
      return f;
    }));
  const localAnswers: Partial<FleetApi> = {
    // No session has run in this process: every host is as a fresh core would report it.
    listHosts: async () =>
      local.hosts.list().map((h) => ({ ...h, state: untouchedHostState(h.name) })),
    auditLog: (host) => readAuditLog(local.hosts, local.audit, host),
  };
  return new Proxy({} as FleetApi, {
    get(_target, prop) {
      // Not a promise: `await localFirstFleet(…)` must give this object, not call a `then`.
      if (typeof prop !== 'string' || prop === 'then') return undefined;
      if (prop === 'close') return async () => (loading ? (await loading).close() : undefined);
      const answer = localAnswers[prop as keyof FleetApi];
      if (!loading && answer) return answer;
      if (SYNC_CALLS.has(prop)) {
        if (!core) throw new Error(`fleet.${prop} was called before the core was loaded`);
        const loaded: FleetApi = core;
        return (loaded[prop as keyof FleetApi] as (...a: unknown[]) => unknown).bind(loaded);
      }
      return async (...args: unknown[]) => {
        const f = await load();
        return (f[prop as keyof FleetApi] as (...a: unknown[]) => unknown).apply(f, args);
      };
    },
  });
}
