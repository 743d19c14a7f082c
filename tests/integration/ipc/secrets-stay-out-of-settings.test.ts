import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFleet } from '../../../src/main/core/fleet/create-fleet';
import { JsonFileSettings } from '../../../src/main/core/hosts/settings-backend';
import { KeychainSecretStore } from '../../../src/main/core/secrets/secret-store';
import { AppSettingsService } from '../../../src/main/core/settings/app-settings';
import { bindIpc } from '../../../src/main/ipc/bind-ipc';

/**
 * Issue 4, acceptance 3: through the same IPC handlers the window uses, against a real Secret
 * Service (gnome-keyring on a private D-Bus session: scripts/with-keyring.sh wraps `npm test`).
 */
describe('secrets sent by the renderer', () => {
  const SSH_PASSWORD = 'ssh-Pa55word-that-must-not-leak';
  const AMI_SECRET = 'ami-S3cret-that-must-not-leak';
  let home = '';
  let settingsFile = '';
  const keychain = new KeychainSecretStore(`rayanpbx-ipc-test-${process.pid}`);
  let invoke: (
    ch: string,
    raw: unknown,
  ) => Promise<{ ok: boolean; value?: unknown; error?: unknown }>;
  let dispose: () => Promise<void>;

  beforeAll(async () => {
    home = await mkdtemp(path.join(tmpdir(), 'rayanpbx-ipc-'));
    settingsFile = path.join(home, 'settings.json');
    const settings = new JsonFileSettings(settingsFile);
    const fleet = createFleet({ home, settings, secrets: keychain, sshConfigPath: null });
    const handlers = new Map<string, (raw: unknown) => Promise<unknown>>();
    const binding = bindIpc(
      fleet,
      {
        handle: (ch, fn) => void handlers.set(ch, fn),
        removeHandler: (ch) => void handlers.delete(ch),
      },
      { settings: new AppSettingsService(settings) },
    );
    invoke = (ch, raw) => handlers.get(ch)!(raw) as never;
    dispose = async () => {
      binding.dispose();
      await fleet.close();
    };
  });

  afterAll(async () => {
    await keychain.deleteHost('pbx-secret').catch(() => undefined);
    await dispose?.();
    await rm(home, { recursive: true, force: true });
  });

  it('go to the keychain, never to the settings file, and never come back out', async () => {
    const added = await invoke('hosts/add', {
      config: {
        name: 'pbx-secret',
        transport: 'ssh',
        host: '192.0.2.50',
        port: 22,
        user: 'admin',
        keyFile: null,
        auth: 'password',
        configDir: '/etc/asterisk',
        sudo: true,
        hostKey: null,
        amiUser: 'rayan',
        amiPort: 5038,
        backupsToKeep: 5,
      },
      secrets: { sshPassword: SSH_PASSWORD, amiSecret: AMI_SECRET },
    });
    expect(added.ok).toBe(true);

    const file = await readFile(settingsFile, 'utf8');
    expect(JSON.parse(file).hosts).toHaveLength(1);
    expect(file).not.toContain(SSH_PASSWORD);
    expect(file).not.toContain(AMI_SECRET);

    expect(await keychain.get('pbx-secret', 'ssh-password')).toBe(SSH_PASSWORD);
    expect(await keychain.get('pbx-secret', 'ami-secret')).toBe(AMI_SECRET);

    const listed = await invoke('hosts/list', undefined);
    expect(JSON.stringify(listed)).not.toContain(SSH_PASSWORD);
    expect(JSON.stringify(listed)).not.toContain(AMI_SECRET);
    expect(JSON.stringify(added)).not.toContain(SSH_PASSWORD);
  });

  it('leave the keychain when the host is removed', async () => {
    const removed = await invoke('hosts/remove', { name: 'pbx-secret' });
    expect(removed.ok).toBe(true);
    expect(await keychain.get('pbx-secret', 'ssh-password')).toBeNull();
    expect(await keychain.get('pbx-secret', 'ami-secret')).toBeNull();
  });
});
