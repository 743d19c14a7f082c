import fs from 'node:fs/promises';
import type { HostConfig } from '../../../shared/types';
import { RayanError } from '../errors/rayan-error';
import { SecretStoreOverlay, type SecretKind, type SecretStore } from './secret-store';

export class SecretSourceError extends RayanError {
  constructor(host: string, what: string, fix: string) {
    super('SECRET_SOURCE', `Host "${host}": ${what}. ${fix}`, { host });
  }
}

const LABEL: Record<SecretKind, string> = {
  'ami-secret': 'AMI secret',
  'ssh-password': 'SSH password',
  'key-passphrase': 'key passphrase',
};

/** The source a host names for a secret kind, if it names one (else the keychain). */
export function secretSourceOf(
  c: Pick<HostConfig, 'amiSecretEnv' | 'amiSecretFile' | 'sshPasswordEnv' | 'sshPasswordFile'>,
  kind: SecretKind,
): { env: string } | { file: string } | null {
  const env =
    kind === 'ami-secret' ? c.amiSecretEnv : kind === 'ssh-password' ? c.sshPasswordEnv : null;
  const file =
    kind === 'ami-secret' ? c.amiSecretFile : kind === 'ssh-password' ? c.sshPasswordFile : null;
  if (env) return { env };
  if (file) return { file };
  return null;
}

/**
 * Reads a secret file the admin named. Refused unless only its owner can read it: a secret
 * other accounts can read is already leaked, and we would not notice otherwise.
 */
export async function readSecretFile(
  host: string,
  file: string,
  kind: SecretKind,
): Promise<string> {
  let st;
  try {
    st = await fs.stat(file);
  } catch (err) {
    throw new SecretSourceError(
      host,
      `the ${LABEL[kind]} file ${file} cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})`,
      'Check the path, or choose another source.',
    );
  }
  if (!st.isFile())
    throw new SecretSourceError(
      host,
      `${file} is not a regular file`,
      'Name the secret file itself.',
    );
  if ((st.mode & 0o077) !== 0)
    throw new SecretSourceError(
      host,
      `the ${LABEL[kind]} file ${file} has mode ${(st.mode & 0o777).toString(8)}, readable by others`,
      `Run: chmod 600 ${file}`,
    );
  const text = (await fs.readFile(file, 'utf8')).replace(/\r?\n$/, '');
  if (!text)
    throw new SecretSourceError(
      host,
      `the ${LABEL[kind]} file ${file} is empty`,
      'Write the secret into it.',
    );
  return text;
}

/**
 * Secrets by the source each host names: its environment variable, its file, or (when it names
 * none) the store underneath (keychain with the RAYANPBX_* overrides). Writing a secret for a
 * host whose source is env or file is refused: the console never copies it anywhere.
 */
export class HostSourcedSecretStore extends SecretStoreOverlay {
  constructor(
    private readonly hostConfig: (name: string) => HostConfig | null,
    inner: SecretStore,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    super(inner);
  }

  async get(host: string, kind: SecretKind): Promise<string | null> {
    const c = this.hostConfig(host);
    const source = c ? secretSourceOf(c, kind) : null;
    if (!source) return this.inner.get(host, kind);
    if ('env' in source) {
      const v = this.env[source.env];
      if (!v)
        throw new SecretSourceError(
          host,
          `the ${LABEL[kind]} comes from the environment variable ${source.env}, which is not set`,
          `Set ${source.env} in the environment that runs the console.`,
        );
      return v;
    }
    return readSecretFile(host, source.file, kind);
  }
}
