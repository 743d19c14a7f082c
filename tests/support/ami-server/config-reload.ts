import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { amiGet } from '../../../src/main/core/ami/message';
import { coreShowCodecs } from './codecs';
import {
  coreShowChannels,
  pjsipShowContacts,
  pjsipShowEndpoints,
  pjsipShowTransports,
} from './cli';
import { loadDialplan } from './dialplan-model';
import { cdrTime } from './formats';
import type { LoadReport } from './pjsip-model';
import { loadPjsip } from './pjsip-model';
import { reloadMs } from './reload-cost';
import { amiReloadAnswer, cliReloadLine, ModuleReloader } from './module-reloader';
import type { ReloadStatus } from './module-reloader';
import type { AmiTestServer } from './server';
import type { ActionHandler } from './sessions';
import { sleep } from './sessions';
import { readRegistrations } from './trunks';

/**
 * Reading pjsip.conf and extensions.conf, and reloading them as Asterisk does: one module reload
 * at a time (module-reloader.ts), each costing what it costs a real Asterisk (reload-cost.ts),
 * and the `Reload` and `Command` actions that ask for them.
 */

const PJSIP_RELOAD_MODULES = [
  'res_pjsip.so',
  'res_pjsip_authenticator_digest.so',
  'res_pjsip_endpoint_identifier_ip.so',
  'res_pjsip_mwi.so',
  'res_pjsip_notify.so',
  'res_pjsip_outbound_publish.so',
  'res_pjsip_publish_asterisk.so',
  'res_pjsip_outbound_registration.so',
];

const KNOWN_MODULES = new Set([
  ...PJSIP_RELOAD_MODULES,
  'pbx_config.so',
  'chan_pjsip.so',
  'res_pjsip_session.so',
  'res_pjsip_registrar.so',
  'manager',
  'app_dial.so',
  'res_rtp_asterisk.so',
]);

export class ConfigReloads {
  lastReloadAt = Date.now();
  readonly reloader = new ModuleReloader(
    (m) => KNOWN_MODULES.has(m),
    (m) => this.runModuleReload(m),
  );
  /** Dialplan loads run one after the other (pbx.c's context_merge_lock). */
  private dialplanChain: Promise<unknown> = Promise.resolve();
  private dialplanLoads = 0;

  constructor(private readonly srv: AmiTestServer) {}

  get dialplanLoadInProgress(): boolean {
    return this.dialplanLoads > 0;
  }

  /** Re-reads both config files as `core reload` would (no AMI session involved). */
  reloadAll(): void {
    this.loadPjsipFile();
    this.loadDialplanFile();
    this.lastReloadAt = Date.now();
  }

  loadPjsipFile(): LoadReport {
    const file = join(this.srv.options.configDir, 'pjsip.conf');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const { state, report } = loadPjsip(
      text,
      this.srv.reloadReports.length === 0 ? null : this.srv.pjsip,
    );
    this.srv.pjsip = state;
    this.srv.reloadReports.push(report);
    // Contacts of AORs that no longer exist go away with them.
    for (const aor of [...this.srv.registrations.contacts.keys()])
      if (!state.aors.has(aor)) this.srv.registrations.contacts.delete(aor);
    // A second parse only where there are trunks: a 10,000-extension reload stays as cheap as measured.
    if (report.parsed)
      this.srv.trunks.load(
        /^\s*type\s*=\s*registration\b/m.test(text) ? readRegistrations(text) : new Map(),
      );
    return report;
  }

  loadDialplanFile(): boolean {
    const file = join(this.srv.options.configDir, 'extensions.conf');
    if (!existsSync(file)) return false;
    const load = loadDialplan(readFileSync(file, 'utf8'));
    if (!load) return false;
    this.srv.dialplan = load.dialplan;
    this.srv.dialplanReports.push(load.warnings);
    return true;
  }

  private async reloadPjsip(): Promise<void> {
    const t0 = Date.now();
    const report = this.loadPjsipFile();
    this.lastReloadAt = Date.now();
    const ms = reloadMs(
      this.srv.options.reloadCost,
      {
        module: 'res_pjsip.so',
        endpoints: this.srv.pjsip.endpoints.size,
        newObjects: report.newObjects,
        changedObjects: report.changedObjects,
        unchangedObjects: report.unchangedObjects,
      },
      this.srv.options.reloadTimeScale,
    );
    // The simulated cost includes what reading the file took here, so a reload of a big file
    // costs what it does on a real Asterisk, not that plus our own parsing.
    const wait = ms - (Date.now() - t0);
    if (wait > 0) await sleep(wait);
    this.countReload('res_pjsip.so');
  }

