import { RayanError } from '../errors/rayan-error';
import {
  HandWrittenObjectError,
  PjsipObjectExistsError,
  PjsipObjectNotFoundError,
} from '../errors/pjsip-object-errors';

export class ExtensionExistsError extends PjsipObjectExistsError {
  constructor(number: string, managed: boolean) {
    super(
      'EXTENSION_EXISTS',
      `Extension ${number}`,
      managed,
      `Extension ${number} already exists in pjsip.conf (written by hand); pick another number`,
      { number },
    );
  }
}

export class ExtensionNotFoundError extends PjsipObjectNotFoundError {
  constructor(number: string) {
    super('EXTENSION_NOT_FOUND', `Extension ${number}`, { number });
  }
}

export class ReadOnlyExtensionError extends HandWrittenObjectError {
  constructor(number: string) {
    super('EXTENSION_READ_ONLY', `Extension ${number}`, { number });
  }
}

export class TransportNotFoundError extends PjsipObjectNotFoundError {
  constructor(name: string) {
    super('TRANSPORT_NOT_FOUND', `Transport ${name}`, { transport: name });
  }
}

/** A value set by hand that a managed `(+)` addition can override but never remove. */
export class HandWrittenValueError extends RayanError {
  constructor(field: string, transport: string, line: number) {
    super(
      'HAND_WRITTEN_VALUE',
      `${field}: set by hand on line ${line} of transport ${transport}; it can be overridden but not cleared here, edit pjsip.conf to remove it`,
      { field, transport, line },
    );
  }
}

export class TransportNameTakenError extends RayanError {
  constructor(name: string) {
    super(
      'TRANSPORT_NAME_TAKEN',
      `A section named ${name} exists but is not a UDP transport; pass another transport name`,
      { transport: name },
    );
  }
}
