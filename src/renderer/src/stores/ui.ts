import { create } from 'zustand';

export const PAGES = [
  'hosts',
  'extensions',
  'import',
  'trunks',
  'nat',
  'events',
  'calls',
  'history',
  'audit',
  'diagnostics',
] as const;
export type Page = (typeof PAGES)[number];

interface UiState {
  page: Page;
  host: string | null;
  go(page: Page, host?: string | null): void;
  selectHost(host: string | null): void;
}

/** `#/<page>/<host>`: reload-safe and linkable (the tests open pages directly). */
function parseHash(): { page: Page; host: string | null } {
  const m = /^#\/([a-z]+)(?:\/([^/]+))?/.exec(location.hash);
  const page = (PAGES as readonly string[]).includes(m?.[1] ?? '') ? (m![1] as Page) : 'hosts';
  return { page, host: m?.[2] ? decodeURIComponent(m[2]) : null };
}

function writeHash(page: Page, host: string | null) {
  const next = `#/${page}${host ? `/${encodeURIComponent(host)}` : ''}`;
  if (location.hash !== next) history.replaceState(null, '', next);
}

export const useUi = create<UiState>((set, get) => ({
  ...parseHash(),
  go(page, host) {
    const h = host === undefined ? get().host : host;
    writeHash(page, h);
    set({ page, host: h });
  },
  selectHost(host) {
    writeHash(get().page, host);
    set({ host });
  },
}));

window.addEventListener('hashchange', () => useUi.setState(parseHash()));
