/**
 * Lossless model of an Asterisk `.conf` file.
 *
 * The document is a list of lines, each kept verbatim (text + its own end-of-line), plus an
 * index of sections pointing into that list. Nothing is normalised, so `serializeConfig` can
 * give back the exact input; what Asterisk would *see* on a line (comments removed, `\;`
 * unescaped) is kept alongside in `content`. Option keys and values are only split on demand
 * (`parseOption`), which keeps parsing a 250k-line file to a few tens of milliseconds.
 *
 * Comment handling follows Asterisk's `config.c`: `;` starts a comment to end of line, `\;` is a
 * literal semicolon, `;--` (not `;---`) opens a block comment that may span lines and nest, and
 * `--;` closes it. One deliberate difference: Asterisk decrements its nesting counter on a `--;`
 * found outside any block comment (which makes it ignore the rest of the file); here such a `--;`
 * is an ordinary end-of-line comment.
 */

import { BACKSLASH, CR, DASH, HASH, LBRACKET, SEMI } from './char-codes';

export type LineKind = 'blank' | 'comment' | 'section' | 'option' | 'directive' | 'unknown';

export interface ConfigLine {
  /** The line exactly as written, without its end-of-line. */
  text: string;
  /** `'\n'`, `'\r\n'`, or `''` for a last line without a newline. */
  eol: string;
  kind: LineKind;
  /** What Asterisk reads from this line: comments removed, `\;` unescaped, not trimmed. */
  content: string;
  /** True when the line starts inside a `;-- … --;` block comment. */
  inBlockComment: boolean;
}

export interface ConfigSection {
  name: string;
  /** `[name](!)`: a template, never loaded as an object itself. */
  template: boolean;
  /** `[name](+)`: adds its options to an earlier section of the same name. */
  append: boolean;
  /** `[name](tpl1,tpl2)`: templates whose options come first. */
  inherits: string[];
  /** Value of the first `type=` option in the section's own lines, if any. */
  type: string | null;
  /** Line index of the `[name]` header. */
  start: number;
  /** Line index one past the section's last line (the next header, or the line count). */
  end: number;
}

/**
 * Lines are not materialised as objects: the document keeps the source text and, per line, its
 * start offset, end-of-line length, kind and block-comment depth in typed arrays. `getLine`
 * builds a `ConfigLine` on demand. `replaceLine` records an edit; `serializeConfig` writes every
 * unedited run of lines as one slice of the source.
 */
export interface ConfigDocument {
  readonly source: string;
  readonly lineCount: number;
  /** `starts[i]` is the offset of line i; `starts[lineCount]` is `source.length`. */
  readonly starts: Uint32Array;
  /** 0 (last line, no newline), 1 (`\n`) or 2 (`\r\n`). */
  readonly eolLengths: Uint8Array;
  /** Index into `LINE_KINDS`. */
  readonly kinds: Uint8Array;
  /** Block-comment nesting depth before the line (0 outside `;-- … --;`). */
  readonly depths: Uint8Array;
  /** 1 when the line's content differs from its text (a comment, `\;`, or a block comment). */
  readonly commented: Uint8Array;
  readonly sections: ConfigSection[];
  /** Edited lines: index → new text *including* its end-of-line. */
  readonly edits: Map<number, string>;
}

export const LINE_KINDS: readonly LineKind[] = [
  'blank',
  'comment',
  'section',
  'option',
  'directive',
  'unknown',
];
const K_BLANK = 0;
const K_COMMENT = 1;
const K_SECTION = 2;
const K_OPTION = 3;
const K_DIRECTIVE = 4;
const K_UNKNOWN = 5;

export interface ParsedOption {
  key: string;
  value: string;
  /** Written as `key => value` (an "object" line in Asterisk terms, used by the dialplan). */
  arrow: boolean;
}

export interface ParsedHeader {
  name: string;
  template: boolean;
  append: boolean;
  inherits: string[];
}

export interface ParsedDirective {
  name: string;
  argument: string;
}

