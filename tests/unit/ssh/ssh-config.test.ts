import { describe, expect, it } from 'vitest';
import { SshConfigError } from '../../../src/main/core/ssh/errors';
import {
  hostBlockMatches,
  matchHostPattern,
  parseJumpSpec,
  parseSshConfig,
  resolveSshHost,
} from '../../../src/main/core/ssh/ssh-config';

const ctx = { homeDir: '/home/admin', localUser: 'admin' };
const resolve = (text: string, alias: string) =>
  resolveSshHost(parseSshConfig(text, 'cfg'), alias, ctx);

describe('~/.ssh/config parsing', () => {
  it('resolves an alias to its HostName, User, Port and IdentityFile (with ~ expanded)', () => {
    const r = resolve(
      [
        'Host pbx1',
        '  HostName 10.0.0.5',
        '  User asterisk',
        '  Port 2222',
        '  IdentityFile ~/.ssh/pbx_ed25519',
      ].join('\n'),
      'pbx1',
    );
    expect(r).toEqual({
      alias: 'pbx1',
      hostName: '10.0.0.5',
      user: 'asterisk',
      port: 2222,
      identityFiles: ['/home/admin/.ssh/pbx_ed25519'],
      proxyJump: null,
    });
  });

  it('leaves a name that matches no Host block as it is, with nothing set', () => {
    expect(resolve('Host other\n HostName 1.2.3.4\n', 'pbx.example.com')).toEqual({
      alias: 'pbx.example.com',
      hostName: 'pbx.example.com',
      user: null,
      port: null,
      identityFiles: [],
      proxyJump: null,
    });
  });

  it('keeps the first value obtained for a keyword, as ssh does, and accumulates IdentityFile', () => {
    const text = [
      'Host pbx-*',
      '  User first',
      '  IdentityFile ~/.ssh/a',
      'Host pbx-east',
      '  User second',
      '  HostName east.example.com',
      '  IdentityFile ~/.ssh/b',
      'Host *',
      '  Port 2200',
      '  User third',
    ].join('\n');
    const r = resolve(text, 'pbx-east');
    expect(r.user).toBe('first');
    expect(r.hostName).toBe('east.example.com');
    expect(r.port).toBe(2200);
    expect(r.identityFiles).toEqual(['/home/admin/.ssh/a', '/home/admin/.ssh/b']);
  });

  it('matches host patterns with *, ? and negation, case-insensitively', () => {
    expect(matchHostPattern('pbx1', 'pbx?')).toBe(true);
    expect(matchHostPattern('pbx12', 'pbx?')).toBe(false);
    expect(matchHostPattern('PBX.example.com', '*.example.com')).toBe(true);
    expect(matchHostPattern('pbx.example.org', '*.example.com')).toBe(false);
    expect(matchHostPattern('a.b', 'a.b')).toBe(true);
    expect(matchHostPattern('axb', 'a.b')).toBe(false);
    expect(hostBlockMatches('pbx-test', ['pbx-*', '!pbx-test'])).toBe(false);
    expect(hostBlockMatches('pbx-prod', ['pbx-*', '!pbx-test'])).toBe(true);
    expect(hostBlockMatches('pbx-prod', ['!pbx-test'])).toBe(false);
  });

  it('accepts "Key=value", "Key = value", quoted values, comments and any keyword case', () => {
    const text = [
      '# comment',
      'HOST "my pbx" pbx2',
      '\thostname=192.0.2.1',
      '  IDENTITYFILE = "~/keys/with space"',
      '  port = 22',
    ].join('\r\n');
    const r = resolve(text, 'my pbx');
    expect(r.hostName).toBe('192.0.2.1');
    expect(r.identityFiles).toEqual(['/home/admin/keys/with space']);
    expect(r.port).toBe(22);
    expect(resolve(text, 'pbx2').hostName).toBe('192.0.2.1');
  });

  it('expands %h, %d, %u, %r and %% tokens', () => {
    const r = resolve(
      ['Host pbx', '  HostName %h.lan', '  User ops', '  IdentityFile %d/.ssh/%r@%h_%u_100%%'].join(
        '\n',
      ),
      'pbx',
    );
    expect(r.hostName).toBe('pbx.lan');
    expect(r.identityFiles).toEqual(['/home/admin/.ssh/ops@pbx.lan_admin_100%']);
  });

  it('reads a one-hop ProxyJump ([user@]host[:port]) and treats "none" as no jump', () => {
    expect(resolve('Host pbx\n ProxyJump ops@bastion:2201\n', 'pbx').proxyJump).toEqual({
      host: 'bastion',
      user: 'ops',
      port: 2201,
    });
    expect(resolve('Host pbx\n ProxyJump bastion\n', 'pbx').proxyJump).toEqual({
      host: 'bastion',
      user: null,
      port: null,
    });
    expect(
      resolve('Host pbx\n ProxyJump none\nHost *\n ProxyJump bastion\n', 'pbx').proxyJump,
    ).toBeNull();
    expect(parseJumpSpec('ssh://root@[2001:db8::1]:22')).toEqual({
      host: '2001:db8::1',
      user: 'root',
      port: 22,
    });
  });

  it('refuses a multi-hop ProxyJump with the file and line', () => {
    const err = (() => {
      try {
        resolve('Host pbx\n  ProxyJump a,b\n', 'pbx');
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(SshConfigError);
    expect((err as SshConfigError).message).toMatch(/^cfg:2: ProxyJump with 2 hops/);
  });

  it('reports an invalid port with its line number', () => {
    expect(() => resolve('Host pbx\n Port 99999\n', 'pbx')).toThrow(/cfg:2: invalid port "99999"/);
    expect(() => parseSshConfig('Host pbx\n HostName "unterminated\n', 'cfg')).toThrow(
      /cfg:2: unterminated quote/,
    );
  });

  it('skips Match blocks and says so instead of guessing their conditions', () => {
    const cfg = parseSshConfig('Match user root\n  Port 2022\nHost pbx\n  Port 2200\n', 'cfg');
    expect(resolveSshHost(cfg, 'pbx', ctx).port).toBe(2200);
    expect(resolveSshHost(cfg, 'other', ctx).port).toBeNull();
    expect(cfg.warnings[0]).toMatch(/Match blocks are not evaluated/);
  });

  it('applies lines before the first Host block to every host', () => {
    expect(resolve('User everyone\nHost pbx\n  HostName x\n', 'pbx').user).toBe('everyone');
  });
});
