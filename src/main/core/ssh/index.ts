export * from './types';
export * from './errors';
export { shellQuote, shCommand } from './shell-quote';
export {
  sshFingerprint,
  keyTypeOfBlob,
  displayKeyType,
  normalizeFingerprint,
  fingerprintOfPublicKeyLine,
} from './fingerprint';
export {
  parseSshConfig,
  resolveSshHost,
  loadSshConfig,
  matchHostPattern,
  hostBlockMatches,
  parseJumpSpec,
  DEFAULT_SSH_CONFIG_PATH,
} from './ssh-config';
export type { SshConfigFile, ResolvedSshHost, JumpSpec } from './ssh-config';
export { connectSsh, probeHostKey, resolveSshTarget } from './ssh-connect';
export type {
  SshTarget,
  SshConnectOptions,
  SshCommonOptions,
  ProbeOptions,
  JumpHostOptions,
  HostKeyProbe,
  ResolvedTarget,
  SshAuthOptions,
} from './ssh-connect';
export { SshTransport } from './ssh-transport';
export type { SshSessionInfo } from './ssh-transport';
export { LocalTransport } from './local-transport';
export type { LocalTransportOptions } from './local-transport';
export { decodeBytes, encodeText } from './byte-text';
export {
  sha256Hex,
  checkPath,
  TEMP_MARKER,
  BACKUP_MARKER,
  DEFAULT_BACKUPS_TO_KEEP,
} from './file-ops';
