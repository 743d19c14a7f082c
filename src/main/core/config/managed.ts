/**
 * Managed blocks: the only parts of a hand-maintained file the console writes.
 *
 *   ; BEGIN MANAGED - Extension 1001
 *   ...
 *   ; END MANAGED - Extension 1001
 *
 * This is the marker format existing RayanPBX servers already carry. Every edit is a splice of
 * the original text: bytes outside the block being edited are copied, never re-generated.
 * Markers that do not pair up raise `ManagedMarkerError` and nothing is written.
 */
import {
  ManagedBlockInputError,
  ManagedMarkerError,
  type ManagedMarkerProblem,
  UnclosedBlockCommentError,
} from './errors';
import { detectEol, parseConfig, stripComments, type ConfigDocument } from './parse';
import { fromBinary, isBinaryText, markBinary, toBinary } from '../ssh/byte-text';
import { recordSplice } from './text-splice';
import { CR, SEMI, SPACE, TAB } from './char-codes';
import type { ConfigMemo } from './config-memo';

export interface ManagedBlock {
  readonly id: string;
  /** 1-based line numbers of the BEGIN and END markers. */
  readonly beginLine: number;
  readonly endLine: number;
  /** Offset where the BEGIN marker line starts. */
  readonly start: number;
  /** Offset just past the END marker line, including its end-of-line (if it has one). */
  readonly end: number;
  /** Offsets of the text between the two marker lines. */
  readonly bodyStart: number;
  readonly bodyEnd: number;
  /** The text between the marker lines, exactly as in the file. */
  readonly body: string;
  /**
   * Stands for this block's body text: a block carried unchanged into an edited file (see
   * `rememberSplice`) keeps the key of the block it came from, so what a reader worked out from
   * one body can be reused for the other without reading it again.
   */
  readonly key: object;
}

/**
 * Line numbers and body are computed on first access: most callers only need offsets. In a
 * binary text (a file that is not UTF-8, see byte-text.ts) the id and body are read as UTF-8.
 */
class Block implements ManagedBlock {
  readonly start: number;
  readonly end: number;
  readonly bodyStart: number;
  readonly bodyEnd: number;
  readonly key: object;
  constructor(
    readonly id: string,
    start: number,
    bodyStart: number,
    bodyEnd: number,
    end: number,
    private readonly text: string,
    private readonly lines: LineIndex,
    private readonly binary: boolean,
    key?: object,
  ) {
    this.start = start;
    this.bodyStart = bodyStart;
    this.bodyEnd = bodyEnd;
    this.end = end;
    this.key = key ?? this;
  }

  /** This block in `text`, `shift` characters further on. */
  moved(shift: number, text: string, lines: LineIndex): Block {
    return new Block(
      this.id,
      this.start + shift,
      this.bodyStart + shift,
      this.bodyEnd + shift,
      this.end + shift,
      text,
      lines,
      this.binary,
      this.key,
    );
  }
  get beginLine(): number {
    return this.lines.lineAt(this.start);
  }
  get endLine(): number {
    return this.lines.lineAt(this.bodyEnd);
  }
  get body(): string {
    const raw = this.text.slice(this.bodyStart, this.bodyEnd);
    return this.binary ? fromBinary(raw) : raw;
  }
}

const MARKER_RE = /^[ \t]*;[ \t]*(BEGIN|END) MANAGED - (.*?)[ \t]*$/;
const NEEDLE = 'MANAGED - ';
const MAX_ID_LENGTH = 200;

interface Marker {
  kind: 'BEGIN' | 'END';
  id: string;
  lineStart: number;
  /** Offset just past the line's end-of-line. */
  next: number;
}

/**
 * Every managed block, in file order. Throws `ManagedMarkerError` if the markers do not pair.
 * `memo`: the host's, which answers for a text it listed or made before (see ConfigMemo).
 */
