/**
 * The dialplan AMI actions as Asterisk 22.10.1 answers them (transcripts 27, 43b, 45):
 * DialplanExtensionAdd / DialplanExtensionRemove (pbx_config.c), ShowDialPlan (pbx.c's
 * manager_show_dialplan) and ExtensionState. Each returns what to answer; the server writes it.
 */
import type { Fields } from './channels';
import type { Dialplan, DialplanPriority } from './dialplan-model';

export type Get = (key: string) => string | undefined;

export type SimpleAnswer = { ok: boolean; message: string };

const REGISTRAR = 'pbx_config';

function blank(v: string | undefined): boolean {
  return v === undefined || v === '';
}

/** Non-negative integer the way `sscanf("%30d")` reads it ("3abc" is 3). */
function leadingInt(v: string): number | null {
  const m = /^\s*([+-]?\d+)/.exec(v);
  return m ? Number(m[1]) : null;
}

/**
 * DialplanExtensionAdd: Context, Extension, Priority (number or `hint`), Application,
 * ApplicationData, Replace. A missing context is created (45: rec-11). `newHint` is set when a
 * hint appeared, for the ExtensionStatus event Asterisk sends then (45: rec-2).
 */
export function extensionAdd(
  dp: Dialplan,
  get: Get,
): SimpleAnswer & { newHint?: DialplanPriority } {
  const context = get('Context');
  const extension = get('Extension');
  const priority = get('Priority');
  const application = get('Application');
  if (blank(context)) return { ok: false, message: 'Context must be specified' };
  if (blank(extension)) return { ok: false, message: 'Extension must be specified' };
  if (blank(priority)) return { ok: false, message: 'Priority must be specified' };
  if (blank(application)) return { ok: false, message: 'Application must be specified' };
  let prio: string;
  if (priority === 'hint') prio = 'hint';
  else {
    const n = leadingInt(priority!);
    if (n === null || n < 0) return { ok: false, message: 'The priority specified was invalid.' };
    prio = String(n);
  }
  const entry: DialplanPriority = {
    context: context!,
    extension: extension!,
    priority: prio,
    application: application!,
    appData: get('ApplicationData') ?? '',
    registrar: REGISTRAR,
  };
  const outcome = dp.add(entry, isTrue(get('Replace')));
  if (outcome === 'exists')
    return { ok: false, message: 'That extension and priority already exist at that context' };
  return {
    ok: true,
    message: 'Added requested extension',
    newHint: prio === 'hint' && outcome === 'added' ? entry : undefined,
  };
}

/** DialplanExtensionRemove: one priority (Priority given) or the whole extension (45: rec-13/14/16/17). */
export function extensionRemove(dp: Dialplan, get: Get): SimpleAnswer {
  const context = get('Context');
  const extension = get('Extension');
  const priority = get('Priority');
  if (blank(context)) return { ok: false, message: 'Context must be specified' };
  if (blank(extension)) return { ok: false, message: 'Extension must be specified' };
  let prio: string | null = null;
  if (!blank(priority)) {
    if (priority === 'hint') prio = 'hint';
    else {
      const n = leadingInt(priority!);
      if (n === null || n <= 0)
        return { ok: false, message: 'The priority specified was invalid.' };
      prio = String(n);
    }
  }
  if (!dp.remove(context!, extension!, prio))
    return { ok: false, message: 'Failed to remove requested extension' };
  return {
    ok: true,
    message:
      prio === null
        ? 'Removed the requested extension'
        : 'Removed the requested priority from the extension',
  };
}

export interface ShowDialplanAnswer {
  /** Set when Asterisk answers only `Response: Error` with this message. */
  error?: string;
  items: Fields[];
  extensions: number;
  contexts: number;
}

