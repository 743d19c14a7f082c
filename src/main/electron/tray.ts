import { Menu, Tray, nativeImage } from 'electron';
import type { FleetApi, HostState } from '../../shared/types';
import type { AppSettingsService } from '../core/settings/app-settings';
import {
  type FleetHealth,
  fleetHealth,
  hostHealth,
  hostStateLabel,
} from '../../shared/fleet-health';

export interface TrayOptions {
  icons: Record<'connected' | 'degraded' | 'down', string>;
  fleet: FleetApi;
  settings: AppSettingsService;
  showWindow(): void;
  quit(): void;
}

const HEALTH_MARK: Record<ReturnType<typeof hostHealth>, string> = {
  connected: '●',
  degraded: '◐',
  down: '○',
};

/** The tray: its icon is the fleet's health; its menu lists each host with its state. */
export function createTray(opts: TrayOptions): {
  dispose(): void;
  setTrunksDown(down: Array<{ host: string; name: string }>): void;
} {
  const states = new Map<string, HostState>();
  let trunksDown: Array<{ host: string; name: string }> = [];
  const tray = new Tray(nativeImage.createFromPath(opts.icons.down));
  let shownHealth: FleetHealth | null = null;

  const render = () => {
    const health = fleetHealth([...states.values()], trunksDown.length);
    if (health !== shownHealth) {
      shownHealth = health;
      tray.setImage(
        nativeImage.createFromPath(opts.icons[health === 'empty' ? 'degraded' : health]),
      );
    }
    const hosts = [...states.values()].sort((a, b) => a.name.localeCompare(b.name));
    const summary =
      health === 'empty'
        ? 'No hosts yet'
        : `${hosts.filter((h) => hostHealth(h) === 'connected').length}/${hosts.length} hosts connected`;
    const trunkLine = trunksDown.length
      ? ` — trunk down: ${trunksDown.map((t) => `${t.host}/${t.name}`).join(', ')}`
      : '';
    tray.setToolTip(`RayanPBX Console — ${summary}${trunkLine}`);
    const muted = opts.settings.get().notifications.muted;
    tray.setContextMenu(
      Menu.buildFromTemplate([
        { label: summary, enabled: false },
        ...hosts.map((h) => ({
          label: `${HEALTH_MARK[hostHealth(h)]}  ${h.name} — ${hostStateLabel(h)}`,
          click: opts.showWindow,
        })),
        { type: 'separator' },
        { label: 'Open RayanPBX Console', click: opts.showWindow },
        {
          label: 'Mute notifications',
          type: 'checkbox',
          checked: muted,
          click: (item) => opts.settings.patch({ notifications: { muted: item.checked } }),
        },
        { type: 'separator' },
        { label: 'Quit', click: opts.quit },
      ]),
    );
  };

  // Re-listing catches hosts added or removed (states only report hosts that exist).
  let refreshTimer: ReturnType<typeof setTimeout> | null = null;
  const refresh = () => {
    if (refreshTimer) return;
    refreshTimer = setTimeout(() => {
      refreshTimer = null;
      opts.fleet.listHosts().then(
        (hosts) => {
          const live = new Map(states);
          states.clear();
          for (const h of hosts) states.set(h.name, live.get(h.name) ?? h.state);
          render();
        },
        () => render(),
      );
    }, 250);
  };

  tray.on('click', opts.showWindow);
  const offState = opts.fleet.onHostState((s) => {
    states.set(s.name, s);
    render();
    refresh();
  });
  const offSettings = opts.settings.onChange(render);
  refresh();
  render();

  return {
    setTrunksDown(down) {
      trunksDown = down;
      render();
    },
    dispose() {
      offState();
      offSettings();
      if (refreshTimer) clearTimeout(refreshTimer);
      tray.destroy();
    },
  };
}
