import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addExtension,
  removeExtension,
  setExtensionEnabled,
  updateExtension,
} from '../../../src/main/core/pjsip';
import { plainHandLine } from '../config/arbitraries';

const handWritten = fc
  .tuple(fc.array(plainHandLine, { maxLength: 40 }), fc.constantFrom('\n', '\r\n'))
  .map(([lines, eol]) => (lines.length ? lines.join(eol) + eol : ''));

describe('extension edits on arbitrary hand-written files (property)', () => {
  it('create/update/disable/enable keep the whole original file as a prefix; delete restores it', () => {
    fc.assert(
      fc.property(handWritten, (text) => {
        const a = addExtension(text, { number: '4321', password: 'Prop-Pass-1' }).text;
        const u = updateExtension(a, '4321', { codecs: ['opus'], natFriendly: false }).text;
        const d = setExtensionEnabled(u, '4321', false);
        const e = setExtensionEnabled(d, '4321', true);
        for (const t of [a, u, d, e]) expect(t.startsWith(text)).toBe(true);
        expect(e).toBe(u);
        expect(removeExtension(d, '4321')).toBe(text);
      }),
      { numRuns: 200 },
    );
  });
});
