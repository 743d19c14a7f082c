/**
 * Exposes exactly the IPC contract as `window.api`: one function per invoke channel and `on`
 * for the event channels. Nothing else crosses (no ipcRenderer, no Node). Built as CommonJS,
 * because a sandboxed preload cannot be an ES module.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from './build-api';

contextBridge.exposeInMainWorld('api', buildApi(ipcRenderer));