/** Splits the text into lines and indexes sections. Never throws: any input is a document. */
export function parseConfig(source: string): ConfigDocument {
  const len = source.length;
  // Upper bound on the line count without a pre-pass: grow on demand.
  let cap = 1024;
  let starts = new Uint32Array(cap + 1);
  let eolLengths = new Uint8Array(cap);
  let kinds = new Uint8Array(cap);
  let depths = new Uint8Array(cap);
  let commented = new Uint8Array(cap);
  const sections: ConfigSection[] = [];
  let current: ConfigSection | null = null;
  let depth = 0;
  let pos = 0;
  let n = 0;
  let nextSemi = source.indexOf(';');
  if (nextSemi === -1) nextSemi = len;
  let nextEq = source.indexOf('=');
  if (nextEq === -1) nextEq = len;

  while (pos < len) {
    if (n === cap) {
      cap *= 2;
      starts = grow32(starts, cap + 1);
      eolLengths = grow8(eolLengths, cap);
      kinds = grow8(kinds, cap);
      depths = grow8(depths, cap);
      commented = grow8(commented, cap);
    }
    let nl = source.indexOf('\n', pos);
    let textEnd: number;
    let eolLen: number;
    if (nl === -1) {
      nl = len;
      textEnd = len;
      eolLen = 0;
    } else if (nl > pos && source.charCodeAt(nl - 1) === CR) {
      textEnd = nl - 1;
      eolLen = 2;
    } else {
      textEnd = nl;
      eolLen = 1;
    }
    starts[n] = pos;
    eolLengths[n] = eolLen;
    depths[n] = depth > 255 ? 255 : depth;

    if (nextSemi < pos) {
      nextSemi = source.indexOf(';', pos);
      if (nextSemi === -1) nextSemi = len;
    }
    let kind: number;
    if (depth === 0 && nextSemi >= textEnd) {
      // Fast path: no comment on this line, classify straight from the source.
      let first = pos;
      while (first < textEnd && source.charCodeAt(first) <= 32) first++;
      if (first === textEnd) {
        kind = K_BLANK;
      } else {
        const c = source.charCodeAt(first);
        if (c === LBRACKET) {
          const header = headerFromSource(source, first, textEnd);
          if (header) {
            kind = K_SECTION;
            if (current) current.end = n;
            current = newSection(header, n);
            sections.push(current);
          } else kind = K_UNKNOWN;
        } else if (c === HASH) {
          kind = K_DIRECTIVE;
        } else {
          if (nextEq < first) {
            nextEq = source.indexOf('=', first);
            if (nextEq === -1) nextEq = len;
          }
          if (nextEq < textEnd) {
            kind = K_OPTION;
            // Only `type` lines are split while parsing; the rest waits for parseOption.
            if (current !== null && current.type === null && (c === 116 || c === 84)) {
              const t = typeValueFromSource(source, first, textEnd);
              if (t !== null) current.type = t;
            }
          } else kind = K_UNKNOWN;
        }
      }
    } else {
      commented[n] = 1;
      const r = stripComments(source.slice(pos, textEnd), depth);
      depth = r.depth;
      kind = classifyContent(r.content, pos, textEnd, source);
      if (kind === K_SECTION) {
        const header = parseSectionHeader(r.content)!;
        if (current) current.end = n;
        current = newSection(header, n);
        sections.push(current);
      } else if (kind === K_OPTION && current !== null && current.type === null) {
        noteType(current, r.content);
      }
    }
    kinds[n] = kind;
    n++;
    pos = nl + 1;
  }
  starts[n] = len;
  if (current) current.end = n;
  return {
    source,
    lineCount: n,
    starts,
    eolLengths,
    kinds,
    depths,
    commented,
    sections,
    edits: new Map(),
  };
}

function newSection(h: ParsedHeader, line: number): ConfigSection {
  return {
    name: h.name,
    template: h.template,
    append: h.append,
    inherits: h.inherits,
    type: null,
    start: line,
    end: line + 1,
  };
}

/** `[name]` straight from the source: one allocation for a plain header. */
function headerFromSource(source: string, open: number, end: number): ParsedHeader | null {
  const close = source.indexOf(']', open + 1);
  if (close === -1 || close >= end) return null;
  if (source.charCodeAt(close + 1) === 40 /* ( */ && close + 1 < end) {
    return parseHeaderAt(source.slice(open, end), 0);
  }
  return { name: source.slice(open + 1, close), template: false, append: false, inherits: EMPTY };
}

/** The value of a `type = x` line, or null when the line sets another key. */
function typeValueFromSource(source: string, first: number, end: number): string | null {
  if (end - first < 5) return null;
  const y = source.charCodeAt(first + 1) | 32;
  const p = source.charCodeAt(first + 2) | 32;
  const e = source.charCodeAt(first + 3) | 32;
  if (y !== 121 || p !== 112 || e !== 101) return null;
  let i = first + 4;
  while (i < end && source.charCodeAt(i) <= 32) i++;
  if (source.charCodeAt(i) !== 61 /* = */) return null;
  i++;
  if (source.charCodeAt(i) === 62 /* > */) i++;
  while (i < end && source.charCodeAt(i) <= 32) i++;
  let j = end;
  while (j > i && source.charCodeAt(j - 1) <= 32) j--;
  return source.slice(i, j);
}

function noteType(section: ConfigSection, content: string): void {
  const opt = parseOption(content);
  if (opt && opt.key.toLowerCase() === 'type') section.type = opt.value;
}

