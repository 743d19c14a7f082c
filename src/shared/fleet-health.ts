import type { HostState } from '../main/core/fleet/fleet-api';

export type FleetHealth = 'connected' | 'degraded' | 'down' | 'empty';
export type HostHealth = 'connected' | 'degraded' | 'down';

/** A host is healthy when SSH is up and AMI is up (or deliberately not configured). */
export function hostHealth(s: Pick<HostState, 'connection' | 'ami'>): HostHealth {
  if (s.connection === 'disconnected' || s.connection === 'error') return 'down';
  if (s.connection === 'connecting') return 'degraded';
  return s.ami === 'connected' || s.ami === 'not-configured' ? 'connected' : 'degraded';
}

/**
 * The tray icon's colour: all connected / some degraded / some down. A watched trunk that lost
 * its registration makes a connected fleet amber: the site has no calls in or out.
 */
export function fleetHealth(
  states: Array<Pick<HostState, 'connection' | 'ami'>>,
  trunksDown = 0,
): FleetHealth {
  if (!states.length) return 'empty';
  const h = states.map(hostHealth);
  if (h.includes('down')) return 'down';
  if (h.includes('degraded') || trunksDown > 0) return 'degraded';
  return 'connected';
}

export function hostStateLabel(s: Pick<HostState, 'connection' | 'ami'>): string {
  if (s.connection !== 'connected') return `SSH ${s.connection}`;
  if (s.ami === 'not-configured') return 'connected (no AMI)';
  return s.ami === 'connected' ? 'connected' : `AMI ${s.ami}`;
}
