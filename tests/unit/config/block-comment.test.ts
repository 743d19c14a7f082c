import { describe, expect, it } from 'vitest';
import {
  listManagedBlocks,
  UnclosedBlockCommentError,
  upsertManagedBlock,
} from '../../../src/main/core/config';

const BODY = '[1001]\ntype=endpoint\n';

function refusal(text: string): UnclosedBlockCommentError {
  try {
    upsertManagedBlock(text, 'ext-1001', BODY);
  } catch (e) {
    if (e instanceof UnclosedBlockCommentError) return e;
    throw e;
  }
  throw new Error('the block was appended');
}

describe('a managed block is never appended inside a ;-- block comment', () => {
  it('refuses when the file ends inside one, naming the line that opens it', () => {
    const text = '[global]\ntype=global\n\n;-- old transports\n[t]\ntype=transport\n';
    const e = refusal(text);
    expect(e.line).toBe(4);
    expect(e.code).toBe('UNCLOSED_BLOCK_COMMENT');
    expect(e.message).toContain('Line 4');
    expect(e.message).toContain('--;');
  });

  it('names the opening of the comment still open at the end, not an earlier closed one', () => {
    const text = ';-- a --;\n[x]\n;-- one\n--;\nk=v\n[y] ;-- two\n;-- nested\n--;\nstill inside\n';
    expect(refusal(text).line).toBe(6);
  });

  it('refuses on CRLF files and files without a final newline', () => {
    expect(refusal('[a]\r\n;-- x\r\n').line).toBe(2);
    expect(refusal('[a]\n;-- x').line).toBe(2);
  });

  it('appends when every block comment is closed (also ;--- which opens none)', () => {
    for (const text of [
      '[a]\n;-- c --;\n',
      '[a]\n;-- c\nmore\n--;\n',
      '[a]\n;--- not a block comment\n',
      ';-- a ;-- b --; --;\n',
    ]) {
      const next = upsertManagedBlock(text, 'ext-1001', BODY);
      expect(listManagedBlocks(next).map((b) => b.id)).toEqual(['ext-1001']);
    }
  });

  it('still replaces an existing block that sits before the open comment', () => {
    const first = upsertManagedBlock('[a]\n', 'ext-1001', BODY);
    const text = first + ';-- open to the end\n';
    const next = upsertManagedBlock(text, 'ext-1001', '[1001]\ntype=endpoint\ncontext=x\n');
    expect(next).toContain('context=x');
    expect(next.endsWith(';-- open to the end\n')).toBe(true);
  });
});
