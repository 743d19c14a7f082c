import { RayanError } from '../errors/rayan-error';
import { existsOf, handWrittenOf, notFoundOf } from '../errors/pjsip-object-errors';

export class ExtensionExistsError extends existsOf(
  'EXTENSION_EXISTS',
  'Extension',
  'number',
  (number) =>
    `Extension ${number} already exists in pjsip.conf (written by hand); pick another number`,
) {}

export class ExtensionNotFoundError extends notFoundOf(
  'EXTENSION_NOT_FOUND',
  'Extension',
  'number',
) {}

export class ReadOnlyExtensionError extends handWrittenOf(
  'EXTENSION_READ_ONLY',
  'Extension',
  'number',
) {}

export class TransportNotFoundError extends notFoundOf(
  'TRANSPORT_NOT_FOUND',
  'Transport',
  'transport',
) {}

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
