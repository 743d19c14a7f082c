import type { HostConfig } from '../../../shared/types';
import type { InputOf } from '../../../shared/ipc';
import { HOST_DEFAULTS } from '../../../shared/schemas';

/** Where a secret comes from: the OS keychain, or an environment variable / file the admin names. */
export type SecretSource = 'keychain' | 'env' | 'file';

export interface HostFormValues {
  name: string;
  transport: 'ssh' | 'local';
  host: string;
  port: string;
  user: string;
  auth: 'key' | 'agent' | 'password';
  keyFile: string;
  keyPassphrase: string;
  sshPassword: string;
  sshPasswordSource: SecretSource;
  sshPasswordEnv: string;
  sshPasswordFile: string;
  configDir: string;
  sudo: boolean;
  amiUser: string;
  amiSecret: string;
  amiSecretSource: SecretSource;
  amiSecretEnv: string;
  amiSecretFile: string;
  amiPort: string;
  backupsToKeep: string;
  /** How long a change waits for someone else's reload before restoring the files. */
  reloadWaitSeconds: string;
}

export const emptyHostForm: HostFormValues = {
  name: '',
  transport: 'ssh',
  host: '',
  port: '22',
  user: 'root',
  auth: 'key',
  keyFile: '',
  keyPassphrase: '',
  sshPassword: '',
  sshPasswordSource: 'keychain',
  sshPasswordEnv: '',
  sshPasswordFile: '',
  configDir: '/etc/asterisk',
  sudo: false,
  amiUser: '',
  amiSecret: '',
  amiSecretSource: 'keychain',
  amiSecretEnv: '',
  amiSecretFile: '',
  amiPort: '5038',
  backupsToKeep: '10',
  reloadWaitSeconds: String(HOST_DEFAULTS.reloadWaitSeconds),
};

export function formFromHost(h: HostConfig): HostFormValues {
  return {
    ...emptyHostForm,
    name: h.name,
    transport: h.transport,
    host: h.host,
    port: h.port ? String(h.port) : '',
    user: h.user ?? '',
    auth: h.auth,
    keyFile: h.keyFile ?? '',
    configDir: h.configDir,
    sudo: h.sudo,
    amiUser: h.amiUser ?? '',
    amiSecretSource: h.amiSecretEnv ? 'env' : h.amiSecretFile ? 'file' : 'keychain',
    amiSecretEnv: h.amiSecretEnv ?? '',
    amiSecretFile: h.amiSecretFile ?? '',
    sshPasswordSource: h.sshPasswordEnv ? 'env' : h.sshPasswordFile ? 'file' : 'keychain',
    sshPasswordEnv: h.sshPasswordEnv ?? '',
    sshPasswordFile: h.sshPasswordFile ?? '',
    amiPort: String(h.amiPort),
    backupsToKeep: String(h.backupsToKeep),
    reloadWaitSeconds: String(h.reloadWaitSeconds ?? HOST_DEFAULTS.reloadWaitSeconds),
  };
}

const num = (s: string): number => (s.trim() === '' ? NaN : Number(s));
const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

export function configFromForm(v: HostFormValues, hostKey: string | null): HostConfig {
  const local = v.transport === 'local';
  const sshPassword = !local && v.auth === 'password';
  return {
    name: v.name.trim(),
    transport: v.transport,
    host: local ? 'localhost' : v.host.trim(),
    port: local || v.port.trim() === '' ? null : num(v.port),
    user: local ? null : orNull(v.user),
    keyFile: !local && v.auth === 'key' ? orNull(v.keyFile) : null,
    auth: v.auth,
    configDir: v.configDir.trim(),
    sudo: v.sudo,
    hostKey,
    jumpHostKey: null,
    amiUser: orNull(v.amiUser),
    amiPort: num(v.amiPort),
    backupsToKeep: num(v.backupsToKeep),
    reloadWaitSeconds: num(v.reloadWaitSeconds),
    // Only the name of the variable or the path of the file is stored, never the secret.
    amiSecretEnv: v.amiSecretSource === 'env' ? orNull(v.amiSecretEnv) : null,
    amiSecretFile: v.amiSecretSource === 'file' ? orNull(v.amiSecretFile) : null,
    sshPasswordEnv: sshPassword && v.sshPasswordSource === 'env' ? orNull(v.sshPasswordEnv) : null,
    sshPasswordFile:
      sshPassword && v.sshPasswordSource === 'file' ? orNull(v.sshPasswordFile) : null,
  };
}

/** Only what the user typed: an empty secret field means "keep what the keychain has". */
export function secretsFromForm(v: HostFormValues): InputOf<'hosts/add'>['secrets'] {
  const s: InputOf<'hosts/add'>['secrets'] = {};
  if (
    v.transport === 'ssh' &&
    v.auth === 'password' &&
    v.sshPasswordSource === 'keychain' &&
    v.sshPassword
  )
    s.sshPassword = v.sshPassword;
  if (v.transport === 'ssh' && v.auth === 'key' && v.keyPassphrase)
    s.keyPassphrase = v.keyPassphrase;
  if (v.amiSecretSource === 'keychain' && v.amiSecret) s.amiSecret = v.amiSecret;
  return s;
}

/**
 * Secrets the form would put in the keychain; with no usable keychain the form stops here,
 * before the fingerprint is confirmed, and asks for an environment variable or a file instead.
 */
export function keychainSecretsTyped(v: HostFormValues): string[] {
  const s = secretsFromForm(v);
  const labels: Record<keyof typeof s, string> = {
    sshPassword: 'SSH password',
    keyPassphrase: 'key passphrase',
    amiSecret: 'AMI secret',
  };
  return (Object.keys(s) as Array<keyof typeof s>).map((k) => labels[k]);
}
