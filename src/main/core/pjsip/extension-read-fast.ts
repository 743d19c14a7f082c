/**
 * The fast reader of extensions: one meaning with the general reader (extension-read-general.ts,
 * the specification), behind one function, `readFast`. It reads each
 * `Extension <n>` block straight from the text, looking only at the handful of options an
 * `Extension` is made of: a 10,000-extension file is read in a few milliseconds instead of a few
 * hundred, which matters because the dialplan is regenerated from the file on every change.
 *
 * The fast reader is only exact when nothing outside a block can change what is inside it (and
 * the other way round), so it first checks the file for the constructs that could, and hands any
 * file holding one to the general reader: `;--` block comments anywhere; in an extension block a
 * header with options (`(!)`, `(+)`, `(tpl)`), a `key +=` on an option that matters, or anything
 * but blank and comment lines before its first header; outside the blocks, anything but blank
 * and comment lines between a block's END marker and the next header (Asterisk would add those
 * to the block's last section), or a `(+)` / `(tpl)` naming a section defined in a block.
 * Property tests compare both readers on generated files that contain all of these.
 */
import type { Extension } from '../../../shared/types';
import type { DialplanEntry } from '../dialplan/internal';
import type { ConfigMemo } from '../config/config-memo';
import { listManagedBlocks, type ManagedBlock } from '../config/managed';
import { parseSectionHeader, stripComments } from '../config/parse';
import { numberOfBlock } from './extension-block-id';
import { unmanagedEndpoints } from './extension-read-general';
import { enableBody, isDisabledBody, readExtensionBody, splitBody } from './extension-body';
import {
  equalsFolded,
  KEY_CONTEXT,
  KEY_NONE,
  KEY_TYPE,
  keyIdOf,
  managedExtensionFrom,
  SectionValues,
} from './extension-values';

/**
 * What the fast reader is asked: every extension (as `readExtensionsResolved`), the dialplan's
 * view of the managed ones (number, context, enabled, file order), or one managed extension.
 */
export type FastQuery = 'extensions' | 'entries' | { number: string };

/**
 * The fast reader: the query's answer, or undefined when this file holds a construct only the
 * general reader models (see the top of this file), or (for one number) when the number is not
 * a managed extension block. `blocks`: `listManagedBlocks(text)`. `memo`: the host's, which keeps
 * what the dialplan query read of each block for the next change (see ConfigMemo).
 */
export function readFast(
  text: string,
  blocks: ManagedBlock[],
  query: 'extensions',
  memo?: ConfigMemo,
): Extension[] | undefined;
export function readFast(
  text: string,
  blocks: ManagedBlock[],
  query: 'entries',
  memo?: ConfigMemo,
): DialplanEntry[] | undefined;
export function readFast(
  text: string,
  blocks: ManagedBlock[],
  query: { number: string },
  memo?: ConfigMemo,
): Extension | null | undefined;
export function readFast(
  text: string,
  blocks: ManagedBlock[],
  query: FastQuery,
  memo?: ConfigMemo,
): Extension[] | DialplanEntry[] | Extension | null | undefined {
  const plan = planFastRead(text, blocks, memo);
  if (plan === null) return undefined;
  if (query === 'extensions') return readAll(text, plan) ?? undefined;
  if (query === 'entries') return entriesFast(text, plan, memo) ?? undefined;
  return readOne(text, plan, query.number);
}

/** One managed extension, read from its own block (and a look at the next one's start). */
function readOne(text: string, plan: FastPlan, number: string): Extension | null | undefined {
  const at = plan.numbers.indexOf(number);
  if (at === -1) return undefined;
  const b = plan.blocks[at]!;
  const own = blockSections(text, b.bodyStart, b.bodyEnd, false, plan.refNames);
  // The next block must not begin with lines that Asterisk would add to this one's last
  // section, nor (having no header itself) pass on those of the block after it.
  const next = plan.blocks[at + 1];
  const nextSections =
    next && blockSections(text, next.bodyStart, next.bodyEnd, false, plan.refNames);
  const clean = next === undefined || (nextSections != null && nextSections.length > 0);
  if (own === null || !clean) return undefined;
  return own.length > 0
    ? managedExtensionFrom(number, own, true, false)
    : headerlessBlockExtension(number, b.body);
}

