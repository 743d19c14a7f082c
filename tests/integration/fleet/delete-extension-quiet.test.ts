/**
 * Deleting an extension whose phone is registered must not tell anyone it "went offline": the
 * extension leaves the live list at once, said as removed, and the tray stays quiet, also when the
 * lists are re-read later (a reconnect). A phone that really unregisters still raises its notice.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonFileSettings } from '../../../src/main/core/hosts/settings-backend';
import { AppSettingsService } from '../../../src/main/core/settings/app-settings';
import { startNotifyDriver } from '../../../src/main/core/live/notify-driver';
import type { NotificationShown } from '../../../src/shared/ipc';
import { startPbxHost, type PbxHost } from '../../support/pbx-host';
import { startSshd, type SshdHandle } from '../../support/sshd';

let sshd: SshdHandle;
let h: PbxHost;

beforeAll(async () => {
  sshd = await startSshd();
  h = await startPbxHost(sshd);
});
afterAll(async () => {
  await h?.close();
  await sshd?.stop();
});

describe('deleting a registered extension', () => {
  it('drops it from the live list as removed, with no "went offline" notice, even after a re-read', async () => {
    for (const n of ['1001', '1002', '1003']) {
      const r = await h.fleet.createExtension(h.name, { number: n, password: `Pw-${n}-quiet-xx` });
      expect(r.apply.verified, r.apply.reason ?? '').toBe(true);
    }
    const shown: NotificationShown[] = [];
    const notify = startNotifyDriver({
      fleet: h.fleet,
      settings: new AppSettingsService(new JsonFileSettings(path.join(h.home, 'ui.json'))),
      show: (n) => shown.push(n),
      policy: { settleMs: 50, maxHoldMs: 200 },
    });
    try {
      await h.fleet.liveStatus(h.name);
      for (const n of ['1001', '1002', '1003']) h.ami.register(n);
      await h.waitFor(() => shown.filter((n) => n.kind === 'online').length === 3);
      const live = h.fleet.startedLive(h.name)!;
      expect(live.status('1001')?.registration).toBe('online');

      const del = await h.fleet.deleteExtension(h.name, '1001');
      expect(del.apply.verified, del.apply.reason ?? '').toBe(true);
      // At once: no deleted phone shown as registered until some later re-read.
      expect(live.status('1001')).toBeUndefined();
      const removed = h.events.filter(
        (e) => e.kind === 'registration' && e.status.number === '1001' && e.removed,
      );
      expect(removed).toHaveLength(1);

      // 1003 deleted by hand (another console, an editor) and reloaded: found gone on the re-read.
      const text = await h.pbx.read('pjsip.conf');
      const start = text.indexOf('; BEGIN MANAGED - Extension 1003');
      const endMark = '; END MANAGED - Extension 1003';
      const end = text.indexOf(endMark) + endMark.length;
      expect(start).toBeGreaterThan(0);
      await h.pbx.write('pjsip.conf', text.slice(0, start) + text.slice(end));
      h.ami.reloadAll();
      // What a reconnect does: both lists read again, the picture replaced.
      await live.resync();
      expect(live.status('1003')).toBeUndefined();

      // A phone that really leaves is still announced: the notices are flowing.
      h.ami.unregister('1002');
      await h.waitFor(() => shown.find((n) => n.kind === 'offline' && n.number === '1002'));
      await new Promise((r) => setTimeout(r, 300));
      expect(shown.filter((n) => n.number === '1001' || n.number === '1003')).toEqual(
        shown.filter((n) => n.kind === 'online' && (n.number === '1001' || n.number === '1003')),
      );
    } finally {
      notify.dispose();
    }
  });
});
