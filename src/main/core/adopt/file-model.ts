/**
 * Which written sections make up each object Asterisk loads from pjsip.conf: the `[name]` that
 * creates it and every `[name](+)` that adds to it, attributed exactly as `resolveConfig` does,
 * plus the line span each would take with it (attached comments) if it were moved.
 */
import { blockAtOffset, listManagedBlocks, type ManagedBlock } from '../config/managed';
import {
  lineContent,
  lineKind,
  parseConfig,
  parseDirective,
  parseOption,
  type ConfigDocument,
} from '../config/parse';
import { resolveConfig, type ResolveProblem, type ResolvedSection } from '../config/resolve';

export interface Directive {
  /** 1-based line. */
  line: number;
  name: string;
  argument: string;
}

export interface FileModel {
  doc: ConfigDocument;
  blocks: ManagedBlock[];
  /** Every loaded section, templates included, in load order. */
  resolved: ResolvedSection[];
  /** doc.sections index → the object it creates or adds to; undefined when Asterisk skips it. */
  ownerOf: Array<ResolvedSection | undefined>;
  /** object → doc.sections indexes: the creating section first, then its `(+)` additions. */
  partsOf: Map<ResolvedSection, number[]>;
  problems: ResolveProblem[];
  directives: Directive[];
}

export function buildFileModel(text: string): FileModel {
  const doc = parseConfig(text);
  const blocks = listManagedBlocks(text);
  const { sections: resolved, problems } = resolveConfig(doc, { includeTemplates: true });
  const byLine = new Map(resolved.map((r) => [r.line, r]));
  const byName = new Map<string, ResolvedSection[]>();
  const ownerOf: Array<ResolvedSection | undefined> = new Array(doc.sections.length);
  const partsOf = new Map<ResolvedSection, number[]>();
  doc.sections.forEach((sec, i) => {
    let owner: ResolvedSection | undefined;
    if (!sec.append) {
      owner = byLine.get(sec.start + 1);
      if (owner) {
        const list = byName.get(sec.name) ?? [];
        list.push(owner);
        byName.set(sec.name, list);
      }
    } else {
      // resolveConfig's rule: the first earlier object of that name, of the same type when the
      // addition names its own.
      const candidates = byName.get(sec.name) ?? [];
      const ownType = ownTypeOf(doc, sec.start, sec.end);
      owner =
        (ownType !== undefined ? candidates.find((c) => c.type === ownType) : undefined) ??
        candidates[0];
    }
    ownerOf[i] = owner;
    if (owner) {
      const parts = partsOf.get(owner) ?? [];
      parts.push(i);
      partsOf.set(owner, parts);
    }
  });
  const directives: Directive[] = [];
  for (let i = 0; i < doc.lineCount; i++) {
    if (lineKind(doc, i) !== 'directive') continue;
    const d = parseDirective(lineContent(doc, i));
    if (d) directives.push({ line: i + 1, name: d.name.toLowerCase(), argument: d.argument });
  }
  return { doc, blocks, resolved, ownerOf, partsOf, problems, directives };
}

function ownTypeOf(doc: ConfigDocument, from: number, to: number): string | undefined {
  for (let i = from + 1; i < to; i++) {
    if (lineKind(doc, i) !== 'option') continue;
    const o = parseOption(lineContent(doc, i));
    if (o && o.key.toLowerCase() === 'type') return o.value;
  }
  return undefined;
}

/** Where a section's text lies (0-based line indexes). */
export interface SectionSpan {
  /** First line taken: its attached comments, else its header. */
  from: number;
  header: number;
  /** One past its last line of content (trailing blank lines and the next header's comments excluded). */
  to: number;
  /** One past the last line removed: `to`, or one more to take a separating blank line along. */
  removeTo: number;
}

/**
 * The span of section `index`: comment lines directly above its header (no blank line between)
 * belong to it; comment lines directly above the next header belong to that one.
 */
export function sectionSpan(m: FileModel, index: number): SectionSpan {
  const { doc } = m;
  const sec = doc.sections[index]!;
  const from = leadStart(m, sec.start);
  let to = sec.end;
  // Never run into a managed block: its markers and body are not this section's.
  const next = m.blocks.find((b) => b.start > doc.starts[sec.start]!);
  if (next) to = Math.min(to, next.beginLine - 1);
  if (to < doc.lineCount) to = Math.max(sec.start + 1, leadStart(m, to));
  while (to - 1 > sec.start && lineKind(doc, to - 1) === 'blank') to--;
  let removeTo = to;
  const blankBefore = from === 0 || lineKind(doc, from - 1) === 'blank';
  if (blankBefore && to < doc.lineCount && lineKind(doc, to) === 'blank' && !inBlock(m, to))
    removeTo = to + 1;
  return { from, header: sec.start, to, removeTo };
}

/** The first of the comment lines directly above line `at` (or `at` itself). */
function leadStart(m: FileModel, at: number): number {
  const { doc } = m;
  let from = at;
  while (
    from > 0 &&
    lineKind(doc, from - 1) === 'comment' &&
    doc.depths[from - 1] === 0 &&
    doc.depths[from] === 0 &&
    !inBlock(m, from - 1)
  )
    from--;
  return from;
}

export function inBlock(m: FileModel, line: number): boolean {
  return blockAtOffset(m.blocks, m.doc.starts[line]!) !== null;
}

/** The doc.sections index of the section holding 0-based line `line`, or -1 above the first. */
export function sectionIndexAt(doc: ConfigDocument, line: number): number {
  let lo = 0;
  let hi = doc.sections.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (doc.sections[mid]!.start <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
