import { spawn } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCliPbx, type CliPbx } from '../../support/cli-pbx';

/**
 * Issue 9 item 2: a 50 MB pjsip.conf that is not UTF-8 (Latin-1 comments, a byte every few
 * characters) took 27 s to list and killed `ext add` at 4.6 GB; later ~440 MB (list) and ~530 MB
 * (add), the text being a two-byte string beside the bytes. Measured on the CLI process itself by
 * /usr/bin/time, against the target of 300 MB: such a file is now held as one byte per
 * character, its bytes are given back once decoded, and a write sends the edit's splice without
 * flattening the new text (~240 MB list, ~250 MB add, about 100 MB of it Node and tsx).
 */
const BIN = path.resolve(import.meta.dirname, '../../../bin/rayanpbx.js');
const SIZE = 50 * 1024 * 1024;
const LIMIT_KB = 300 * 1024;

let rig: CliPbx;
let original: Buffer;

/** Hand-written sections under Latin-1 comments (0xE9, 0xF1…: never valid UTF-8 here). */
function latin1Conf(size: number): Buffer {
  const parts: Buffer[] = [
    Buffer.from('[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n\n'),
  ];
  let n = parts[0]!.length;
  for (let i = 0; n < size; i++) {
    // A commented history every section: mostly Latin-1 comment lines, as a long-lived file has.
    const comments = Array.from(
      { length: 40 },
      (_, j) => `; ${i}.${j} caf\xe9 r\xe9seau d'\xe9t\xe9, se\xf1or, \xe0 r\xe9viser\n`,
    ).join('');
    const block = Buffer.from(`${comments}[hand${i}]\ntype=aor\nmax_contacts=1\n\n`, 'latin1');
    parts.push(block);
    n += block.length;
  }
  return Buffer.concat(parts);
}

/** Peak resident set of the CLI process, in KiB, with its exit code and stderr. */
function measured(args: string[]): Promise<{ code: number; maxRssKb: number; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-v', process.execPath, BIN, ...args], {
      env: { ...process.env, RAYANPBX_HOME: rig.cli.home },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    child.on('error', reject);
    child.on('close', (code) => {
      const kb = /Maximum resident set size \(kbytes\): (\d+)/.exec(stderr)?.[1];
      resolve({ code: code ?? -1, maxRssKb: Number(kb ?? NaN), stderr });
    });
  });
}

beforeAll(async () => {
  original = latin1Conf(SIZE);
  rig = await startCliPbx({ pjsip: original, extensions: '', ami: false });
}, 120_000);

afterAll(async () => {
  await rig?.close();
});

describe('a 50 MB pjsip.conf that is not UTF-8', () => {
  it('ext list stays under 300 MB resident', { timeout: 300_000 }, async () => {
    const r = await measured(['ext', 'list', 'pbx']);
    console.log(`ext list: max RSS ${(r.maxRssKb / 1024).toFixed(0)} MB`);
    expect(r.code, r.stderr).toBe(0);
    expect(r.maxRssKb).toBeLessThan(LIMIT_KB);
  });

  it(
    'ext add stays under 300 MB resident and keeps every other byte',
    { timeout: 300_000 },
    async () => {
      const r = await measured(['ext', 'add', 'pbx', '1001', '--name', 'Big']);
      console.log(`ext add: max RSS ${(r.maxRssKb / 1024).toFixed(0)} MB`);
      expect(r.code, r.stderr).toBe(0);
      const after = await rig.pbx.readBytes('pjsip.conf');
      expect(after.subarray(0, original.length).equals(original)).toBe(true);
      expect(after.subarray(original.length).toString('utf8')).toContain(
        '; BEGIN MANAGED - Extension 1001',
      );
      expect(r.maxRssKb).toBeLessThan(LIMIT_KB);
    },
  );
});
