import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addExtension,
  dialplanEntries,
  fastReaderApplies,
  findExtension,
  readExtensions,
  readExtensionsResolved,
  removeExtension,
  setExtensionEnabled,
  updateExtension,
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

describe('dialplanEntries after edits (property: reusing what it read of unchanged blocks)', () => {
  const op = fc.oneof(
    fc.record({
      kind: fc.constant('add' as const),
      number: fc.constantFrom('1001', '1002', '5001', '5002', '5003'),
      context: fc.constantFrom('from-internal', 'office', 'lab'),
    }),
    fc.record({
      kind: fc.constantFrom('context' as const, 'disable' as const, 'enable' as const),
      number: fc.constantFrom('1001', '5001', '5002'),
      context: fc.constantFrom('from-internal', 'office', 'lab'),
    }),
    fc.record({ kind: fc.constant('remove' as const), number: fc.constantFrom('1001', '5001') }),
  );

  it('answers as the general reader after every edit of a chain, on any file', () => {
    fc.assert(
      fc.property(anyPjsipFile, fc.array(op, { maxLength: 8 }), (start, ops) => {
        let text = start;
        dialplanEntries(text);
        for (const o of ops) {
          try {
            if (o.kind === 'add')
              text = addExtension(text, { number: o.number, context: o.context }).text;
            else if (o.kind === 'context')
              text = updateExtension(text, o.number, { context: o.context }).text;
            else if (o.kind === 'remove') text = removeExtension(text, o.number);
            else text = setExtensionEnabled(text, o.number, o.kind === 'enable');
          } catch {
            continue; // exists already, not found, hand-written: nothing changed
          }
          expect(dialplanEntries(text)).toEqual(entriesOf(readExtensionsResolved(text)));
        }
      }),
      { numRuns: 300 },
    );
  });
});
