import { describe, expect, it } from 'vitest';
import { hostConfigInput } from '../../../src/shared/schemas';
import {
  configFromForm,
  emptyHostForm,
  formFromHost,
  keychainSecretsTyped,
  secretsFromForm,
  type HostFormValues,
} from '../../../src/renderer/src/hosts/host-form-model';

const form = (patch: Partial<HostFormValues>): HostFormValues => ({
  ...emptyHostForm,
  name: 'branch2',
  host: 'pbx.example.org',
  amiUser: 'admin',
  ...patch,
});

describe('host form: a secret from the keychain, an environment variable or a file', () => {
  it('keychain: the typed secret goes to the keychain and no source is stored', () => {
    const v = form({ amiSecret: 's3cret' });
    expect(secretsFromForm(v)).toEqual({ amiSecret: 's3cret' });
    expect(keychainSecretsTyped(v)).toEqual(['AMI secret']);
    const c = configFromForm(v, null);
    expect(c.amiSecretEnv).toBeNull();
    expect(c.amiSecretFile).toBeNull();
  });

  it('environment variable: only its name is stored, the typed secret is dropped', () => {
    const v = form({ amiSecret: 'typed-before', amiSecretSource: 'env', amiSecretEnv: 'PBX2_AMI' });
    expect(secretsFromForm(v)).toEqual({});
    expect(keychainSecretsTyped(v)).toEqual([]);
    const c = configFromForm(v, null);
    expect(c.amiSecretEnv).toBe('PBX2_AMI');
    expect(JSON.stringify(c)).not.toContain('typed-before');
    expect(hostConfigInput.safeParse(c).success).toBe(true);
  });

  it('file: only its path is stored; an SSH password can come from a file too', () => {
    const v = form({
      auth: 'password',
      sshPassword: 'pw',
      sshPasswordSource: 'file',
      sshPasswordFile: '/etc/rayanpbx/ssh.pw',
      amiSecretSource: 'file',
      amiSecretFile: '/etc/rayanpbx/ami.secret',
    });
    expect(secretsFromForm(v)).toEqual({});
    const c = configFromForm(v, null);
    expect(c.sshPasswordFile).toBe('/etc/rayanpbx/ssh.pw');
    expect(c.amiSecretFile).toBe('/etc/rayanpbx/ami.secret');
    expect(hostConfigInput.safeParse(c).success).toBe(true);
    // Edited later, the form shows the stored sources again.
    const back = formFromHost({ ...c, hostKey: null });
    expect(back.sshPasswordSource).toBe('file');
    expect(back.amiSecretSource).toBe('file');
    expect(back.amiSecretFile).toBe('/etc/rayanpbx/ami.secret');
  });

  it('an SSH password source is not kept once the host authenticates with a key', () => {
    const v = form({ auth: 'key', sshPasswordSource: 'env', sshPasswordEnv: 'OLD_PW' });
    expect(configFromForm(v, null).sshPasswordEnv).toBeNull();
  });

  it('a bad variable name is refused by the shared schema (the form shows it on the field)', () => {
    const c = configFromForm(form({ amiSecretSource: 'env', amiSecretEnv: 'not a name' }), null);
    const r = hostConfigInput.safeParse(c);
    expect(r.success).toBe(false);
    expect(JSON.stringify(r.error?.issues)).toContain('amiSecretEnv');
  });
});
