/**
 * Where a host's AMI login goes, as `user@host:port`: the console reaches the manager on the
 * PBX's own loopback (127.0.0.1) through the SSH tunnel, never over the network. Null when the
 * host has no AMI user.
 */
export const AMI_TUNNEL_HOST = '127.0.0.1';

export function amiTarget(h: { amiUser: string | null; amiPort: number }): string | null {
  return h.amiUser ? `${h.amiUser}@${AMI_TUNNEL_HOST}:${h.amiPort}` : null;
}