const SEMI = 59;
const HASH = 35;
const LBRACKET = 91;
const RBRACKET = 93;
const LPAREN = 40;
const PLUS = 43;
const GT = 62;
const LF = 10;
const EQ = 61;

interface FastPlan {
  /** Extension blocks in file order, and their numbers. */
  blocks: ManagedBlock[];
  numbers: string[];
  /** Section names that a `(+)` or `(tpl)` outside the extension blocks refers to. */
  refNames: Set<string> | null;
  /** The text outside the extension blocks (blank-only gaps left out). */
  outside: string;
}

/** Checks that the fast reader is exact on this file; null when it is not (see the top). */
function planFastRead(text: string, blocks: ManagedBlock[], memo?: ConfigMemo): FastPlan | null {
  // The listing knows: searching the text would flatten an edit's result (a rope of the file's
  // two halves around the new block) into one 4.5 MB copy, 20 ms at 10,000 extensions.
  if (memo?.listing(text)?.comments ?? text.includes(';--')) return null;
  const extBlocks: ManagedBlock[] = [];
  const numbers: string[] = [];
  for (const b of blocks) {
    const n = numberOfBlock(b);
    if (n === null) continue;
    extBlocks.push(b);
    numbers.push(n);
  }
  const lines = new LineCursor(text);
  const refNames = new Set<string>();
  const outside: string[] = [];
  let from = 0;
  let afterBlock = false;
  for (const b of extBlocks) {
    if (!scanGap(lines, from, b.start, afterBlock, refNames, outside)) return null;
    from = b.end;
    afterBlock = true;
  }
  if (!scanGap(lines, from, text.length, afterBlock, refNames, outside)) return null;
  return {
    blocks: extBlocks,
    numbers,
    refNames: refNames.size > 0 ? refNames : null,
    outside: outside.join(''),
  };
}

/**
 * One stretch of text between extension blocks (whole lines). Collects the names its headers
 * add to or inherit from, and keeps the stretch for reading hand-written endpoints. False when a
 * line that Asterisk would add to the previous block's last section comes before any header.
 */
function scanGap(
  lines: LineCursor,
  from: number,
  to: number,
  afterBlock: boolean,
  refNames: Set<string>,
  outside: string[],
): boolean {
  const s = lines.s;
  if (to - from <= 2 && isBlank(s, from, to)) return true;
  outside.push(s.slice(from, to));
  let needHeader = afterBlock;
  let pos = from;
  while (pos < to) {
    let nl = s.indexOf('\n', pos);
    if (nl === -1 || nl > to) nl = to;
    let first = pos;
    pos = nl + 1;
    while (first < nl && s.charCodeAt(first) <= 32) first++;
    if (first === nl || s.charCodeAt(first) === SEMI) continue;
    // Only a header may follow a block's END marker (else it would extend the block).
    const header =
      s.charCodeAt(first) === LBRACKET
        ? parseSectionHeader(
            lines.hasSemi(first, nl)
              ? stripComments(s.slice(first, nl), 0).content
              : s.slice(first, nl),
          )
        : null;
    if (header) {
      needHeader = false;
      if (header.append) refNames.add(header.name);
      for (const base of header.inherits) refNames.add(base);
    } else if (needHeader) {
      return false;
    }
  }
  return true;
}

function isBlank(s: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (s.charCodeAt(i) > 32) return false;
  return true;
}

/**
 * Line walking over one string with the next `;` remembered, so that asking whether a line has a
 * comment never rescans text: positions only move forward.
 */
class LineCursor {
  private semi = -1;
  constructor(readonly s: string) {}

  hasSemi(from: number, to: number): boolean {
    if (this.semi < from) {
      this.semi = this.s.indexOf(';', from);
      if (this.semi === -1) this.semi = this.s.length;
    }
    return this.semi < to;
  }
}

/** The readers' verdicts on one block. */
const OK = 0;
const NO_ENDPOINT = 1;
const NO_SECTIONS = 2;
const UNMODELLED = 3;

