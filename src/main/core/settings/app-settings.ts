import type { SettingsBackend } from '../hosts/settings-backend';
import type { AppSettings, SettingsPatch } from '../../../shared/ipc';

export const DEFAULT_APP_SETTINGS: AppSettings = {
  ui: { colorScheme: 'auto', lastHost: null },
  notifications: { muted: false, mutedHosts: [], mutedExtensions: [], mutedTrunks: [] },
};

/**
 * UI preferences and notification mutes, kept in the same settings file as the hosts (under
 * their own keys). Secrets never pass through here: the patch schema has no field for one.
 */
export class AppSettingsService {
  private readonly listeners = new Set<(s: AppSettings) => void>();

  constructor(private readonly backend: SettingsBackend) {}

  get(): AppSettings {
    const ui = this.backend.get<Partial<AppSettings['ui']>>('ui') ?? {};
    const n = this.backend.get<Partial<AppSettings['notifications']>>('notifications') ?? {};
    return {
      ui: { ...DEFAULT_APP_SETTINGS.ui, ...ui },
      notifications: { ...DEFAULT_APP_SETTINGS.notifications, ...n },
    };
  }

  patch(patch: SettingsPatch): AppSettings {
    const current = this.get();
    if (patch.ui) this.backend.set('ui', { ...current.ui, ...stripUndefined(patch.ui) });
    if (patch.notifications) {
      this.backend.set('notifications', {
        ...current.notifications,
        ...stripUndefined(patch.notifications),
      });
    }
    const next = this.get();
    for (const l of this.listeners) l(next);
    return next;
  }

  onChange(cb: (s: AppSettings) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
