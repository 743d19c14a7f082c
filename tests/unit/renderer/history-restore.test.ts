/**
 * The History page's restore: a recorded backup is restored as the change it undoes; one the
 * audit log does not record is asked about by file and time, and only then sent `unrecorded`.
 * (The browser scenario drives the same through the page: tests/e2e/history-unrecorded.ts.)
 */
import { describe, expect, it } from 'vitest';
import { when } from '../../../src/renderer/src/history/audit-format';
import { restoreConfirmation } from '../../../src/renderer/src/history/restore-confirm';
import { invokeContract } from '../../../src/shared/ipc';
import type { HistoryEntry } from '../../../src/shared/types';

const AT = '2026-12-07T02:15:09.000Z';
const entry = (change: HistoryEntry['change']): HistoryEntry => ({
  id: '20261207T021509.000Z-AbCdEf123456',
  at: AT,
  files: ['/etc/asterisk/pjsip.conf', '/etc/asterisk/extensions.conf'],
  change,
});

describe('History restore: what is asked and what is sent', () => {
  it('an unrecorded backup: a question naming its files and time, then unrecorded: true', () => {
    const c = restoreConfirmation(entry(null));
    expect(c.request).toEqual({ id: '20261207T021509.000Z-AbCdEf123456', unrecorded: true });
    expect(c.title).toMatch(/did not record/);
    const at = when.format(new Date(AT));
    for (const text of [c.message, c.confirmLabel]) {
      expect(text).toContain('pjsip.conf and extensions.conf');
      expect(text).toContain(at);
    }
    expect(c.message).toContain('in no audit record of this workstation');
    // The IPC boundary takes it as sent.
    expect(
      invokeContract['history/restore'].input.parse({ host: 'pbx', ...c.request }),
    ).toMatchObject({ unrecorded: true });
  });

  it('a recorded backup: restored as the change it undoes, never sent unrecorded', () => {
    const c = restoreConfirmation(
      entry({
        at: AT,
        osUser: 'admin',
        action: 'ext.add',
        target: '1001',
        fieldsChanged: ['password: changed'],
        outcome: 'verified',
      }),
    );
    expect(c.request).toEqual({ id: '20261207T021509.000Z-AbCdEf123456' });
    expect(c.message).toContain('before ext.add 1001');
    expect(c.confirmLabel).toBe('Restore');
  });
});
