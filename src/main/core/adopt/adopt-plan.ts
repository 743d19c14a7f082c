/**
 * Adopt: hand-written extensions (endpoint + auth + aor sections, wherever they are, templates and
 * `(+)` additions included) become `Extension <n>` managed blocks that load as the very same
 * objects. Pure: text in, text out; the caller reads the files, writes, reloads and verifies.
 *
 * Only the moved sections' lines (with the comments attached to them) leave their place; every
 * other byte of the file stays. Anything that could make the moved text mean something else, or
 * that the console cannot see, is refused with the reason instead.
 */
import type { AdoptedExtension, AdoptRefusal } from '../../../shared/types';
import { extensionNumberInput } from '../../../shared/schemas';
import { upsertManagedBlock } from '../config/managed';
import { fromBinary, isBinaryText, markBinary, toBinary } from '../ssh/byte-text';
import { detectEol, lineContent, lineKind } from '../config/parse';
import { resolveConfig, type ResolvedSection } from '../config/resolve';
import { lastValue } from '../pjsip/extension-body';
import { extensionBlockId, numberOfBlock } from '../pjsip/extension-read';
import { renderObject } from './adopt-block';
import { AdoptSelfCheckError } from './errors';
import { indexFile, type FileIndex } from './file-index';
import {
  buildFileModel,
  inBlock,
  sectionIndexAt,
  sectionSpan,
  type FileModel,
  type SectionSpan,
} from './file-model';

/** A file pjsip.conf includes, as the caller could read it. */
export interface IncludedFile {
  /** The `#include` argument as written. */
  name: string;
  /** 1-based line of the directive in pjsip.conf. */
  line: number;
  /** Null when it could not be read; `problem` says why. */
  content: string | null;
  problem: string | null;
}

export interface AdoptPlan {
  text: string;
  adopted: AdoptedExtension[];
  refused: AdoptRefusal[];
}

/** The `#include` / `#tryinclude` directives of a pjsip.conf (the files the caller must read). */
export function includeDirectives(
  text: string,
): Array<{ name: string; line: number; optional: boolean }> {
  return buildFileModel(text)
    .directives.filter((d) => d.name === 'include' || d.name === 'tryinclude')
    .map((d) => ({ name: d.argument, line: d.line, optional: d.name === 'tryinclude' }));
}

/** Numbers of the hand-written endpoints an `--all` adopt would consider, in file order. */
export function handWrittenNumbers(text: string): string[] {
  const m = buildFileModel(text);
  return candidates(m).map((e) => e.name);
}

export function planAdopt(
  text: string,
  request: string[] | 'all',
  included: IncludedFile[] = [],
): AdoptPlan {
  const m = buildFileModel(text);
  const managed = new Set(m.blocks.map(numberOfBlock).filter((n): n is string => n !== null));
  const endpoints = candidates(m);
  const numbers = request === 'all' ? endpoints.map((e) => e.name) : [...new Set(request)];
  const whole = wholeFileRefusal(m, included);
  const ix = indexFile(m, included);

  const refused: AdoptRefusal[] = [];
  const chosen: Array<{ number: string; objects: ResolvedSection[] }> = [];
  for (const number of numbers) {
    const refuse = (reason: string) => refused.push({ number, reason });
    if (!extensionNumberInput.safeParse(number).success) {
      refuse('not an extension number the console manages (2-20 digits)');
      continue;
    }
    if (managed.has(number)) {
      refuse('already managed by the console');
      continue;
    }
    const endpoint = endpoints.find((e) => e.name === number);
    if (whole) {
      refuse(whole);
      continue;
    }
    if (!endpoint) {
      refuse(missingReason(ix, number));
      continue;
    }
    const objects = objectsOf(ix, endpoint);
    const reason = refusalFor(m, ix, endpoint, objects);
    if (reason) refuse(reason);
    else chosen.push({ number, objects });
  }
  if (chosen.length === 0) return { text, adopted: [], refused };

  // Spans of every moved section, then the file without them (ranges merged, in file order).
  const spans = new Map<number, SectionSpan>();
  for (const c of chosen)
    for (const o of c.objects) for (const i of m.partsOf.get(o)!) spans.set(i, sectionSpan(m, i));
  // A file that is not UTF-8 is edited in bytes (see ssh/byte-text.ts): the cut file is too, and
  // the moved lines, bytes already, go in as the text they stand for (upsert turns it back).
  const binary = isBinaryText(text);
  let next = cutLines(m, [...spans.values()]);
  if (binary) markBinary(next);

  const adopted: AdoptedExtension[] = [];
  const appended: string[] = [];
  let probe = '';
  for (const c of chosen) {
    const body: string[] = [];
    const info: AdoptedExtension = { number: c.number, moved: [], templates: [], otherOptions: [] };
    for (const o of c.objects) {
      const parts = m.partsOf.get(o)!.map((index) => ({ index, span: spans.get(index)! }));
      const r = renderObject(m, o, parts);
      if (body.length) body.push('');
      body.push(...r.lines);
      for (const t of r.templates) if (!info.templates.includes(t)) info.templates.push(t);
      info.otherOptions.push(...r.otherOptions);
      for (const { index, span } of parts)
        info.moved.push({
          name: o.name,
          type: o.type ?? '',
          overlay: m.doc.sections[index]!.append,
          fromLine: span.from + 1,
          toLine: span.to,
        });
    }
    const id = extensionBlockId(c.number);
    const bodyText = body.join('\n') + '\n';
    // In a binary text the moved lines are bytes: handed over as the text they stand for.
    const asText = binary ? fromBinary(bodyText) : bodyText;
    if (!probe) {
      // The first block the usual way (separator, end of line style, a file without a final
      // newline); the rest are appended just as it would append them, but to a tiny text that
      // ends the way the file now does, instead of rescanning the whole file for each.
      next = upsertManagedBlock(next, id, asText);
      const eol = detectEol(next);
      probe = next.endsWith('\n') ? eol : `x${eol}x`;
    } else {
      const piece = upsertManagedBlock(probe, id, asText).slice(probe.length);
      appended.push(binary ? toBinary(piece) : piece);
    }
    adopted.push(info);
  }
  next += appended.join('');
  if (binary) markBinary(next);
  selfCheck(text, next, chosen);
  return { text: next, adopted, refused };
}

