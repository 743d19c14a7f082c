import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  listManagedBlocks,
  removeManagedBlock,
  upsertManagedBlock,
} from '../../../src/main/core/config/managed';
import { ManagedMarkerError } from '../../../src/main/core/config/errors';
import { plainHandLine } from './arbitraries';

const SEED = [
  '; RayanPBX PJSIP Configuration',
  '',
  '; BEGIN MANAGED - RayanPBX Transport',
  '[transport-udp]',
  'type=transport',
  'protocol=udp',
  'bind=0.0.0.0:5060',
  '; END MANAGED - RayanPBX Transport',
  '',
  '; BEGIN MANAGED - Extension 1001',
  '[1001]',
  'type=endpoint',
  '; END MANAGED - Extension 1001',
  '',
].join('\n');

function markerError(fn: () => unknown): ManagedMarkerError {
  try {
    fn();
  } catch (e) {
    if (e instanceof ManagedMarkerError) return e;
    throw e;
  }
  throw new Error('expected a ManagedMarkerError');
}

describe('managed blocks', () => {
  it('lists blocks with their ids, marker lines and bodies', () => {
    expect(listManagedBlocks(SEED).map((b) => [b.id, b.beginLine, b.endLine, b.body])).toEqual([
      [
        'RayanPBX Transport',
        3,
        8,
        '[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0:5060\n',
      ],
      ['Extension 1001', 10, 13, '[1001]\ntype=endpoint\n'],
    ]);
  });

  it('replaces an existing block body and nothing else', () => {
    const out = upsertManagedBlock(SEED, 'Extension 1001', '[1001]\ntype=endpoint\nallow=ulaw\n');
    expect(out).toBe(SEED.replace('type=endpoint\n; END', 'type=endpoint\nallow=ulaw\n; END'));
  });

  it('appends a new block after one blank line, in the file’s CRLF style', () => {
    const crlf = '[general]\r\nk=v\r\n';
    expect(upsertManagedBlock(crlf, 'New', '[x]\ny=1\n')).toBe(
      '[general]\r\nk=v\r\n\r\n; BEGIN MANAGED - New\r\n[x]\r\ny=1\r\n; END MANAGED - New\r\n',
    );
  });

  it('appends to a file without final newline and keeps it without one, so removal restores it', () => {
    expect(upsertManagedBlock('k=v', 'B', 'x=1')).toBe(
      'k=v\n\n; BEGIN MANAGED - B\nx=1\n; END MANAGED - B',
    );
    expect(removeManagedBlock(upsertManagedBlock('k=v', 'B', 'x=1'), 'B')).toBe('k=v');
  });

  it('adds exactly one separator line even after a blank last line (so removal can undo it)', () => {
    expect(upsertManagedBlock('k=v\n\n', 'B', '')).toBe(
      'k=v\n\n\n; BEGIN MANAGED - B\n; END MANAGED - B\n',
    );
  });

  it('writes a block into an empty file without leading blank lines', () => {
    expect(upsertManagedBlock('', 'B', 'x=1\n')).toBe(
      '; BEGIN MANAGED - B\nx=1\n; END MANAGED - B\n',
    );
  });

  it('removes a block and its separating blank line, so add-then-remove gives the file back', () => {
    const added = upsertManagedBlock(SEED, 'Extension 1002', '[1002]\ntype=endpoint\n');
    expect(removeManagedBlock(added, 'Extension 1002')).toBe(SEED);
    expect(removeManagedBlock(SEED, 'Extension 1001')).toBe(
      SEED.split('\n').slice(0, 8).join('\n') + '\n',
    );
  });

  it('leaves the text unchanged when removing a block that is not there', () => {
    expect(removeManagedBlock(SEED, 'Extension 9999')).toBe(SEED);
  });

  it('keeps a file ending on an END marker without newline that way', () => {
    const text = '; BEGIN MANAGED - A\nx=1\n; END MANAGED - A';
    expect(upsertManagedBlock(text, 'A', 'x=2\n')).toBe(
      '; BEGIN MANAGED - A\nx=2\n; END MANAGED - A',
    );
  });

  it('ignores marker-looking lines inside a ;-- block comment --;', () => {
    const text = ';--\n; BEGIN MANAGED - Old\n--;\n; BEGIN MANAGED - A\n; END MANAGED - A\n';
    expect(listManagedBlocks(text).map((b) => b.id)).toEqual(['A']);
  });

  describe('broken markers are reported with the id and line, never repaired', () => {
    const cases: Array<[string, string, string, string, number]> = [
      ['missing END', 'x\n; BEGIN MANAGED - A\nk=v\n', 'missing-end', 'A', 2],
      ['END without BEGIN', 'k=v\n; END MANAGED - A\n', 'missing-begin', 'A', 2],
      [
        'nested BEGIN',
        '; BEGIN MANAGED - A\n; BEGIN MANAGED - B\n; END MANAGED - B\n; END MANAGED - A\n',
        'nested',
        'B',
        2,
      ],
      ['mismatched END', '; BEGIN MANAGED - A\n; END MANAGED - B\n', 'mismatched', 'A', 2],
      [
        'duplicate id',
        '; BEGIN MANAGED - A\n; END MANAGED - A\n; BEGIN MANAGED - A\n; END MANAGED - A\n',
        'duplicate',
        'A',
        3,
      ],
    ];
    for (const [name, text, problem, id, line] of cases) {
      it(`${name}: list, upsert and remove all throw and return nothing`, () => {
        for (const op of [
          () => listManagedBlocks(text),
          () => upsertManagedBlock(text, 'A', 'x=1'),
          () => removeManagedBlock(text, 'A'),
        ]) {
          const err = markerError(op);
          expect(err.code).toBe('MANAGED_MARKER');
          expect(err.problem).toBe(problem);
          expect(err.id).toBe(id);
          expect(err.line).toBe(line);
          expect(err.message).toContain(`"${id}"`);
          expect(err.message).toContain(`line ${line}`);
        }
      });
    }
  });

  it('refuses a body that contains a marker line, and ids with newlines or control characters', () => {
    expect(() => upsertManagedBlock('', 'A', 'x\n; END MANAGED - A\n')).toThrow(/marker/);
    expect(() => upsertManagedBlock('', 'A\nB', '')).toThrow(/id/);
    expect(() => upsertManagedBlock('', '', '')).toThrow(/id/);
    expect(() => upsertManagedBlock('', ' A', '')).toThrow(/id/);
  });
});

