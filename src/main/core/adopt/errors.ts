import { RayanError } from '../errors/rayan-error';
import type { AdoptRefusal } from '../../../shared/types';

/** Nothing asked for can be adopted: every reason is in the message and in `details`. */
export class AdoptRefusedError extends RayanError {
  constructor(refused: AdoptRefusal[]) {
    super(
      'ADOPT_REFUSED',
      refused.length === 0
        ? 'No hand-written extension to adopt in pjsip.conf'
        : `Nothing adopted: ${refused.map((r) => `${r.number}: ${r.reason}`).join('; ')}`,
      { refused },
    );
  }
}

/**
 * The block built for an extension would not load as the same object: a bug in the adopt, caught
 * before anything is written.
 */
export class AdoptSelfCheckError extends RayanError {
  constructor(number: string, detail: string) {
    super(
      'ADOPT_SELF_CHECK',
      `Adopting ${number} would change what Asterisk loads (${detail}); nothing was written. Please report this with the section's text`,
      { number },
    );
  }
}
