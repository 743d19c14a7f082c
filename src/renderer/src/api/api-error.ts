import type { IpcError } from '../../../shared/ipc';
import { relabel, UI_LABELS } from '../../../shared/field-labels';
import type { ErrorCode } from '../../../shared/types';

/**
 * A failed call: the core's code and its actionable one-line message, with field keys
 * (`maxContacts:`) turned into the labels the forms show.
 */
export class ApiError extends Error implements IpcError {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown>,
  ) {
    super(code === 'INVALID_INPUT' ? relabel(message, UI_LABELS) : message);
  }
}

export function errorText(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  return err instanceof Error ? err.message : String(err);
}