// ---- property: a managed edit changes no byte outside managed blocks ----

const blockId = fc.constantFrom('Extension 1001', 'Extension 1002', 'RayanPBX Transport', 'X y z');
const fileWithBlocks = fc
  .tuple(
    fc.array(
      fc.oneof(
        fc.array(plainHandLine, { maxLength: 6 }).map((ls) => ({ hand: ls })),
        fc
          .tuple(blockId, fc.array(plainHandLine, { maxLength: 4 }))
          .map(([id, body]) => ({ id, body })),
      ),
      { maxLength: 8 },
    ),
    fc.constantFrom('\n', '\r\n'),
  )
  .map(([chunks, eol]) => {
    const used = new Set<string>();
    const lines: string[] = [];
    for (const c of chunks) {
      if ('hand' in c) lines.push(...c.hand);
      else if (!used.has(c.id)) {
        used.add(c.id);
        lines.push(`; BEGIN MANAGED - ${c.id}`, ...c.body, `; END MANAGED - ${c.id}`);
      }
    }
    return lines.length ? lines.join(eol) + eol : '';
  });

/** The file with each managed block's span replaced by a placeholder naming it. */
function outside(text: string): string {
  let out = '';
  let pos = 0;
  for (const b of listManagedBlocks(text)) {
    out += text.slice(pos, b.start) + `<${b.id}>`;
    pos = b.end;
  }
  return out + text.slice(pos);
}

