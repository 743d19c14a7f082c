import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { printfLine } from '../../../src/main/core/ssh/printf-line';

/** What write.sh does with a middle sent as a line: `read -r`, then the line as printf's format. */
function throughShell(shell: string, lines: Buffer[]): Buffer[] {
  const script = 'while IFS= read -r m; do printf "$m"; printf "\\n--end--\\n"; done';
  // --norc: bash reads ~/.bashrc when its stdin is a socket, as it is under Node.
  const res = spawnSync(shell, [...(shell === 'bash' ? ['--norc'] : []), '-c', script], {
    input: Buffer.concat(lines.map((l) => Buffer.from(`${printfLine(l)}\n`, 'latin1'))),
    env: { PATH: '/usr/bin:/bin', LC_ALL: 'C' },
  });
  expect(res.stderr.toString()).toBe('');
  const out = res.stdout;
  const parts: Buffer[] = [];
  let at = 0;
  for (let i = 0; i < lines.length; i++) {
    const end = out.indexOf('\n--end--\n', at + lines[i]!.length);
    parts.push(out.subarray(at, end));
    at = end + '\n--end--\n'.length;
  }
  return parts;
}

describe('a small middle sent as one printf line', () => {
  const every = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
  const tricky = [
    every,
    Buffer.from('\\%%s%d\\n\\0017\\101'),
    Buffer.from('password=a%b\\c\n'),
    Buffer.from('  leading and trailing blanks\t \r'),
    Buffer.from('\u00e9\u0645 UTF-8 text', 'utf8'),
    Buffer.alloc(0),
    Buffer.from([0, 0x31, 0x32, 0x33]),
    Buffer.from('-n -e --'),
    Buffer.from('--'),
  ];

  it('is one line of printable ASCII, with no newline, % or unescaped backslash, not starting with -', () => {
    expect(printfLine(Buffer.from('-x'))).toBe('\\055x');
    const line = printfLine(every);
    expect(line).toMatch(/^[\x20-\x7e]*$/);
    expect(line.replace(/\\[0-7]{3}/g, '')).not.toMatch(/[\\%]/);
  });

  it.each(['dash', 'bash'])('comes out of %s as exactly its bytes', (shell) => {
    const random = Array.from({ length: 20 }, () => randomBytes(1 + (randomBytes(1)[0]! % 200)));
    const inputs = [...tricky, ...random];
    const out = throughShell(shell, inputs);
    out.forEach((b, i) => expect(b.equals(inputs[i]!), `input ${i}`).toBe(true));
  });
});
