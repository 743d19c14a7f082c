import type { SshdHandle } from './sshd';

/**
 * An ssh_config where `pbx-behind` is the `target` sshd reached through `bastion` (ProxyJump),
 * both as root with the harness's client keys: a PBX only a jump host can see.
 */
export function proxyJumpSshConfig(target: SshdHandle, bastion: SshdHandle): string {
  return [
    'Host pbx-behind',
    '  HostName 127.0.0.1',
    `  Port ${target.port}`,
    '  User root',
    `  IdentityFile ${target.clientKeyPath}`,
    '  ProxyJump bastion',
    'Host bastion',
    '  HostName 127.0.0.1',
    `  Port ${bastion.port}`,
    '  User root',
    `  IdentityFile ${bastion.clientKeyPath}`,
    '',
  ].join('\n');
}
