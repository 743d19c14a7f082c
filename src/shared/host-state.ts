/**
 * The one picture of a host the core, the CLI and the UI share. A state always says where it
 * came from and when: a console that shows a value it can no longer confirm misleads the admin.
 */

/** The layer a connection failed at, outermost first: what the admin has to fix. */
export type HostLayer =
  'dns-tcp' | 'host-key' | 'ssh-auth' | 'ssh-channel' | 'ami-tcp' | 'ami-login' | 'config-dir';

export const LAYER_LABEL: Record<HostLayer, string> = {
  'dns-tcp': 'DNS/TCP',
  'host-key': 'host key',
  'ssh-auth': 'SSH auth',
  'ssh-channel': 'SSH channel',
  'ami-tcp': 'AMI TCP',
  'ami-login': 'AMI login',
  'config-dir': 'config dir',
};

/** SSH layers: a host failing at one of them is unreachable; at an AMI layer only degraded. */
const SSH_LAYERS = new Set<HostLayer>(['dns-tcp', 'host-key', 'ssh-auth', 'ssh-channel']);

export function isSshLayer(layer: HostLayer): boolean {
  return SSH_LAYERS.has(layer);
}

export type HostPhase = 'connecting' | 'connected' | 'degraded' | 'unreachable';

export interface HostHealthState {
  phase: HostPhase;
  /** Set for degraded and unreachable: which layer failed. */
  layer: HostLayer | null;
  /** The failing layer's own message (never a secret). */
  reason: string | null;
  /** When this state was observed (ms since epoch). */
  asOf: number;
  /** What observed it: the supervisor's SSH or AMI connection, or a one-shot CLI check. */
  source: 'ssh' | 'ami' | 'check';
  /** Whether the supervisor keeps this host connected (the per-host watch switch). */
  watched: boolean;
}

export function healthFor(
  phase: HostPhase,
  at: number,
  source: HostHealthState['source'],
  failure: { layer: HostLayer; reason: string } | null = null,
  watched = true,
): HostHealthState {
  return {
    phase,
    layer: failure?.layer ?? null,
    reason: failure?.reason ?? null,
    asOf: at,
    source,
    watched,
  };
}

/** The phase a failure at `layer` leaves the host in. */
export function phaseForLayer(layer: HostLayer): HostPhase {
  return isSshLayer(layer) ? 'unreachable' : 'degraded';
}

/** "degraded (AMI TCP): …" — one line for the tray, the sidebar and `rayanpbx status`. */
export function healthLabel(h: Pick<HostHealthState, 'phase' | 'layer' | 'reason'>): string {
  if (!h.layer) return h.phase;
  return `${h.phase} (${LAYER_LABEL[h.layer]})${h.reason ? `: ${h.reason}` : ''}`;
}
