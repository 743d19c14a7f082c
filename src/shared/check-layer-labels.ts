import type { CheckLayer } from './types';

/** Each host check layer as messages name it. Kept apart from the checks themselves (ssh2, AMI)
 * so that commands which only print a failure do not load them. */
export const CHECK_LAYER_LABEL: Record<CheckLayer, string> = {
  tcp: 'TCP',
  'host-key': 'host key',
  'ssh-auth': 'SSH auth',
  sudo: 'sudo',
  'config-dir': 'config dir',
  'ami-tcp': 'AMI TCP (through the tunnel)',
  'ami-login': 'AMI login',
  'ami-privileges': 'AMI privileges',
};
