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

/**
 * The not-found error of one kind of object, made once: its code, how messages name the object
 * (`Trunk`), and the detail key its id goes under. Each kind declares its own class from it, so
 * that `instanceof` and the error's name stay the kind's own.
 */
export function notFoundOf(code: ErrorCode, noun: string, key: string) {
  return class extends PjsipObjectNotFoundError {
    constructor(id: string) {
      super(code, `${noun} ${id}`, { [key]: id });
    }
  };
}

/** As notFoundOf, for the error of an object written by hand (shown, not changed). */
export function handWrittenOf(code: ErrorCode, noun: string, key: string) {
  return class extends HandWrittenObjectError {
    constructor(id: string) {
      super(code, `${noun} ${id}`, { [key]: id });
    }
  };
}

/** As notFoundOf, for an object that exists already; `handWritten`: that message for an id. */
export function existsOf(
  code: ErrorCode,
  noun: string,
  key: string,
  handWritten: (id: string) => string,
) {
  return class extends PjsipObjectExistsError {
    constructor(id: string, managed: boolean) {
      super(code, `${noun} ${id}`, managed, handWritten(id), { [key]: id });
    }
  };
}
