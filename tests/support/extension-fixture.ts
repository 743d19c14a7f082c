import type { Extension } from '../../src/shared/types';

/**
 * A managed, enabled extension as the core reads one back, with `over` on top: the display name
 * is the number, the one codec ulaw, NAT on, qualify 60 s.
 */
export function extension(number: string, over: Partial<Extension> = {}): Extension {
  return {
    number,
    displayName: number,
    context: 'from-internal',
    codecs: ['ulaw'],
    maxContacts: 1,
    transport: 'transport-udp',
    natFriendly: true,
    qualifyFrequency: 60,
    enabled: true,
    managed: true,
    ...over,
  };
}
