import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  dialplanEntries,
  fastReaderApplies,
  findExtension,
  readExtensions,
  readExtensionsResolved,
} from '../../../src/main/core/pjsip';
import type { Extension } from '../../../src/shared/types';
import { anyPjsipFile, modelledPjsipFile } from './pjsip-arbitraries';

const entriesOf = (extensions: Extension[]) =>
  extensions
    .filter((e) => e.managed)
    .map((e) => ({ number: e.number, context: e.context, enabled: e.enabled }));

describe('the fast extension reader (property: same answers as resolving the whole file)', () => {
  it('reads RayanPBX-shaped files with hand edits by itself, and reads them exactly', () => {
    fc.assert(
      fc.property(modelledPjsipFile, (text) => {
        expect(fastReaderApplies(text)).toBe(true);
        const resolved = readExtensionsResolved(text);
        expect(readExtensions(text)).toEqual(resolved);
        expect(dialplanEntries(text)).toEqual(entriesOf(resolved));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the general reader’s answer on any file, constructs it does not model included', () => {
    let fast = 0;
    fc.assert(
      fc.property(anyPjsipFile, (text) => {
        if (fastReaderApplies(text)) fast++;
        const resolved = readExtensionsResolved(text);
        expect(readExtensions(text)).toEqual(resolved);
        expect(dialplanEntries(text)).toEqual(entriesOf(resolved));
      }),
      { numRuns: 500 },
    );
    // Both paths were exercised: some files were read fast, some handed over.
    expect(fast).toBeGreaterThan(0);
    expect(fast).toBeLessThan(500);
  });
});

describe('findExtension (property)', () => {
  it('finds what readExtensions lists under that number, or null', () => {
    fc.assert(
      fc.property(
        anyPjsipFile,
        fc.constantFrom('1001', '1002', '1003', '2001', '2002', '30', '9000', '9001', '4040'),
        (text, number) => {
          expect(findExtension(text, number)).toEqual(
            readExtensionsResolved(text).find((e) => e.number === number) ?? null,
          );
        },
      ),
      { numRuns: 500 },
    );
  });
});