export function listManagedBlocks(text: string, memo?: ConfigMemo): ManagedBlock[] {
  const known = memo?.listing(text);
  if (known) return known.blocks.slice();
  const comments = text.includes(';--');
  const blocks = scanBlocks(text, comments);
  memo?.remember({ text, blocks, comments });
  return blocks.slice();
}

function scanBlocks(text: string, comments: boolean): Block[] {
  const lines = new LineIndex(text);
  const blocks: Block[] = [];
  // Ids are unique per file; checked through a table of id hashes (no string keys).
  const ids = new IdTable();
  const binary = isBinaryText(text);
  let open: Marker | null = null;
  let openHash = 0;
  // One pass, pairing as it goes: an END marker is compared in place with the open block's id
  // (no string, no object); only an error materialises a marker for its message.
  const m = new MarkerScanner(text, comments);
  while (m.advance()) {
    if (m.kind === 'BEGIN') {
      if (open) throw markerError('nested', lines, m, open);
      open = { kind: 'BEGIN', id: m.id, lineStart: m.lineStart, next: m.next };
      openHash = m.idHash;
      continue;
    }
    if (!open) throw markerError('missing-begin', lines, m, null);
    if (m.idHash !== openHash || !m.idIs(open.id)) throw markerError('mismatched', lines, m, open);
    const prev = ids.add(openHash, open.id, blocks);
    if (prev !== null) throw markerError('duplicate', lines, open, null, prev.start);
    const id = binary ? fromBinary(open.id) : open.id;
    blocks.push(new Block(id, open.lineStart, open.next, m.lineStart, m.next, text, lines, binary));
    open = null;
  }
  if (open) throw markerError('missing-end', lines, open, null);
  return blocks;
}

/** Open-addressing set of block ids keyed by their hash; the strings are compared on a hit. */
class IdTable {
  private hashes = new Int32Array(1024);
  /** Index + 1 of the block holding the id; 0 = empty slot. */
  private slots = new Int32Array(1024);
  private count = 0;

  /** Adds `id` (of the block about to be pushed); returns the earlier block with it, if any. */
  add(hash: number, id: string, blocks: readonly Block[]): Block | null {
    if ((this.count + 1) * 2 > this.slots.length) this.grow();
    const mask = this.slots.length - 1;
    let i = hash & mask;
    for (;;) {
      const slot = this.slots[i]!;
      if (slot === 0) break;
      if (this.hashes[i] === hash && blocks[slot - 1]!.id === id) return blocks[slot - 1]!;
      i = (i + 1) & mask;
    }
    this.hashes[i] = hash;
    this.slots[i] = blocks.length + 1;
    this.count++;
    return null;
  }

  private grow(): void {
    const oldHashes = this.hashes;
    const oldSlots = this.slots;
    this.hashes = new Int32Array(oldSlots.length * 2);
    this.slots = new Int32Array(oldSlots.length * 2);
    const mask = this.slots.length - 1;
    for (let j = 0; j < oldSlots.length; j++) {
      const slot = oldSlots[j]!;
      if (slot === 0) continue;
      let i = oldHashes[j]! & mask;
      while (this.slots[i] !== 0) i = (i + 1) & mask;
      this.hashes[i] = oldHashes[j]!;
      this.slots[i] = slot;
    }
  }
}

function markerError(
  problem: ManagedMarkerProblem,
  lines: LineIndex,
  m: Marker,
  open: Marker | null,
  firstLineStart = 0,
): ManagedMarkerError {
  const at = lines.lineAt(m.lineStart);
  const openLine = open ? lines.lineAt(open.lineStart) : 0;
  switch (problem) {
    case 'nested':
      return new ManagedMarkerError(
        problem,
        m.id,
        at,
        `Managed block "${m.id}" begins on line ${at} inside block "${open!.id}" (line ${openLine}), which has no END before it; fix the markers by hand`,
      );
    case 'missing-begin':
      return new ManagedMarkerError(
        problem,
        m.id,
        at,
        `END marker of managed block "${m.id}" on line ${at} has no BEGIN before it; fix the markers by hand`,
      );
    case 'mismatched':
      return new ManagedMarkerError(
        problem,
        open!.id,
        at,
        `Managed block "${open!.id}" (line ${openLine}) is closed by an END marker for "${m.id}" on line ${at}; fix the markers by hand`,
      );
    case 'duplicate':
      return new ManagedMarkerError(
        problem,
        m.id,
        at,
        `Managed block "${m.id}" appears again on line ${at} (first on line ${lines.lineAt(firstLineStart)}); remove one by hand`,
      );
    case 'missing-end':
      return new ManagedMarkerError(
        problem,
        m.id,
        at,
        `Managed block "${m.id}" begins on line ${at} but has no END marker; fix the markers by hand`,
      );
  }
}

