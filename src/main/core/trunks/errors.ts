import { RayanError } from '../errors/rayan-error';
import {
  HandWrittenObjectError,
  PjsipObjectExistsError,
  PjsipObjectNotFoundError,
} from '../errors/pjsip-object-errors';

export class TrunkExistsError extends PjsipObjectExistsError {
  constructor(name: string, managed: boolean) {
    super(
      'TRUNK_EXISTS',
      `Trunk ${name}`,
      managed,
      `A section named ${name} already exists in pjsip.conf (written by hand); pick another trunk name`,
      { name },
    );
  }
}

export class TrunkNotFoundError extends PjsipObjectNotFoundError {
  constructor(name: string) {
    super('TRUNK_NOT_FOUND', `Trunk ${name}`, { name });
  }
}

/** Issue 12 (adopting hand-written sections) has not landed: such trunks are shown, not changed. */
export class ReadOnlyTrunkError extends HandWrittenObjectError {
  constructor(name: string) {
    super('TRUNK_READ_ONLY', `Trunk ${name}`, { name });
  }
}

export class TrunkNotLoadedError extends RayanError {
  constructor(name: string, detail: string) {
    super('TRUNK_NOT_LOADED', `Trunk ${name}: ${detail}`, { name });
  }
}
