import type { HostLayer } from '../../../shared/host-state';

/**
 * Which layer an error of the core belongs to, from its stable code. `fallback` is the layer of
 * the step that was running (a keychain error while reading the AMI secret is an AMI login
 * problem; while reading the SSH password, an SSH auth problem).
 */
const BY_CODE: Record<string, HostLayer> = {
  SSH_HOST_UNREACHABLE: 'dns-tcp',
  SSH_CONNECT_TIMEOUT: 'dns-tcp',
  SSH_HOST_KEY_UNKNOWN: 'host-key',
  SSH_HOST_KEY_MISMATCH: 'host-key',
  SSH_AUTH_FAILED: 'ssh-auth',
  SSH_PRIVATE_KEY: 'ssh-auth',
  SSH_CONNECTION_LOST: 'ssh-channel',
  SSH_FORWARDING_REFUSED: 'ssh-channel',
  SESSION_CLOSED: 'ssh-channel',
  SSH_FORWARD_TARGET_UNREACHABLE: 'ami-tcp',
  AMI_CONNECTION_LOST: 'ami-tcp',
  AMI_TIMEOUT: 'ami-tcp',
  AMI_PROTOCOL: 'ami-tcp',
  AMI_AUTH_FAILED: 'ami-login',
  AMI_SECRET_MISSING: 'ami-login',
  AMI_PERMISSION_DENIED: 'ami-login',
  DIRECTORY_NOT_FOUND: 'config-dir',
  PERMISSION_DENIED: 'config-dir',
  SUDO_PASSWORD_REQUIRED: 'config-dir',
  SUDO_NOT_ALLOWED: 'config-dir',
};

export function failureLayer(err: unknown, fallback: HostLayer): HostLayer {
  const code = (err as { code?: unknown } | null)?.code;
  return (typeof code === 'string' && BY_CODE[code]) || fallback;
}

export function failureReason(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
