import {
  lineContent,
  lineKind,
  parseConfig,
  parseOption,
} from '../../../src/main/core/config/parse';

export interface DialplanPriority {
  context: string;
  extension: string;
  /** A number as text, or `hint`. */
  priority: string;
  application: string;
  appData: string;
}

/** context name → priorities in Asterisk's order (extensions sorted, priorities ascending). */
export type Dialplan = Map<string, DialplanPriority[]>;

const NON_CONTEXTS = new Set(['general', 'globals']);

/**
 * Reads extensions.conf as pbx_config would: `exten =>` / `same =>` lines, `n` priorities, a
 * context appearing several times merged. Returns null when the file cannot be parsed (a
 * section header without `]`), in which case Asterisk keeps its old dialplan (43_*).
 */
export function loadDialplan(text: string): Dialplan | null {
  const doc = parseConfig(text);
  for (let i = 0; i < doc.lineCount; i++) {
    if (lineKind(doc, i) === 'unknown' && lineContent(doc, i).trim().startsWith('[')) return null;
  }
  const byContext = new Map<string, Map<string, Map<string, DialplanPriority>>>();
  for (const section of doc.sections) {
    if (NON_CONTEXTS.has(section.name) || section.template) continue;
    let exts = byContext.get(section.name);
    if (!exts) {
      exts = new Map();
      byContext.set(section.name, exts);
    }
    let lastExten: string | null = null;
    let lastPriority = 0;
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
      const label = /^(\w+|n)\((\w+)\)$/.exec(prioText);
      if (label) prioText = label[1]!;
      let priority: string;
      if (prioText === 'hint') priority = 'hint';
      else if (prioText === 'n') priority = String(exten === lastExten ? lastPriority + 1 : 1);
      else if (/^\d+$/.test(prioText)) priority = prioText;
      else continue;
      if (priority !== 'hint') {
        lastPriority = Number(priority);
      }
      lastExten = exten;
      const { application, appData } = splitApp(appText.trim());
      let prios = exts.get(exten);
      if (!prios) {
        prios = new Map();
        exts.set(exten, prios);
      }
      prios.set(priority, {
        context: section.name,
        extension: exten,
        priority,
        application,
        appData,
      });
    }
  }
  const out: Dialplan = new Map();
  for (const [context, exts] of byContext) {
    const list: DialplanPriority[] = [];
    for (const exten of [...exts.keys()].sort(compareExten)) {
      const prios = [...exts.get(exten)!.values()].sort(
        (a, b) => prioNum(a.priority) - prioNum(b.priority),
      );
      list.push(...prios);
    }
    if (list.length > 0) out.set(context, list);
  }
  return out;
}

function prioNum(p: string): number {
  return p === 'hint' ? -1 : Number(p);
}

/** Plain extensions before patterns, then by text (close enough to Asterisk's ext_cmp for tests). */
function compareExten(a: string, b: string): number {
  const pa = a.startsWith('_') ? 1 : 0;
  const pb = b.startsWith('_') ? 1 : 0;
  if (pa !== pb) return pa - pb;
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Splits `1002,1,Dial(PJSIP/${EXTEN},20)` at top-level commas (not inside parentheses). */
function splitArgs(v: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let cur = '';
  for (const ch of v) {
    if (ch === '(') depth++;
    if (ch === ')') depth = Math.max(0, depth - 1);
    if (ch === ',' && depth === 0 && out.length < 2) {
      out.push(cur);
      cur = '';
      continue;
    }
    cur += ch;
  }
  out.push(cur);
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