describe('managed edits (property)', () => {
  it('replacing a block keeps every byte outside it', () => {
    fc.assert(
      fc.property(
        fileWithBlocks,
        blockId,
        fc.array(plainHandLine, { maxLength: 5 }),
        (text, id, body) => {
          const before = listManagedBlocks(text);
          fc.pre(before.some((b) => b.id === id));
          const after = upsertManagedBlock(text, id, body.join('\n'));
          expect(outside(after)).toBe(outside(text));
          const others = (t: string) =>
            listManagedBlocks(t)
              .filter((b) => b.id !== id)
              .map((b) => [b.id, b.body]);
          expect(others(after)).toEqual(others(text));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('appending a block keeps the whole original text as a prefix', () => {
    fc.assert(
      fc.property(fileWithBlocks, fc.array(plainHandLine, { maxLength: 5 }), (text, body) => {
        fc.pre(!listManagedBlocks(text).some((b) => b.id === 'Fresh'));
        const after = upsertManagedBlock(text, 'Fresh', body.join('\n'));
        expect(after.startsWith(text)).toBe(true);
        expect(listManagedBlocks(after).at(-1)!.id).toBe('Fresh');
      }),
      { numRuns: 300 },
    );
  });

  it('removing a block cuts out only its span (and at most one blank separator line before it)', () => {
    fc.assert(
      fc.property(fileWithBlocks, blockId, (text, id) => {
        const block = listManagedBlocks(text).find((b) => b.id === id);
        fc.pre(block !== undefined);
        const after = removeManagedBlock(text, id);
        const suffix = text.slice(block!.end);
        expect(after.endsWith(suffix)).toBe(true);
        const keptPrefix = after.slice(0, after.length - suffix.length);
        expect(text.slice(0, block!.start).startsWith(keptPrefix)).toBe(true);
        const dropped = text.slice(keptPrefix.length, block!.start);
        expect(dropped).toMatch(/^([ \t]*\r?\n)?$/);
      }),
      { numRuns: 300 },
    );
  });

  it('add then remove restores any file that ends with a newline', () => {
    fc.assert(
      fc.property(fileWithBlocks, fc.array(plainHandLine, { maxLength: 5 }), (text, body) => {
        fc.pre(!listManagedBlocks(text).some((b) => b.id === 'Fresh'));
        const after = removeManagedBlock(
          upsertManagedBlock(text, 'Fresh', body.join('\n')),
          'Fresh',
        );
        expect(after).toBe(text);
      }),
      { numRuns: 300 },
    );
  });
});

// ---- property: the blocks remembered after an edit are what a fresh scan finds ----

/** Everything a block tells, line numbers and body included. */
const view = (t: string) =>
  listManagedBlocks(t).map((b) => [
    b.id,
    b.start,
    b.bodyStart,
    b.bodyEnd,
    b.end,
    b.beginLine,
    b.endLine,
    b.body,
  ]);

/** The same, scanned afresh: listing another text first drops what was remembered. */
const freshView = (t: string) => {
  listManagedBlocks('');
  return view(t);
};

describe('blocks remembered across edits (property)', () => {
  it('listing the result of an upsert or a removal gives what scanning it gives', () => {
    fc.assert(
      fc.property(
        fileWithBlocks,
        fc.constantFrom('Extension 1001', 'Fresh', 'X y z'),
        fc.array(plainHandLine, { maxLength: 5 }),
        fc.boolean(),
        fc.boolean(),
        (file, id, body, remove, noFinalEol) => {
          const text = noFinalEol ? file.replace(/\r?\n$/, '') : file;
          listManagedBlocks('');
          const after = remove
            ? removeManagedBlock(text, id)
            : upsertManagedBlock(text, id, body.join('\n'));
          expect(view(after)).toEqual(freshView(after));
          // Chained edits build on the remembered blocks.
          const again = upsertManagedBlock(after, 'Second', 'k=v\n');
          expect(view(again)).toEqual(freshView(again));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('lists correctly after removing a last block that had no final newline', () => {
    const text = '; BEGIN MANAGED - A\n; END MANAGED - A\n\n; BEGIN MANAGED - B\n; END MANAGED - B';
    listManagedBlocks(text);
    const after = removeManagedBlock(text, 'B');
    expect(after).toBe('; BEGIN MANAGED - A\n; END MANAGED - A');
    expect(view(after)).toEqual(freshView(after));
  });

  it('answers for equal text, not only for the same string, and never for other text', () => {
    const text = '; BEGIN MANAGED - A\nx=1\n; END MANAGED - A\n';
    const first = listManagedBlocks(text);
    expect(listManagedBlocks(text.slice(0, 10) + text.slice(10))).toEqual(first);
    expect(listManagedBlocks(text + '; BEGIN MANAGED - B\n; END MANAGED - B\n')).toHaveLength(2);
    first.pop();
    expect(listManagedBlocks(text)).toHaveLength(1);
  });
});
