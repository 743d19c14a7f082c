import { describe, expect, it } from 'vitest';
import {
  EnvOverlaySecretStore,
  KeychainSecretStore,
} from '../../../src/main/core/secrets/secret-store';

/**
 * Runs against a real Secret Service (gnome-keyring on a private D-Bus session, started by
 * scripts/with-keyring.sh, which CI wraps around `npm test`).
 */
describe('secrets in the OS keychain', () => {
  const store = new KeychainSecretStore(`rayanpbx-test-${process.pid}`);

  it('stores, reads back and deletes a secret per host and kind', async () => {
    await store.set('pbx1', 'ami-secret', 'amipass-1');
    await store.set('pbx1', 'ssh-password', 'sshpass-1');
    expect(await store.get('pbx1', 'ami-secret')).toBe('amipass-1');
    expect(await store.get('pbx2', 'ami-secret')).toBeNull();
    await store.deleteHost('pbx1');
    expect(await store.get('pbx1', 'ami-secret')).toBeNull();
    expect(await store.get('pbx1', 'ssh-password')).toBeNull();
  });

  it('lets the environment supply a secret for headless use without storing it', async () => {
    const env = new EnvOverlaySecretStore(store, { RAYANPBX_AMI_SECRET: 'from-env' });
    expect(await env.get('pbx9', 'ami-secret')).toBe('from-env');
    expect(await store.get('pbx9', 'ami-secret')).toBeNull();
  });
});
