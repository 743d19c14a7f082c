/**
 * A bulk import edits many managed blocks in one pass; it must give exactly what the one-at-a-time
 * edits (already proven to keep every other byte) give.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  editManagedBlocks,
  listManagedBlocks,
  removeManagedBlock,
  upsertManagedBlock,
} from '../../../src/main/core/config/managed';
import { plainHandLine } from '../config/arbitraries';

/** A file of hand-written lines and managed blocks B0..Bn, in mixed layouts and line endings. */
const file = fc
  .tuple(
    fc.array(
      fc.tuple(
        fc.array(plainHandLine, { maxLength: 3 }),
        fc.array(fc.constantFrom('type=aor', 'x=1', '', '; note'), { maxLength: 3 }),
        fc.boolean(),
      ),
      { maxLength: 7 },
    ),
    fc.array(plainHandLine, { maxLength: 3 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
  )
  .map(([chunks, tailLines, eol, finalEol]) => {
    const lines: string[] = [];
    chunks.forEach(([before, body, blankAfter], i) => {
      lines.push(...before, `; BEGIN MANAGED - B${i}`, ...body, `; END MANAGED - B${i}`);
      if (blankAfter) lines.push('');
    });
    lines.push(...tailLines);
    let text = lines.join(eol);
    if (finalEol && text.length > 0) text += eol;
    return text;
  });

describe('editManagedBlocks', () => {
  it('property: equals the same upserts and removals made one after another', () => {
    fc.assert(
      fc.property(
        file,
        fc.array(fc.constantFrom('keep', 'replace', 'remove'), { minLength: 8, maxLength: 8 }),
        fc.array(fc.constantFrom('type=endpoint\n', 'a=1\nb=2\n', ''), { maxLength: 3 }),
        (text, actions, appends) => {
          const ids = listManagedBlocks(text).map((b) => b.id);
          const replace = new Map<string, string>();
          const remove = new Set<string>();
          ids.forEach((id, i) => {
            if (actions[i] === 'replace') replace.set(id, `new=${i}\n`);
            if (actions[i] === 'remove') remove.add(id);
          });
          const append = appends.map((body, i) => ({ id: `N${i}`, body }));
          let seq = text;
          for (const id of ids) {
            if (replace.has(id)) seq = upsertManagedBlock(seq, id, replace.get(id)!);
            if (remove.has(id)) seq = removeManagedBlock(seq, id);
          }
          for (const a of append) seq = upsertManagedBlock(seq, a.id, a.body);
          expect(editManagedBlocks(text, { replace, remove, append })).toBe(seq);
        },
      ),
      { numRuns: 1500 },
    );
  });

  it('edits 1,000 blocks of a 10,000-block file in one pass', () => {
    const parts: string[] = ['; head'];
    for (let i = 0; i < 10_000; i++)
      parts.push(`; BEGIN MANAGED - B${i}`, 'x=1', `; END MANAGED - B${i}`, '');
    const text = parts.join('\n');
    const replace = new Map(
      Array.from({ length: 500 }, (_, i) => [`B${i * 20}`, 'x=2\n'] as const),
    );
    const remove = new Set(Array.from({ length: 500 }, (_, i) => `B${i * 20 + 1}`));
    const append = Array.from({ length: 1000 }, (_, i) => ({ id: `N${i}`, body: 'y=1\n' }));
    const next = editManagedBlocks(text, { replace, remove, append });
    const blocks = listManagedBlocks(next);
    expect(blocks.length).toBe(10_000 - 500 + 1000);
    expect(blocks.find((b) => b.id === 'B20')!.body).toBe('x=2\n');
    expect(blocks.some((b) => b.id === 'B21')).toBe(false);
  });
});