function readAll(text: string, plan: FastPlan): Extension[] | null {
  const out: Extension[] = [];
  const lastValues: Array<string | null> = [];
  for (let i = 0; i < plan.blocks.length; i++) {
    const b = plan.blocks[i]!;
    const number = plan.numbers[i]!;
    const sections = blockSections(text, b.bodyStart, b.bodyEnd, false, plan.refNames, lastValues);
    if (sections === null) return null;
    const e =
      sections.length > 0
        ? managedExtensionFrom(number, sections, true, false)
        : headerlessBlockExtension(number, b.body);
    if (e) out.push(e);
  }
  if (plan.outside.includes('[')) {
    // Hand-written endpoints: the text outside the extension blocks resolved on its own, which
    // the plan checked gives what the whole file would (blocks do not reach out, nor in).
    const outsideBlocks = listManagedBlocks(plan.outside);
    const handWritten = unmanagedEndpoints(plan.outside, outsideBlocks);
    if (handWritten.length > 0) {
      const managed = new Set(plan.numbers);
      for (const u of handWritten) if (!managed.has(u.endpoint.name)) out.push(u.extension);
    }
  }
  return out;
}

/**
 * A block with no loaded section: read its body on its own, as the general reader does (a
 * disabled block, every line commented out, is the usual case).
 */
function headerlessBlockExtension(number: string, body: string): Extension | null {
  const lines = splitBody(body);
  if (isDisabledBody(lines)) {
    const plain = enableBody(lines).join('\n');
    if (!plain.includes(';--')) {
      const sections = blockSections(plain, 0, plain.length, true, null);
      if (sections !== null) return managedExtensionFrom(number, sections, false, true);
    }
  }
  return readExtensionBody(number, lines)?.extension ?? null;
}

/**
 * The sections whose header lies in `s[start, end)` with the values that matter, or null when
 * the block holds something only the general reader models. `standalone`: the text is a block
 * body read on its own (lines before the first header belong to nothing), not part of the file.
 */
function blockSections(
  s: string,
  start: number,
  end: number,
  standalone: boolean,
  refNames: ReadonlySet<string> | null,
  lastValues: Array<string | null> = [],
): SectionValues[] | null {
  const out: SectionValues[] = [];
  let cur: SectionValues | null = null;
  const line = new LineView(s);
  let pos = start;
  while (pos < end) {
    let nl = s.indexOf('\n', pos);
    if (nl === -1 || nl > end) nl = end;
    let first = pos;
    pos = nl + 1;
    while (first < nl && s.charCodeAt(first) <= 32) first++;
    if (first === nl) continue;
    const c = s.charCodeAt(first);
    // No block comments in the file: a line whose first character is `;` is a comment.
    if (c === SEMI || c === HASH) continue;
    if (!line.read(first, nl, c)) continue;
    const { ls, la, lb, eq } = line;
    if (line.c === LBRACKET) {
      const close = closingBracket(ls, la, lb);
      if (close !== -1) {
        if (close + 1 < lb && ls.charCodeAt(close + 1) === LPAREN) return null;
        const name = ls.slice(la + 1, close);
        if (refNames !== null && refNames.has(name)) return null;
        out.push((cur = new SectionValues(name)));
        continue;
      }
    }
    if (cur === null) {
      if (standalone) continue;
      return null;
    }
    const id = line.key();
    if (id === KEY_UNMODELLED) return null;
    if (id === KEY_NONE) continue;
    // Repeated values (a context, a transport, codecs) come back as one shared string.
    const value = optionValue(ls, eq, lb, lastValues[id] ?? null);
    lastValues[id] = value;
    cur.set(id, value);
  }
  return out;
}

/** `LineView.key()` of a `key +=` line only the general reader models (see plusKeyMatters). */
const KEY_UNMODELLED = -1;

/**
 * One line as both fast readers see it: its text without a trailing comment, in `ls` from `la`
 * to `lb` (the file itself when the line has no `;`, else a stripped copy), with its first
 * character `c` and its `=` at `eq` (-1 for none, and for a header). The next `;` and `=` of the
 * file are found once and reused by the lines that follow, not searched for line by line.
 */
class LineView {
  ls = '';
  la = 0;
  lb = 0;
  c = 0;
  eq = -1;
  private semi = -2;
  private eqNext = -2;