/**
 * Replaces the body of block `id`, or appends the block at the end of the file (after one blank
 * separator line; after ending the last line first if it had no newline) when it is absent. `body` may use any line endings; it is written in the file's style.
 */
export function upsertManagedBlock(
  text: string,
  id: string,
  body: string,
  /** `listManagedBlocks(text)` when the caller already has it (saves a scan of a large file). */
  known?: ManagedBlock[],
  memo?: ConfigMemo,
): string {
  assertValidId(id);
  const blocks = known ?? listManagedBlocks(text, memo);
  // A binary text is edited in bytes: what goes in is the UTF-8 of the block, and the result is
  // binary too (marked before its blocks are remembered, which reads the mark).
  const binary = isBinaryText(text);
  const enc = binary ? toBinary : (s: string) => s;
  const spliced = (start: number, end: number, inserted: string, next: string) => {
    if (binary) recordSplice(markBinary(next), { base: text, start, end, inserted });
    return next;
  };
  const eol = detectEol(text);
  const inner = enc(normaliseBody(body, eol));
  const head = enc(`; BEGIN MANAGED - ${id}${eol}`);
  const at = blocks.findIndex((b) => b.id === id);
  if (at !== -1) {
    const existing = blocks[at]!;
    // Keep the END line's own ending (a file may end on the marker with no newline).
    const endEol = text.slice(existing.end - lineEolLength(text, existing.end), existing.end);
    const tail = enc(`; END MANAGED - ${id}${endEol}`);
    const block = head + inner + tail;
    const next = spliced(
      existing.start,
      existing.end,
      block,
      text.slice(0, existing.start) + block + text.slice(existing.end),
    );
    const placed = placedAt(id, existing.start, head, inner, tail);
    if (memo) rememberSplice(memo, text, next, blocks, at, at + 1, placed, block);
    return next;
  }
  assertEndsOutsideBlockComment(text);
  const block = `${head}${inner}${enc(`; END MANAGED - ${id}`)}`;
  const end = text.length;
  if (end === 0) return spliced(0, 0, block + eol, block + eol);
  // Always exactly one separator line, even after a blank last line: removal takes exactly one
  // away again. A file without a final newline keeps that style (the block ends the file without
  // one), so add-then-remove gives back any file byte for byte.
  if (!endsWithEol(text)) return spliced(end, end, eol + eol + block, text + eol + eol + block);
  const added = eol + block + eol;
  const next = spliced(end, end, added, text + added);
  const tail = enc(`; END MANAGED - ${id}${eol}`);
  const placed = placedAt(id, end + eol.length, head, inner, tail);
  if (memo) rememberSplice(memo, text, next, blocks, blocks.length, blocks.length, placed, added);
  return next;
}

interface Placed {
  id: string;
  start: number;
  bodyStart: number;
  bodyEnd: number;
  end: number;
}

/**
 * Records the blocks of `next`: `text` with its blocks [from, to) (as listed) replaced by
 * `placed` (or by nothing), when `text`'s blocks are the memo's. Only for splices of whole lines
 * in files without `;--`: then the markers of `next` are those of `text` outside the splice,
 * plus the new block's, just as a scan would find them. `next` is `text` with `inserted` put in
 * at a line start and ending on a newline (or the end), so a `;--` in `next` is in one of them:
 * `next` itself is not read (it may be a rope not worth flattening, see text-splice.ts).
 */
