import type { AmiMessage } from '../message';
import { amiEventName, amiGet, amiStrings } from '../message';
import { AmiActionError, AmiReloadBusyError, isReloadBusyMessage } from '../errors';
import type { AmiActionOptions, AmiActions } from './types';

/** A reload of a big PJSIP config takes seconds on a real Asterisk (1.5 s for 10,000 new endpoints). */
export const RELOAD_TIMEOUT_MS = 120_000;

export interface ReloadResult {
  /** The module as sent, or `All` for a full reload. */
  module: string;
  /** Asterisk's answer, normally `Module Reloaded`. */
  message: string;
}

/**
 * `Reload` of one module (`res_pjsip.so`, or `res_pjsip` — both work), or of everything when
 * `module` is omitted. Asterisk answers after the reload has finished, and says `Module
 * Reloaded` even when the file could not be parsed: only reading back tells whether it applied.
 * The `Reload` event that follows (when events are on) is consumed here, not re-emitted.
 * An unknown module fails with `AmiActionError` ("No such module").
 */
export async function reloadModule(
  ami: AmiActions,
  module?: string,
  options: AmiActionOptions = {},
): Promise<ReloadResult> {
  const target = module ?? 'All';
  const lower = target.toLowerCase();
  ami.consumeNextEvent('Reload', (m) => (amiGet(m, 'Module') ?? '').toLowerCase() === lower, 5_000);
  let res: AmiMessage;
  try {
    res = await ami.action('Reload', module === undefined ? undefined : { Module: module }, {
      timeoutMs: options.timeoutMs ?? RELOAD_TIMEOUT_MS,
    });
  } catch (err) {
    if (err instanceof AmiActionError && isReloadBusyMessage(err.serverMessage))
      throw new AmiReloadBusyError('Reload', err.serverMessage);
    throw err;
  }
  return { module: target, message: amiGet(res, 'Message') ?? '' };
}

/**
 * Several modules in ONE round trip: the CLI's `module reload a.so b.so` reloads each in turn
 * (res_pjsip.so for pjsip.conf, pbx_config.so for extensions.conf) and answers one line per
 * module. A line other than "Module '<m>' reloaded successfully." is an error naming it. As with
 * `Reload`, success says nothing about whether the files parsed: only reading back tells.
 */
export async function reloadModules(
  ami: AmiActions,
  modules: readonly string[],
  options: AmiActionOptions = {},
): Promise<string[]> {
  if (modules.length === 0) return [];
  for (const m of modules)
    if (!/^[A-Za-z0-9_.-]+$/.test(m))
      throw new TypeError(`not a module name: ${JSON.stringify(m)}`);
  for (const m of modules) {
    const lower = m.toLowerCase();
    ami.consumeNextEvent(
      'Reload',
      (e) => (amiGet(e, 'Module') ?? '').toLowerCase() === lower,
      5_000,
    );
  }
  const lines = await ami.command(`module reload ${modules.join(' ')}`, {
    timeoutMs: options.timeoutMs ?? RELOAD_TIMEOUT_MS,
  });
  // Refused outright while another reload runs: nothing was reloaded (Success all the same).
  const busy = lines.find(isReloadBusyMessage);
  if (busy) throw new AmiReloadBusyError('Command', busy.trim());
  const failed = lines.filter((l) => l.trim() !== '' && !/reloaded successfully\.$/.test(l.trim()));
  if (failed.length > 0) throw new AmiActionError('Command', failed.join('; '), { output: lines });
  return lines;
}

export interface DialplanEntry {
  context: string;
  extension: string;
  /** A number, or `hint`. */
  priority: string;
  application: string;
  appData: string;
  registrar: string;
}

export function toDialplanEntry(m: AmiMessage): DialplanEntry {
  return amiStrings(m, ['Context', 'Extension', 'Priority', 'Application', 'AppData', 'Registrar']);
}

/**
 * The live dialplan of one context (`ShowDialPlan`), or null when Asterisk has no such context
 * ("Did not find context X"), e.g. because extensions.conf never loaded it.
 */
export async function showDialPlan(
  ami: AmiActions,
  context: string,
): Promise<DialplanEntry[] | null> {
  let items: AmiMessage[];
  try {
    items = await ami.listAction('ShowDialPlan', { Context: context });
  } catch (err) {
    if (err instanceof AmiActionError && err.serverMessage.startsWith('Did not find context'))
      return null;
    throw err;
  }
  return items.filter((m) => amiEventName(m) === 'ListDialplan').map(toDialplanEntry);
}
