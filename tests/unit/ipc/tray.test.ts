import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { HostState } from '../../../src/shared/types';
import { AppSettingsService } from '../../../src/main/core/settings/app-settings';
import { memorySettings, recordingFleet } from './fleet-double';

/** Electron's Tray and Menu replaced by recorders (its binary is not installed here). */
interface Item {
  label?: string;
  type?: string;
  checked?: boolean;
  enabled?: boolean;
  click?: (item: { checked: boolean }) => void;
}
const trays: FakeTray[] = [];
class FakeTray {
  image = '';
  tooltip = '';
  menu: Item[] = [];
  destroyed = false;
  constructor(img: { path: string }) {
    this.image = img.path;
    trays.push(this);
  }
  setImage(img: { path: string }) {
    this.image = img.path;
  }
  setToolTip(t: string) {
    this.tooltip = t;
  }
  setContextMenu(m: Item[]) {
    this.menu = m;
  }
  on() {}
  destroy() {
    this.destroyed = true;
  }
}
vi.mock('electron', () => ({
  Tray: FakeTray,
  Menu: { buildFromTemplate: (t: Item[]) => t },
  nativeImage: { createFromPath: (path: string) => ({ path }) },
}));

const { createTray } = await import('../../../src/main/electron/tray');

const ICONS = { connected: 'green.png', degraded: 'amber.png', down: 'red.png' };
const state = (
  name: string,
  connection: HostState['connection'],
  ami: HostState['ami'],
): HostState => ({
  name,
  connection,
  ami,
  error: null,
});

beforeEach(() => {
  trays.length = 0;
});

function setup() {
  const double = recordingFleet();
  double.fleet.listHosts = async () => [];
  const settings = new AppSettingsService(memorySettings());
  const quit = vi.fn();
  const show = vi.fn();
  const tray = createTray({ icons: ICONS, fleet: double.fleet, settings, showWindow: show, quit });
  return { ...double, settings, quit, show, tray, t: trays[0]! };
}

describe('the tray', () => {
  it('shows the fleet: all connected, some degraded, some down', () => {
    const s = setup();
    s.emitState(state('a', 'connected', 'connected'));
    s.emitState(state('b', 'connected', 'not-configured'));
    expect(s.t.image).toBe('green.png');
    s.emitState(state('b', 'connected', 'error'));
    expect(s.t.image).toBe('amber.png');
    s.emitState(state('a', 'error', 'disconnected'));
    expect(s.t.image).toBe('red.png');
    expect(s.t.tooltip).toContain('0/2 hosts connected');
  });

  it('lists each host with its state, then open, mute and quit', () => {
    const s = setup();
    s.emitState(state('pbx-office', 'connected', 'connected'));
    s.emitState(state('pbx-branch', 'disconnected', 'disconnected'));
    const labels = s.t.menu.map((i) => i.label ?? `--${i.type}`);
    expect(labels).toEqual([
      '1/2 hosts connected',
      '○  pbx-branch — SSH disconnected',
      '●  pbx-office — connected',
      '--separator',
      'Open RayanPBX Console',
      'Mute notifications',
      '--separator',
      'Quit',
    ]);
    s.t.menu.find((i) => i.label === 'Open RayanPBX Console')!.click!({ checked: false });
    expect(s.show).toHaveBeenCalled();
    s.t.menu.find((i) => i.label === 'Quit')!.click!({ checked: false });
    expect(s.quit).toHaveBeenCalled();
  });

  it('mutes all notifications through the settings, and shows the tick', () => {
    const s = setup();
    s.t.menu.find((i) => i.label === 'Mute notifications')!.click!({ checked: true });
    expect(s.settings.get().notifications.muted).toBe(true);
    expect(s.t.menu.find((i) => i.label === 'Mute notifications')!.checked).toBe(true);
  });

  it('stops listening and removes itself when disposed', () => {
    const s = setup();
    s.tray.dispose();
    expect(s.t.destroyed).toBe(true);
    expect(s.listenerCount()).toBe(0);
  });
});
