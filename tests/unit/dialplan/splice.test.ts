import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { listManagedBlocks } from '../../../src/main/core/config/managed';
import {
  applyInternalDialplan,
  planDialplan,
  readManagedDialplan,
  type DialplanEntry,
} from '../../../src/main/core/dialplan';
import { spliceDialplan } from '../../../src/main/core/dialplan/splice';

const HEAD = '[general]\nstatic=yes\n\n[from-internal]\nexten => 500,1,Playback(beep)\n';
const TAIL =
  '\n; BEGIN MANAGED - Something else\n[other]\nexten => 9,1,Hangup()\n; END MANAGED - Something else\n';

/** The blocks of `text` read by a regex, not by the scanner or its memo. */
function blocksByRegex(text: string) {
  const re = /^; BEGIN MANAGED - (.*)\n([\s\S]*?)^; END MANAGED - \1$/gm;
  return [...text.matchAll(re)].map((m) => ({ id: m[1], body: m[2] }));
}

const entry = fc.record({
  number: fc
    .oneof(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 100, max: 99999 }))
    .map(String),
  context: fc.constantFrom('from-internal', 'sales', 'zeta'),
  enabled: fc.boolean(),
});

describe('a live dialplan change spliced into the managed block', () => {
  it('gives byte for byte the text a full render gives, change after change', () => {
    fc.assert(
      fc.property(
        fc.array(entry, { minLength: 1, maxLength: 40 }),
        fc.array(fc.array(fc.tuple(fc.nat(), entry), { minLength: 1, maxLength: 4 }), {
          minLength: 1,
          maxLength: 8,
        }),
        fc.boolean(),
        (start, steps, tail) => {
          const base = HEAD + (tail ? TAIL : '');
          let entries: DialplanEntry[] = dedupe(start);
          let text = applyInternalDialplan(base, entries);
          for (const step of steps) {
            const next = [...entries];
            // Each change replaces one extension (number, context, enabled) or adds one.
            for (const [i, e] of step) {
              const at = next.findIndex((x) => x.number === e.number);
              if (at !== -1) next[at] = e;
              else if (i % 3 === 0 && next.length > 0) next.splice(i % next.length, 1);
              else next.push(e);
            }
            entries = dedupe(next);
            const p = planDialplan(text, entries, null);
            const expected = applyInternalDialplan(base, entries);
            expect(p.text).toBe(expected);
            expect(blocksByRegex(p.text)).toEqual(
              listManagedBlocks(p.text).map((b) => ({ id: b.id, body: b.body })),
            );
            text = p.text;
          }
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splices (not renders) an add and a removal in a context that stays, in numeric order', () => {
    const ctx = 'from-internal';
    const e = (...n: string[]) => n.map((number) => ({ number, context: ctx, enabled: true }));
    const text = applyInternalDialplan(HEAD, e('9', '100', '1001', '20000'));
    const before = readManagedDialplan(text)!;
    const after = new Map([[ctx, new Set(['9', '99', '101', '1001', '20000', '30000'])]]);
    const out = spliceDialplan(text, before, after, {
      add: [
        { context: ctx, number: '30000' },
        { context: ctx, number: '101' },
        { context: ctx, number: '99' },
      ],
      remove: [{ context: ctx, number: '100' }],
    });
    expect(out).toBe(applyInternalDialplan(HEAD, e('9', '99', '101', '1001', '20000', '30000')));
  });

  it('leaves a new context, an emptied one or CRLF lines to the full render', () => {
    const text = applyInternalDialplan(HEAD, [{ number: '1', context: 'a', enabled: true }]);
    const before = readManagedDialplan(text)!;
    const add = { add: [{ context: 'b', number: '2' }], remove: [] };
    expect(spliceDialplan(text, before, new Map([['b', new Set(['2'])]]), add)).toBeNull();
    const empty = { add: [], remove: [{ context: 'a', number: '1' }] };
    expect(spliceDialplan(text, before, new Map(), empty)).toBeNull();
    const crlf = text.replaceAll('\n', '\r\n');
    const add1 = { add: [{ context: 'a', number: '3' }], remove: [] };
    expect(spliceDialplan(crlf, before, new Map([['a', new Set(['1', '3'])]]), add1)).toBeNull();
  });
});

/** One entry per number (the last one), as pjsip.conf can only have. */
function dedupe(list: DialplanEntry[]): DialplanEntry[] {
  return [...new Map(list.map((e) => [e.number, e])).values()];
}
