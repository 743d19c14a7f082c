/**
 * Hand-written dialplan that handles a number the console would give managed lines. Asterisk
 * keeps the first `exten => 1001,1,…` it reads and logs the second as "already in use", so a
 * managed line for a number hand-written in the same context is silently not loaded; and an
 * exact managed number beats a hand-written pattern (`_2XX`), taking the number away from it.
 */
import { listManagedBlocks } from '../config/managed';
import type { ConfigMemo } from '../config/config-memo';
import { RayanError } from '../errors/rayan-error';
import { BoundedLru } from './bounded-lru';

export interface HandWrittenExten {
  context: string;
  /** The extension as written: a number, or a pattern starting with `_`. */
  name: string;
  /** 1-based line in extensions.conf. */
  line: number;
  /** The application of its first line, e.g. `VoiceMail` (for "pattern _2XX → VoiceMail"). */
  application: string;
}

/** Who answers a number in a context. */
export type DialplanOwner =
  | { kind: 'managed' }
  | { kind: 'hand-written'; line: number; application: string }
  | { kind: 'pattern'; pattern: string; line: number; application: string }
  | { kind: 'none' };

/** Context → its hand-written extensions (first line of each name), outside managed blocks. */
export type HandWrittenDialplan = Map<string, HandWrittenExten[]>;

const SECTION = /^\[([^\]]+)\]/;
const EXTEN = /^exten\s*=>?\s*([^,\s]+)\s*,\s*([^,]*),\s*([A-Za-z0-9_]+)?/i;

export function readHandWritten(
  extensionsConf: string | null,
  memo?: ConfigMemo,
): HandWrittenDialplan {
  const out: HandWrittenDialplan = new Map();
  if (!extensionsConf) return out;
  const skip = listManagedBlocks(extensionsConf, memo).map((b) => [b.start, b.end] as const);
  let context: string | null = null;
  let line = 0;
  let pos = 0;
  let b = 0;
  while (pos <= extensionsConf.length) {
    const nl = extensionsConf.indexOf('\n', pos);
    const end = nl === -1 ? extensionsConf.length : nl;
    line++;
    while (b < skip.length && skip[b]![1] <= pos) b++;
    const inBlock = b < skip.length && skip[b]![0] <= pos;
    if (!inBlock) {
      const text = extensionsConf.slice(pos, end).replace(/;.*$/, '').trim();
      const sec = SECTION.exec(text);
      if (sec) context = sec[1]!.trim();
      else if (context !== null) {
        const ex = EXTEN.exec(text);
        if (ex) {
          const name = ex[1]!.split('/')[0]!;
          const list = out.get(context) ?? [];
          if (!list.some((e) => e.name === name))
            list.push({ context, name, line, application: ex[3] ?? '' });
          out.set(context, list);
        }
      }
    } else context = null;
    if (nl === -1) break;
    pos = nl + 1;
  }
  return out;
}

/** Asterisk's pattern syntax (`X`, `Z`, `N`, `[1-5]`, `.`, `!`) as a regex; null if not a pattern. */
export function patternRegex(name: string): RegExp | null {
  if (!name.startsWith('_')) return null;
  // Asked once per extension of a context at 10,000 extensions: compile each pattern once.
  return compiled.get(name, compile);
}

/** Far above one host's hand-written patterns (tens), so a host's check never misses twice. */
export const PATTERNS_KEPT = 1024;
const compiled = new BoundedLru<RegExp | null>(PATTERNS_KEPT);

function compile(name: string): RegExp | null {
  let re = '^';
  const p = name.slice(1);
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!.toUpperCase();
    if (c === 'X') re += '[0-9]';
    else if (c === 'Z') re += '[1-9]';
    else if (c === 'N') re += '[2-9]';
    else if (c === '.') re += '.+';
    else if (c === '!') re += '.*';
    else if (c === '[') {
      const close = p.indexOf(']', i);
      if (close === -1) return null;
      re += `[${p.slice(i + 1, close).replace(/[^0-9-]/g, '')}]`;
      i = close;
    } else if (c === '-' || c === ' ') continue;
    else re += c.replace(/[\\^$*+?.()|{}[\]]/g, '\\$&');
  }
  return new RegExp(re + '$');
}

/**
 * Who handles `number` in `context` apart from the console: an exact hand-written entry first
 * (Asterisk's exact match beats patterns), else the first hand-written pattern that matches.
 */
export function handWrittenOwner(
  hand: HandWrittenDialplan,
  context: string,
  number: string,
): Exclude<DialplanOwner, { kind: 'managed' }> {
  const list = hand.get(context) ?? [];
  const exact = list.find((e) => e.name === number);
  if (exact) return { kind: 'hand-written', line: exact.line, application: exact.application };
  for (const e of list) {
    if (patternRegex(e.name)?.test(number))
      return { kind: 'pattern', pattern: e.name, line: e.line, application: e.application };
  }
  return { kind: 'none' };
}

/** How an owner reads in the extension's view and `ext list`. */
export function describeOwner(owner: DialplanOwner): string {
  switch (owner.kind) {
    case 'managed':
      return 'managed';
    case 'hand-written':
      return `hand-written: extensions.conf line ${owner.line}`;
    case 'pattern':
      return `pattern ${owner.pattern} → ${owner.application || '?'}`;
    case 'none':
      return 'none';
  }
}

/** What to do when a hand-written pattern would handle a number the console is adding. */
export type PatternPolicy = 'take-over' | 'leave-pattern';

/** A new managed number would take over from a hand-written pattern: the user must choose. */
export class DialplanPatternCollisionError extends RayanError {
  constructor(
    readonly number: string,
    readonly context: string,
    readonly pattern: string,
    readonly line: number,
    readonly application: string,
  ) {
    super(
      'DIALPLAN_PATTERN_COLLISION',
      `Extension ${number} in [${context}] is handled today by the hand-written pattern ${pattern}` +
        `${application ? ` → ${application}` : ''} (extensions.conf line ${line}). Managed lines ` +
        `would take over from it. Choose: --dialplan take-over, or --dialplan leave-pattern to ` +
        `keep the pattern in charge. Nothing was changed.`,
      { number, context, pattern, line, application },
    );
  }
}
