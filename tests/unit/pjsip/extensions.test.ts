import { describe, expect, it } from 'vitest';
import {
  addExtension,
  DISABLED_PREFIX,
  ExtensionExistsError,
  ExtensionNotFoundError,
  getExtensionSecret,
  readExtensions,
  ReadOnlyExtensionError,
  removeExtension,
  setExtensionEnabled,
  updateExtension,
} from '../../../src/main/core/pjsip';
import { resolveSections } from '../../../src/main/core/config/resolve';
import { listManagedBlocks } from '../../../src/main/core/config/managed';
import { InputValidationError } from '../../../src/main/core/config/validate';
import { block1002 } from '../../support/expected-blocks';
import { fixture, linesOf } from './fixtures';

const SEED = fixture('seed-pjsip.conf');
const FREEPBX = fixture('freepbx-pjsip.conf');

function loaded(text: string, name: string): string[] {
  return resolveSections(text)
    .filter((s) => s.name === name)
    .map((s) => s.type ?? '?');
}

describe('readExtensions', () => {
  it('reads managed extensions from their blocks, seed extras included', () => {
    const [ext] = readExtensions(SEED);
    expect(ext).toEqual({
      number: '1001',
      displayName: 'Ali Rezaei',
      context: 'internal',
      codecs: ['ulaw', 'alaw', 'g722'],
      maxContacts: 1,
      transport: 'transport-udp',
      natFriendly: false,
      qualifyFrequency: 60,
      enabled: true,
      managed: true,
    });
  });

  it('reports hand-written endpoints as read-only, with templates resolved as Asterisk does', () => {
    expect(readExtensions(SEED)[1]).toMatchObject({
      number: '9000',
      managed: false,
      maxContacts: 2,
    });
    expect(readExtensions(FREEPBX)).toEqual([
      {
        number: '2001',
        displayName: 'Reception',
        context: 'from-internal',
        codecs: ['ulaw', 'alaw'],
        maxContacts: 1,
        transport: '',
        natFriendly: true,
        qualifyFrequency: 60,
        enabled: true,
        managed: false,
      },
      expect.objectContaining({ number: 'trunk-provider', managed: false, context: 'from-trunk' }),
    ]);
  });

  it('does not report an endpoint hidden in a ;-- block comment --;', () => {
    expect(readExtensions(FREEPBX).map((e) => e.number)).not.toContain('trunk-old');
  });
});

