import { app } from 'electron';
import { startApp } from './electron/app';

// One instance: a second launch focuses the running window (handled in startApp).
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  void app.whenReady().then(startApp);
}
