import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runBin } from '../../support/cli-harness';
import { startCliPbx, type CliPbx } from '../../support/cli-pbx';

/** The installed command in its own process (`closeStdout`: as `rayanpbx … | head -1`). */
const rayanpbx = (
  home: string,
  args: string[],
  opts: { stdin?: string; closeStdout?: boolean } = {},
) => runBin(args, { env: { RAYANPBX_HOME: home }, ...opts });

const passwordIn = (pjsip: string, number: string) =>
  new RegExp(`\\[${number}\\]\\ntype=auth\\n(?:.*\\n)*?password=(\\S+)\\n`).exec(pjsip)?.[1];

let rig: CliPbx;

beforeAll(async () => {
  rig = await startCliPbx({ pjsip: '', extensions: '', ami: false });
});

afterAll(async () => {
  await rig?.close();
});

describe('rayanpbx ext add: the SIP password without argv', () => {
  it('--password-stdin takes it from stdin (one trailing newline dropped)', async () => {
    const r = await rayanpbx(rig.cli.home, ['ext', 'add', 'pbx', '2001', '--password-stdin'], {
      stdin: 'Stdin-Passw0rd-2001\n',
    });
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(passwordIn(await rig.pbx.read('pjsip.conf'), '2001')).toBe('Stdin-Passw0rd-2001');
  });

  it('--password-file takes it from a file', async () => {
    const file = path.join(rig.cli.home, 'sip-password');
    fs.writeFileSync(file, 'File-Passw0rd-2002\n', { mode: 0o600 });
    const r = await rig.cli.run('ext', 'add', 'pbx', '2002', '--password-file', file);
    expect(r.code).toBe(0);
    expect(passwordIn(await rig.pbx.read('pjsip.conf'), '2002')).toBe('File-Passw0rd-2002');
    const set = await rig.cli.run('ext', 'set', 'pbx', '2002', '--password-file', file);
    expect(set.code).toBe(0);
  });

  it('refuses a FIFO, a device or two sources at once, changing nothing', async () => {
    const before = await rig.pbx.read('pjsip.conf');
    const fifo = path.join(rig.cli.home, 'pw.fifo');
    execFileSync('mkfifo', [fifo]);
    const viaFifo = await rig.cli.run('ext', 'add', 'pbx', '2003', '--password-file', fifo);
    expect(viaFifo.code).toBe(2);
    expect(viaFifo.stderr).toContain(`--password-file ${fifo}: a FIFO (named pipe)`);
    const viaZero = await rig.cli.run('ext', 'add', 'pbx', '2003', '--password-file', '/dev/zero');
    expect(viaZero.code).toBe(2);
    expect(viaZero.stderr).toContain('a character device, not a regular file');
    const both = await rig.cli.run(
      'ext',
      'add',
      'pbx',
      '2003',
      '--password-file',
      fifo,
      '--password',
      'Argv-Passw0rd-2003',
    );
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('Use only one of');
    expect(await rig.pbx.read('pjsip.conf')).toBe(before);
  });
});

describe('rayanpbx ext add | head -1', () => {
  it('ends quietly with the exit code of the change, and the generated password goes to stderr', async () => {
    const r = await rayanpbx(rig.cli.home, ['ext', 'add', 'pbx', '2004', '--name', 'Piped'], {
      closeStdout: true,
    });
    expect(r.stderr).not.toMatch(/EPIPE|Error|at .*\.ts:\d+/);
    expect(r.code).toBe(0);
    const written = passwordIn(await rig.pbx.read('pjsip.conf'), '2004');
    expect(written).toMatch(/^\S{16,}$/);
    expect(r.stderr).toContain(`Created extension 2004: generated password ${written}`);
  });

  it('says a given password nowhere (stdout not a terminal, nothing generated)', async () => {
    const r = await rayanpbx(rig.cli.home, ['ext', 'add', 'pbx', '2005', '--password-stdin'], {
      stdin: 'Given-Passw0rd-2005',
    });
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
  });
});
