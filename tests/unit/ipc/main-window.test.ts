import { beforeEach, describe, expect, it, vi } from 'vitest';
import { memorySettings } from './fleet-double';

/**
 * Electron's binary is not installed here, so `electron` is replaced by a recorder: these tests
 * check what the glue asks of Electron (window options, navigation rules, saved bounds).
 */
const created: Array<{ options: Record<string, unknown>; win: FakeWindow }> = [];

class FakeWindow {
  handlers = new Map<string, Array<(...a: unknown[]) => void>>();
  contentsHandlers = new Map<string, (...a: unknown[]) => void>();
  openHandler: ((d: { url: string }) => { action: string }) | null = null;
  loaded: string | null = null;
  bounds = { x: 10, y: 20, width: 1000, height: 700 };
  webContents = {
    on: (ev: string, fn: (...a: unknown[]) => void) => void this.contentsHandlers.set(ev, fn),
    setWindowOpenHandler: (fn: (d: { url: string }) => { action: string }) =>
      void (this.openHandler = fn),
  };
  constructor(options: Record<string, unknown>) {
    created.push({ options, win: this });
  }
  on(ev: string, fn: (...a: unknown[]) => void) {
    this.handlers.set(ev, [...(this.handlers.get(ev) ?? []), fn]);
  }
  once(ev: string, fn: (...a: unknown[]) => void) {
    this.on(ev, fn);
  }
  emit(ev: string) {
    for (const fn of this.handlers.get(ev) ?? []) fn();
  }
  maximize() {}
  isMaximized() {
    return false;
  }
  isDestroyed() {
    return false;
  }
  getBounds() {
    return this.bounds;
  }
  getNormalBounds() {
    return this.bounds;
  }
  loadFile(f: string) {
    this.loaded = f;
    return Promise.resolve();
  }
  loadURL(u: string) {
    this.loaded = u;
    return Promise.resolve();
  }
}

const openExternal = vi.fn();
vi.mock('electron', () => ({
  BrowserWindow: FakeWindow,
  shell: { openExternal: (u: string) => openExternal(u) },
  screen: { getDisplayMatching: () => ({ workArea: { x: 0, y: 0, width: 1920, height: 1080 } }) },
}));

const { createMainWindow } = await import('../../../src/main/electron/window');

beforeEach(() => {
  created.length = 0;
  openExternal.mockClear();
});

describe('the main window', () => {
  it('is isolated and sandboxed, without Node in the renderer', () => {
    createMainWindow({
      preload: '/app/out/preload/index.cjs',
      load: { file: '/app/out/renderer/index.html' },
      icon: '/i.png',
      settings: memorySettings(),
    });
    const prefs = created[0]!.options.webPreferences as Record<string, unknown>;
    expect(prefs).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      preload: '/app/out/preload/index.cjs',
    });
    expect(created[0]!.win.loaded).toBe('/app/out/renderer/index.html');
  });

  it('may not navigate away or open windows; https links go to the system browser', () => {
    createMainWindow({ preload: 'p', load: { file: 'f' }, icon: 'i', settings: memorySettings() });
    const win = created[0]!.win;
    const prevent = vi.fn();
    win.contentsHandlers.get('will-navigate')!({ preventDefault: prevent }, 'https://evil.example');
    expect(prevent).toHaveBeenCalled();
    expect(win.openHandler!({ url: 'https://docs.asterisk.org' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledWith('https://docs.asterisk.org');
    expect(win.openHandler!({ url: 'file:///etc/passwd' })).toEqual({ action: 'deny' });
    expect(openExternal).toHaveBeenCalledTimes(1);
  });

  it('remembers its size and position between runs', () => {
    const settings = memorySettings();
    createMainWindow({ preload: 'p', load: { file: 'f' }, icon: 'i', settings });
    const first = created[0]!.win;
    first.bounds = { x: 200, y: 150, width: 1300, height: 860 };
    first.emit('close');
    expect(settings.get('window')).toEqual({
      x: 200,
      y: 150,
      width: 1300,
      height: 860,
      maximized: false,
    });
    createMainWindow({ preload: 'p', load: { file: 'f' }, icon: 'i', settings });
    expect(created[1]!.options).toMatchObject({ x: 200, y: 150, width: 1300, height: 860 });
  });

  it('ignores saved bounds that are off every screen', () => {
    const settings = memorySettings();
    settings.set('window', { x: 5000, y: 4000, width: 1200, height: 800, maximized: false });
    createMainWindow({ preload: 'p', load: { file: 'f' }, icon: 'i', settings });
    expect(created[0]!.options).toMatchObject({ width: 1200, height: 800 });
    expect(created[0]!.options.x).toBeUndefined();
  });
});

describe('the renderer page', () => {
  it('carries a strict Content-Security-Policy: no inline or remote script, no eval, no network', async () => {
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(
      new URL('../../../src/renderer/index.html', import.meta.url),
      'utf8',
    );
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1] ?? '';
    const directives = Object.fromEntries(
      csp
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .map(([k, ...v]) => [k, v]),
    ) as Record<string, string[]>;
    expect(directives['default-src']).toEqual(["'none'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(csp).not.toMatch(/unsafe-eval|https?:|\*/);
  });
});
