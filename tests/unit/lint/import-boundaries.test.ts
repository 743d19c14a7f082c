import path from 'node:path';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');
const eslint = new ESLint({ cwd: root });

async function restricted(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

// ESLint loads its whole config on the first lint: seconds on a loaded machine, not a hang.
describe('the import boundary (eslint no-restricted-imports)', { timeout: 60_000 }, () => {
  it.each([
    [
      'src/renderer/src/stores/x.ts',
      "import type { Fleet } from '../../../main/core/fleet/fleet';",
    ],
    ['src/renderer/src/x.tsx', "export { Fleet } from '../../main/core/fleet/fleet';"],
    ['src/preload/x.ts', "import { bindIpc } from '../main/ipc/bind-ipc';"],
    [
      'src/shared/types/x.ts',
      "import type { HostSession } from '../../main/core/fleet/host-session';",
    ],
    ['src/shared/x.ts', "import { x } from '/work/repo/src/main/core/x';"],
  ])('refuses %s importing from src/main', async (file, code) => {
    expect(await restricted(file, code)).toEqual([
      expect.stringContaining('must not import from src/main'),
    ]);
  });

  it('lets them import shared code, and lets main and the CLI import main', async () => {
    expect(
      await restricted(
        'src/renderer/src/x.ts',
        "import type { HostState } from '../../shared/types';",
      ),
    ).toEqual([]);
    expect(await restricted('src/renderer/src/x.ts', "import { App } from './main-view';")).toEqual(
      [],
    );
    expect(
      await restricted('src/cli/x.ts', "import { Fleet } from '../main/core/fleet/fleet';"),
    ).toEqual([]);
    expect(
      await restricted('src/main/ipc/x.ts', "import { Fleet } from '../core/fleet/fleet';"),
    ).toEqual([]);
  });
});
