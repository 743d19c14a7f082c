import { RayanError } from '../errors/rayan-error';

export class ExtensionExistsError extends RayanError {
  constructor(number: string, managed: boolean) {
    super(
      'EXTENSION_EXISTS',
      managed
        ? `Extension ${number} already exists; edit it instead`
        : `Extension ${number} already exists in pjsip.conf (written by hand); pick another number`,
      { number, managed },
    );
  }
}

export class ExtensionNotFoundError extends RayanError {
  constructor(number: string) {
    super('EXTENSION_NOT_FOUND', `Extension ${number} does not exist in pjsip.conf`, { number });
  }
}

export class ReadOnlyExtensionError extends RayanError {
  constructor(number: string) {
    super(
      'EXTENSION_READ_ONLY',
      `Extension ${number} was written by hand outside the managed sections; change it in pjsip.conf directly`,
      { number },
    );
  }
}

export class TransportNotFoundError extends RayanError {
  constructor(name: string) {
    super('TRANSPORT_NOT_FOUND', `Transport ${name} does not exist in pjsip.conf`, {
      transport: name,
    });
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
