import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBytes, encodeText } from '../../../src/main/core/ssh/byte-text';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

describe('lossless file text (UTF-8 with escaped invalid bytes)', () => {
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

  it('shows invalid bytes as lone surrogates U+DC80–U+DCFF and keeps the valid text around them readable', () => {
    const bytes = Buffer.concat([
      Buffer.from('; Zoë ', 'utf8'),
      Buffer.of(0xe9, 0xff), // "é" in Latin-1, then a byte never valid in UTF-8
      Buffer.from(' ok\n', 'utf8'),
    ]);
    const text = decodeBytes(bytes);
    expect(text).toBe('; Zoë \uDCE9\uDCFF ok\n');
    expect(LONE_SURROGATE.test(text)).toBe(true);
    // What a plain toString would have done: both bytes lost to U+FFFD.
    expect(Buffer.from(bytes.toString('utf8'), 'utf8')).not.toEqual(bytes);
  });

  it('keeps the escaped bytes of untouched text when the text around them is edited', () => {
    const original = Buffer.concat([
      Buffer.from('; caf', 'utf8'),
      Buffer.of(0xe9),
      Buffer.from('\n[1001]\ncallerid=old\n', 'utf8'),
    ]);
    const edited = decodeBytes(original).replace('callerid=old', 'callerid="Zoë" <1001>');
    expect(encodeText(edited)).toEqual(
      Buffer.concat([
        Buffer.from('; caf', 'utf8'),
        Buffer.of(0xe9),
        Buffer.from('\n[1001]\ncallerid="Zoë" <1001>\n', 'utf8'),
      ]),
    );
  });

  it('encodes a lone surrogate that is not an escaped byte as U+FFFD, as Buffer.from does', () => {
    expect(encodeText('a\uD800b\uDC10')).toEqual(Buffer.from('a\uFFFDb\uFFFD', 'utf8'));
    // …while an escape right after a real surrogate pair is still one raw byte.
    expect(encodeText('\uD800\uDC80\uDC80')).toEqual(Buffer.of(0xf0, 0x90, 0x82, 0x80, 0x80));
  });
});
