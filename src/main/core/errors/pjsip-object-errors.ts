import { RayanError, type ErrorCode } from './rayan-error';

/*
 * What goes wrong with a named object of pjsip.conf (an extension, a trunk, a transport) is said
 * the same way whatever the object: `object` is how the message names it (`Extension 1001`).
 */

export class PjsipObjectExistsError extends RayanError {
  constructor(
    code: ErrorCode,
    object: string,
    managed: boolean,
    /** The message when the section was written by hand: what to pick instead. */
    handWritten: string,
    details: Record<string, unknown>,
  ) {
    super(code, managed ? `${object} already exists; edit it instead` : handWritten, {
      ...details,
      managed,
    });
  }
}

export class PjsipObjectNotFoundError extends RayanError {
  constructor(code: ErrorCode, object: string, details: Record<string, unknown>) {
    super(code, `${object} does not exist in pjsip.conf`, details);
  }
}

/** Shown, not changed: the object was written by hand outside the managed sections. */
export class HandWrittenObjectError extends RayanError {
  constructor(code: ErrorCode, object: string, details: Record<string, unknown>) {
    super(
      code,
      `${object} was written by hand outside the managed sections; change it in pjsip.conf directly`,
      details,
    );
  }
}
