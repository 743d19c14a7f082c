import type { ExtensionLiveStatus } from './types';

/** An extension with no registered contact and no call: what the PBX reports before any phone. */
export function offlineStatus(number: string, at: number): ExtensionLiveStatus {
  return {
    number,
    registration: 'offline',
    contactUri: null,
    address: null,
    userAgent: null,
    roundTripMs: null,
    callState: 'idle',
    updatedAt: at,
  };
}
