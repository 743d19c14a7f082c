import type { SshdHandle } from './sshd';

/**
 * An ssh_config where `pbx-behind` is the `target` sshd reached through `bastion` (ProxyJump),
 * both as root with the harness's client keys: a PBX only a jump host can see.
 */
export function proxyJumpSshConfig(target: SshdHandle, bastion: SshdHandle): string {
  return [
    ...hostBlock('pbx-behind', target),
    '  ProxyJump bastion',
    ...hostBlock('bastion', bastion),
    '',
  ].join('\n');
}

/** One `Host` block: root on the loopback sshd, with the harness's client key. */
function hostBlock(name: string, sshd: SshdHandle): string[] {
  return [
    `Host ${name}`,
    '  HostName 127.0.0.1',
    `  Port ${sshd.port}`,
    '  User root',
    `  IdentityFile ${sshd.clientKeyPath}`,
  ];
}
