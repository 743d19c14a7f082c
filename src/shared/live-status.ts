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

/**
 * An extension whose live state cannot be known now (AMI down, host unreachable, not yet
 * synced): no address or round trip, only since when and why.
 */
export function unknownStatus(number: string, at: number, reason: string): ExtensionLiveStatus {
  return { ...offlineStatus(number, at), registration: 'unknown', reason };
}
