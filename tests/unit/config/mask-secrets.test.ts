import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MASK,
  maskSecrets,
  maskSecretsPair,
  SECRET_OPTIONS,
} from '../../../src/main/core/config/mask-secrets';

/**
 * The masking as first written, a line at a time (two regexes per line): the reference the
 * whole-text version must equal byte for byte, and 20× slower on a big pjsip.conf.
 */
function referenceLines(text: string, mark: (s: string, k: string, v: string) => string): string {
  const secret = new RegExp(
    `(^|[^A-Za-z0-9_])(${[...SECRET_OPTIONS].join('|')})(\\s*=>?)([^\\r\\n]*)`,
    'gi',
  );
  const sectionRe = /^\s*\[([^\]\r\n]*)\]/;
  let section = '';
  return text
    .split('\n')
    .map((line) => {
      const s = sectionRe.exec(line);
      if (s) section = s[1]!;
      return line.replace(
        secret,
        (_m, pre: string, key: string, eq: string, value: string) =>
          `${pre}${key}${eq}${MASK}${mark(section, key.toLowerCase(), value)}`,
      );
    })
    .join('\n');
}

function referencePair(before: string, after: string): [string, string] {
  const had = new Set<string>();
  const masked = referenceLines(before, (section, key, value) => {
    had.add(`${section}\0${key}\0${value.trim()}`);
    return '';
  });
  return [
    masked,
    referenceLines(after, (section, key, value) =>
      had.has(`${section}\0${key}\0${value.trim()}`) ? '' : ' (changed)',
    ),
  ];
}

/** Lines that exercise every edge: keys inside words, `=>`, blanks and CR around, headers. */
const piece = fc.constantFrom(
  '[1001]',
  '  [auth1001] ; password=inheader',
  '[password=x]',
  'password=secret1',
  'password = secret 2;tail',
  'PASSWORD=>Upper',
  'md5_cred=abc',
  'oauth_secret=o',
  'refresh_token = r',
  'password_digest=d',
  'mypassword=notakey',
  ';password=commented',
  ';--password=inblock--;',
  'type=auth',
  'username=1001',
  '\r',
  ' \t',
  'x\rpassword=aftercr',
  '\u2028password=afterls',
  '',
  'password',
);
const text = fc
  .array(fc.array(piece, { maxLength: 3 }), { maxLength: 40 })
  .map((lines) => lines.map((l) => l.join(' ')).join('\n'));

describe('masking credentials in a text (history diffs, adopt diffs)', () => {
  it('equals the line-at-a-time reference on any text (property)', () => {
    fc.assert(
      fc.property(text, text, (a, b) => {
        expect(maskSecrets(a)).toBe(referenceLines(a, () => ''));
        expect(maskSecretsPair(a, b)).toEqual(referencePair(a, b));
      }),
      { numRuns: 1500 },
    );
  });

  it('never lets a value through, and marks only the one that changed', () => {
    const before = '[1001]\npassword=old-one\n[1002]\npassword=same\n';
    const after = '[1001]\npassword=new-one\n[1002]\npassword=same\n';
    const [a, b] = maskSecretsPair(before, after);
    expect(a).toBe('[1001]\npassword=********\n[1002]\npassword=********\n');
    expect(b).toBe('[1001]\npassword=******** (changed)\n[1002]\npassword=********\n');
  });
});
