import { optionAt, parseConfig, type ConfigDocument } from './parse';

/** A section as Asterisk would load it: templates applied, `(+)` additions merged, no comments. */
export interface ResolvedSection {
  name: string;
  /** First `type=` among the resolved options (own, inherited or added), or null. */
  type: string | null;
  /** In load order: inherited options first, then the section's own, then `(+)` additions. */
  options: Array<[string, string]>;
  isTemplate: boolean;
  /** 1-based line of the `[name]` header that created the object. */
  line: number;
  /** 1-based line each entry of `options` was read from (inherited ones: the template's line). */
  optionLines: number[];
}

export interface ResolveProblem {
  /** 1-based line of the header or option concerned. */
  line: number;
  message: string;
}

export interface ResolvedConfig {
  sections: ResolvedSection[];
  /**
   * What Asterisk would complain about. A `(+)` or `(tpl)` naming no earlier section makes
   * Asterisk reject the *whole* file; here the offending section is skipped and reported.
   */
  problems: ResolveProblem[];
}

export interface ResolveOptions {
  /** Keep `(!)` templates in the output (flagged isTemplate); default false. */
  includeTemplates?: boolean;
}

/**
 * What Asterisk would load from this text (one file; `#include`s are not followed).
 * Sections sharing a name stay distinct objects (endpoint/auth/aor). `[name](+)` appends to the
 * first earlier section of that name, as Asterisk's `category_get` does; when the addition has
 * its own `type=`, the first earlier section of that name *and* type is preferred.
 */
export function resolveSections(
  text: string | ConfigDocument,
  opts: ResolveOptions = {},
): ResolvedSection[] {
  return resolveConfig(text, opts).sections;
}

export function resolveConfig(
  text: string | ConfigDocument,
  opts: ResolveOptions = {},
): ResolvedConfig {
  const doc = typeof text === 'string' ? parseConfig(text) : text;
  const loaded: ResolvedSection[] = [];
  const problems: ResolveProblem[] = [];
  // name → sections with that name, in load order (templates included: they can be inherited).
  const byName = new Map<string, ResolvedSection[]>();

  // Options above the first section have no category: Asterisk warns and skips them.
  const firstStart = doc.sections.length > 0 ? doc.sections[0]!.start : doc.lineCount;
  for (let i = 0; i < firstStart; i++) {
    if (doc.kinds[i] === 3 /* option */) {
      problems.push({
        line: i + 1,
        message: 'option outside any section: Asterisk refuses to load the file',
      });
    }
  }

  for (const sec of doc.sections) {
    const own: Array<[string, string]> = [];
    const ownLines: number[] = [];
    for (let i = sec.start + 1; i < sec.end; i++) {
      if (doc.kinds[i] !== 3 /* option */ && !doc.edits.has(i)) continue;
      const o = optionAt(doc, i);
      if (!o) continue;
      if (o[0].endsWith('+')) {
        // `key += more` appends to the value of the section's last `key` (Asterisk 13+).
        const key = o[0].slice(0, -1).trimEnd();
        let at = -1;
        for (let j = own.length - 1; j >= 0 && at === -1; j--) if (own[j]![0] === key) at = j;
        if (at !== -1) {
          own[at] = [key, own[at]![1] + o[1]];
          continue;
        }
        o[0] = key;
      }
      own.push(o);
      ownLines.push(i + 1);
    }

    if (sec.append) {
      const candidates = byName.get(sec.name) ?? [];
      const ownType = own.find(([k]) => k.toLowerCase() === 'type')?.[1];
      const target =
        (ownType !== undefined ? candidates.find((c) => c.type === ownType) : undefined) ??
        candidates[0];
      if (!target) {
        problems.push({
          line: sec.start + 1,
          message: `[${sec.name}](+) adds to a section that does not exist before it`,
        });
        continue;
      }
      for (const o of own) target.options.push(o);
      for (const l of ownLines) target.optionLines.push(l);
      if (target.type === null) target.type = firstType(target.options);
      continue;
    }

    // Without inheritance the section's own lists are its options (no copy: 30k sections).
    let options = own;
    let optionLines = ownLines;
    if (sec.inherits.length > 0) {
      options = [];
      optionLines = [];
      let missingBase = false;
      for (const baseName of sec.inherits) {
        const base = byName.get(baseName)?.[0];
        if (!base) {
          problems.push({
            line: sec.start + 1,
            message: `[${sec.name}] inherits from "${baseName}", which does not exist before it`,
          });
          missingBase = true;
          break;
        }
        for (const o of base.options) options.push([o[0], o[1]]);
        for (const l of base.optionLines) optionLines.push(l);
      }
      if (missingBase) continue;
      for (const o of own) options.push(o);
      for (const l of ownLines) optionLines.push(l);
    }

    const resolved: ResolvedSection = {
      name: sec.name,
      type: firstType(options),
      options,
      isTemplate: sec.template,
      line: sec.start + 1,
      optionLines,
    };
    let list = byName.get(sec.name);
    if (!list) {
      list = [];
      byName.set(sec.name, list);
    }
    list.push(resolved);
    loaded.push(resolved);
  }

  const sections = opts.includeTemplates ? loaded : loaded.filter((s) => !s.isTemplate);
  return { sections, problems };
}

function firstType(options: Array<[string, string]>): string | null {
  for (const [k, v] of options) if (k.toLowerCase() === 'type') return v;
  return null;
}

/** Values of every option `key` in a resolved section, in order (e.g. `allow`, `local_net`). */
export function optionValues(section: ResolvedSection, key: string): string[] {
  const out: string[] = [];
  for (const [k, v] of section.options) if (k === key) out.push(v);
  return out;
}

/**
 * The value Asterisk's sorcery keeps for a single-valued option: the last one set
 * (a `(+)` addition overrides the hand-written value).
 */
export function optionValue(section: ResolvedSection, key: string): string | null {
  let out: string | null = null;
  for (const [k, v] of section.options) if (k === key) out = v;
  return out;
}
