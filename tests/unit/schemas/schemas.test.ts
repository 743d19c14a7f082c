import { describe, expect, it } from 'vitest';
import {
  extensionCreateInput,
  extensionUpdateInput,
  formatZodError,
  hostConfigInput,
  hostConfigPatchInput,
  natPatchInput,
  sshTargetInput,
} from '../../../src/shared/schemas';

function errorOf(r: { success: boolean; error?: unknown }): string {
  expect(r.success).toBe(false);
  return formatZodError(r.error as Parameters<typeof formatZodError>[0]);
}

describe('extension schemas', () => {
  it('fills RayanPBX defaults and uses the number as display name when none is given', () => {
    expect(extensionCreateInput.parse({ number: '1001' })).toEqual({
      number: '1001',
      displayName: '1001',
      context: 'from-internal',
      codecs: ['ulaw', 'alaw'],
      maxContacts: 1,
      transport: 'transport-udp',
      natFriendly: true,
      qualifyFrequency: 60,
      enabled: true,
    });
  });

  it('accepts names in any script (Persian names are common on these servers)', () => {
    expect(
      extensionCreateInput.parse({ number: '1001', displayName: 'علی رضایی' }).displayName,
    ).toBe('علی رضایی');
  });

  it('keeps an update partial: only given fields come out', () => {
    expect(extensionUpdateInput.parse({ maxContacts: 2 })).toEqual({ maxContacts: 2 });
  });

  it('formats several problems on one line, each naming its field', () => {
    const msg = errorOf(
      extensionCreateInput.safeParse({
        number: 'xy',
        password: 'abcd efgh',
        codecs: ['ok', 'B@D'],
      }),
    );
    expect(msg).toBe(
      'number: must be 2-20 digits; password: must not contain spaces; codecs.1: must be a codec name such as ulaw, alaw, g722, opus (lowercase letters, digits, "_")',
    );
    expect(msg).not.toContain('\n');
  });
});

describe('NAT schema', () => {
  it('accepts IPv4, IPv6, host names, null to clear, and IPv4/IPv6 CIDRs', () => {
    expect(
      natPatchInput.parse({
        externalMediaAddress: '2001:db8::1',
        externalSignalingAddress: null,
        localNets: ['10.0.0.0/8', 'fd00::/8'],
      }),
    ).toEqual({
      externalMediaAddress: '2001:db8::1',
      externalSignalingAddress: null,
      localNets: ['10.0.0.0/8', 'fd00::/8'],
    });
    expect(natPatchInput.parse({ externalMediaAddress: 'pbx.example.com' })).toBeTruthy();
  });

  it('rejects invalid IPv4 addresses that only look like host names', () => {
    expect(errorOf(natPatchInput.safeParse({ externalMediaAddress: '1.2.3.256' }))).toMatch(
      /^externalMediaAddress: /,
    );
  });
});

describe('host schemas', () => {
  it('fills defaults matching HostConfig', () => {
    expect(hostConfigInput.parse({ name: 'pbx1', host: '10.0.0.5' })).toEqual({
      name: 'pbx1',
      transport: 'ssh',
      host: '10.0.0.5',
      port: null,
      user: null,
      keyFile: null,
      auth: 'key',
      configDir: '/etc/asterisk',
      sudo: false,
      hostKey: null,
      jumpHostKey: null,
      amiUser: null,
      amiPort: 5038,
      backupsToKeep: 10,
    });
  });

  it('accepts a pinned SHA256 fingerprint and rejects anything else', () => {
    const fp = 'SHA256:' + 'A'.repeat(43);
    expect(hostConfigPatchInput.parse({ hostKey: fp })).toEqual({ hostKey: fp });
    expect(errorOf(hostConfigPatchInput.safeParse({ hostKey: 'MD5:aa' }))).toMatch(/^hostKey: /);
  });

  it('has one fingerprint rule for host key, jump host key and trust: unpadded, as probed', async () => {
    const { invokeContract } = await import('../../../src/shared/ipc');
    const fp = 'SHA256:' + 'A'.repeat(43);
    for (const padded of [fp + '=', 'SHA256:' + 'A'.repeat(42)]) {
      expect(hostConfigPatchInput.safeParse({ hostKey: padded }).success).toBe(false);
      expect(hostConfigPatchInput.safeParse({ jumpHostKey: padded }).success).toBe(false);
      expect(
        invokeContract['hosts/trust'].input.safeParse({ name: 'pbx1', fingerprint: padded })
          .success,
      ).toBe(false);
    }
    expect(
      invokeContract['hosts/trust'].input.safeParse({ name: 'pbx1', fingerprint: fp }).success,
    ).toBe(true);
  });

  it('parses user@host[:port] targets including bracketed IPv6', () => {
    expect(sshTargetInput.parse('admin@pbx.example.com')).toEqual({
      user: 'admin',
      host: 'pbx.example.com',
      port: null,
    });
    expect(sshTargetInput.parse('root@[2001:db8::5]:2222')).toEqual({
      user: 'root',
      host: '2001:db8::5',
      port: 2222,
    });
    expect(errorOf(sshTargetInput.safeParse('root@host:99999'))).toBe(
      'ssh: port: must be at most 65535',
    );
  });
});
