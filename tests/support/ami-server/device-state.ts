import { hintState } from './dialplan-actions';
import type { AmiTestServer } from './server';

const DEVICE_TEXT: Record<string, string> = {
  UNAVAILABLE: 'Unavailable',
  NOT_INUSE: 'Not in use',
  INUSE: 'In use',
  RINGING: 'Ringing',
  RINGINUSE: 'Ring+Inuse',
  BUSY: 'Busy',
  ONHOLD: 'On Hold',
};

/**
 * An endpoint's device state, from its contacts and its live channels, and the
 * DeviceStateChange event each time it changes.
 */
export class DeviceStates {
  private readonly last = new Map<string, string>();

  constructor(private readonly srv: AmiTestServer) {}

  text(endpoint: string): string {
    return DEVICE_TEXT[this.compute(endpoint)] ?? 'Unknown';
  }

  compute(endpoint: string): string {
    const mine = this.srv.calls.channels().filter((c) => c.endpoint === endpoint);
    if (!this.srv.registrations.endpointReachable(endpoint) && mine.length === 0)
      return 'UNAVAILABLE';
    const ringing = mine.some((c) => c.state === 5);
    const busy = mine.some((c) => c.state !== 5);
    if (ringing && busy) return 'RINGINUSE';
    if (ringing) return 'RINGING';
    if (busy) return 'INUSE';
    return this.srv.registrations.endpointReachable(endpoint) ? 'NOT_INUSE' : 'UNAVAILABLE';
  }

  update(endpoint: string): void {
    const state = this.compute(endpoint);
    const before = this.last.get(endpoint) ?? 'UNAVAILABLE';
    if (state === before) return;
    this.last.set(endpoint, state);
    this.srv.bus.event('DeviceStateChange', 'call', [
      ['Device', `PJSIP/${endpoint}`],
      ['State', state],
    ]);
  }

  /** A hint's state (`PJSIP/1001&PJSIP/1002`) from the device states of the endpoints it names. */
  ofHint(hint: string): [number, string] {
    return hintState(hint, (ep) => (this.srv.pjsip.endpoints.has(ep) ? this.compute(ep) : null));
  }
}
