/// <reference types="vite/client" />
import type { RendererApi } from '../../shared/ipc';

declare global {
  interface Window {
    /** Present in Electron (preload); absent in a plain browser, where the bridge client is used. */
    api?: RendererApi;
  }
}
