import { describe, expect, it } from 'vitest';
import { createHandlers } from '../../../src/main/ipc/handlers';
import type { ApplyProgress } from '../../../src/shared/types';
import { patternCollisionOf } from '../../../src/shared/types';
import { elapsedText, useApplyProgress } from '../../../src/renderer/src/stores/apply-progress';
import { recordingFleet } from './fleet-double';

function handlersWith(fleetPatch: Record<string, unknown>) {
  const { fleet } = recordingFleet();
  Object.assign(fleet, fleetPatch);
  const sent: ApplyProgress[] = [];
  const handlers = createHandlers(fleet, { settings: {} as never });
  const ctx = {
    doctorProgress: () => undefined,
    bulkProgress: () => undefined,
    applyProgress: (p: ApplyProgress) => sent.push(p),
  };
  return { handlers, ctx, sent };
}

describe('a change waiting for a reload, as the windows see it', () => {
  it('the wait is sent with when it began, and taken down when the change ends', async () => {
    const { handlers, ctx, sent } = handlersWith({
      createExtension: async (_h: string, _e: unknown, o: { onProgress(m: string): void }) => {
        o.onProgress('waiting for a reload already running on pbx1');
        expect(sent).toHaveLength(1);
        throw new Error('lost');
      },
    });
    const before = Date.now();
    await expect(
      handlers['extensions/create']({ host: 'pbx1', extension: { number: '1001' } } as never, ctx),
    ).rejects.toThrow('lost');
    expect(sent.map((p) => [p.host, p.done, p.message])).toEqual([
      ['pbx1', false, 'waiting for a reload already running on pbx1'],
      ['pbx1', true, ''],
    ]);
    expect(sent[0]!.since).toBeGreaterThanOrEqual(before);
  });

  it('every trunk change shows its wait too, and takes it down when it ends', async () => {
    const waits =
      (host: string) =>
      async (...args: unknown[]) => {
        const o = args.at(-1) as { onProgress(m: string): void };
        o.onProgress(`waiting for a reload already running on ${host}`);
        return { apply: { verified: true }, trunk: null, live: null };
      };
    const { handlers, ctx, sent } = handlersWith({
      createTrunk: waits('pbx1'),
      updateTrunk: waits('pbx1'),
      deleteTrunk: waits('pbx1'),
      setTrunkEnabled: waits('pbx1'),
    });
    const name = 'provider-a';
    await handlers['trunks/create']({ host: 'pbx1', trunk: { name } } as never, ctx);
    await handlers['trunks/update']({ host: 'pbx1', name, patch: {} } as never, ctx);
    await handlers['trunks/delete']({ host: 'pbx1', name } as never, ctx);
    await handlers['trunks/setEnabled']({ host: 'pbx1', name, enabled: false } as never, ctx);
    const wait = ['pbx1', false, 'waiting for a reload already running on pbx1'];
    const done = ['pbx1', true, ''];
    expect(sent.map((p) => [p.host, p.done, p.message])).toEqual([
      ...[wait, done],
      ...[wait, done],
      ...[wait, done],
      ...[wait, done],
    ]);
  });

  it('a change that never waited sends nothing', async () => {
    const { handlers, ctx, sent } = handlersWith({});
    await handlers['extensions/delete']({ host: 'pbx1', number: '1001' } as never, ctx);
    expect(sent).toEqual([]);
  });

  it('the renderer keeps one wait per host until main says it is done; elapsed reads as time', () => {
    const s = useApplyProgress.getState();
    s.progress([
      { host: 'a', message: 'waiting for a reload already running on a', since: 1, done: false },
      { host: 'b', message: 'waiting for a reload already running on b', since: 2, done: false },
    ]);
    s.progress([{ host: 'a', message: '', since: 3, done: true }]);
    expect(Object.keys(useApplyProgress.getState().byHost)).toEqual(['b']);
    expect(elapsedText(12_400)).toBe('12 s');
    expect(elapsedText(125_000)).toBe('2 min 05 s');
  });
});

describe('the pattern question reaches the drawer from the refusal', () => {
  it("reads a DIALPLAN_PATTERN_COLLISION's details; any other error is not a question", () => {
    const details = {
      number: '202',
      context: 'from-internal',
      pattern: '_2XX',
      line: 6,
      application: 'VoiceMail',
    };
    expect(patternCollisionOf('DIALPLAN_PATTERN_COLLISION', details)).toEqual(details);
    expect(patternCollisionOf('INVALID_INPUT', details)).toBeNull();
    expect(patternCollisionOf('DIALPLAN_PATTERN_COLLISION', { number: '202' })).toBeNull();
  });
});