  constructor(private readonly s: string) {}

  /** Whether `s[first, nl)` holds a `;`: a comment, or an escaped `\;` (stripComments decides). */
  hasSemi(first: number, nl: number): boolean {
    if (this.semi < first && this.semi !== -1) this.semi = this.s.indexOf(';', first);
    return this.semi !== -1 && this.semi < nl;
  }

  /** Reads `s[first, nl)`, whose first character is `c`; false when only a comment is there. */
  read(first: number, nl: number, c: number): boolean {
    const s = this.s;
    if (this.hasSemi(first, nl)) {
      const ls = stripComments(s.slice(first, nl), 0).content;
      const lb = ls.length;
      let la = 0;
      while (la < lb && ls.charCodeAt(la) <= 32) la++;
      if (la === lb) return false;
      this.ls = ls;
      this.la = la;
      this.lb = lb;
      this.c = ls.charCodeAt(la);
      this.eq = ls.indexOf('=', la);
      return true;
    }
    this.ls = s;
    this.la = first;
    this.lb = nl;
    this.c = c;
    if (c === LBRACKET) this.eq = -1;
    else {
      if (this.eqNext < first && this.eqNext !== -1) this.eqNext = s.indexOf('=', first);
      this.eq = this.eqNext !== -1 && this.eqNext < nl ? this.eqNext : -1;
    }
    return true;
  }

  /**
   * The option the line read sets (keyIdOf): KEY_NONE for a header, a line without `=`, or a
   * `key +=` the fast readers may pass over; KEY_UNMODELLED for one they may not.
   */
  key(): number {
    const { ls, la, eq } = this;
    if (eq === -1 || this.c === LBRACKET) return KEY_NONE;
    let k = eq;
    while (k > la && ls.charCodeAt(k - 1) <= 32) k--;
    if (k > la && ls.charCodeAt(k - 1) === PLUS) {
      return plusKeyMatters(ls, la, k) ? KEY_UNMODELLED : KEY_NONE;
    }
    return keyIdOf(ls, la, k);
  }
}

/**
 * What `entriesFast` read of a block's body, by the body's key (see ManagedBlock.key), with the
 * template names it was read against: the name of its table in a ConfigMemo. An extension change
 * rewrites one block of 10,000; the others keep their keys, so the dialplan is regenerated after
 * reading only the block that changed.
 */
const ENTRY_BY_BODY = 'pjsip:dialplan-entry-by-body';
type KnownEntry = { refs: string; entry: DialplanEntry | null };

/**
 * The fast reader for the dialplan: per block, only `[name]`, `type=` and `context=` lines are
 * looked into; every other line is passed over on its first character.
 */
function entriesFast(text: string, plan: FastPlan, memo?: ConfigMemo): DialplanEntry[] | null {
  const entryByBody = memo?.table<KnownEntry>(ENTRY_BY_BODY);
  const scan = new EndpointContextScan(text, plan.refNames);
  // A block reads the same for the same body, number and referenced template names.
  const refs = plan.refNames === null ? '' : [...plan.refNames].sort().join('\n');
  const out: DialplanEntry[] = [];
  for (let i = 0; i < plan.blocks.length; i++) {
    const b = plan.blocks[i]!;
    const number = plan.numbers[i]!;
    const known = entryByBody?.get(b.key);
    if (known !== undefined && known.refs === refs && (known.entry?.number ?? number) === number) {
      if (known.entry !== null) out.push(known.entry);
      continue;
    }
    const verdict = scan.run(b.bodyStart, b.bodyEnd, number);
    if (verdict === UNMODELLED) return null;
    let entry: DialplanEntry | null = null;
    if (verdict === OK) entry = { number, context: scan.context ?? 'default', enabled: true };
    else if (verdict === NO_SECTIONS) {
      const e = headerlessBlockExtension(number, b.body);
      if (e) entry = { number, context: e.context, enabled: e.enabled };
    }
    if (entry !== null) out.push(Object.freeze(entry));
    entryByBody?.set(b.key, { refs, entry });
  }
  return out;
}

