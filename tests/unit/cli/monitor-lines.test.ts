import { describe, expect, it } from 'vitest';
import { describeEvent } from '../../../src/cli/commands/live';
import type { DomainEvent } from '../../../src/shared/types';

const registration = (previous: 'offline' | 'online', userAgent: string | null): DomainEvent => ({
  kind: 'registration',
  host: 'pbx',
  at: Date.UTC(2026, 10, 28, 9, 0, 0),
  previous,
  status: {
    number: '1001',
    registration: 'online',
    contactUri: 'sip:1001@192.0.2.10:5062',
    address: '192.0.2.10:5062',
    userAgent,
    roundTripMs: null,
    callState: 'idle',
    updatedAt: 0,
  },
});

describe('rayanpbx monitor: one line per event', () => {
  it('says a state change as a transition and a details update as an update', () => {
    expect(describeEvent(registration('offline', null))).toBe(
      '2026-11-28T09:00:00.000Z pbx 1001 offline → online from 192.0.2.10:5062',
    );
    expect(describeEvent(registration('online', 'Zoiper 5'))).toBe(
      '2026-11-28T09:00:00.000Z pbx 1001 still online from 192.0.2.10:5062 (Zoiper 5)',
    );
  });
});
