import type { BulkProgress, ChangeOptions, FleetApi } from '../../shared/types';
import { exportCsv, exportJson } from '../core/bulk/export';
import type {
  ApplyProgress,
  DoctorProgress,
  InvokeChannel,
  OutputOf,
  ParsedInputOf,
} from '../../shared/ipc';
import type { AppSettingsService } from '../core/settings/app-settings';

export interface IpcServices {
  settings: AppSettingsService;
  /** Native "open file" dialog; absent where there is none (the browser bridge). */
  pickKeyFile?: () => Promise<string | null>;
}

export interface HandlerContext {
  /** Sends doctor progress to every window (each window filters on its own runId). */
  doctorProgress(p: DoctorProgress): void;
  /** Sends a change's progress (a wait for someone else's reload) to every window. */
  applyProgress(p: ApplyProgress): void;
  /** A large import's progress, to every window. */
  bulkProgress(p: BulkProgress): void;
}

export type Handler<C extends InvokeChannel> = (
  input: ParsedInputOf<C>,
  ctx: HandlerContext,
) => Promise<OutputOf<C>> | OutputOf<C>;
export type Handlers = { [C in InvokeChannel]: Handler<C> };

/**
 * One handler per contract key, each a direct call into the FleetApi facade. Inputs arrive
 * already parsed by the contract's schema; nothing here reaches into core internals.
 */
export function createHandlers(fleet: FleetApi, services: IpcServices): Handlers {
  return {
    'hosts/list': () => fleet.listHosts(),
    'hosts/probe': ({ config, secrets }) => fleet.probeHost(config, secrets),
    'hosts/add': ({ config, secrets }) => fleet.addHost(config, secrets),
    'hosts/update': ({ name, patch, secrets }) => fleet.updateHost(name, patch, secrets),
    'hosts/remove': ({ name }) => fleet.removeHost(name),
    'hosts/rename': ({ name, newName }) => fleet.renameHost(name, newName),
    'hosts/check': ({ config, secrets }) => fleet.checkHost(config, secrets),
    'hosts/reconnect': ({ name }) => fleet.reconnectHost(name),
    'hosts/trust': ({ name, fingerprint }) => fleet.trustHost(name, fingerprint),
    'secrets/status': () => fleet.keychainStatus(),

    'extensions/list': ({ host }) => fleet.listExtensions(host),
    'extensions/create': ({ host, extension, dialplan }, ctx) =>
      withProgress(host, dialplan, ctx, (o) => fleet.createExtension(host, extension, o)),
    'extensions/update': ({ host, number, patch, dialplan }, ctx) =>
      withProgress(host, dialplan, ctx, (o) => fleet.updateExtension(host, number, patch, o)),
    'extensions/delete': ({ host, number }, ctx) =>
      withProgress(host, undefined, ctx, (o) => fleet.deleteExtension(host, number, o)),
    'extensions/setEnabled': ({ host, number, enabled, dialplan }, ctx) =>
      withProgress(host, dialplan, ctx, (o) => fleet.setExtensionEnabled(host, number, enabled, o)),
    'extensions/adopt': ({ host, numbers, dryRun }, ctx) =>
      withProgress(host, undefined, ctx, (o) =>
        fleet.adoptExtensions(host, numbers, { ...o, dryRun }),
      ),
    'bulk/export': async ({ host, format }) => {
      const rows = await fleet.exportExtensions(host, { withPasswords: false });
      const content =
        format === 'json' ? exportJson(host, rows, new Date()) : exportCsv(rows, false);
      return { fileName: `${host}-extensions.${format}`, content, count: rows.length };
    },
    'bulk/plan': ({ host, content, update, deleteMissing }) =>
      fleet.planImport(host, content, { update, deleteMissing }),
    'bulk/import': async ({ host, content, update, deleteMissing }, ctx) => {
      const { generated: _secrets, ...result } = await withProgress(host, undefined, ctx, (o) =>
        fleet.importExtensions(host, content, {
          update,
          deleteMissing,
          ...o,
          onBulkProgress: (p) => ctx.bulkProgress(p),
        }),
      );
      return result;
    },
    'dialplan/show': ({ host, number }) => fleet.showDialplan(host, number),
    'dialplan/reload': ({ host }, ctx) =>
      withProgress(host, undefined, ctx, (o) => fleet.reloadDialplan(host, o)),
    'extensions/softphone': ({ host, number }) => fleet.softphoneSettings(host, number),
    'extensions/otherOptions': ({ host, number }) => fleet.extensionOtherOptions(host, number),
    'extensions/codecs': ({ host }) => fleet.knownCodecs(host),

    'history/list': ({ host }) => fleet.listHistory(host),
    'history/diff': ({ host, id }) => fleet.historyDiff(host, id),
    'history/restore': ({ host, id, unrecorded }) => fleet.restoreHistory(host, id, { unrecorded }),
    'audit/list': ({ host }) => fleet.auditLog(host),

    'transports/list': ({ host }) => fleet.listTransports(host),
    'transports/ensure': ({ host }) => fleet.ensureTransport(host),
    'nat/get': ({ host, transport }) => fleet.getNat(host, transport),
    'nat/set': ({ host, transport, nat }) => fleet.setNat(host, transport, nat),

    'trunks/list': ({ host }) => fleet.listTrunks(host),
    'trunks/create': ({ host, trunk }, ctx) =>
      withProgress(host, undefined, ctx, (o) => fleet.createTrunk(host, trunk, o)),
    'trunks/update': ({ host, name, patch }, ctx) =>
      withProgress(host, undefined, ctx, (o) => fleet.updateTrunk(host, name, patch, o)),
    'trunks/delete': ({ host, name }, ctx) =>
      withProgress(host, undefined, ctx, (o) => fleet.deleteTrunk(host, name, o)),
    'trunks/setEnabled': ({ host, name, enabled }, ctx) =>
      withProgress(host, undefined, ctx, (o) => fleet.setTrunkEnabled(host, name, enabled, o)),
    'trunks/register': ({ host, name, register }) =>
      fleet.sendTrunkRegistration(host, name, register),

    'live/status': ({ host }) => fleet.liveStatus(host),
    'calls/list': ({ host, limit }) => fleet.calls(host, limit),
    'events/recent': ({ host }) => fleet.recentEvents(host),
    'doctor/run': ({ host, runId }, ctx) =>
      fleet.runDoctor(host, (check) => ctx.doctorProgress({ runId, host, check })),

    'settings/get': () => services.settings.get(),
    'settings/set': (patch) => services.settings.patch(patch),
    'system/pickKeyFile': async () => ({
      path: services.pickKeyFile ? await services.pickKeyFile() : null,
    }),
  };
}

/**
 * A change with its progress sent to every window; a step shown there (a wait for someone
 * else's reload) is taken down when the change ends, however it ends.
 */
async function withProgress<T>(
  host: string,
  dialplan: 'take-over' | 'leave-pattern' | undefined,
  ctx: HandlerContext,
  run: (opts: ChangeOptions) => Promise<T>,
): Promise<T> {
  let shown = false;
  try {
    return await run({
      ...(dialplan ? { dialplan } : {}),
      onProgress: (message: string) => {
        shown = true;
        ctx.applyProgress({ host, message, since: Date.now(), done: false });
      },
    });
  } finally {
    if (shown) ctx.applyProgress({ host, message: '', since: Date.now(), done: true });
  }
}