function classifyContent(content: string, pos: number, textEnd: number, source: string): number {
  const first = firstNonSpace(content);
  if (first === -1) {
    for (let i = pos; i < textEnd; i++) if (source.charCodeAt(i) > 32) return K_COMMENT;
    return K_BLANK;
  }
  const c = content.charCodeAt(first);
  if (c === LBRACKET) return parseHeaderAt(content, first) ? K_SECTION : K_UNKNOWN;
  if (c === HASH) return K_DIRECTIVE;
  return content.indexOf('=', first) !== -1 ? K_OPTION : K_UNKNOWN;
}

function grow32(a: Uint32Array<ArrayBuffer>, size: number): Uint32Array<ArrayBuffer> {
  const b = new Uint32Array(size);
  b.set(a);
  return b;
}

function grow8(a: Uint8Array<ArrayBuffer>, size: number): Uint8Array<ArrayBuffer> {
  const b = new Uint8Array(size);
  b.set(a);
  return b;
}

/** Materialises line `i` (edited text when it was replaced). */
export function getLine(doc: ConfigDocument, i: number): ConfigLine {
  const edited = doc.edits.get(i);
  if (edited !== undefined) return describeLine(edited, doc.depths[i]!);
  const start = doc.starts[i]!;
  const eolLen = doc.eolLengths[i]!;
  const end = doc.starts[i + 1]! - eolLen;
  const text = doc.source.slice(start, end);
  const depth = doc.depths[i]!;
  const kind = LINE_KINDS[doc.kinds[i]!]!;
  const content =
    depth === 0 && text.indexOf(';') === -1 ? text : stripComments(text, depth).content;
  return {
    text,
    eol: eolLen === 2 ? '\r\n' : eolLen === 1 ? '\n' : '',
    kind,
    content,
    inBlockComment: depth > 0,
  };
}

function describeLine(full: string, depth: number): ConfigLine {
  let text = full;
  let eol = '';
  if (text.endsWith('\r\n')) {
    eol = '\r\n';
    text = text.slice(0, -2);
  } else if (text.endsWith('\n')) {
    eol = '\n';
    text = text.slice(0, -1);
  }
  const content = stripComments(text, depth).content;
  const kind = LINE_KINDS[classifyContent(content, 0, text.length, text)]!;
  return { text, eol, kind, content, inBlockComment: depth > 0 };
}

/** All lines, materialised (convenient for small files and tests). */
export function getLines(doc: ConfigDocument): ConfigLine[] {
  const out: ConfigLine[] = new Array(doc.lineCount);
  for (let i = 0; i < doc.lineCount; i++) out[i] = getLine(doc, i);
  return out;
}

/** Kind of line `i` as parsed. */
export function lineKind(doc: ConfigDocument, i: number): LineKind {
  return LINE_KINDS[doc.kinds[i]!]!;
}

/** What Asterisk reads from line `i` (comments stripped), without materialising the line. */
export function lineContent(doc: ConfigDocument, i: number): string {
  if (doc.edits.size !== 0 && doc.edits.has(i)) return getLine(doc, i).content;
  const text = doc.source.slice(doc.starts[i]!, doc.starts[i + 1]! - doc.eolLengths[i]!);
  const depth = doc.depths[i]!;
  return depth === 0 && text.indexOf(';') === -1 ? text : stripComments(text, depth).content;
}

/**
 * Replaces line `i`'s text (its end-of-line is kept). The section index is not rebuilt: edits
 * are for callers that change values in place; structural edits are text splices + re-parse.
 */
export function replaceLine(doc: ConfigDocument, i: number, text: string): void {
  if (i < 0 || i >= doc.lineCount) throw new RangeError(`line ${i} out of range`);
  const eolLen = doc.eolLengths[i]!;
  doc.edits.set(i, text + (eolLen === 2 ? '\r\n' : eolLen === 1 ? '\n' : ''));
}

function firstNonSpace(s: string): number {
  const n = s.length;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c > 32) return i;
  }
  return -1;
}

/** Asterisk's comment stripping for one line, given the block-comment depth before it. */
export function stripComments(line: string, depthIn: number): { content: string; depth: number } {
  let depth = depthIn;
  let out = '';
  // Start of the not-yet-copied run of visible text (only meaningful while depth === 0).
  let runStart = 0;
  let i = 0;
  const n = line.length;
  while (i < n) {
    const c = line.charCodeAt(i);
    if (c !== SEMI) {
      i++;
      continue;
    }
    if (i > 0 && line.charCodeAt(i - 1) === BACKSLASH) {
      // Escaped semicolon: drop the backslash, keep the `;` as text.
      if (depth === 0) {
        out += line.slice(runStart, i - 1) + ';';
        runStart = i + 1;
      }
      i++;
      continue;
    }
    if (
      line.charCodeAt(i + 1) === DASH &&
      line.charCodeAt(i + 2) === DASH &&
      line.charCodeAt(i + 3) !== DASH
    ) {
      if (depth === 0) out += line.slice(runStart, i);
      depth++;
      i += 3;
      runStart = i;
      continue;
    }
    if (depth > 0 && i >= 2 && line.charCodeAt(i - 1) === DASH && line.charCodeAt(i - 2) === DASH) {
      depth--;
      i++;
      runStart = i;
      continue;
    }
    if (depth === 0) {
      out += line.slice(runStart, i);
      return { content: out, depth };
    }
    i++;
  }
  if (depth === 0) out += line.slice(runStart);
  return { content: out, depth };
}

