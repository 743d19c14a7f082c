import {
  lineContent,
  lineKind,
  parseConfig,
  parseOption,
} from '../../../src/main/core/config/parse';
import { compareExtensions, extensionMatches } from './extension-pattern';

/** Asterisk's PRIORITY_HINT. */
const HINT = -1;

export interface DialplanPriority {
  context: string;
  extension: string;
  /** A number as text, or `hint`. */
  priority: string;
  application: string;
  appData: string;
  /** `n(label)` in the file; shown by ShowDialPlan as ExtensionLabel. */
  label?: string;
  /** Who added it: `pbx_config` for extensions.conf and for DialplanExtensionAdd alike (45). */
  registrar: string;
}

interface Exten {
  name: string;
  priorities: Map<number, DialplanPriority>;
}

/** Why an add was refused, in Asterisk's words (45: "That extension and priority already exist…"). */
export type AddOutcome = 'added' | 'replaced' | 'exists';

/**
 * The dialplan Asterisk runs: contexts of extensions of priorities. Built from extensions.conf
 * by `loadDialplan`, then changed live by DialplanExtensionAdd / DialplanExtensionRemove until
 * the next pbx_config reload replaces all of it (45: "A later dialplan reload rebuilds
 * everything from extensions.conf").
 */
export class Dialplan {
  private readonly contexts = new Map<string, Map<string, Exten>>();
  private readonly sorted = new Map<string, string[]>();
  private hints = 0;
  private prios = 0;

  has(context: string): boolean {
    return this.contexts.has(context);
  }

  /** Context names, in the order they were created. */
  keys(): IterableIterator<string> {
    return this.contexts.keys();
  }

  /** Every priority of a context in Asterisk's order (extensions by ext_cmp, hint first). */
  get(context: string): DialplanPriority[] | undefined {
    if (!this.contexts.has(context)) return undefined;
    return this.extensionsOf(context).flatMap((e) => this.prioritiesOf(context, e));
  }

  /** Extension names of a context in ext_cmp order. */
  extensionsOf(context: string): string[] {
    let names = this.sorted.get(context);
    if (!names) {
      names = [...(this.contexts.get(context)?.keys() ?? [])].sort(compareExtensions);
      this.sorted.set(context, names);
    }
    return names;
  }

  prioritiesOf(context: string, extension: string): DialplanPriority[] {
    const e = this.contexts.get(context)?.get(extension);
    if (!e) return [];
    return [...e.priorities.entries()].sort((a, b) => a[0] - b[0]).map(([, p]) => p);
  }

  /** Hints loaded: what makes the next pbx_config reload slow (DESIGN.md, 46). */
  get hintCount(): number {
    return this.hints;
  }

  /** Numbered priorities loaded (hints not counted). */
  get priorityCount(): number {
    return this.prios;
  }

  /** `ast_context_find_or_create`. */
  ensureContext(context: string): void {
    if (!this.contexts.has(context)) this.contexts.set(context, new Map());
  }

  /** `ast_add_extension2`: a priority already there is kept unless `replace`. */
  add(entry: DialplanPriority, replace: boolean): AddOutcome {
    this.ensureContext(entry.context);
    const exts = this.contexts.get(entry.context)!;
    let e = exts.get(entry.extension);
    if (!e) {
      e = { name: entry.extension, priorities: new Map() };
      exts.set(entry.extension, e);
      this.placeSorted(entry.context, entry.extension, true);
    }
    const n = priorityNumber(entry.priority);
    const had = e.priorities.has(n);
    if (had && !replace) return 'exists';
    if (!had) this.count(n, 1);
    e.priorities.set(n, entry);
    return had ? 'replaced' : 'added';
  }