function rememberSplice(
  memo: ConfigMemo,
  text: string,
  next: string,
  listed: readonly ManagedBlock[],
  from: number,
  to: number,
  placed: Placed | null,
  /** What the splice put in (checked for `;--`). */
  inserted: string,
): void {
  const entry = memo.listing(text);
  if (entry === null || entry.comments) return;
  if (inserted.includes(';--')) return;
  const base = entry.blocks;
  // `from`/`to` index the caller's list: it must be the memo's (a `known` list passed in).
  if (listed.length !== base.length || (from < listed.length && listed[from] !== base[from])) {
    return;
  }
  const lines = new LineIndex(next);
  const shift = next.length - text.length;
  const blocks: ManagedBlock[] = [];
  // Blocks before the splice keep their objects: `next` starts with the same text, so their
  // offsets, line numbers and bodies are the same read through the old string.
  for (let i = 0; i < from; i++) blocks.push(base[i]!);
  if (placed) {
    const { id, start, bodyStart, bodyEnd, end } = placed;
    blocks.push(new Block(id, start, bodyStart, bodyEnd, end, next, lines, isBinaryText(next)));
  }
  for (let i = to; i < base.length; i++) {
    const b = base[i]!;
    // Always a Block: the memo is only filled here and by listManagedBlocks.
    if (!(b instanceof Block)) return;
    blocks.push(b.moved(shift, next, lines));
  }
  memo.remember({ text: next, blocks, comments: false });
}

/** Where block `id` sits when its text `head + inner + tail` is spliced in at `start`. */
function placedAt(id: string, start: number, head: string, inner: string, tail: string): Placed {
  const bodyStart = start + head.length;
  const bodyEnd = bodyStart + inner.length;
  return { id, start, bodyStart, bodyEnd, end: bodyEnd + tail.length };
}

/**
 * Removes block `id` (markers included). When the block is followed by a blank line or the end
 * of the file, the one blank line separating it from what comes before goes too, so that adding
 * and then removing a block gives back the original file. Absent block: text returned as is.
 */
export function removeManagedBlock(
  text: string,
  id: string,
  /** `listManagedBlocks(text)` when the caller already has it (saves a scan of a large file). */
  known?: ManagedBlock[],
  memo?: ConfigMemo,
): string {
  const blocks = known ?? listManagedBlocks(text, memo);
  const at = blocks.findIndex((b) => b.id === id);
  if (at === -1) return text;
  const block = blocks[at]!;
  let start = block.start;
  let wholeLines = true;
  const after = text.slice(block.end);
  const followedByBlank = after.length === 0 || /^[ \t]*\r?\n/.test(after);
  if (followedByBlank && start > 0) {
    const prevStart = previousLineStart(text, start);
    const prevLine = text.slice(prevStart, start);
    if (/^[ \t]*\r?\n$/.test(prevLine)) {
      start = prevStart;
      // The block ended the file without a newline: it was appended to a file without one.
      if (after.length === 0 && !endsWithEol(text) && text[start - 1] === '\n') {
        start -= text[start - 2] === '\r' ? 2 : 1;
        wholeLines = false;
      }
    }
  }
  const next = text.slice(0, start) + after;
  if (isBinaryText(text)) {
    recordSplice(markBinary(next), { base: text, start, end: block.end, inserted: '' });
  }
  if (wholeLines && memo) rememberSplice(memo, text, next, blocks, at, at + 1, null, '');
  return next;
}

/** Characters [from, to) of a block's body replaced by `insert`. */
export interface BodyEdit {
  from: number;
  to: number;
  insert: string;
}

/**
 * Block `id` with `edits` made in its body (offsets into the body as it is now; any order, not
 * overlapping), every other byte as is. For a few lines changing in a large block: copying the
 * rest is left to the string's own slices, and the block list follows the splice without a scan.
 * Each edit must replace whole lines by whole lines in the file's own line endings.
 */
