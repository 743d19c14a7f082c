import type { HostState } from './types';
import { healthLabel } from './host-state';

export type FleetHealth = 'connected' | 'degraded' | 'down' | 'empty';
export type HostHealth = 'connected' | 'degraded' | 'down';

/** A host is healthy when SSH is up and AMI is up (or deliberately not configured). */
export function hostHealth(s: Pick<HostState, 'connection' | 'ami' | 'health'>): HostHealth {
  // The supervisor's verdict, when there is one, is the whole picture (both layers, fresh).
  if (s.health)
    return s.health.phase === 'connected'
      ? 'connected'
      : s.health.phase === 'unreachable'
        ? 'down'
        : 'degraded';
  if (s.connection === 'disconnected' || s.connection === 'error') return 'down';
  if (s.connection === 'connecting') return 'degraded';
  return s.ami === 'connected' || s.ami === 'not-configured' ? 'connected' : 'degraded';
}

/**
 * The tray icon's colour: all connected / some degraded / some down. A watched trunk that lost
 * its registration makes a connected fleet amber: the site has no calls in or out.
 */
export function fleetHealth(
  states: Array<Pick<HostState, 'connection' | 'ami' | 'health'>>,
  trunksDown = 0,
): FleetHealth {
  if (!states.length) return 'empty';
  const h = states.map(hostHealth);
  if (h.includes('down')) return 'down';
  if (h.includes('degraded') || trunksDown > 0) return 'degraded';
  return 'connected';
}

export function hostStateLabel(s: Pick<HostState, 'connection' | 'ami' | 'health'>): string {
  if (s.health) return healthLabel(s.health);
  if (s.connection !== 'connected') return `SSH ${s.connection}`;
  if (s.ami === 'not-configured') return 'connected (no AMI)';
  return s.ami === 'connected' ? 'connected' : `AMI ${s.ami}`;
}
