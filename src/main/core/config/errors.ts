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