/**
 * ShowDialPlan, optionally filtered by Context and Extension. The Extension filter is
 * `ast_extension_match`, so patterns that would take the number are listed too, in ext_cmp
 * order (exact first). Asterisk sends the list ack with the first item only, so a missing
 * context or extension is a bare error (45: rec-15); an existing context with nothing in it
 * is an empty list.
 */
export function showDialplan(
  dp: Dialplan,
  context: string | undefined,
  exten: string | undefined,
  idField: Fields,
): ShowDialplanAnswer {
  const ctxFilter = blank(context) ? undefined : context;
  const extFilter = blank(exten) ? undefined : exten;
  const contexts =
    ctxFilter !== undefined ? (dp.has(ctxFilter) ? [ctxFilter] : []) : [...dp.keys()];
  const items: Fields[] = [];
  let extensions = 0;
  for (const c of contexts) {
    const names = extFilter === undefined ? dp.extensionsOf(c) : dp.matching(c, extFilter);
    for (const name of names) {
      extensions++;
      for (const p of dp.prioritiesOf(c, name)) items.push(listItem(p, idField));
    }
  }
  if (ctxFilter !== undefined && contexts.length === 0)
    return { error: `Did not find context ${ctxFilter}`, items, extensions, contexts: 0 };
  if (extFilter !== undefined && extensions === 0) {
    const where = ctxFilter !== undefined ? `@${ctxFilter}` : ' in any context';
    return { error: `Did not find extension ${extFilter}${where}`, items, extensions, contexts: 0 };
  }
  return { items, extensions, contexts: contexts.length };
}

function listItem(p: DialplanPriority, idField: Fields): Fields {
  const f: Fields = [
    ['Event', 'ListDialplan'],
    ...idField,
    ['Context', p.context],
    ['Extension', p.extension],
  ];
  if (p.label !== undefined) f.push(['ExtensionLabel', p.label]);
  // A hint has no AppData line (45: rec-6).
  if (p.priority === 'hint') f.push(['Priority', 'hint'], ['Application', p.application]);
  else f.push(['Priority', p.priority], ['Application', p.application], ['AppData', p.appData]);
  f.push(['Registrar', p.registrar]);
  return f;
}

/** `ast_devstate_to_extenstate` + `ast_extension_state2str`, from the device state names. */
const EXTENSION_STATE: Record<string, [number, string]> = {
  NOT_INUSE: [0, 'Idle'],
  UNKNOWN: [0, 'Idle'],
  INUSE: [1, 'InUse'],
  BUSY: [2, 'Busy'],
  UNAVAILABLE: [4, 'Unavailable'],
  INVALID: [4, 'Unavailable'],
  RINGING: [8, 'Ringing'],
  RINGINUSE: [9, 'InUse&Ringing'],
  ONHOLD: [16, 'Hold'],
};

/**
 * The extension state of a hint such as `PJSIP/3501`: that of its first device (hints naming
 * several devices are not aggregated here). `deviceState` gives Asterisk's device state name
 * of a PJSIP endpoint, or null when there is no such endpoint.
 */
export function hintState(
  hint: string,
  deviceState: (endpoint: string) => string | null,
): [number, string] {
  const first = hint.split('&')[0]!.trim();
  const m = /^PJSIP\/(.+)$/i.exec(first);
  const state = m ? (deviceState(m[1]!) ?? 'UNAVAILABLE') : 'UNKNOWN';
  return EXTENSION_STATE[state] ?? [0, 'Idle'];
}

/** The fields shared by the ExtensionStatus event and the ExtensionState answer (45: rec-2, rec-7). */
export function extensionStatusFields(
  exten: string,
  context: string,
  hint: string,
  state: [number, string],
): Fields {
  return [
    ['Exten', exten],
    ['Context', context],
    ['Hint', hint],
    ['Status', String(state[0])],
    ['StatusText', state[1]],
  ];
}

function isTrue(v: string | undefined): boolean {
  return v !== undefined && /^(yes|true|y|t|1|on)$/i.test(v.trim());
}
