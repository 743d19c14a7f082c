import { app, BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import iconPath from '../../../resources/icon.png?asset&asarUnpack';
import trayConnected from '../../../resources/tray-connected.png?asset&asarUnpack';
import trayDegraded from '../../../resources/tray-degraded.png?asset&asarUnpack';
import trayDown from '../../../resources/tray-down.png?asset&asarUnpack';
import type { FleetApi } from '../../shared/types';
import { AppSettingsService } from '../core/settings/app-settings';
import { bindIpc, type IpcBinding } from '../ipc/bind-ipc';
import { createAppFleet } from './app-fleet';
import { electronIpcTransport } from './ipc-main-transport';
import { startNativeNotifications } from './notifications';
import { createElectronSettings } from './settings-store';
import { createTray } from './tray';
import { createMainWindow } from './window';

/** Wires core, IPC, window, tray and notifications. Everything here is thin glue. */
export async function startApp(): Promise<void> {
  const devUrl = !app.isPackaged ? process.env['ELECTRON_RENDERER_URL'] : undefined;
  const rendererFile = join(import.meta.dirname, '../renderer/index.html');
  const rendererUrl = pathToFileURL(rendererFile).href;
  const isTrustedUrl = (url: string) =>
    devUrl ? url.startsWith(devUrl) : url === rendererUrl || url.startsWith(`${rendererUrl}#`);

  const settingsBackend = createElectronSettings();
  const settings = new AppSettingsService(settingsBackend);
  let fleet: FleetApi;
  try {
    fleet = await createAppFleet(settingsBackend);
  } catch (err) {
    dialog.showErrorBox(
      'RayanPBX Console cannot start',
      err instanceof Error ? err.message : String(err),
    );
    app.quit();
    return;
  }

  let win: BrowserWindow | null = null;
  let binding: IpcBinding | null = null;
  const removePeers = new Map<number, () => void>();

  binding = bindIpc(fleet, electronIpcTransport(isTrustedUrl), {
    settings,
    pickKeyFile: async () => {
      const r = await dialog.showOpenDialog(win ?? BrowserWindow.getAllWindows()[0]!, {
        title: 'SSH private key',
        properties: ['openFile', 'showHiddenFiles'],
        defaultPath: join(app.getPath('home'), '.ssh'),
      });
      return r.canceled ? null : (r.filePaths[0] ?? null);
    },
  });

  const showWindow = () => {
    if (!win || win.isDestroyed()) {
      win = createMainWindow({
        preload: join(import.meta.dirname, '../preload/index.cjs'),
        load: devUrl ? { url: devUrl } : { file: rendererFile },
        icon: iconPath,
        settings: settingsBackend,
      });
      const contents = win.webContents;
      const id = contents.id;
      removePeers.set(
        id,
        binding!.addPeer({
          send: (channel, payload) => {
            if (!contents.isDestroyed()) contents.send(channel, payload);
          },
        }),
      );
      win.on('closed', () => {
        removePeers.get(id)?.();
        removePeers.delete(id);
        win = null;
      });
    }
    if (win.isMinimized()) win.restore();
    win.show();
    win.focus();
  };

  const tray = createTray({
    icons: { connected: trayConnected, degraded: trayDegraded, down: trayDown },
    fleet,
    settings,
    showWindow,
    quit: () => app.quit(),
  });
  const notifications = startNativeNotifications({
    fleet,
    settings,
    icon: iconPath,
    echo: (n) => binding?.broadcast('notifications/shown', n),
    onClick: showWindow,
    onTrunksDown: (down) => tray.setTrunksDown(down),
  });

  app.on('second-instance', showWindow);
  app.on('activate', showWindow);
  // Closing the window keeps the app in the tray, watching the fleet; Quit is in the tray menu.
  app.on('window-all-closed', () => undefined);
  let quitting = false;
  app.on('before-quit', (e) => {
    if (quitting) return;
    e.preventDefault();
    quitting = true;
    notifications.dispose();
    tray.dispose();
    binding?.dispose();
    void fleet.close().finally(() => app.exit(0));
  });

  showWindow();
}