  /**
   * `ast_context_remove_extension`: one priority (`hint` or a number), or with `priority`
   * null the whole extension. False when the context, extension or priority is not there.
   * An extension left without priorities is gone; its context stays.
   */
  remove(context: string, extension: string, priority: string | null): boolean {
    const exts = this.contexts.get(context);
    const e = exts?.get(extension);
    if (!exts || !e) return false;
    if (priority === null) {
      for (const n of e.priorities.keys()) this.count(n, -1);
      exts.delete(extension);
      this.placeSorted(context, extension, false);
      return true;
    }
    const n = priorityNumber(priority);
    if (!e.priorities.delete(n)) return false;
    this.count(n, -1);
    if (e.priorities.size === 0) {
      exts.delete(extension);
      this.placeSorted(context, extension, false);
    }
    return true;
  }

  /** Every hint of an exact extension (pattern hints are not listed by ExtensionStateList). */
  *exactHints(): Generator<DialplanPriority> {
    for (const context of this.contexts.keys())
      for (const name of this.extensionsOf(context)) {
        if (name.startsWith('_')) break;
        const h = this.hint(context, name);
        if (h) yield h;
      }
  }

  /** The hint of an extension, if it has one. */
  hint(context: string, extension: string): DialplanPriority | undefined {
    return this.contexts.get(context)?.get(extension)?.priorities.get(HINT);
  }

  /**
   * Which extension handles `number` in `context` when it is dialled: the first match in
   * ext_cmp order, so an exact extension always beats a pattern (DESIGN.md: "an exact managed
   * line beats a hand-written pattern such as _2XX"), and among patterns the most specific.
   */
  resolve(context: string, number: string): string | null {
    return this.matching(context, number)[0] ?? null;
  }

  /**
   * The extensions of `context` that `number` matches (ast_extension_match), in ext_cmp
   * order. Exact names are found by binary search and only patterns are tried one by one, so
   * a 10,000-extension context answers a one-number ShowDialPlan in microseconds.
   */
  matching(context: string, number: string): string[] {
    const names = this.extensionsOf(context);
    const firstPattern = lowerBound(names, (n) => !n.startsWith('_'));
    const out: string[] = [];
    if (!number.startsWith('_')) {
      const at = lowerBound(names, (n) => compareExtensions(n, number) < 0, firstPattern);
      if (at < firstPattern && extensionMatches(names[at]!, number)) out.push(names[at]!);
    }
    for (let i = firstPattern; i < names.length; i++)
      if (extensionMatches(names[i]!, number)) out.push(names[i]!);
    return out;
  }

  /** The priority that runs when `number` is dialled in `context` and reaches `priority`. */
  find(context: string, number: string, priority: number): DialplanPriority | null {
    const name = this.resolve(context, number);
    if (name === null) return null;
    return this.contexts.get(context)!.get(name)!.priorities.get(priority) ?? null;
  }

  /**
   * Keeps a context's sorted names current by inserting or removing one (binary search), so
   * a live edit on a 10,000-extension context does not cost a re-sort, as it costs Asterisk
   * nothing much (45: four adds and a ShowDialPlan in 7.4 ms on that host).
   */
  private placeSorted(context: string, name: string, present: boolean): void {
    const names = this.sorted.get(context);
    if (!names) return;
    const lo = lowerBound(names, (n) => compareExtensions(n, name) < 0);
    if (present) names.splice(lo, 0, name);
    else if (names[lo] === name) names.splice(lo, 1);
    else this.sorted.delete(context);
  }

  private count(n: number, delta: number): void {
    if (n === HINT) this.hints += delta;
    else this.prios += delta;
  }
}

/** The first index in `list[0..end)` where `before` turns false (it must be true, then false). */
function lowerBound(list: string[], before: (item: string) => boolean, end = list.length): number {
  let lo = 0;
  let hi = end;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(list[mid]!)) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function priorityNumber(p: string): number {
  return p === 'hint' ? HINT : Number(p);
}

export interface DialplanLoad {
  dialplan: Dialplan;
  /** What pbx_config would log while loading (first line wins; later duplicates refused). */
  warnings: string[];
}

const NON_CONTEXTS = new Set(['general', 'globals']);

