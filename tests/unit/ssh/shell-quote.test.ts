import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { shCommand, shellQuote } from '../../../src/main/core/ssh/shell-quote';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** What a real /bin/sh makes of the quoted words: each printed back, NUL-separated. */
function throughShell(values: string[]): string[] {
  const script = `printf '%s\\0' ${values.map(shellQuote).join(' ')}`;
  const out = execFileSync('/bin/sh', ['-c', script]);
  return out.toString('utf8').split('\0').slice(0, -1);
}

describe('shellQuote', () => {
  it('hands any string without NUL to the shell unchanged (property, checked by /bin/sh)', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.string({ unit: 'binary' }),
            fc.constantFrom(
              "'",
              '"',
              '\\',
              '$(id)',
              '`id`',
              '; rm -rf /',
              '\n',
              '*',
              '~',
              '-n',
              '',
              ' ',
              "'\\''",
              '${HOME}',
            ),
          ),
          { minLength: 1, maxLength: 12 },
        ),
        (parts) => {
          // NUL cannot be a shell argument; lone surrogates cannot be UTF-8 encoded at all.
          const values = parts.map((p) => p.replace(/\0/g, '').replace(LONE_SURROGATE, '\uFFFD'));
          expect(throughShell(values)).toEqual(values);
        },
      ),
      { numRuns: 150 },
    );
    // 150 shells: a correctness property, not a speed one; a loaded machine must not fail it.
  }, 60_000);

  it('leaves plain words bare and quotes everything else', () => {
    expect(shellQuote('/etc/asterisk/pjsip.conf')).toBe('/etc/asterisk/pjsip.conf');
    expect(shellQuote('a b')).toBe("'a b'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote('')).toBe("''");
  });

  it('refuses a NUL byte rather than silently truncating the argument', () => {
    expect(() => shellQuote('a\0b')).toThrow(/NUL/);
  });

  it('passes script arguments as "$1"…, never as script text', () => {
    const evil = `x"; echo PWNED; echo "`;
    const out = execFileSync(
      '/bin/sh',
      ['-c', shCommand('printf "%s|%s" "$1" "$2"', [evil, '$(id)'])],
      {
        encoding: 'utf8',
      },
    );
    expect(out).toBe(`${evil}|$(id)`);
  });
});
