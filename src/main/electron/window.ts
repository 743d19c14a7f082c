import { BrowserWindow, screen, shell } from 'electron';
import type { SettingsBackend } from '../core/hosts/settings-backend';

interface SavedBounds {
  x: number;
  y: number;
  width: number;
  height: number;
  maximized: boolean;
}

const DEFAULT = { width: 1280, height: 820 };

/** Bounds from the last run, unless the display they were on is gone. */
function restoreBounds(settings: SettingsBackend): Partial<SavedBounds> {
  const b = settings.get<SavedBounds>('window');
  if (!b || typeof b.x !== 'number' || b.width < 400 || b.height < 300) return DEFAULT;
  const area = screen.getDisplayMatching(b).workArea;
  const visible =
    b.x < area.x + area.width - 50 &&
    b.y < area.y + area.height - 50 &&
    b.x + b.width > area.x + 50 &&
    b.y >= area.y - 10;
  return visible ? b : { width: b.width, height: b.height };
}

export interface WindowOptions {
  preload: string;
  /** index.html of the built renderer, or the dev server's URL. */
  load: { file: string } | { url: string };
  icon: string;
  settings: SettingsBackend;
}

export function createMainWindow(opts: WindowOptions): BrowserWindow {
  const bounds = restoreBounds(opts.settings);
  const win = new BrowserWindow({
    ...bounds,
    minWidth: 900,
    minHeight: 600,
    show: false,
    icon: opts.icon,
    title: 'RayanPBX Console',
    autoHideMenuBar: true,
    webPreferences: {
      preload: opts.preload,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      spellcheck: false,
    },
  });
  if ((bounds as SavedBounds).maximized) win.maximize();
  win.once('ready-to-show', () => win.show());

  // The renderer is untrusted: it may not navigate away or open windows; links go to the browser.
  win.webContents.on('will-navigate', (e) => e.preventDefault());
  win.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });

  let saveTimer: ReturnType<typeof setTimeout> | null = null;
  const save = () => {
    if (saveTimer) clearTimeout(saveTimer);
    saveTimer = setTimeout(() => {
      if (win.isDestroyed()) return;
      const maximized = win.isMaximized();
      const b = maximized ? win.getNormalBounds() : win.getBounds();
      opts.settings.set('window', { ...b, maximized } satisfies SavedBounds);
    }, 300);
  };
  win.on('resize', save);
  win.on('move', save);
  win.on('close', () => {
    if (saveTimer) clearTimeout(saveTimer);
    const maximized = win.isMaximized();
    const b = maximized ? win.getNormalBounds() : win.getBounds();
    opts.settings.set('window', { ...b, maximized } satisfies SavedBounds);
  });

  if ('url' in opts.load) void win.loadURL(opts.load.url);
  else void win.loadFile(opts.load.file);
  return win;
}