export function editManagedBody(
  text: string,
  id: string,
  edits: readonly BodyEdit[],
  memo?: ConfigMemo,
): string {
  const blocks = listManagedBlocks(text, memo);
  const at = blocks.findIndex((b) => b.id === id);
  if (at === -1)
    throw new ManagedBlockInputError(`No managed block "${id}" to edit`, { field: 'id' });
  const block = blocks[at]!;
  const sorted = [...edits].sort((a, b) => a.from - b.from);
  const parts: string[] = [text.slice(0, block.bodyStart)];
  let pos = 0;
  let shift = 0;
  for (const e of sorted) {
    if (e.from < pos || e.to < e.from || e.to > block.bodyEnd - block.bodyStart)
      throw new ManagedBlockInputError(`Edits of block "${id}" overlap or fall outside it`, {
        field: 'edits',
      });
    if (e.insert.includes(NEEDLE) || (e.insert !== '' && !e.insert.endsWith('\n')))
      throw new ManagedBlockInputError(
        `An edit of block "${id}" must be whole lines holding no managed marker`,
        { field: 'edits' },
      );
    parts.push(text.slice(block.bodyStart + pos, block.bodyStart + e.from), e.insert);
    pos = e.to;
    shift += e.insert.length - (e.to - e.from);
  }
  if (isBinaryText(text)) {
    // The offsets are into the body as read (UTF-8 text), not into the file's bytes: the edit
    // is made on that text and the block written back whole.
    let body = block.body;
    for (const e of [...sorted].reverse())
      body = body.slice(0, e.from) + e.insert + body.slice(e.to);
    return upsertManagedBlock(text, id, body, blocks, memo);
  }
  parts.push(text.slice(block.bodyStart + pos));
  const next = parts.join('');
  const placed: Placed = {
    id,
    start: block.start,
    bodyStart: block.bodyStart,
    bodyEnd: block.bodyEnd + shift,
    end: block.end + shift,
  };
  const inserted = sorted.map((e) => e.insert).join('');
  if (memo) rememberSplice(memo, text, next, blocks, at, at + 1, placed, inserted);
  return next;
}

/** The block containing character `offset` (blocks as listed, in file order), or null. */
export function blockAtOffset(blocks: ManagedBlock[], offset: number): ManagedBlock | null {
  let lo = 0;
  let hi = blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = blocks[mid]!;
    if (offset < b.start) hi = mid - 1;
    else if (offset >= b.end) lo = mid + 1;
    else return b;
  }
  return null;
}

/**
 * Walks the marker lines of `text` in order. The scanner itself is the current marker (20,000 on
 * a 10,000-extension file, so no object each); the id string is only cut out on request.
 *
 * MARKER_RE, matched by hand: the regex plus a slice per marker line was most of the time spent
 * listing the markers of a large file. `hit` is the first `MANAGED - ` of its line, which is
 * where the regex's literal must sit (the regex's prefix cannot contain one).
 */
class MarkerScanner implements Marker {
  kind: 'BEGIN' | 'END' = 'BEGIN';
  idStart = 0;
  idEnd = 0;
  /** A hash of the id, so that ids are compared and tabled without strings. */
  idHash = 0;
  lineStart = 0;
  next = 0;
  private from = 0;
  // Markers inside a `;-- … --;` block comment are commented-out text, not markers.
  private readonly doc: ConfigDocument | null;

  constructor(
    private readonly text: string,
    comments: boolean,
  ) {
    this.doc = comments ? parseConfig(text) : null;
  }

  get id(): string {
    return this.text.slice(this.idStart, this.idEnd);
  }

  /** The id equals `id` (same hash already known). */
  idIs(id: string): boolean {
    if (this.idEnd - this.idStart !== id.length) return false;
    const text = this.text;
    for (let i = 0, j = this.idStart; i < id.length; i++, j++) {
      if (text.charCodeAt(j) !== id.charCodeAt(i)) return false;
    }
    return true;
  }

