import type { ErrorCode, SerializedError } from '../../../shared/types/errors';

export type { ErrorCode, SerializedError };

/**
 * Base of every error the core throws on purpose. `code` is stable (CLI, IPC and tests match on
 * it); `message` is one line a user can act on; `details` holds structured, secret-free context.
 */
export class RayanError extends Error {
  readonly code: ErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = new.target.name;
    this.code = code;
    this.details = details;
  }

  toJSON(): SerializedError {
    return { code: this.code, message: this.message, details: this.details };
  }
}

/** Turns anything thrown into the shape that may cross a process boundary: no stack, no secrets. */
export function serializeError(err: unknown): SerializedError {
  if (err instanceof RayanError) return err.toJSON();
  if (err instanceof Error) return { code: 'INTERNAL', message: err.message, details: {} };
  return { code: 'INTERNAL', message: String(err), details: {} };
}
