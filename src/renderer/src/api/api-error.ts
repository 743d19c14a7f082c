import type { IpcError } from '../../../shared/ipc';
import type { ErrorCode } from '../../../shared/types';

/** A failed call: the core's code and its actionable one-line message. */
export class ApiError extends Error implements IpcError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(message);
  }
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