  /** Moves to the next marker line; false at the end of the text. */
  advance(): boolean {
    const text = this.text;
    for (;;) {
      const hit = text.indexOf(NEEDLE, this.from);
      if (hit === -1) return false;
      let nl = text.indexOf('\n', hit);
      const next = nl === -1 ? text.length : nl + 1;
      this.from = next;
      const kindAt = markerPrefix(text, hit);
      if (kindAt === null) continue;
      if (nl === -1) nl = text.length;
      const lineEnd = text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
      const idStart = hit + NEEDLE.length;
      // `(.*?)[ \t]*$`: trailing blanks and tabs are not part of the id; a character `.` does
      // not match (CR, U+2028, U+2029) makes the whole line no marker.
      let idEnd = lineEnd;
      while (idEnd > idStart && isSpaceOrTab(text.charCodeAt(idEnd - 1))) idEnd--;
      let hash = 0;
      let ok = true;
      for (let i = idStart; i < idEnd; i++) {
        const c = text.charCodeAt(i);
        if (c === CR || c === 0x2028 || c === 0x2029) {
          ok = false;
          break;
        }
        hash = (Math.imul(hash, 31) + c) | 0;
      }
      if (!ok) continue;
      const lineStart = kindAt.lineStart;
      if (this.doc && insideBlockComment(this.doc, lineIndexOf(this.doc, lineStart))) continue;
      this.kind = kindAt.kind;
      this.idStart = idStart;
      this.idEnd = idEnd;
      this.idHash = hash;
      this.lineStart = lineStart;
      this.next = next;
      return true;
    }
  }
}

const PREFIX = { kind: 'BEGIN' as 'BEGIN' | 'END', lineStart: 0 };

/**
 * `^[ \t]*;[ \t]*(BEGIN|END) ` right before `hit`, read backwards; the line must start where the
 * prefix does. The answer is a shared object (overwritten by the next call), or null.
 */
function markerPrefix(text: string, hit: number): typeof PREFIX | null {
  let p = hit - 1;
  if (text.charCodeAt(p) !== SPACE) return null;
  if (
    text.charCodeAt(p - 1) === 78 /* N */ &&
    text.charCodeAt(p - 2) === 73 /* I */ &&
    text.charCodeAt(p - 3) === 71 /* G */ &&
    text.charCodeAt(p - 4) === 69 /* E */ &&
    text.charCodeAt(p - 5) === 66 /* B */
  ) {
    PREFIX.kind = 'BEGIN';
    p -= 6;
  } else if (
    text.charCodeAt(p - 1) === 68 /* D */ &&
    text.charCodeAt(p - 2) === 78 /* N */ &&
    text.charCodeAt(p - 3) === 69 /* E */
  ) {
    PREFIX.kind = 'END';
    p -= 4;
  } else return null;
  while (p >= 0 && isSpaceOrTab(text.charCodeAt(p))) p--;
  if (p < 0 || text.charCodeAt(p) !== SEMI) return null;
  p--;
  while (p >= 0 && isSpaceOrTab(text.charCodeAt(p))) p--;
  if (p >= 0 && text.charCodeAt(p) !== 10) return null;
  PREFIX.lineStart = p + 1;
  return PREFIX;
}

function isSpaceOrTab(c: number): boolean {
  return c === SPACE || c === TAB;
}

