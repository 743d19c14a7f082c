import { ipcMain, type IpcMainInvokeEvent } from 'electron';
import type { IpcTransport } from '../ipc/bind-ipc';

/**
 * ipcMain as the IPC transport. Only frames loaded from the app itself may call: a page that
 * somehow got navigated elsewhere gets nothing.
 */
export function electronIpcTransport(isTrustedUrl: (url: string) => boolean): IpcTransport {
  return {
    handle(channel, fn) {
      ipcMain.handle(channel, async (event: IpcMainInvokeEvent, raw: unknown) => {
        const url = event.senderFrame?.url ?? '';
        if (!isTrustedUrl(url)) {
          return {
            ok: false,
            error: { code: 'FORBIDDEN', message: 'IPC from an untrusted frame', details: {} },
          };
        }
        return fn(raw);
      });
    },
    removeHandler(channel) {
      ipcMain.removeHandler(channel);
    },
  };
}
