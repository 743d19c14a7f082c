import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { filesVsLive } from '../../support/files-vs-live';
import { runBin } from '../../support/cli-harness';
import { startCliPbx, type CliPbx } from '../../support/cli-pbx';

const AMI_SECRET = 'cli-ami-secret-0815';
const ROUNDS = 20;

/** The installed command in its own process, as two admins' shells would run it. */
const rayanpbx = (env: Record<string, string>, args: string[]) => runBin(args, { env });

let rig: CliPbx;
let home: string;

beforeAll(async () => {
  // res_pjsip reloads take a little while, so the two processes' reloads do overlap and one is
  // refused as busy (transcript 46) and waits.
  rig = await startCliPbx({
    sipPort: 15061,
    amiSecret: AMI_SECRET,
    ami: { reloadCost: () => 150 },
    cli: false,
  });
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-cli-'));
});

afterAll(async () => {
  await rig?.close();
  if (home) fs.rmSync(home, { recursive: true, force: true });
});

describe('two rayanpbx processes adding extensions to one host at once', () => {
  it(`both end verified, and the files equal what Asterisk runs, ${ROUNDS} rounds in a row`, async () => {
    const env = { RAYANPBX_HOME: home, RAYANPBX_AMI_SECRET: AMI_SECRET };
    const add = await rayanpbx(env, rig.hostAddArgs());
    expect(add.code, add.stderr).toBe(0);
    for (let round = 0; round < ROUNDS; round++) {
      const numbers = [`${4000 + round}`, `${5000 + round}`];
      const runs = await Promise.all(
        numbers.map((n) =>
          rayanpbx(env, ['ext', 'add', 'pbx', n, '--password', `Pw-${n}-abcdefgh`]),
        ),
      );
      for (const r of runs) {
        expect(r.code, `round ${round}: ${r.stderr}`).toBe(0);
        expect(r.stdout).toContain('verified: yes');
      }
      expect(await filesVsLive(rig.pbx, rig.ami), `round ${round}`).toEqual([]);
    }
    expect(rig.ami.pjsip.endpoints.size).toBe(2 * ROUNDS);
  }, 900_000);
});