/** The `context` of a block's endpoint (the one named after the number, else the first). */
class EndpointContextScan {
  /** Set by `run` when it answers OK: the endpoint's last `context` value, null when none. */
  context: string | null = null;
  // The endpoint found so far in the block: the first one, until one named after the number.
  private found = false;
  // Extensions share a context or a few: handing out one string object for all of them keeps
  // the strings few and makes comparing them (grouping by context) a pointer comparison.
  private lastContext: string | null = null;
  private foundNamed = false;

  constructor(
    private readonly s: string,
    private readonly refNames: ReadonlySet<string> | null,
  ) {}

  run(start: number, end: number, number: string): number {
    const s = this.s;
    this.found = false;
    this.foundNamed = false;
    this.context = null;
    let sections = 0;
    // The section being read.
    let named = false;
    let typed = false;
    let endpoint = false;
    let context: string | null = null;
    const line = new LineView(s);
    // Set when the rest of the section cannot change the answer (see skippable): the walk then
    // jumps to the next line that may be a header instead of visiting every line.
    let skip = false;
    let pos = start;
    while (pos < end) {
      if (skip) {
        skip = false;
        pos = nextHeaderLine(s, pos, end);
        if (pos >= end) break;
      }
      let nl = s.indexOf('\n', pos);
      if (nl === -1 || nl > end) nl = end;
      let first = pos;
      pos = nl + 1;
      let c = s.charCodeAt(first);
      if (c <= 32) {
        while (first < nl && s.charCodeAt(first) <= 32) first++;
        if (first === nl) continue;
        c = s.charCodeAt(first);
      }
      if (c === SEMI || c === HASH) continue;
      // Past the first header a line matters only if it is a header or may set `type` or
      // `context` (keys compare case-insensitively, `type +=` included): '[', 'ty…', 'co…'.
      if (sections > 0 && c !== LBRACKET) {
        const c2 = s.charCodeAt(first + 1) | 32;
        if ((c | 32) === 116 ? c2 !== 121 : (c | 32) !== 99 || c2 !== 111) continue;
      }
      if (!line.hasSemi(first, nl) && sections > 0 && c !== LBRACKET) {
        // The usual lines, `type=…` and `context=…`, read without looking for their `=`.
        if ((c | 32) === 116) {
          if (s.charCodeAt(first + 4) === EQ && equalsFolded(s, first, 'type')) {
            if (!typed) {
              typed = true;
              endpoint = optionValueIs(s, first + 4, nl, 'endpoint');
              skip = !endpoint && !optionValuePrefixOf(s, first + 4, nl, 'endpoint');
            }
            continue;
          }
        } else if (s.charCodeAt(first + 7) === EQ && equalsFolded(s, first, 'context')) {
          context = optionValue(s, first + 7, nl, this.lastContext);
          this.lastContext = context;
          continue;
        }
      }
      if (!line.read(first, nl, c)) continue;
      const { ls, la, lb, eq } = line;
      if (line.c === LBRACKET) {
        const close = closingBracket(ls, la, lb);
        if (close !== -1) {
          if (close + 1 < lb && ls.charCodeAt(close + 1) === LPAREN) return UNMODELLED;
          if (this.refNames !== null && this.refNames.has(ls.slice(la + 1, close))) {
            return UNMODELLED;
          }
          if (sections > 0 && endpoint) this.endpointRead(named, context);
          sections++;
          named = close - la - 1 === number.length && sameChars(ls, la + 1, number);
          typed = false;
          endpoint = false;
          context = null;
          // Once the endpoint named after the number is read, no later section can replace it.
          skip = this.foundNamed;
          continue;
        }
      }
      if (sections === 0) return UNMODELLED;
      const id = line.key();
      if (id === KEY_UNMODELLED) return UNMODELLED;
      if (id === KEY_TYPE) {
        if (!typed) {
          typed = true;
          endpoint = optionValueIs(ls, eq, lb, 'endpoint');
          skip = !endpoint && !optionValuePrefixOf(ls, eq, lb, 'endpoint');
        }
      } else if (id === KEY_CONTEXT) {
        context = optionValue(ls, eq, lb, this.lastContext);
        this.lastContext = context;
      }
    }
    if (sections === 0) return NO_SECTIONS;
    if (endpoint) this.endpointRead(named, context);
    return this.found ? OK : NO_ENDPOINT;
  }

