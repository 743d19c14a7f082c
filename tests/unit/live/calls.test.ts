import { describe, expect, it } from 'vitest';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import { type CallChange, Calls } from '../../../src/main/core/live/calls';
import { liveEvents, listItems, withFields } from './transcripts';

/**
 * Replays recorded events with a clock that moves 1 ms per event, plus the pauses of the real
 * session where the transcript shows them (`pauses`: event name, or `Newstate/<ChannelState>`,
 * → ms before its first occurrence).
 */
function replay(events: AmiMessage[], pauses: Record<string, number> = {}) {
  let t = 1_800_000_000_000;
  const calls = new Calls(() => t);
  const changes: CallChange[] = [];
  const seen = new Set<string>();
  for (const e of events) {
    const name = e.fields[0]?.[1] ?? '';
    const key =
      name === 'Newstate' ? `${name}/${e.fields.find(([k]) => k === 'ChannelState')?.[1]}` : name;
    t += 1;
    if (key in pauses && !seen.has(key)) t += pauses[key] as number;
    seen.add(key);
    changes.push(...calls.apply(e));
  }
  return {
    calls,
    changes,
    kinds: changes.filter((c) => c.kind !== 'call-state').map((c) => c.kind),
  };
}

function hangups(changes: CallChange[]) {
  return changes.flatMap((c) => (c.kind === 'hangup' ? [c.record] : []));
}

function callStates(changes: CallChange[]) {
  return changes.flatMap((c) => (c.kind === 'call-state' ? [`${c.number}:${c.callState}`] : []));
}

describe('Calls: 1001 calls 1002, 1002 rings, the caller cancels (31)', () => {
  const { changes, kinds, calls } = replay(liveEvents('31_events_call_ring_then_caller_hangup'), {
    HangupRequest: 3000,
  });

  it('reports ringing 1001 → 1002 once, then the hang-up, and no answer', () => {
    expect(kinds).toEqual(['ringing', 'hangup']);
    expect(changes.find((c) => c.kind === 'ringing')).toMatchObject({
      caller: '1001',
      callee: '1002',
      callId: '1795849395.4',
    });
  });

  it('records the call as CANCEL with the hang-up cause Asterisk gave', () => {
    const [r] = hangups(changes);
    expect(r).toMatchObject({
      id: '1795849395.4',
      caller: '1001',
      callee: '1002',
      answer: null,
      disposition: 'CANCEL',
      hangupCause: 127,
      hangupCauseText: 'Interworking, unspecified',
      durationSec: 3,
    });
    expect(r!.end! - r!.start).toBeGreaterThanOrEqual(3000);
  });

  it('walks the call state: caller in-call while dialling, callee ringing, both idle after', () => {
    expect(callStates(changes)).toEqual(['1001:in-call', '1002:ringing', '1002:idle', '1001:idle']);
    expect(calls.callState('1001')).toBe('idle');
    expect(calls.active()).toEqual([]);
  });
});

describe('Calls: answered, then the callee hangs up (33)', () => {
  const { changes, kinds } = replay(liveEvents('33_events_call_answered_then_callee_hangup'), {
    // CDR: start 07:03:22, answer 07:03:24, end 07:03:34.
    'Newstate/6': 2000,
    HangupRequest: 10_000,
  });

  it('reports ringing, answered, hang-up in that order', () => {
    expect(kinds).toEqual(['ringing', 'answered', 'hangup']);
    expect(changes.find((c) => c.kind === 'answered')).toMatchObject({
      caller: '1001',
      callee: '1002',
    });
  });

  it('records ANSWERED with answer time, duration and cause 16 Normal Clearing', () => {
    const [r] = hangups(changes);
    expect(r).toMatchObject({
      caller: '1001',
      callee: '1002',
      disposition: 'ANSWERED',
      hangupCause: 16,
      hangupCauseText: 'Normal Clearing',
    });
    expect(r!.answer).not.toBeNull();
    expect(r!.answer! - r!.start).toBeGreaterThanOrEqual(2000);
    expect(r!.durationSec).toBe(12);
  });

  it('shows both extensions in-call while bridged, then idle', () => {
    const states = callStates(changes);
    expect(states).toContain('1002:in-call');
    expect(states.slice(-2).sort()).toEqual(['1001:idle', '1002:idle']);
  });
});

describe('Calls: AMI Originate rings 1001, then an AMI Hangup (34)', () => {
  const { changes, kinds } = replay(liveEvents('34_events_originate_then_ami_hangup'));

  it('handles the DialBegin without caller Channel fields: ringing to 1001, caller unknown', () => {
    expect(kinds).toEqual(['ringing', 'hangup']);
    expect(changes.find((c) => c.kind === 'ringing')).toMatchObject({
      caller: null,
      callee: '1001',
    });
  });

  it('records NO ANSWER for the originated call', () => {
    expect(hangups(changes)[0]).toMatchObject({
      caller: null,
      callee: '1001',
      disposition: 'NO ANSWER',
      hangupCause: 0,
      hangupCauseText: 'Unknown',
    });
  });
});

describe('Calls: dialling an endpoint without contact (36)', () => {
  it('records CHANUNAVAIL with cause 3 although there is no DialBegin', () => {
    const { changes, kinds } = replay(liveEvents('36_events_call_to_unregistered_endpoint'));
    expect(kinds).toEqual(['hangup']);
    expect(hangups(changes)[0]).toMatchObject({
      caller: '1001',
      callee: '1002',
      answer: null,
      disposition: 'CHANUNAVAIL',
      hangupCause: 3,
      hangupCauseText: 'No route to destination',
    });
  });

  it('still says CHANUNAVAIL from the cause when VarSet events are not delivered', () => {
    const events = liveEvents('36_events_call_to_unregistered_endpoint').filter(
      (e) => e.fields[0]?.[1] !== 'VarSet',
    );
    expect(hangups(replay(events).changes)[0]?.disposition).toBe('CHANUNAVAIL');
  });
});

describe('Calls: resync after a reconnect', () => {
  it('adopts channels that are up and closes calls whose channels vanished during the outage', () => {
    const events = liveEvents('31_events_call_ring_then_caller_hangup');
    const upToRinging = events.slice(
      0,
      events.findIndex((e) => e.fields[0]?.[1] === 'DialState') + 1,
    );
    const { calls } = replay(upToRinging);
    expect(calls.callState('1002')).toBe('ringing');

    const lost = calls.resync(listItems('26_CoreShowChannels_idle'));
    const [record] = hangups(lost);
    expect(record).toMatchObject({
      caller: '1001',
      callee: '1002',
      end: null,
      disposition: null,
      hangupCauseText: 'ended while the AMI connection was down',
    });
    expect(calls.callState('1002')).toBe('idle');

    const adopted = calls.resync(listItems('32a_CoreShowChannels_during_call'));
    expect(callStates(adopted).sort()).toEqual(['1001:in-call', '1002:in-call']);
    expect(calls.active()).toMatchObject([{ id: '1795849402.6', caller: '1001', callee: '1002' }]);
  });

  it('keeps the first callee when a second DialBegin of the same call arrives (parallel dial)', () => {
    const events = liveEvents('33_events_call_answered_then_callee_hangup');
    const dial = events.find((e) => e.fields[0]?.[1] === 'DialBegin')!;
    const calls = new Calls(() => 0);
    for (const e of events.slice(0, events.indexOf(dial) + 1)) calls.apply(e);
    calls.apply(withFields(dial, { DestChannel: 'PJSIP/1003-0000000a', DestUniqueid: 'x.1' }));
    expect(calls.active()[0]?.callee).toBe('1002');
  });
});
