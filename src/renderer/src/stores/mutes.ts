import { useSettings } from './settings';

/** Per-host and per-extension notification mutes, kept in the settings file by main. */
export function useMutes() {
  const n = useSettings((s) => s.settings?.notifications);
  const patch = useSettings((s) => s.patch);
  const hosts = n?.mutedHosts ?? [];
  const exts = n?.mutedExtensions ?? [];
  return {
    hostMuted: (host: string) => hosts.includes(host),
    extensionMuted: (host: string, number: string) => exts.includes(`${host}/${number}`),
    toggleHost: (host: string) =>
      patch({
        notifications: {
          mutedHosts: hosts.includes(host) ? hosts.filter((h) => h !== host) : [...hosts, host],
        },
      }),
    toggleExtension: (host: string, number: string) => {
      const key = `${host}/${number}`;
      return patch({
        notifications: {
          mutedExtensions: exts.includes(key) ? exts.filter((k) => k !== key) : [...exts, key],
        },
      });
    },
  };
}
