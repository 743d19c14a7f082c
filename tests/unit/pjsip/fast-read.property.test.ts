import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  addExtension,
  dialplanEntries,
  findExtension,
  readExtensions,
  readExtensionsResolved,
  removeExtension,
  setExtensionEnabled,
  updateExtension,
} from '../../../src/main/core/pjsip';
import type { Extension } from '../../../src/shared/types';
import { ConfigMemo, listManagedBlocks } from '../../../src/main/core/config';
import { readFast } from '../../../src/main/core/pjsip/extension-read-fast';
import { anyPjsipFile, modelledPjsipFile } from './pjsip-arbitraries';

/** The fast reader on its own, as the readers' door calls it (undefined: not modelled). */
const fastAll = (text: string) => readFast(text, listManagedBlocks(text), 'extensions');
const fastEntries = (text: string, memo?: ConfigMemo) =>
  readFast(text, listManagedBlocks(text, memo), 'entries', memo);
const fastOne = (text: string, number: string) =>
  readFast(text, listManagedBlocks(text), { number });

const entriesOf = (extensions: Extension[]) =>
  extensions
    .filter((e) => e.managed)
    .map((e) => ({ number: e.number, context: e.context, enabled: e.enabled }));

describe('the fast extension reader (property: same answers as resolving the whole file)', () => {
  it('reads RayanPBX-shaped files with hand edits by itself, and reads them exactly', () => {
    fc.assert(
      fc.property(modelledPjsipFile, (text) => {
        const resolved = readExtensionsResolved(text);
        expect(fastAll(text)).toEqual(resolved);
        expect(fastEntries(text)).toEqual(entriesOf(resolved));
        expect(readExtensions(text)).toEqual(resolved);
        expect(dialplanEntries(text)).toEqual(entriesOf(resolved));
      }),
      { numRuns: 300 },
    );
  });

  it('gives the general reader’s answer on any file, constructs it does not model included', () => {
    let readFastly = 0;
    fc.assert(
      fc.property(anyPjsipFile, (text) => {
        const resolved = readExtensionsResolved(text);
        // Undefined: a construct it does not model, handed to the general reader.
        const all = fastAll(text);
        const entries = fastEntries(text);
        if (all !== undefined) {
          readFastly++;
          expect(all).toEqual(resolved);
        }
        if (entries !== undefined) expect(entries).toEqual(entriesOf(resolved));
        expect(readExtensions(text)).toEqual(resolved);
        expect(dialplanEntries(text)).toEqual(entriesOf(resolved));
      }),
      { numRuns: 500 },
    );
    // Both paths were exercised: some files were read fast, some handed over.
    expect(readFastly).toBeGreaterThan(0);
    expect(readFastly).toBeLessThan(500);
  });
});

describe('findExtension (property)', () => {
  it('finds what readExtensions lists under that number, or null', () => {
    fc.assert(
      fc.property(
        anyPjsipFile,
        fc.constantFrom('1001', '1002', '1003', '2001', '2002', '30', '9000', '9001', '4040'),
        (text, number) => {
          const reference = readExtensionsResolved(text).find((e) => e.number === number) ?? null;
          const one = fastOne(text, number);
          if (one !== undefined) expect(one).toEqual(reference);
          expect(findExtension(text, number)).toEqual(reference);
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
        // A host's memo, as a session passes it: the edits record the blocks they made, and
        // the fast reader reuses what it read of the blocks they kept.
        const memo = new ConfigMemo();
        let text = start;
        dialplanEntries(text, memo);
        for (const o of ops) {
          try {
            if (o.kind === 'add')
              text = addExtension(text, { number: o.number, context: o.context }, memo).text;
            else if (o.kind === 'context')
              text = updateExtension(text, o.number, { context: o.context }, memo).text;
            else if (o.kind === 'remove') text = removeExtension(text, o.number, memo);
            else text = setExtensionEnabled(text, o.number, o.kind === 'enable', memo);
          } catch {
            continue; // exists already, not found, hand-written: nothing changed
          }
          const reference = entriesOf(readExtensionsResolved(text));
          const entries = fastEntries(text, memo);
          if (entries !== undefined) expect(entries).toEqual(reference);
          expect(dialplanEntries(text, memo)).toEqual(reference);
        }
      }),
      { numRuns: 300 },
    );
  });
});
