import { RayanError } from '../errors/rayan-error';

export type ManagedMarkerProblem =
  'missing-end' | 'missing-begin' | 'nested' | 'mismatched' | 'duplicate';

/**
 * The managed markers of a file do not pair up. Reported, never repaired: the file is left as it
 * is for a human to fix, because guessing where a block ends could delete hand-written lines.
 */
export class ManagedMarkerError extends RayanError {
  readonly problem: ManagedMarkerProblem;
  readonly id: string;
  /** 1-based line of the offending marker. */
  readonly line: number;

  constructor(problem: ManagedMarkerProblem, id: string, line: number, message: string) {
    super('MANAGED_MARKER', message, { problem, id, line });
    this.problem = problem;
    this.id = id;
    this.line = line;
  }
}

/** A managed block id or body that cannot be written safely (caller bug or hostile input). */
export class ManagedBlockInputError extends RayanError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('MANAGED_BLOCK_INPUT', message, details);
  }
}

/**
 * The file ends inside a `;-- … --;` block comment: a block appended there would be commented out,
 * and Asterisk would silently not load it. Refused, naming where the comment opens.
 */
export class UnclosedBlockCommentError extends RayanError {
  /** 1-based line where the block comment that never closes opens. */
  readonly line: number;

  constructor(line: number, file?: string) {
    super(
      'UNCLOSED_BLOCK_COMMENT',
      `${file ? `${file}: line` : 'Line'} ${line} opens a ";--" block comment that is never closed with "--;": anything added ` +
        'after it would be a comment that Asterisk does not load. Nothing was changed; close the ' +
        `comment (add "--;" where it should end) or remove the ";--" on line ${line}, then retry.`,
      { line, file: file ?? null },
    );
    this.line = line;
  }
}
