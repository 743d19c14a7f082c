import { describe, expect, it } from 'vitest';
import { showEndpoint, type PjsipEndpointDetail } from '../../../src/main/core/ami/actions/pjsip';
import { amiGet, type AmiMessage } from '../../../src/main/core/ami/message';
import { compareEndpoint, compareTransportNat } from '../../../src/main/core/fleet/verify-endpoint';
import type { Extension } from '../../../src/shared/types';
import { parseAll } from '../../../src/main/core/ami/parser';
import { CodecCheck, parseCoreShowCodecs } from '../../../src/main/core/pjsip/codec-catalog';
import { coreShowCodecs } from '../../support/ami-server/codecs';
import { receivedBytes } from '../../support/ami-server/transcripts';

/** The PJSIPShowEndpoint answer for 1001 recorded from a real Asterisk 22.10.1. */
const items = parseAll(receivedBytes('11_PJSIPShowEndpoint_1001')).messages.filter(
  (m) => amiGet(m, 'ActionID') === 'rec-2' && amiGet(m, 'Event') && !amiGet(m, 'EventList'),
);

/** The typed detail the AMI layer builds from those recorded items. */
async function detailOf(msgs: AmiMessage[]): Promise<PjsipEndpointDetail> {
  const d = await showEndpoint({ listAction: async () => msgs } as never, '1001');
  if (!d) throw new Error('transcript has no endpoint');
  return d;
}

const written: Extension = {
  number: '1001',
  displayName: 'Ext 1001',
  context: 'from-internal',
  codecs: ['ulaw', 'alaw'],
  maxContacts: 1,
  transport: 'transport-udp',
  natFriendly: false,
  qualifyFrequency: 0,
  enabled: true,
  managed: true,
};

function withField(msgs: AmiMessage[], event: string, key: string, value: string): AmiMessage[] {
  return msgs.map((m) =>
    amiGet(m, 'Event') === event
      ? { fields: m.fields.map(([k, v]) => [k, k === key ? value : v] as const) }
      : m,
  );
}

describe('verifying an endpoint against what Asterisk loaded', () => {
  it('finds no mismatch when the live endpoint is what was written', async () => {
    expect(compareEndpoint(written, await detailOf(items))).toEqual([]);
  });

  it('names each field that Asterisk did not take, with both values', async () => {
    const stale = withField(
      withField(items, 'EndpointDetail', 'Context', 'default'),
      'AorDetail',
      'MaxContacts',
      '5',
    );
    expect(compareEndpoint(written, await detailOf(stale))).toEqual([
      'endpoint.context: wrote from-internal, live default',
      'aor.max_contacts: wrote 1, live 5',
    ]);
  });

  it('compares codecs in order, as Asterisk prints them "(ulaw|alaw)"', async () => {
    expect(
      compareEndpoint({ ...written, codecs: ['alaw', 'ulaw'] }, await detailOf(items)),
    ).toEqual(['endpoint.allow: wrote alaw|ulaw, live ulaw|alaw']);
  });

  it('reports an endpoint Asterisk does not have at all', async () => {
    const listed = new CodecCheck(parseCoreShowCodecs(coreShowCodecs()));
    expect(compareEndpoint(written, null, listed)).toEqual([
      'endpoint 1001: not loaded by Asterisk',
    ]);
  });

  it('names Codecs as the suspect only for codecs the check before the write could not vouch for', async () => {
    const listed = new CodecCheck(parseCoreShowCodecs(coreShowCodecs()));
    expect(listed.listed).toBe(true);
    // An uncommon codec this host lists is no suspect: the endpoint failed for another reason.
    const uncommon = { ...written, codecs: ['ulaw', 'g726aal2'] };
    expect(compareEndpoint(uncommon, null, listed)).toEqual([
      'endpoint 1001: not loaded by Asterisk',
    ]);
    // No list read (no AMI, not answered in time): every codec written is a suspect.
    expect(compareEndpoint(uncommon, null, new CodecCheck(null))).toEqual([
      'endpoint 1001: not loaded by Asterisk (it refuses a whole endpoint over a codec it does not know: check Codecs, ulaw, g726aal2)',
    ]);
    expect(compareEndpoint({ ...written, codecs: ['ulaw', 'g729x'] }, null)).toEqual([
      'endpoint 1001: not loaded by Asterisk (it refuses a whole endpoint over a codec it does not know: check Codecs, ulaw, g729x)',
    ]);
    // A list read that lacks one written codec (it was in the file before): that one is named.
    expect(compareEndpoint({ ...written, codecs: ['ulaw', 'g729x'] }, null, listed)).toEqual([
      'endpoint 1001: not loaded by Asterisk (it refuses a whole endpoint over a codec it does not know: check Codecs, g729x)',
    ]);
  });

  it('checks NAT on the live TransportDetail', async () => {
    const nat = {
      externalMediaAddress: '203.0.113.7',
      externalSignalingAddress: null,
      localNets: ['10.0.0.0/8'],
    };
    expect(compareTransportNat('transport-udp', nat, await detailOf(items))).toEqual([
      'transport.external_media_address: wrote 203.0.113.7, live (empty)',
      'transport.local_net: wrote 10.0.0.0/8, live (empty)',
    ]);
    const live = withField(
      withField(items, 'TransportDetail', 'ExternalMediaAddress', '203.0.113.7'),
      'TransportDetail',
      'LocalNet',
      '10.0.0.0/255.0.0.0',
    );
    expect(compareTransportNat('transport-udp', nat, await detailOf(live))).toEqual([]);
  });
});