describe('extension lifecycle on the seed-style file (line by line)', () => {
  const created = addExtension(SEED, {
    number: '1002',
    displayName: 'Sara Ahmadi',
    password: 'Sara-Pass-2024',
  });

  it('create appends exactly one managed block after a blank line and keeps every original byte', () => {
    expect(created.text.startsWith(SEED)).toBe(true);
    expect(linesOf(created.text.slice(SEED.length))).toEqual([
      '\n',
      ...block1002('Sara-Pass-2024'),
    ]);
    expect(created.password).toBe('Sara-Pass-2024');
    expect(created.extension).toMatchObject({ number: '1002', managed: true, enabled: true });
    expect(loaded(created.text, '1002')).toEqual(['endpoint', 'auth', 'aor']);
    expect(readExtensions(created.text).map((e) => e.number)).toEqual(['1001', '1002', '9000']);
  });

  const updated = updateExtension(created.text, '1002', {
    displayName: 'Sara A.',
    codecs: ['opus', 'ulaw'],
    maxContacts: 3,
  });

  it('update changes only the lines of the options concerned', () => {
    expect(updated.text.startsWith(SEED)).toBe(true);
    const expected = block1002('Sara-Pass-2024')
      .filter((l) => l !== 'allow=alaw\n')
      .map((l) =>
        l === 'allow=ulaw\n'
          ? 'allow=opus\nallow=ulaw\n'
          : l === 'callerid="Sara Ahmadi" <1002>\n'
            ? 'callerid="Sara A." <1002>\n'
            : l === 'max_contacts=1\n'
              ? 'max_contacts=3\n'
              : l,
      );
    expect(linesOf(updated.text.slice(SEED.length))).toEqual(linesOf('\n' + expected.join('')));
    expect(updated.extension).toMatchObject({
      displayName: 'Sara A.',
      codecs: ['opus', 'ulaw'],
      maxContacts: 3,
    });
    expect(updated.password).toBeNull();
  });

  it('update keeps options the console does not own (an older RayanPBX’s extras)', () => {
    const t = updateExtension(SEED, '1001', { natFriendly: true }).text;
    for (const extra of [
      'subscribe_context=internal\n',
      'device_state_busy_at=1\n',
      'support_outbound=yes\n',
    ]) {
      expect(t).toContain(extra);
    }
    expect(readExtensions(t)[0]!.natFriendly).toBe(true);
    expect(t.slice(0, t.indexOf('; BEGIN MANAGED - Extension 1001'))).toBe(
      SEED.slice(0, SEED.indexOf('; BEGIN MANAGED - Extension 1001')),
    );
    expect(t.slice(t.indexOf('; END MANAGED - Extension 1001'))).toBe(
      SEED.slice(SEED.indexOf('; END MANAGED - Extension 1001')),
    );
  });

  const disabled = setExtensionEnabled(updated.text, '1002', false);

  it('disable comments out every body line with a distinctive prefix; Asterisk loads nothing of it', () => {
    const block = listManagedBlocks(disabled).find((b) => b.id === 'Extension 1002')!;
    const body = linesOf(block.body);
    expect(body.length).toBeGreaterThan(10);
    for (const line of body) expect(line.startsWith(DISABLED_PREFIX)).toBe(true);
    expect(loaded(disabled, '1002')).toEqual([]);
    expect(disabled.slice(0, block.start)).toBe(updated.text.slice(0, block.start));
    expect(readExtensions(disabled).find((e) => e.number === '1002')).toMatchObject({
      enabled: false,
      displayName: 'Sara A.',
      maxContacts: 3,
    });
  });

  it('enable restores the block byte for byte', () => {
    expect(setExtensionEnabled(disabled, '1002', true)).toBe(updated.text);
  });

  it('enable/disable is idempotent', () => {
    expect(setExtensionEnabled(updated.text, '1002', true)).toBe(updated.text);
    expect(setExtensionEnabled(disabled, '1002', false)).toBe(disabled);
  });

  it('updating a disabled extension keeps it disabled', () => {
    const t = updateExtension(disabled, '1002', { context: 'office' }).text;
    expect(loaded(t, '1002')).toEqual([]);
    expect(readExtensions(t).find((e) => e.number === '1002')).toMatchObject({
      enabled: false,
      context: 'office',
    });
  });

  it('delete gives back the original file exactly', () => {
    expect(removeExtension(updated.text, '1002')).toBe(SEED);
    expect(removeExtension(disabled, '1002')).toBe(SEED);
  });
});

describe('extension lifecycle on the FreePBX-style file', () => {
  it('preserves every hand-written byte (templates, includes, (+), =>, block comments, CRLF, no final newline)', () => {
    const a = addExtension(FREEPBX, {
      number: '3001',
      displayName: 'Lab',
      password: 'LabPass-001',
    });
    // The file had no final newline: its last line gets one, then the separator and the block.
    expect(a.text.startsWith(FREEPBX + '\n\n; BEGIN MANAGED - Extension 3001\n')).toBe(true);
    const u = updateExtension(a.text, '3001', { transport: '0.0.0.0-udp', natFriendly: false });
    const d = setExtensionEnabled(u.text, '3001', false);
    const e = setExtensionEnabled(d, '3001', true);
    expect(e).toBe(u.text);
    for (const t of [a.text, u.text, d, e]) expect(t.startsWith(FREEPBX)).toBe(true);
    expect(removeExtension(e, '3001')).toBe(FREEPBX);
    expect(readExtensions(u.text).find((x) => x.number === '3001')).toMatchObject({
      transport: '0.0.0.0-udp',
      natFriendly: false,
    });
    const body = listManagedBlocks(u.text).find((b) => b.id === 'Extension 3001')!.body;
    expect(body).not.toMatch(/rtp_symmetric|force_rport|rewrite_contact|direct_media/);
    expect(body).toContain('transport=0.0.0.0-udp\n');
  });
});

