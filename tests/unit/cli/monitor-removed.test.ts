import { describe, expect, it } from 'vitest';
import { describeEvent, monitorJson } from '../../../src/cli/commands/live';
import { offlineStatus } from '../../../src/shared/live-status';
import type { DomainEvent } from '../../../src/shared/types';

const at = Date.UTC(2026, 11, 7, 3, 0, 0);
const leaving = (removed: boolean): DomainEvent => ({
  kind: 'registration',
  host: 'pbx',
  at,
  previous: 'online',
  status: offlineStatus('1001', at),
  ...(removed ? { removed: true as const } : {}),
});

describe('rayanpbx monitor: a deleted extension', () => {
  it('is said as removed, not as online → offline; --json carries removed: true after status', () => {
    expect(describeEvent(leaving(true))).toBe(
      '2026-12-07T03:00:00.000Z pbx 1001 removed (was online)',
    );
    expect(describeEvent(leaving(false))).toBe(
      '2026-12-07T03:00:00.000Z pbx 1001 online → offline',
    );
    expect(Object.keys(monitorJson(leaving(true)))).toEqual([
      'kind',
      'host',
      'at',
      'previous',
      'status',
      'removed',
    ]);
    expect(monitorJson(leaving(true)).removed).toBe(true);
    expect('removed' in monitorJson(leaving(false))).toBe(false);
  });
});
