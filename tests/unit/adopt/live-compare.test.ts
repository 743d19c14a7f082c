import { describe, expect, it } from 'vitest';
import type { PjsipEndpointDetail } from '../../../src/main/core/ami/actions/pjsip';
import { compareLiveDetail } from '../../../src/main/core/adopt/live-compare';

// Field names and values as transcript 11_PJSIPShowEndpoint_1001 shows them.
const before: PjsipEndpointDetail = {
  endpoint: {
    ObjectType: 'endpoint',
    ObjectName: '1001',
    Context: 'from-internal',
    DtmfMode: 'rfc4733',
    DeviceState: 'Not in use',
    ActiveChannels: '0',
  },
  auths: [{ ObjectType: 'auth', ObjectName: '1001', Username: '1001', AuthType: 'userpass' }],
  aors: [
    {
      ObjectType: 'aor',
      ObjectName: '1001',
      MaxContacts: '1',
      Contacts: '1001/sip:1001@127.0.0.1:5071',
      TotalContacts: '1',
      ContactsRegistered: '1',
    },
  ],
  transports: [{ ObjectType: 'transport', ObjectName: 'transport-udp', Bind: '0.0.0.0:5060' }],
  contacts: [],
  others: [],
};

describe('compareLiveDetail', () => {
  it('equal configuration is no difference, whatever the live state does meanwhile', () => {
    const after: PjsipEndpointDetail = {
      ...before,
      endpoint: { ...before.endpoint, DeviceState: 'In use', ActiveChannels: '1' },
      aors: [{ ...before.aors[0]!, Contacts: '', TotalContacts: '0', ContactsRegistered: '0' }],
    };
    expect(compareLiveDetail('1001', before, after)).toEqual([]);
  });

  it('names every configured field that changed, and objects gone or new', () => {
    const after: PjsipEndpointDetail = {
      ...before,
      endpoint: { ...before.endpoint, DtmfMode: 'inband', Language: 'fa' },
      auths: [{ ...before.auths[0]!, ObjectName: '1001-auth' }],
      aors: [{ ...before.aors[0]!, MaxContacts: '2' }],
    };
    expect(compareLiveDetail('1001', before, after)).toEqual([
      'endpoint 1001 DtmfMode: before rfc4733, after inband',
      'endpoint 1001 Language: before (absent), after fa',
      'auth 1001: gone after the reload',
      'auth 1001-auth: new after the reload',
      'aor 1001 MaxContacts: before 1, after 2',
    ]);
    expect(compareLiveDetail('1001', before, null)).toEqual([
      'endpoint 1001: not loaded by Asterisk after the reload',
    ]);
  });
});
