import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
// @ts-expect-error plain JS module (the bin decides before anything is compiled)
import { pickEntry } from '../../../bin/pick-entry.js';

let root = '';
const write = (rel: string, text: string, mtimeSec: number) => {
  const f = path.join(root, rel);
  fs.mkdirSync(path.dirname(f), { recursive: true });
  fs.writeFileSync(f, text);
  fs.utimesSync(f, mtimeSec, mtimeSec);
};

beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-pick-'));
  write('src/cli/main.ts', '', 1000);
  write('src/cli/usage.ts', '', 1000);
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

const built = (sources: unknown) => {
  write('out/cli/sources.json', JSON.stringify(sources), 2000);
  write('out/cli/rayanpbx.mjs', '', 2000);
};

describe('which entry bin/rayanpbx.js runs', () => {
  it('runs the bundle when every source it was built from is older', () => {
    built(['src/cli/main.ts', 'src/cli/usage.ts']);
    expect(pickEntry(root, {}).kind).toBe('bundle');
  });

  it('falls back to the sources when there is no bundle (a fresh checkout)', () => {
    expect(pickEntry(root, {})).toEqual({
      kind: 'source',
      file: path.join(root, 'src/cli/main.ts'),
    });
  });

  it('falls back when a source changed after the build', () => {
    built(['src/cli/main.ts', 'src/cli/usage.ts']);
    fs.utimesSync(path.join(root, 'src/cli/usage.ts'), 3000, 3000);
    expect(pickEntry(root, {}).kind).toBe('source');
  });

  it('falls back when a source the bundle was built from is gone, or the list is unreadable', () => {
    built(['src/cli/main.ts', 'src/cli/removed.ts']);
    expect(pickEntry(root, {}).kind).toBe('source');
    built([]);
    expect(pickEntry(root, {}).kind).toBe('source');
    write('out/cli/sources.json', '{not json', 2000);
    expect(pickEntry(root, {}).kind).toBe('source');
  });

  it('runs the sources when asked to (RAYANPBX_CLI_FROM_SOURCE=1), bundle or not', () => {
    built(['src/cli/main.ts']);
    expect(pickEntry(root, { RAYANPBX_CLI_FROM_SOURCE: '1' }).kind).toBe('source');
  });
});