describe('refusals', () => {
  it('refuses to create a number that exists, managed or written by hand', () => {
    expect(() => addExtension(SEED, { number: '1001' })).toThrow(ExtensionExistsError);
    expect(() => addExtension(SEED, { number: '9000' })).toThrow(ExtensionExistsError);
    expect(() => addExtension(FREEPBX, { number: '2001' })).toThrow(ExtensionExistsError);
    const disabled = setExtensionEnabled(SEED, '1001', false);
    expect(() => addExtension(disabled, { number: '1001' })).toThrow(ExtensionExistsError);
  });

  it('refuses to edit, disable or delete a hand-written extension', () => {
    expect(() => updateExtension(SEED, '9000', { maxContacts: 2 })).toThrow(ReadOnlyExtensionError);
    expect(() => removeExtension(SEED, '9000')).toThrow(ReadOnlyExtensionError);
    expect(() => setExtensionEnabled(FREEPBX, '2001', false)).toThrow(ReadOnlyExtensionError);
  });

  it('reports an unknown number as not found', () => {
    expect(() => updateExtension(SEED, '4242', {})).toThrow(ExtensionNotFoundError);
    expect(() => removeExtension(SEED, '4242')).toThrow(ExtensionNotFoundError);
    expect(() => getExtensionSecret(SEED, '4242')).toThrow(ExtensionNotFoundError);
  });

  it('does not take a commented-out [n] header for an existing one', () => {
    expect(() => addExtension(';[5555]\n', { number: '5555' })).not.toThrow();
  });

  it('rejects invalid input with a typed error naming the field', () => {
    try {
      addExtension(SEED, { number: '1003', codecs: ['ulaw', '#include /etc/passwd'] });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputValidationError);
      expect((e as InputValidationError).fields).toEqual(['codecs']);
      expect((e as Error).message).toMatch(/^codecs\.1: /);
    }
  });
});

describe('passwords', () => {
  it('generates a ≥16-character letters-and-digits password when none is given, different each time', () => {
    const a = addExtension(SEED, { number: '1003' });
    const b = addExtension(SEED, { number: '1003' });
    expect(a.password).toMatch(/^[A-Za-z0-9]{16,}$/);
    expect(a.password).not.toBe(b.password);
    expect(a.text).toContain(`password=${a.password}\n`);
    expect(getExtensionSecret(a.text, '1003')).toBe(a.password);
  });

  it('returns a password set by update once, and writes it', () => {
    const u = updateExtension(SEED, '1001', { password: 'NewSecret-99' });
    expect(u.password).toBe('NewSecret-99');
    expect(getExtensionSecret(u.text, '1001')).toBe('NewSecret-99');
  });

  it('reads the secret of managed (also disabled) and hand-written extensions for the softphone card', () => {
    expect(getExtensionSecret(SEED, '1001')).toBe('SecurePass123');
    expect(getExtensionSecret(setExtensionEnabled(SEED, '1001', false), '1001')).toBe(
      'SecurePass123',
    );
    expect(getExtensionSecret(SEED, '9000')).toBe('HandMade9000');
    expect(getExtensionSecret(FREEPBX, '2001')).toBe('Fr33PBXsecret');
  });
});

describe('a file with CRLF line endings', () => {
  it('gets its new block in CRLF', () => {
    const crlf = SEED.replace(/\n/g, '\r\n');
    const a = addExtension(crlf, {
      number: '1002',
      displayName: 'Sara Ahmadi',
      password: 'Sara-Pass-2024',
    });
    expect(a.text).toBe(crlf + '\r\n' + block1002('Sara-Pass-2024', '\r\n').join(''));
    expect(removeExtension(a.text, '1002')).toBe(crlf);
  });
});
