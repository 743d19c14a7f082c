import { describe, expect, it } from 'vitest';
import { decodeEvent, type LiveAmiEvent } from '../../../src/main/core/ami/events';
import { parseAll } from '../../../src/main/core/ami/parser';
import { receivedBytes } from '../../support/ami-server/transcripts';

function decoded(name: string): LiveAmiEvent[] {
  return parseAll(receivedBytes(name))
    .messages.map(decodeEvent)
    .filter((e): e is LiveAmiEvent => e !== null);
}

describe('decodeEvent on the recorded events', () => {
  it('reads a registration (30): device NOT_INUSE, peer Reachable, contact NonQualified', () => {
    const e = decoded('30_events_register').filter(
      (x) => x.event !== 'DeviceStateChange' || x.endpoint === '1001',
    );
    expect(e.slice(0, 3)).toEqual([
      { event: 'DeviceStateChange', device: 'PJSIP/1001', endpoint: '1001', state: 'NOT_INUSE' },
      { event: 'PeerStatus', endpoint: '1001', status: 'Reachable' },
      {
        event: 'ContactStatus',
        uri: 'sip:1001-0x55b9dc60e450@127.0.0.1:5071',
        status: 'NonQualified',
        aor: '1001',
        endpoint: '1001',
        roundtripUsec: 0,
      },
    ]);
  });

  it('reads a cancelled call (31): callee Ringing, DialEnd CANCEL, both Hangups with cause 127', () => {
    const e = decoded('31_events_call_ring_then_caller_hangup');
    const ringing = e.find((x) => x.event === 'Newstate');
    expect(ringing).toMatchObject({
      channel: { endpoint: '1002', state: 5, stateDesc: 'Ringing', connectedLineNum: '1001' },
    });
    const begin = e.find((x) => x.event === 'DialBegin');
    expect(begin).toMatchObject({
      caller: { endpoint: '1001' },
      dest: { endpoint: '1002' },
      dialString: '1002',
    });
    expect(e.find((x) => x.event === 'DialEnd')).toMatchObject({ dialStatus: 'CANCEL' });
    const hangups = e.filter((x) => x.event === 'Hangup');
    expect(hangups.map((h) => [h.channel.endpoint, h.cause, h.causeText])).toEqual([
      ['1002', 127, 'Interworking, unspecified'],
      ['1001', 127, 'Interworking, unspecified'],
    ]);
  });

  it('reads an Originate (34): DialBegin without a calling channel', () => {
    const begin = decoded('34_events_originate_then_ami_hangup').find(
      (x) => x.event === 'DialBegin',
    );
    expect(begin).toMatchObject({
      event: 'DialBegin',
      caller: null,
      dest: { channel: 'PJSIP/1001-00000008', endpoint: '1001', callerIdNum: '999' },
    });
  });

  it('reads an unregister (35) and a call to an unregistered phone (36)', () => {
    expect(decoded('35_events_unregister').map((x) => x.event)).toEqual([
      'DeviceStateChange',
      'PeerStatus',
      'ContactStatus',
    ]);
    const hangup = decoded('36_events_call_to_unregistered_endpoint').find(
      (x) => x.event === 'Hangup',
    );
    expect(hangup).toMatchObject({ cause: 3, causeText: 'No route to destination' });
  });

  it('returns null for events it does not type, and for responses', () => {
    expect(decodeEvent({ fields: [['Event', 'VarSet']] })).toBeNull();
    expect(decodeEvent({ fields: [['Response', 'Success']] })).toBeNull();
  });
});
