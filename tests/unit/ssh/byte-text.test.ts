import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeBytes,
  decodeUtf8Escaped,
  encodeText,
  encodeUtf8Escaped,
  fromBinary,
  isBinaryText,
  toBinary,
} from '../../../src/main/core/ssh/byte-text';
import {
  listManagedBlocks,
  removeManagedBlock,
  upsertManagedBlock,
} from '../../../src/main/core/config/managed';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('lossless file text (UTF-8, or bytes for a file that is not)', () => {
  it('gives back every byte sequence unchanged after decode then encode (property)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (arr) => {
        const bytes = Buffer.from(arr);
        expect(encodeText(decodeBytes(bytes))).toEqual(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('round-trips byte sequences built from UTF-8 fragments and stray high bytes (property)', () => {
    // Random bytes are mostly invalid; these mix valid multi-byte characters with broken ones.
    const fragment = fc.oneof(
      fc.string({ unit: 'grapheme', maxLength: 8 }).map((s) => Buffer.from(s, 'utf8')),
      fc.integer({ min: 0x80, max: 0xff }).map((b) => Buffer.of(b)),
      fc.constantFrom(
        Buffer.of(0xed, 0xa0, 0x80), // a UTF-8-encoded surrogate: invalid
        Buffer.of(0xc0, 0xaf), // overlong '/'
        Buffer.of(0xf4, 0x90, 0x80, 0x80), // above U+10FFFF
        Buffer.of(0xe2, 0x82), // truncated '€'
        Buffer.of(0xf0, 0x90, 0x82, 0x80), // U+10080: a pair whose low half is U+DC80
      ),
    );
    fc.assert(
      fc.property(fc.array(fragment, { maxLength: 30 }), (parts) => {
        const bytes = Buffer.concat(parts);
        expect(encodeText(decodeBytes(bytes))).toEqual(bytes);
      }),
      { numRuns: 2000 },
    );
  });

  it('decodes valid UTF-8 exactly like Buffer#toString, and encodes well-formed text like Buffer.from (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (text) => {
        const bytes = Buffer.from(text, 'utf8');
        expect(decodeBytes(bytes)).toBe(text);
        expect(encodeText(text)).toEqual(bytes);
      }),
    );
  });

  it('shows invalid bytes as lone surrogates U+DC80–U+DCFF and keeps the valid text around them readable (managed blocks of a non-UTF-8 file)', () => {
    const bytes = Buffer.concat([
      Buffer.from('; Zoë ', 'utf8'),
      Buffer.of(0xe9, 0xff), // "é" in Latin-1, then a byte never valid in UTF-8
      Buffer.from(' ok\n', 'utf8'),
    ]);
    const text = decodeUtf8Escaped(bytes);
    expect(text).toBe('; Zoë \uDCE9\uDCFF ok\n');
    expect(LONE_SURROGATE.test(text)).toBe(true);
    expect(encodeUtf8Escaped(text)).toEqual(bytes);
    // What a plain toString would have done: both bytes lost to U+FFFD.
    expect(Buffer.from(bytes.toString('utf8'), 'utf8')).not.toEqual(bytes);
  });

  it('holds a file that is not UTF-8 as a marked one-byte (Latin-1) string, written back byte for byte', () => {
    const bytes = Buffer.concat([Buffer.from('; caf'), Buffer.of(0xe9, 0xff), Buffer.from('\n')]);
    const text = decodeBytes(bytes);
    expect(text).toBe('; caf\u00e9\u00ff\n');
    expect(isBinaryText(text)).toBe(true);
    expect(encodeText(text)).toEqual(bytes);
    // The same characters typed as text are UTF-8: only the mark says "these are bytes".
    expect(isBinaryText('; caf\u00e9\u00ff\n'.slice(0))).toBe(true); // same content, same mark
    expect(encodeText('; café\n')).toEqual(Buffer.from('; café\n', 'utf8'));
  });

  it('converts text put into a binary text to its UTF-8 bytes, and reads it back as text', () => {
    expect(toBinary('Zoë')).toBe('Zo\u00c3\u00ab');
    expect(fromBinary('Zo\u00c3\u00ab')).toBe('Zoë');
    expect(fromBinary('caf\u00e9')).toBe('caf\uDCE9'); // a Latin-1 byte stays that byte
    expect(toBinary(fromBinary('caf\u00e9'))).toBe('caf\u00e9');
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (arr) => {
        const binary = Buffer.from(arr).toString('latin1');
        expect(toBinary(fromBinary(binary))).toBe(binary);
      }),
      { numRuns: 1000 },
    );
  });

  it('keeps every byte of a non-UTF-8 file when a managed block is added, changed and removed', () => {
    const original = Buffer.concat([
      Buffer.from('; caf', 'utf8'),
      Buffer.of(0xe9),
      Buffer.from('\n[hand]\ntype=aor\n', 'utf8'),
    ]);
    const text = decodeBytes(original);
    const added = upsertManagedBlock(text, 'Extension 1001', 'callerid="Zoë" <1001>\n');
    expect(encodeText(added)).toEqual(
      Buffer.concat([
        original,
        Buffer.from(
          '\n; BEGIN MANAGED - Extension 1001\ncallerid="Zoë" <1001>\n; END MANAGED - Extension 1001\n',
          'utf8',
        ),
      ]),
    );
    const block = listManagedBlocks(added)[0]!;
    expect(block.body).toBe('callerid="Zoë" <1001>\n');
    const changed = upsertManagedBlock(added, 'Extension 1001', 'callerid="Zoé" <1001>\n');
    expect(encodeText(changed).subarray(0, original.length)).toEqual(original);
    expect(encodeText(changed).toString('utf8')).toContain('callerid="Zoé" <1001>');
    expect(encodeText(removeManagedBlock(changed, 'Extension 1001'))).toEqual(original);
  });

  it('encodes a lone surrogate that is not an escaped byte as U+FFFD, as Buffer.from does', () => {
    expect(encodeText('a\uD800b\uDC10')).toEqual(Buffer.from('a\uFFFDb\uFFFD', 'utf8'));
    // …while an escape right after a real surrogate pair is still one raw byte.
    expect(encodeText('\uD800\uDC80\uDC80')).toEqual(Buffer.of(0xf0, 0x90, 0x82, 0x80, 0x80));
  });
});