/**
 * Reads extensions.conf as pbx_config does: every section but [general]/[globals] is a context
 * (an empty one too); `exten =>` / `same =>` lines; `n` is the previous line's priority + 1
 * (a hint sets it to -1, as in pbx_config); a context appearing several times is merged. A
 * priority an extension already has in that context is not registered: the first line wins
 * and Asterisk logs "Unable to register extension ... already in use" (INDEX.txt, 46).
 * Returns null when the file cannot be parsed (a section header without `]`): Asterisk then
 * keeps its old dialplan (43_*).
 */
export function loadDialplan(text: string): DialplanLoad | null {
  const doc = parseConfig(text);
  for (let i = 0; i < doc.lineCount; i++) {
    if (lineKind(doc, i) === 'unknown' && lineContent(doc, i).trim().startsWith('[')) return null;
  }
  const dialplan = new Dialplan();
  const warnings: string[] = [];
  let lastPriority = -2;
  for (const section of doc.sections) {
    if (NON_CONTEXTS.has(section.name) || section.template) continue;
    const context = section.name;
    dialplan.ensureContext(context);
    let lastExten: string | null = null;
    for (let i = section.start + 1; i < section.end; i++) {
      if (lineKind(doc, i) !== 'option') continue;
      const opt = parseOption(lineContent(doc, i));
      if (!opt) continue;
      const key = opt.key.toLowerCase();
      if (key !== 'exten' && key !== 'same') continue;
      const parts = splitArgs(opt.value);
      let exten: string;
      let prioText: string;
      let appText: string;
      if (key === 'exten') {
        if (parts.length < 3) continue;
        exten = parts[0]!.trim();
        prioText = parts[1]!.trim();
        appText = parts.slice(2).join(',');
      } else {
        if (lastExten === null || parts.length < 2) continue;
        exten = lastExten;
        prioText = parts[0]!.trim();
        appText = parts.slice(1).join(',');
      }
      lastExten = exten;
      let label: string | undefined;
      const labelled = prioText.endsWith(')') ? /^([^()]+)\(([^()]+)\)$/.exec(prioText) : null;
      if (labelled) {
        prioText = labelled[1]!;
        label = labelled[2]!;
      }
      let n: number;
      if (prioText === 'hint') n = HINT;
      else if (prioText === 'n' || prioText === 'next') n = lastPriority + 1;
      else if (/^\d+$/.test(prioText)) n = Number(prioText);
      else {
        warnings.push(`Invalid priority/label '${prioText}' at line ${i + 1} of extensions.conf`);
        lastPriority = 0;
        continue;
      }
      lastPriority = n;
      if (n === 0 || n < HINT) continue;
      const { application, appData } = splitApp(appText.trim());
      const priority = n === HINT ? 'hint' : String(n);
      const outcome = dialplan.add(
        {
          context,
          extension: exten,
          priority,
          application,
          appData,
          label,
          registrar: 'pbx_config',
        },
        false,
      );
      if (outcome === 'exists') {
        warnings.push(
          `Unable to register extension '${exten}' priority ${n === HINT ? 'hint' : n} in '${context}', already in use`,
        );
      }
    }
  }
  return { dialplan, warnings };
}

/** Splits `1002,1,Dial(PJSIP/${EXTEN},20)` at its first two top-level commas (not inside parentheses). */
function splitArgs(v: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < v.length && out.length < 2; i++) {
    const c = v.charCodeAt(i);
    if (c === 40 /* ( */) depth++;
    else if (c === 41 /* ) */) depth = Math.max(0, depth - 1);
    else if (c === 44 /* , */ && depth === 0) {
      out.push(v.slice(from, i));
      from = i + 1;
    }
  }
  out.push(v.slice(from));
  return out;
}

function splitApp(text: string): { application: string; appData: string } {
  const open = text.indexOf('(');
  if (open < 0) return { application: text, appData: '' };
  const close = text.lastIndexOf(')');
  return {
    application: text.slice(0, open).trim(),
    appData: text.slice(open + 1, close > open ? close : undefined),
  };
}
