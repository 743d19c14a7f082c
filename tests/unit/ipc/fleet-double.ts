import type { FleetApi, HostState } from '../../../src/shared/types';
import type { ApplyResult, DomainEvent, HostChange } from '../../../src/shared/types';

/**
 * A FleetApi stand-in that records every call. The IPC layer must only ever talk to the facade;
 * these tests check what reaches it (and what must not), not the core's behaviour.
 */
export function recordingFleet() {
  const calls: Array<{ method: string; args: unknown[] }> = [];
  const eventCbs = new Set<(ev: DomainEvent) => void>();
  const stateCbs = new Set<(s: HostState) => void>();
  const hostCbs = new Set<(name: string, change: HostChange) => void>();
  const apply: ApplyResult = {
    written: ['pjsip.conf'],
    reloaded: true,
    verified: true,
    rolledBack: false,
    reason: null,
    mismatches: [],
    sshRoundTrips: 3,
    amiRoundTrips: 2,
    durationMs: 5,
    reloadMs: 0,
    restartNeeded: false,
    reloadedModules: ['res_pjsip.so'],
    liveDialplan: [],
    waitedMs: 0,
    notes: [],
  };
  let failWith: unknown = null;
  const rec =
    <T>(method: string, value: T) =>
    async (...args: unknown[]): Promise<T> => {
      calls.push({ method, args });
      if (failWith) throw failWith;
      return value;
    };
  const fleet: FleetApi = {
    listHosts: rec('listHosts', []),
    probeHost: rec('probeHost', {
      fingerprint: 'SHA256:x',
      keyType: 'ssh-ed25519',
      trusted: false,
      via: null,
    }),
    addHost: async (config, secrets) => {
      calls.push({ method: 'addHost', args: [config, secrets] });
      if (failWith) throw failWith;
      return config;
    },
    updateHost: rec('updateHost', null as never),
    removeHost: rec('removeHost', undefined),
    renameHost: rec('renameHost', null as never),
    reconnectHost: rec('reconnectHost', undefined),
    checkHost: rec('checkHost', []),
    keychainStatus: rec('keychainStatus', { available: true, message: null }),
    supervise: rec('supervise', undefined),
    trustHost: rec('trustHost', undefined),
    listExtensions: rec('listExtensions', []),
    createExtension: rec('createExtension', { apply, extension: null, password: null }),
    updateExtension: rec('updateExtension', { apply, extension: null, password: null }),
    deleteExtension: rec('deleteExtension', { apply, extension: null, password: null }),
    setExtensionEnabled: rec('setExtensionEnabled', { apply, extension: null, password: null }),
    adoptExtensions: rec('adoptExtensions', {
      dryRun: true,
      adopted: [],
      refused: [],
      diffs: [],
      apply: null,
    }),
    softphoneSettings: rec('softphoneSettings', null as never),
    extensionOtherOptions: rec('extensionOtherOptions', []),
    knownCodecs: rec('knownCodecs', { codecs: [], source: 'common' }),
    showDialplan: rec('showDialplan', []),
    reloadDialplan: rec('reloadDialplan', { reloadMs: 1, waitedMs: 0 }),
    listTransports: rec('listTransports', []),
    ensureTransport: rec('ensureTransport', { apply, created: false, transport: 'transport-udp' }),
    getNat: rec('getNat', null as never),
    setNat: rec('setNat', null as never),
    listTrunks: rec('listTrunks', []),
    exportExtensions: rec('exportExtensions', []),
    planImport: rec('planImport', {
      rows: 0,
      errors: [],
      create: [],
      update: [],
      delete: [],
      unchanged: 0,
      conflicts: [],
      generatedPasswords: 0,
      ok: true,
    }),
    importExtensions: rec('importExtensions', {
      plan: {
        rows: 1,
        errors: [],
        create: ['1001'],
        update: [],
        delete: [],
        unchanged: 0,
        conflicts: [],
        generatedPasswords: 1,
        ok: true,
      },
      apply,
      generated: [{ number: '1001', password: 'Generated-Secret-1' }],
    }),
    rotatePasswords: rec('rotatePasswords', { apply, credentials: [] }),
    createTrunk: rec('createTrunk', { apply, trunk: null, live: null }),
    updateTrunk: rec('updateTrunk', { apply, trunk: null, live: null }),
    deleteTrunk: rec('deleteTrunk', { apply, trunk: null, live: null }),
    setTrunkEnabled: rec('setTrunkEnabled', { apply, trunk: null, live: null }),
    sendTrunkRegistration: rec('sendTrunkRegistration', null),
    listHistory: rec('listHistory', { host: 'pbx', backupsToKeep: 10, entries: [] }),
    historyDiff: rec('historyDiff', { id: 'x', files: [] }),
    restoreHistory: rec('restoreHistory', { apply, id: 'x' }),
    auditLog: rec('auditLog', []),
    liveStatus: rec('liveStatus', []),
    calls: rec('calls', []),
    recentEvents: (...args: unknown[]) => {
      calls.push({ method: 'recentEvents', args });
      return [];
    },
    runDoctor: async (host, onProgress) => {
      calls.push({ method: 'runDoctor', args: [host] });
      const check = {
        id: 'asterisk',
        title: 'Asterisk running',
        level: 'ok' as const,
        detail: '22.10.1',
        hint: null,
      };
      onProgress?.(check);
      return [check];
    },
    onEvent: (cb) => {
      eventCbs.add(cb);
      return () => eventCbs.delete(cb);
    },
    onHostState: (cb) => {
      stateCbs.add(cb);
      return () => stateCbs.delete(cb);
    },
    onHostChange: (cb) => {
      hostCbs.add(cb);
      return () => hostCbs.delete(cb);
    },
    close: async () => undefined,
  };
  return {
    fleet,
    calls,
    emit: (ev: DomainEvent) => eventCbs.forEach((cb) => cb(ev)),
    emitState: (s: HostState) => stateCbs.forEach((cb) => cb(s)),
    failNextWith(err: unknown) {
      failWith = err;
    },
    listenerCount: () => eventCbs.size + stateCbs.size + hostCbs.size,
  };
}

/** An IpcTransport that keeps the handlers in a map, like the WebSocket bridge does. */
export function memoryTransport() {
  const handlers = new Map<string, (raw: unknown) => Promise<unknown>>();
  return {
    handle: (ch: string, fn: (raw: unknown) => Promise<unknown>) => void handlers.set(ch, fn),
    removeHandler: (ch: string) => void handlers.delete(ch),
    handlers,
  };
}

/** Settings kept in memory, with the same get/set surface as the settings file. */
export function memorySettings() {
  const data = new Map<string, unknown>();
  return {
    get: <T>(k: string) => data.get(k) as T | undefined,
    set: (k: string, v: unknown) => void data.set(k, structuredClone(v)),
    data,
  };
}
