import { describe, expect, it } from 'vitest';
import { runCli } from '../../../src/cli/main';
import { COMMANDS, USAGE } from '../../../src/cli/usage';

async function cli(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  let fleets = 0;
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, () => {
    fleets++;
    throw new Error('help must not open the fleet');
  });
  return { code, out: out.join('\n'), err: err.join('\n'), fleets };
}

describe('rayanpbx <command> --help', () => {
  it.each(COMMANDS)('%s --help prints that command’s usage only, exit 0, no fleet', async (cmd) => {
    const r = await cli([cmd, '--help']);
    expect(r).toMatchObject({ code: 0, err: '', fleets: 0 });
    const usageLines = r.out.split('\n').filter((l) => l.startsWith('  rayanpbx '));
    expect(usageLines.length).toBeGreaterThan(0);
    for (const l of usageLines) expect(l.startsWith(`  rayanpbx ${cmd} `)).toBe(true);
    expect(r.out).toContain('Exit codes:');
  });

  it('narrows to the sub-command when one is named, wherever --help / -h stands', async () => {
    const add = await cli(['ext', 'add', 'pbx1', '201', '--name', 'Ann', '--help']);
    expect(add.code).toBe(0);
    expect(add.out).toMatch(/^ {2}rayanpbx ext add <host> <number>/);
    expect(add.out).not.toContain('rayanpbx ext list');
    const rm = await cli(['trunk', '-h', 'disable']);
    expect(rm.out).toMatch(/^ {2}rayanpbx trunk rm\|enable\|disable/);
  });

  it('help <command> is the same as <command> --help', async () => {
    expect((await cli(['help', 'nat'])).out).toBe((await cli(['nat', '--help'])).out);
  });

  it('an unknown command with --help is a usage error (exit 2), not help', async () => {
    const r = await cli(['bogus', '--help']);
    expect(r).toMatchObject({ code: 2, out: '', fleets: 0 });
    expect(r.err).toContain('Unknown command "bogus"');
  });

  it('--help after "--" is an argument, not a request for help', async () => {
    const r = await cli(['ext', 'list', '--', '--help']);
    expect(r.fleets).toBe(1);
    expect(r.code).toBe(1);
  });

  it('rayanpbx --help and help print the whole usage, every command in it', async () => {
    for (const argv of [['--help'], ['help'], ['-h']]) {
      const r = await cli(argv);
      expect(r).toMatchObject({ code: 0, out: USAGE, fleets: 0 });
    }
    for (const cmd of COMMANDS) expect(USAGE).toContain(`  rayanpbx ${cmd} `);
    expect((await cli([])).code).toBe(2);
  });
});
