import { describe, expect, it } from 'vitest';
import { describe as describeEvent } from '../../../src/renderer/src/events/event-format';
import { addToLog } from '../../../src/renderer/src/events/fold-details';
import type { DomainEvent, ExtensionLiveStatus } from '../../../src/shared/types';

const status = (number: string, patch: Partial<ExtensionLiveStatus> = {}): ExtensionLiveStatus => ({
  number,
  registration: 'online',
  contactUri: `sip:${number}@192.0.2.10:5062`,
  address: '192.0.2.10:5062',
  userAgent: null,
  roundTripMs: null,
  callState: 'idle',
  updatedAt: 0,
  ...patch,
});

const reg = (
  number: string,
  previous: ExtensionLiveStatus['registration'],
  patch: Partial<ExtensionLiveStatus> = {},
  at = 1000,
  host = 'pbx',
): DomainEvent => ({ kind: 'registration', host, at, previous, status: status(number, patch) });

const texts = (log: DomainEvent[]) => log.map((e) => describeEvent(e).text);

describe('event log: a registration and the details that complete it are one line', () => {
  it('folds the user agent that follows "offline → online" into that line (same batch)', () => {
    const log = addToLog(
      [],
      [reg('1001', 'offline'), reg('1001', 'online', { userAgent: 'Zoiper 5' }, 1004)],
      100,
    );
    expect(texts(log)).toEqual(['1001 offline → online (192.0.2.10:5062 · Zoiper 5)']);
    expect(log[0]!.at).toBe(1000);
  });

  it('folds it from a later batch too, without changing the earlier array or event', () => {
    const first = addToLog([], [reg('1001', 'offline')], 100);
    const firstEvent = first[0];
    const second = addToLog(first, [reg('1001', 'online', { userAgent: 'Zoiper 5' })], 100);
    expect(texts(second)).toEqual(['1001 offline → online (192.0.2.10:5062 · Zoiper 5)']);
    expect(first[0]).toBe(firstEvent);
    expect(texts(first)).toEqual(['1001 offline → online (192.0.2.10:5062)']);
  });

  it('keeps an update as its own line when the extension’s last line is another state, another host, an hour old, or too far back', () => {
    let log = addToLog([], [reg('1001', 'online', { registration: 'unreachable' })], 100);
    log = addToLog(log, [reg('1001', 'online', { userAgent: 'Zoiper 5' })], 100);
    expect(log).toHaveLength(2);

    log = addToLog([], [reg('1001', 'offline', {}, 1000, 'other')], 100);
    log = addToLog(log, [reg('1001', 'online', { userAgent: 'Zoiper 5' })], 100);
    expect(log).toHaveLength(2);

    log = addToLog([], [reg('1001', 'offline', {}, 1000)], 100);
    log = addToLog(
      log,
      [reg('1001', 'online', { address: '192.0.2.99:5062' }, 1000 + 3_600_000)],
      100,
    );
    expect(log).toHaveLength(2);
    expect(describeEvent(log[0]!).text).toContain('online (updated) (192.0.2.99:5062)');

    const many = Array.from({ length: 60 }, (_, i) => reg(String(2000 + i), 'offline'));
    log = addToLog([], [reg('1001', 'offline'), ...many], 1000);
    log = addToLog(log, [reg('1001', 'online', { userAgent: 'Zoiper 5' })], 1000);
    expect(log).toHaveLength(62);
    expect(describeEvent(log[0]!).text).toContain('online (updated)');
  });

  it('stays bounded, newest first, through a burst of 10,000 registrations and their details', () => {
    const burst = Array.from({ length: 10_000 }, (_, i) => reg(String(10_000 + i), 'offline'));
    const details = burst.map((e) =>
      reg((e as { status: ExtensionLiveStatus }).status.number, 'online', { userAgent: 'X' }),
    );
    let log = addToLog([], burst, 2000);
    log = addToLog(log, details, 2000);
    expect(log).toHaveLength(2000);
    expect((log[0] as { status: ExtensionLiveStatus }).status.number).toBe('19999');
  });
});