  /**
   * A pbx_config load: extensions.conf is read when it starts, and the dialplan it gives
   * replaces the running one (live edits included) when it ends — so a live edit made while
   * it runs is lost unless the file read at the start already had it. Costs grow with the
   * hints already loaded (reload-cost.ts). An unparsable file keeps the old dialplan (43).
   */
  reloadDialplan(): Promise<void> {
    const run = this.dialplanChain.then(() => this.loadDialplanTimed());
    this.dialplanChain = run.catch(() => undefined);
    return run;
  }

  private async loadDialplanTimed(): Promise<void> {
    this.dialplanLoads++;
    try {
      const t0 = Date.now();
      const file = join(this.srv.options.configDir, 'extensions.conf');
      const load = existsSync(file) ? loadDialplan(readFileSync(file, 'utf8')) : null;
      const ms = reloadMs(
        this.srv.options.reloadCost,
        {
          module: 'pbx_config.so',
          priorities: load?.dialplan.priorityCount ?? 0,
          hints: load?.dialplan.hintCount ?? 0,
          loadedHints: this.srv.dialplan.hintCount,
        },
        this.srv.options.reloadTimeScale,
      );
      const wait = ms - (Date.now() - t0);
      if (wait > 0) await sleep(wait);
      if (load) {
        this.srv.dialplan = load.dialplan;
        this.srv.dialplanReports.push(load.warnings);
      }
      this.countReload('pbx_config.so');
    } finally {
      this.dialplanLoads--;
    }
  }

  private countReload(module: string): void {
    this.srv.reloadCounts.set(module, (this.srv.reloadCounts.get(module) ?? 0) + 1);
  }

  /** What one module reload does once it holds the lock (null: every module). */
  private async runModuleReload(canonical: string | null): Promise<void> {
    this.lastReloadAt = Date.now();
    if (canonical === null || canonical === 'res_pjsip.so') await this.reloadPjsip();
    if (canonical === null || canonical === 'pbx_config.so') await this.reloadDialplan();
  }

  reloadEvent(module: string, status: string): void {
    this.srv.bus.broadcastEvent('Reload', [
      ['Privilege', 'system,all'],
      ['Module', module],
      ['Status', status],
    ]);
  }
}

export const reloadHandlers: Record<string, ActionHandler> = {
  async command(srv, { msg, respond }) {
    const cmd = (amiGet(msg, 'Command') ?? '').trim().replace(/\s+/g, ' ');
    const lower = cmd.toLowerCase();
    srv.commandCounts.set(lower, (srv.commandCounts.get(lower) ?? 0) + 1);
    const output = (lines: string[]): void =>
      respond('Success', [
        ['Message', 'Command output follows'],
        ...lines.map((l): [string, string] => ['Output', l]),
      ]);
    if (lower === 'pjsip show endpoints') return output(pjsipShowEndpoints(srv));
    if (lower === 'pjsip show contacts') return output(pjsipShowContacts(srv));
    if (lower === 'pjsip show transports') return output(pjsipShowTransports(srv));
    if (lower === 'core show channels')
      return output(coreShowChannels(srv, srv.calls.processedCalls));
    if (lower === 'core show codecs' && srv.answersCoreShowCodecs) return output(coreShowCodecs());
    if (lower === 'core show version') {
      return output([
        `Asterisk ${srv.options.asteriskVersion} built by root @ vm on a x86_64 running Linux on ${cdrTime(srv.startedAt)} UTC`,
      ]);
    }
    if (lower === 'dialplan reload') {
      await srv.reloads.reloadDialplan();
      return output(['Dialplan reloaded.']);
    }
    // `module reload a [b …]`: Asterisk's CLI reloads each named module in turn, one line each;
    // `pjsip reload` is an alias for the eight PJSIP modules (24c).
    const mod = /^module reload (\S+(?: \S+)*)$/i.exec(cmd);
    if (mod || lower === 'pjsip reload') {
      const names = mod ? mod[1]!.split(' ') : PJSIP_RELOAD_MODULES;
      const outcomes: Array<[string, ReloadStatus]> = [];
      for (const m of names) outcomes.push([m, await srv.reloads.reloader.reload(m)]);
      output(outcomes.map(([m, st]) => cliReloadLine(m, st)));
      // ast_module_reload publishes every outcome, a refusal or an unknown module too.
      for (const [m, st] of outcomes) srv.reloads.reloadEvent(m, String(st));
      return;
    }
    respond('Error', [
      ['Message', 'Command output follows'],
      [
        'Output',
        `No such command '${cmd}' (type 'core show help ${cmd}' for other possible commands)`,
      ],
    ]);
  },
  async reload(srv, { msg, respond }) {
    const module = amiGet(msg, 'Module');
    const name = module === undefined || module.trim() === '' ? null : module;
    const status = await srv.reloads.reloader.reload(name);
    const answer = amiReloadAnswer(status);
    respond(answer.response, [['Message', answer.message]]);
    srv.reloads.reloadEvent(name ?? 'All', String(status));
  },
};
