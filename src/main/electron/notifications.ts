import { Notification } from 'electron';
import type { FleetApi } from '../../shared/types';
import type { NotificationShown } from '../../shared/ipc';
import type { AppSettingsService } from '../core/settings/app-settings';
import { startNotifyDriver } from '../core/live/notify-driver';

/** Native notifications for what the notify policy lets through. */
export function startNativeNotifications(opts: {
  fleet: FleetApi;
  settings: AppSettingsService;
  icon: string;
  echo(n: NotificationShown): void;
  onClick(): void;
  onTrunksDown?(down: Array<{ host: string; name: string }>): void;
}): { dispose(): void } {
  return startNotifyDriver({
    fleet: opts.fleet,
    settings: opts.settings,
    onTrunksDown: opts.onTrunksDown,
    show: (n) => {
      if (Notification.isSupported()) {
        const native = new Notification({
          title: n.title,
          body: n.body,
          icon: opts.icon,
          silent: n.kind !== 'ringing' && n.kind !== 'trunk-down',
        });
        native.on('click', opts.onClick);
        native.show();
      }
      opts.echo(n);
    },
  });
}