/**
 * `[name]`, `[name](!)`, `[name](tpl1,tpl2)`, `[name](+)`. As in Asterisk, the options are only
 * read when `(` follows `]` directly; a header without `]` (or with `(` but no `)`) is not a
 * header (Asterisk refuses such a file; here it stays an 'unknown' line).
 */
export function parseSectionHeader(content: string): ParsedHeader | null {
  const first = firstNonSpace(content);
  if (first === -1 || content.charCodeAt(first) !== LBRACKET) return null;
  return parseHeaderAt(content, first);
}

function parseHeaderAt(content: string, open: number): ParsedHeader | null {
  const close = content.indexOf(']', open + 1);
  if (close === -1) return null;
  const name = content.slice(open + 1, close);
  let template = false;
  let append = false;
  let inherits: string[] = EMPTY;
  if (content.charCodeAt(close + 1) === 40 /* ( */) {
    const end = content.indexOf(')', close + 2);
    if (end === -1) return null;
    const opts = content.slice(close + 2, end).split(',');
    for (const raw of opts) {
      const o = trimBlanks(raw);
      if (o === '!') template = true;
      else if (o === '+') append = true;
      else if (o !== '') {
        if (inherits === EMPTY) inherits = [];
        inherits.push(o);
      }
    }
  }
  return { name, template, append, inherits };
}

const EMPTY: string[] = [];

/** `key = value` / `key => value` from a line's `content`; null when there is no `=`. */
export function parseOption(content: string): ParsedOption | null {
  const eq = content.indexOf('=');
  if (eq === -1) return null;
  const arrow = content.charCodeAt(eq + 1) === 62; /* > */
  const key = trimBlanks(content.slice(0, eq));
  const value = trimBlanks(content.slice(arrow ? eq + 2 : eq + 1));
  return { key, value, arrow };
}

/** Asterisk's `ast_strip`: blanks are every byte below 33 (not Unicode spaces). */
export function trimBlanks(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}

/** `#include file`, `#tryinclude "file"`, `#exec cmd`, or any other `#word arg`. */
export function parseDirective(content: string): ParsedDirective | null {
  const first = firstNonSpace(content);
  if (first === -1 || content.charCodeAt(first) !== HASH) return null;
  const rest = content.slice(first + 1);
  let i = 0;
  while (i < rest.length && rest.charCodeAt(i) > 32) i++;
  const name = rest.slice(0, i);
  let argument = trimBlanks(rest.slice(i));
  if (
    argument.length >= 2 &&
    ((argument.startsWith('"') && argument.endsWith('"')) ||
      (argument.startsWith('<') && argument.endsWith('>')))
  ) {
    argument = argument.slice(1, -1);
  }
  return { name, argument };
}

/**
 * `[key, value]` of option line `i` (trimmed, `=>` accepted), or null. Reads plain lines straight
 * from the source: two small strings per option, which matters when resolving 250k options.
 */
export function optionAt(doc: ConfigDocument, i: number): [string, string] | null {
  if (doc.commented[i] !== 0 || (doc.edits.size !== 0 && doc.edits.has(i))) {
    const o = parseOption(lineContent(doc, i));
    return o ? [o.key, o.value] : null;
  }
  const src = doc.source;
  let a = doc.starts[i]!;
  const end = doc.starts[i + 1]! - doc.eolLengths[i]!;
  const eq = src.indexOf('=', a);
  if (eq === -1 || eq >= end) return null;
  while (a < eq && src.charCodeAt(a) <= 32) a++;
  let k = eq;
  while (k > a && src.charCodeAt(k - 1) <= 32) k--;
  let v = eq + 1;
  if (src.charCodeAt(v) === 62 /* > */ && v < end) v++;
  while (v < end && src.charCodeAt(v) <= 32) v++;
  let e = end;
  while (e > v && src.charCodeAt(e - 1) <= 32) e--;
  return [src.slice(a, k), src.slice(v, e)];
}

/** The end-of-line style a file uses: its first line ending, `'\n'` when it has none. */
export function detectEol(text: string): '\n' | '\r\n' {
  const nl = text.indexOf('\n');
  if (nl > 0 && text.charCodeAt(nl - 1) === CR) return '\r\n';
  return '\n';
}
