/**
 * Asterisk's extension names: `_`-patterns (X, Z, N, [..], `.`, `!`), how a number matches one
 * (`ast_extension_match`), and the order extensions have in a context (`ext_cmp`), which is the
 * order ShowDialPlan lists them in and the order in which dialling picks the best match.
 */

const compiled = new Map<string, RegExp | null>();

function patternRegExp(pattern: string): RegExp | null {
  let cached = compiled.get(pattern);
  if (cached !== undefined) return cached;
  let re = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i]!;
    const up = ch.toUpperCase();
    if (up === 'X') re += '[0-9]';
    else if (up === 'Z') re += '[1-9]';
    else if (up === 'N') re += '[2-9]';
    else if (ch === '.') re += '.+';
    else if (ch === '!') re += '.*';
    else if (ch === '[') {
      const end = pattern.indexOf(']', i);
      if (end < 0) {
        compiled.set(pattern, null);
        return null;
      }
      re += `[${pattern.slice(i + 1, end).replace(/[\\\]^]/g, '\\$&')}]`;
      i = end;
    } else if (ch === '-') continue;
    else re += ch.replace(/[.*+?^${}()|\\/]/g, '\\$&');
  }
  cached = new RegExp(re + '$');
  compiled.set(pattern, cached);
  return cached;
}

/** `ast_extension_match(name, number)`: an exact name equals it; a `_` pattern matches it. */
export function extensionMatches(name: string, number: string): boolean {
  if (!name.startsWith('_')) return stripDashes(name) === stripDashes(number);
  // Asterisk compares a `_` number to a pattern as two patterns first ("_X. matches _X.").
  if (number.startsWith('_') && comparePatterns(name.slice(1), number.slice(1)) === 0) return true;
  return patternRegExp(name.slice(1))?.test(number) ?? false;
}

/** `ext_cmp`: exact names first (by text, `-` ignored), then patterns, most specific first. */
export function compareExtensions(a: string, b: string): number {
  const pa = a.startsWith('_');
  const pb = b.startsWith('_');
  if (pa !== pb) return pa ? 1 : -1;
  if (!pa) {
    const sa = stripDashes(a);
    const sb = stripDashes(b);
    return sa < sb ? -1 : sa > sb ? 1 : 0;
  }
  return comparePatterns(a.slice(1), b.slice(1));
}

function stripDashes(s: string): string {
  return s.includes('-') ? s.replace(/-/g, '') : s;
}

/**
 * Position by position, the character class matching fewer digits sorts first (a literal before
 * N before Z before X before `.` before `!`); on a tie the lower first character wins, and a
 * pattern that ends sorts before one that goes on.
 */
function comparePatterns(a: string, b: string): number {
  const ca = patternClasses(a);
  const cb = patternClasses(b);
  for (let i = 0; i < Math.max(ca.length, cb.length); i++) {
    const x = ca[i];
    const y = cb[i];
    if (!x) return y ? -1 : 0;
    if (!y) return 1;
    if (x.size !== y.size) return x.size - y.size;
    if (x.first !== y.first) return x.first - y.first;
  }
  return 0;
}

interface CharClass {
  size: number;
  first: number;
}

function patternClasses(p: string): CharClass[] {
  const out: CharClass[] = [];
  for (let i = 0; i < p.length; i++) {
    const ch = p[i]!;
    const up = ch.toUpperCase();
    if (ch === '-') continue;
    if (up === 'X') out.push({ size: 10, first: 48 });
    else if (up === 'Z') out.push({ size: 9, first: 49 });
    else if (up === 'N') out.push({ size: 8, first: 50 });
    else if (ch === '.') out.push({ size: 1000, first: 0 });
    else if (ch === '!') out.push({ size: 1001, first: 0 });
    else if (ch === '[') {
      const end = p.indexOf(']', i);
      const body = end < 0 ? p.slice(i + 1) : p.slice(i + 1, end);
      const chars = new Set<number>();
      for (let j = 0; j < body.length; j++) {
        if (body[j + 1] === '-' && j + 2 < body.length) {
          for (let c = body.charCodeAt(j); c <= body.charCodeAt(j + 2); c++) chars.add(c);
          j += 2;
        } else chars.add(body.charCodeAt(j));
      }
      out.push({ size: chars.size, first: Math.min(...chars) });
      i = end < 0 ? p.length : end;
    } else out.push({ size: 1, first: ch.charCodeAt(0) });
  }
  return out;
}
