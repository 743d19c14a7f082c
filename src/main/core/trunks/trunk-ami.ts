import type { AmiActions } from '../ami/actions/types';
import type { AmiMessage } from '../ami/message';
import { amiGet, amiStrings } from '../ami/message';
import { TrunkNotLoadedError } from './errors';

/** One `OutboundRegistrationDetail` of `PJSIPShowRegistrationsOutbound` (47). */
export interface OutboundRegistration {
  name: string;
  serverUri: string;
  clientUri: string;
  transport: string;
  /** `Registered`, `Rejected`, `Unregistered`, … as Asterisk says it. */
  status: string;
  /** Seconds to the next attempt (0 when none is pending, as recorded). */
  nextReg: number;
  retryInterval: number;
  forbiddenRetryInterval: number;
  expiration: number;
  authRejectionPermanent: boolean;
}

export function readOutboundRegistration(m: AmiMessage): OutboundRegistration | null {
  if (amiGet(m, 'Event') !== 'OutboundRegistrationDetail') return null;
  const n = (k: string) => Number(amiGet(m, k) ?? '0') || 0;
  return {
    name: amiGet(m, 'ObjectName') ?? '',
    ...amiStrings(m, ['ServerUri', 'ClientUri', 'Transport', 'Status']),
    nextReg: n('NextReg'),
    retryInterval: n('RetryInterval'),
    forbiddenRetryInterval: n('ForbiddenRetryInterval'),
    expiration: n('Expiration'),
    authRejectionPermanent: amiGet(m, 'AuthRejectionPermanent') === 'true',
  };
}

/** The items come interleaved with each registration's `AuthDetail` (its password already stripped). */
export function parseOutboundRegistrations(items: AmiMessage[]): OutboundRegistration[] {
  return items.map(readOutboundRegistration).filter((r): r is OutboundRegistration => r !== null);
}

export async function showOutboundRegistrations(
  ami: Pick<AmiActions, 'listAction'>,
): Promise<OutboundRegistration[]> {
  return parseOutboundRegistrations(await ami.listAction('PJSIPShowRegistrationsOutbound'));
}

/**
 * `PJSIPRegister` (un-REGISTER then REGISTER) or `PJSIPUnregister`. Asterisk answers as soon as
 * the request is queued; the outcome arrives as a `Registry` event.
 */
export async function sendRegistration(
  ami: Pick<AmiActions, 'action'>,
  name: string,
  register: boolean,
): Promise<void> {
  try {
    await ami.action(register ? 'PJSIPRegister' : 'PJSIPUnregister', { Registration: name });
  } catch (err) {
    if (/Unable to retrieve registration entry/i.test((err as Error).message))
      throw new TrunkNotLoadedError(name, 'Asterisk has no such registration loaded');
    throw err;
  }
}