  private endpointRead(named: boolean, context: string | null): void {
    if (this.foundNamed || (this.found && !named)) return;
    this.found = true;
    this.foundNamed = named;
    this.context = context;
  }
}

/**
 * `key +=` appends to the section's last `key` (see resolveConfig): modelled by the general
 * reader only, so it matters when the key is one the fast readers take values from.
 */
function plusKeyMatters(s: string, a: number, k: number): boolean {
  const base = s.slice(a, k - 1).trimEnd();
  return keyIdOf(base, 0, base.length) !== KEY_NONE;
}

/** `s` at `a` holds `word` (a short one: a loop beats a call to startsWith). */
function sameChars(s: string, a: number, word: string): boolean {
  for (let i = 0; i < word.length; i++)
    if (s.charCodeAt(a + i) !== word.charCodeAt(i)) return false;
  return true;
}

/** Offset of the `]` closing a header opened at `open`, within the line; -1 when there is none. */
function closingBracket(s: string, open: number, end: number): number {
  for (let i = open + 1; i < end; i++) if (s.charCodeAt(i) === RBRACKET) return i;
  return -1;
}

/**
 * The trimmed value after the `=` at `eq` (`=>` accepted), as `optionAt` reads it; `same` itself
 * when the value equals it.
 */
function optionValue(s: string, eq: number, end: number, same: string | null = null): string {
  let v = eq + 1;
  if (v < end && s.charCodeAt(v) === GT) v++;
  while (v < end && s.charCodeAt(v) <= 32) v++;
  let e = end;
  while (e > v && s.charCodeAt(e - 1) <= 32) e--;
  if (same !== null && same.length === e - v && sameChars(s, v, same)) return same;
  // The values every block repeats come back as the same constant string, not a new one.
  switch (e - v) {
    case 2:
      if (s.startsWith('no', v)) return 'no';
      break;
    case 3:
      if (s.startsWith('yes', v)) return 'yes';
      if (s.startsWith('aor', v)) return 'aor';
      break;
    case 4:
      if (s.startsWith('auth', v)) return 'auth';
      break;
    case 8:
      if (s.startsWith('endpoint', v)) return 'endpoint';
      break;
  }
  return s.slice(v, e);
}

/**
 * Where the walk may resume after skipping the rest of a section: the start of the first line in
 * [from, end) whose first non-blank character is `[` (a header, or a line read as unknown), or
 * `end`. Skipped lines hold no `[` after blanks, so none of them starts a section.
 *
 * What may be skipped (EndpointContextScan): a section whose first `type` is not `endpoint` nor
 * a prefix of it (a later `type +=` cannot make it an endpoint; its `context` lines do not
 * count), and any section after the endpoint named after the number (the first one wins).
 * Block comments are not in the file (checked first), so a skipped line cannot open one.
 */
function nextHeaderLine(s: string, from: number, end: number): number {
  let b = s.indexOf('[', from);
  while (b !== -1 && b < end) {
    let k = b - 1;
    while (k >= from && s.charCodeAt(k) !== LF && s.charCodeAt(k) <= 32) k--;
    if (k < from || s.charCodeAt(k) === LF) return k + 1;
    b = s.indexOf('[', b + 1);
  }
  return end;
}

/** The option value after `eq` is `word` or a prefix of it (the empty value included). */
function optionValuePrefixOf(s: string, eq: number, end: number, word: string): boolean {
  let v = eq + 1;
  if (v < end && s.charCodeAt(v) === GT) v++;
  while (v < end && s.charCodeAt(v) <= 32) v++;
  let e = end;
  while (e > v && s.charCodeAt(e - 1) <= 32) e--;
  return e - v <= word.length && sameChars(s, v, word.slice(0, e - v));
}

/** `optionValue(s, eq, end) === want`, without cutting the value out. */
function optionValueIs(s: string, eq: number, end: number, want: string): boolean {
  let v = eq + 1;
  if (v < end && s.charCodeAt(v) === GT) v++;
  while (v < end && s.charCodeAt(v) <= 32) v++;
  let e = end;
  while (e > v && s.charCodeAt(e - 1) <= 32) e--;
  return e - v === want.length && sameChars(s, v, want);
}
