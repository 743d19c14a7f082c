import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { planAdopt } from '../../../src/main/core/adopt/adopt-plan';
import { maskSecrets } from '../../../src/main/core/adopt/adopt-host';
import { unifiedDiff } from '../../../src/main/core/history/unified-diff';
import { fixture } from '../pjsip/fixtures';

const dir = mkdtempSync(join(tmpdir(), 'rayan-diff-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** GNU patch applies the diff to `a`: the result must be exactly `b`. */
function patched(a: string, b: string): string {
  const file = join(dir, 'f.conf');
  writeFileSync(file, a);
  const diff = unifiedDiff(a, b, 'f.conf', 'f.conf');
  execFileSync('patch', ['--quiet', '--binary', file], { input: diff });
  return readFileSync(file, 'utf8');
}

describe('the adopt diff', () => {
  it('applied by GNU patch gives the adopted file (CRLF parts included)', () => {
    const office = fixture('adopt/office-pjsip.conf');
    const mixed = office
      .replace('[2002-auth]\n', '[2002-auth]\r\n')
      .replace('; Bob\n', '; Bob\r\n');
    for (const text of [office, mixed, office.replace(/\n/g, '\r\n')]) {
      const after = planAdopt(text, 'all').text;
      expect(after).not.toBe(text);
      expect(patched(text, after)).toBe(after);
    }
  });
});

describe('maskSecrets', () => {
  it('hides credential values and nothing else', () => {
    const text = '[1]\r\ntype=auth\r\npassword = s3cret ; note\r\nusername=1\nmd5_cred=abc\n';
    expect(maskSecrets(text)).toBe(
      '[1]\r\ntype=auth\r\npassword =********\r\nusername=1\nmd5_cred=********\n',
    );
  });
});
