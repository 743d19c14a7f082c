import type { HostConfig } from '../../../shared/types';
import type { InputOf } from '../../../shared/ipc';

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
  configDir: string;
  sudo: boolean;
  amiUser: string;
  amiSecret: string;
  amiPort: string;
  backupsToKeep: string;
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
  configDir: '/etc/asterisk',
  sudo: false,
  amiUser: '',
  amiSecret: '',
  amiPort: '5038',
  backupsToKeep: '10',
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
    amiPort: String(h.amiPort),
    backupsToKeep: String(h.backupsToKeep),
  };
}

const num = (s: string): number => (s.trim() === '' ? NaN : Number(s));
const orNull = (s: string): string | null => (s.trim() === '' ? null : s.trim());

export function configFromForm(v: HostFormValues, hostKey: string | null): HostConfig {
  const local = v.transport === 'local';
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
  };
}

/** Only what the user typed: an empty secret field means "keep what the keychain has". */
export function secretsFromForm(v: HostFormValues): InputOf<'hosts/add'>['secrets'] {
  const s: InputOf<'hosts/add'>['secrets'] = {};
  if (v.transport === 'ssh' && v.auth === 'password' && v.sshPassword)
    s.sshPassword = v.sshPassword;
  if (v.transport === 'ssh' && v.auth === 'key' && v.keyPassphrase)
    s.keyPassphrase = v.keyPassphrase;
  if (v.amiSecret) s.amiSecret = v.amiSecret;
  return s;
}