/** 0-based index of the parsed line starting at `offset`. */
function lineIndexOf(doc: ConfigDocument, offset: number): number {
  let lo = 0;
  let hi = doc.lineCount - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (doc.starts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * 1-based line numbers by offset. The newline table is only built when a line number is first
 * asked for, so listing blocks on a large file does not pay for a full newline scan.
 */
class LineIndex {
  private newlines: Int32Array | null = null;
  constructor(private readonly text: string) {}

  lineAt(offset: number): number {
    const nl = this.table();
    let lo = 0;
    let hi = nl.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (nl[mid]! < offset) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  }

  private table(): Int32Array {
    if (this.newlines) return this.newlines;
    const out: number[] = [];
    let p = this.text.indexOf('\n');
    while (p !== -1) {
      out.push(p);
      p = this.text.indexOf('\n', p + 1);
    }
    this.newlines = Int32Array.from(out);
    return this.newlines;
  }
}

/**
 * The 1-based line where the `;--` block comment still open at the end of `text` starts, or null
 * when the text ends outside any block comment (where an appended block would be live).
 */
export function unclosedBlockCommentLine(text: string): number | null {
  if (!text.includes(';--')) return null;
  const doc = parseConfig(text);
  const last = doc.lineCount - 1;
  if (last < 0) return null;
  const lastLine = text.slice(doc.starts[last]!, doc.starts[last + 1]! - doc.eolLengths[last]!);
  if (stripComments(lastLine, doc.depths[last]!).depth === 0) return null;
  // It opened on the last line that started outside any comment.
  let open = last;
  while (open > 0 && doc.depths[open] !== 0) open--;
  return open + 1;
}

function assertEndsOutsideBlockComment(text: string): void {
  const line = unclosedBlockCommentLine(text);
  if (line !== null) throw new UnclosedBlockCommentError(line);
}

function insideBlockComment(doc: ConfigDocument, lineIndex: number): boolean {
  // A marker line itself starts with a plain `;`, so it can never open a block comment.
  return (doc.depths[lineIndex] ?? 0) > 0;
}

function assertValidId(id: string): void {
  if (
    id.length === 0 ||
    id.length > MAX_ID_LENGTH ||
    id.trim() !== id ||
    /[\u0000-\u001f\u007f]/.test(id)
  ) {
    throw new ManagedBlockInputError(
      'Managed block id must be 1-200 printable characters without surrounding spaces',
      { fields: ['id'] },
    );
  }
}

function normaliseBody(body: string, eol: string): string {
  if (body.length === 0) return '';
  // A generated body (the 40,000-line dialplan) is usually LF-only and holds no marker text:
  // then splitting it into lines and joining them again would give back the same string.
  if (!body.includes(NEEDLE) && !body.includes('\r')) {
    const inner = body.endsWith('\n') ? body : body + '\n';
    return eol === '\n' ? inner : inner.replaceAll('\n', eol);
  }
  const lines = body.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  for (const [i, line] of lines.entries()) {
    if (MARKER_RE.test(line)) {
      throw new ManagedBlockInputError(
        `Managed block body line ${i + 1} looks like a managed marker; refusing to nest blocks`,
        { fields: ['body'], line: i + 1 },
      );
    }
  }
  return lines.map((l) => l + eol).join('');
}

function endsWithEol(s: string): boolean {
  return s.endsWith('\n');
}

function lineEolLength(text: string, end: number): number {
  if (end >= 2 && text.charCodeAt(end - 1) === 10 && text.charCodeAt(end - 2) === 13) return 2;
  if (end >= 1 && text.charCodeAt(end - 1) === 10) return 1;
  return 0;
}

function previousLineStart(text: string, lineStart: number): number {
  return text.lastIndexOf('\n', lineStart - 2) + 1;
}

/**
 * Many block edits in one pass over `text` (a bulk import on a 10,000-block file): each block in
 * `replace` gets that body, each in `remove` goes, then `append` adds new blocks at the end. The
 * result is byte for byte what the same `upsertManagedBlock` / `removeManagedBlock` calls made one
 * after another would give (replacements and removals in file order, then the appends in order),
 * without copying the whole file once per block.
 */
export function editManagedBlocks(
  text: string,
  edits: {
    replace?: ReadonlyMap<string, string>;
    remove?: ReadonlySet<string>;
    append?: ReadonlyArray<{ id: string; body: string }>;
  },
  memo?: ConfigMemo,
): string {
  const blocks = listManagedBlocks(text, memo);
  // A binary text (see upsertManagedBlock) gets the bytes of each block, and stays binary.
  const binary = isBinaryText(text);
  const enc = binary ? toBinary : (s: string) => s;
  const done = (s: string) => (binary ? markBinary(s) : s);
  const eol = detectEol(text);
  const replace = edits.replace ?? new Map<string, string>();
  const remove = edits.remove ?? new Set<string>();
  const out = new OutputPieces();
  let cursor = 0;
  for (const b of blocks) {
    const body = replace.get(b.id);
    if (body !== undefined) {
      const endEol = text.slice(b.end - lineEolLength(text, b.end), b.end);
      out.push(text.slice(cursor, b.start));
      out.push(
        enc(
          `; BEGIN MANAGED - ${b.id}${eol}${normaliseBody(body, eol)}; END MANAGED - ${b.id}${endEol}`,
        ),
      );
      cursor = b.end;
    } else if (remove.has(b.id)) {
      out.push(text.slice(cursor, b.start));
      cursor = b.end;
      // As removeManagedBlock on the text made so far: the blank line before goes too when a
      // blank line (or the end) follows, so that an add then a remove gives back the file.
      if (!followedByBlankLine(text, b.end) || out.length === 0) continue;
      const prev = out.lastLine();
      if (!/^[ \t]*\r?\n$/.test(prev)) continue;
      out.drop(prev.length);
      if (b.end === text.length && !endsWithEol(text) && out.endsWith('\n'))
        out.drop(out.endsWith('\r\n') ? 2 : 1);
    }
  }
  out.push(text.slice(cursor));
  let result = out.join();
  const append = edits.append ?? [];
  if (append.length === 0) return done(result);
  assertEndsOutsideBlockComment(result);
  const appendEol = detectEol(result);
  const tail: string[] = [];
  let endsEol = endsWithEol(result);
  for (const { id, body } of append) {
    assertValidId(id);
    const block = enc(
      `; BEGIN MANAGED - ${id}${appendEol}${normaliseBody(body, appendEol)}; END MANAGED - ${id}`,
    );
    const empty = result.length === 0 && tail.length === 0;
    const piece = empty
      ? block + appendEol
      : endsEol
        ? appendEol + block + appendEol
        : appendEol + appendEol + block;
    tail.push(piece);
    endsEol = piece.endsWith('\n');
  }
  result += tail.join('');
  return done(result);
}

function followedByBlankLine(text: string, end: number): boolean {
  let i = end;
  while (i < text.length && (text.charCodeAt(i) === SPACE || text.charCodeAt(i) === TAB)) i++;
  if (i === text.length) return i === end;
  return text.charCodeAt(i) === 10 || (text.charCodeAt(i) === CR && text.charCodeAt(i + 1) === 10);
}

/** Text built from pieces, whose end can be looked at and cut without joining it. */
class OutputPieces {
  private readonly pieces: string[] = [];
  length = 0;
  push(s: string): void {
    if (s.length === 0) return;
    this.pieces.push(s);
    this.length += s.length;
  }
  private tail(min: number): string {
    let acc = '';
    for (let i = this.pieces.length - 1; i >= 0; i--) {
      acc = this.pieces[i]! + acc;
      if (acc.length >= min && acc.lastIndexOf('\n', acc.length - 2) !== -1) break;
    }
    return acc;
  }
  /** The last line, with its end-of-line. */
  lastLine(): string {
    const t = this.tail(2);
    return t.slice(t.lastIndexOf('\n', t.length - 2) + 1);
  }
  endsWith(s: string): boolean {
    return this.tail(s.length).endsWith(s);
  }
  drop(n: number): void {
    this.length -= n;
    while (n > 0) {
      const last = this.pieces.pop()!;
      if (last.length > n) this.pieces.push(last.slice(0, last.length - n));
      n -= Math.min(n, last.length);
    }
  }
  join(): string {
    return this.pieces.join('');
  }
}
