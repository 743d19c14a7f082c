import { RayanError } from '../errors/rayan-error';

export class TrunkExistsError extends RayanError {
  constructor(name: string, managed: boolean) {
    super(
      'TRUNK_EXISTS',
      managed
        ? `Trunk ${name} already exists; edit it instead`
        : `A section named ${name} already exists in pjsip.conf (written by hand); pick another trunk name`,
      { name, managed },
    );
  }
}

export class TrunkNotFoundError extends RayanError {
  constructor(name: string) {
    super('TRUNK_NOT_FOUND', `Trunk ${name} does not exist in pjsip.conf`, { name });
  }
}

/** Issue 12 (adopting hand-written sections) has not landed: such trunks are shown, not changed. */
export class ReadOnlyTrunkError extends RayanError {
  constructor(name: string) {
    super(
      'TRUNK_READ_ONLY',
      `Trunk ${name} was written by hand outside the managed sections; change it in pjsip.conf directly`,
      { name },
    );
  }
}

export class TrunkNotLoadedError extends RayanError {
  constructor(name: string, detail: string) {
    super('TRUNK_NOT_LOADED', `Trunk ${name}: ${detail}`, { name });
  }
}
