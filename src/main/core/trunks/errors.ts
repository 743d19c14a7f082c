import { RayanError } from '../errors/rayan-error';
import { existsOf, handWrittenOf, notFoundOf } from '../errors/pjsip-object-errors';

export class TrunkExistsError extends existsOf(
  'TRUNK_EXISTS',
  'Trunk',
  'name',
  (name) =>
    `A section named ${name} already exists in pjsip.conf (written by hand); pick another trunk name`,
) {}

export class TrunkNotFoundError extends notFoundOf('TRUNK_NOT_FOUND', 'Trunk', 'name') {}

/** Issue 12 (adopting hand-written sections) has not landed: such trunks are shown, not changed. */
export class ReadOnlyTrunkError extends handWrittenOf('TRUNK_READ_ONLY', 'Trunk', 'name') {}

export class TrunkNotLoadedError extends RayanError {
  constructor(name: string, detail: string) {
    super('TRUNK_NOT_LOADED', `Trunk ${name}: ${detail}`, { name });
  }
}