// ---- what is adoptable --------------------------------------------------------------------------

/** Loaded hand-written endpoints (header outside every managed block), first of each name. */
function candidates(m: FileModel): ResolvedSection[] {
  const seen = new Set<string>();
  const out: ResolvedSection[] = [];
  for (const r of m.resolved) {
    if (r.isTemplate || (r.type ?? '').toLowerCase() !== 'endpoint') continue;
    if (inBlock(m, r.line - 1) || seen.has(r.name)) continue;
    seen.add(r.name);
    out.push(r);
  }
  return out;
}

/** The endpoint, then its auths, then its aors (each loaded, non-template, of that name and type). */
function objectsOf(ix: FileIndex, endpoint: ResolvedSection): ResolvedSection[] {
  const list = (key: string) =>
    (lastValue(endpoint, key) ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const find = (name: string, type: string) => ix.object(type, name)[0];
  const out = [endpoint];
  for (const a of list('auth')) {
    const o = find(a, 'auth');
    if (o && !out.includes(o)) out.push(o);
  }
  for (const a of list('aors')) {
    const o = find(a, 'aor');
    if (o && !out.includes(o)) out.push(o);
  }
  return out;
}

/** A reason that holds for every extension of this file, or null. */
function wholeFileRefusal(m: FileModel, included: IncludedFile[]): string | null {
  const exec = m.directives.find((d) => d.name === 'exec');
  if (exec)
    return `pjsip.conf runs "#exec ${exec.argument}" (line ${exec.line}): what it prints could define or add to these sections, and the console cannot see it`;
  const broken = m.problems[0];
  if (broken)
    return `pjsip.conf has an error that makes Asterisk refuse the whole file (line ${broken.line}: ${broken.message}); fix it first`;
  for (let i = 0; i < m.doc.lineCount; i++) {
    if (lineKind(m.doc, i) === 'unknown' && lineContent(m.doc, i).trim().startsWith('['))
      return `pjsip.conf line ${i + 1} is a section header without "]": Asterisk refuses the whole file; fix it first`;
  }
  const unread = included.find((f) => f.content === null && f.problem !== null);
  if (unread)
    return `pjsip.conf includes "${unread.name}" (line ${unread.line}), which the console cannot read (${unread.problem}): sections there could add to this extension`;
  return null;
}

function missingReason(ix: FileIndex, number: string): string {
  const where = ix.includedAt(number);
  if (where)
    return `its endpoint is inside the #include'd file ${where}; adopt works on pjsip.conf itself`;
  return 'no hand-written endpoint with that number in pjsip.conf';
}

/** Why this extension's sections cannot be moved safely, or null. */
function refusalFor(
  m: FileModel,
  ix: FileIndex,
  endpoint: ResolvedSection,
  objects: ResolvedSection[],
): string | null {
  const { doc } = m;
  const parts = objects.flatMap((o) => m.partsOf.get(o)!);
  const names = new Set(objects.map((o) => o.name));
  const label = (o: ResolvedSection) => `${o.type ?? 'section'} [${o.name}]`;

  // Something else builds on our sections: a section inheriting from one of them.
  for (const name of names) {
    const i = ix.inheritorsOf(name).find((j) => !parts.includes(j));
    if (i !== undefined) {
      const s = doc.sections[i]!;
      return `[${s.name}] on line ${s.start + 1} inherits from [${name}]; moving [${name}] would change it`;
    }
  }
  // Shared: another object refers to our auth or aor, so moving it would move theirs too.
  for (const o of objects.slice(1)) {
    const kind = o.type?.toLowerCase() === 'aor' ? 'aor' : 'auth';
    const user = ix.usersOf(kind, o.name).find((r) => r !== endpoint);
    if (user)
      return `${label(o)} is shared with ${user.type ?? 'section'} [${user.name}] (line ${user.line}); adopting would move it out from under that one`;
  }
  // Twice-defined objects: which one Asterisk keeps is not something to move around.
  for (const o of objects) {
    const twin = ix.object((o.type ?? '').toLowerCase(), o.name).find((r) => r !== o);
    if (twin)
      return `${label(o)} is defined twice (lines ${o.line} and ${twin.line}); keep one first`;
  }
  for (const i of parts) {
    const span = sectionSpan(m, i);
    if (doc.depths[span.from] !== 0 || (span.to < doc.lineCount && doc.depths[span.to] !== 0))
      return `a ";--" block comment runs across the edge of [${doc.sections[i]!.name}] (line ${span.header + 1}); close it inside the section or outside it first`;
    for (let l = span.header; l < span.to; l++)
      if (lineKind(doc, l) === 'directive')
        return `[${doc.sections[i]!.name}] holds a "${lineContent(doc, l).trim()}" line (line ${l + 1}); move it out of the section first`;
  }
  const templates = new Set<string>();
  for (const o of objects)
    for (const l of o.optionLines) templates.add(doc.sections[sectionIndexAt(doc, l - 1)]!.name);
  for (const i of parts) for (const t of doc.sections[i]!.inherits) templates.add(t);
  for (const n of [...names, ...templates]) {
    const where = ix.includedAt(n);
    if (where) return `a section it is made of is inside the #include'd file ${where}`;
  }
  return null;
}

// ---- the edit -----------------------------------------------------------------------------------

/** The file without the given spans' lines (overlapping spans merged). */
function cutLines(m: FileModel, spans: SectionSpan[]): string {
  const { doc } = m;
  const ranges = spans
    .map((s) => [s.from, s.removeTo] as [number, number])
    .sort((a, b) => a[0] - b[0]);
  let out = '';
  let keepFrom = 0;
  for (const [from, to] of ranges) {
    if (to <= keepFrom) continue;
    if (from > keepFrom) out += doc.source.slice(doc.starts[keepFrom]!, doc.starts[from]!);
    keepFrom = Math.max(keepFrom, to);
  }
  out += doc.source.slice(doc.starts[keepFrom]!);
  return out;
}

/**
 * The adopted objects load with the same options in the same order, and no other object changes:
 * checked on the texts before anything is written.
 */
function selfCheck(
  before: string,
  after: string,
  chosen: Array<{ number: string; objects: ResolvedSection[] }>,
): void {
  const a = resolveConfig(before);
  const b = resolveConfig(after);
  if (b.problems.length > a.problems.length)
    throw new AdoptSelfCheckError(chosen[0]!.number, b.problems[0]!.message);
  const key = (r: ResolvedSection) => `${r.type ?? ''}\u0000${r.name}`;
  const sig = (r: ResolvedSection) => JSON.stringify(r.options);
  const index = (list: ResolvedSection[]) => {
    const map = new Map<string, string[]>();
    for (const r of list) map.set(key(r), [...(map.get(key(r)) ?? []), sig(r)]);
    return map;
  };
  const ia = index(a.sections);
  const ib = index(b.sections);
  for (const [k, v] of ia) {
    const w = ib.get(k);
    if (!w || w.join('\n') !== v.join('\n')) {
      const [type, name] = k.split('\u0000');
      const owner = chosen.find((c) => c.objects.some((o) => o.name === name)) ?? chosen[0]!;
      throw new AdoptSelfCheckError(owner.number, `${type} [${name}] would load differently`);
    }
  }
  if (ib.size !== ia.size)
    throw new AdoptSelfCheckError(
      chosen[0]!.number,
      'the file would load a different set of objects',
    );
}
