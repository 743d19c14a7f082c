import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../../src/cli/args';
import { parseSshTarget } from '../../../src/cli/commands/host';

describe('CLI argument parsing', () => {
  it('takes --flag value, --flag=value and repeated flags', () => {
    const a = parseArgs(
      ['pbx1', '--local-net', '10.0.0.0/8', '--local-net=192.168.0.0/16', '--json'],
      {
        values: ['local-net'],
        booleans: ['json'],
      },
    );
    expect(a.positionals).toEqual(['pbx1']);
    expect(a.flags.get('local-net')).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
    expect(a.booleans.has('json')).toBe(true);
  });

  it('refuses unknown options and options missing their value as usage errors', () => {
    expect(() => parseArgs(['--nope'], {})).toThrow(UsageError);
    expect(() => parseArgs(['--name'], { values: ['name'] })).toThrow('--name needs a value');
  });

  it('reads user@host:port, bare aliases and bracketed IPv6', () => {
    expect(parseSshTarget('root@pbx.example.com:2222')).toEqual({
      user: 'root',
      host: 'pbx.example.com',
      port: 2222,
    });
    expect(parseSshTarget('pbx1')).toEqual({ user: null, host: 'pbx1', port: null });
    expect(parseSshTarget('admin@[2001:db8::1]:22')).toEqual({
      user: 'admin',
      host: '2001:db8::1',
      port: 22,
    });
    expect(() => parseSshTarget('a@b:99999')).toThrow(UsageError);
    expect(() => parseSshTarget('a b')).toThrow(UsageError);
  });
});
