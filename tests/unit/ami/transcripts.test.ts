import { describe, expect, it } from 'vitest';
import { AmiParser, parseAll } from '../../../src/main/core/ami/parser';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import { amiGet, amiGetAll } from '../../../src/main/core/ami/message';
import { receivedBytes, transcriptNames } from '../../support/ami-server/transcripts';

type Fields = Array<[string, string]>;

/**
 * An obviously-correct (and slow) reading of the wire format, used as the reference: split the
 * text after the banner at each blank line, each block at CRLF, each line at the first ": ".
 */
function referenceParse(data: Buffer): { banner: string; messages: Fields[] } {
  const text = data.toString('utf8');
  const firstEol = text.indexOf('\r\n');
  const banner = text.slice(0, firstEol);
  const messages = text
    .slice(firstEol + 2)
    .split('\r\n\r\n')
    .filter((block) => block.length > 0)
    .map((block) =>
      block.split('\r\n').map((line): [string, string] => {
        const clean = line.replace(/\n+$/, '');
        const i = clean.indexOf(':');
        return [clean.slice(0, i), clean.slice(i + 1).replace(/^ /, '')];
      }),
    );
  return { banner, messages };
}

function asFields(messages: AmiMessage[]): Fields[] {
  return messages.map((m) => m.fields.map(([k, v]): [string, string] => [k, v]));
}

/** Compares without building large intermediate structures: this runs once per byte offset. */
function sameMessages(actual: AmiMessage[], expected: AmiMessage[]): boolean {
  if (actual.length !== expected.length) return false;
  for (let i = 0; i < actual.length; i++) {
    const a = actual[i]!.fields;
    const e = expected[i]!.fields;
    if (a.length !== e.length) return false;
    for (let j = 0; j < a.length; j++)
      if (a[j]![0] !== e[j]![0] || a[j]![1] !== e[j]![1]) return false;
  }
  return true;
}

function feed(chunks: Buffer[]): { banner: string | null; messages: AmiMessage[] } {
  const parser = new AmiParser();
  const messages: AmiMessage[] = [];
  for (const c of chunks) for (const m of parser.push(c)) messages.push(m);
  return { banner: parser.banner, messages };
}

/** Deterministic PRNG so a failing random split can be reproduced from the test name. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const names = transcriptNames();

describe('AMI parser against the recorded transcripts', () => {
  it('finds every transcript (92 recorded sessions)', () => {
    expect(names.length).toBeGreaterThanOrEqual(92);
  });

  describe.each(names)('%s', (name) => {
    const bytes = receivedBytes(name);
    const whole = parseAll(bytes);

    it('reads the banner and the same messages as the reference reading, fed whole', () => {
      const ref = referenceParse(bytes);
      expect(whole.banner).toBe('Asterisk Call Manager/11.0.0');
      expect(whole.banner).toBe(ref.banner);
      expect(asFields(whole.messages)).toEqual(ref.messages);
    });

    it('gives the same messages when split into two chunks at every byte offset', () => {
      let failures = 0;
      let firstFailure = -1;
      for (let cut = 1; cut < bytes.length; cut++) {
        const got = feed([bytes.subarray(0, cut), bytes.subarray(cut)]);
        if (got.banner !== whole.banner || !sameMessages(got.messages, whole.messages)) {
          failures++;
          if (firstFailure < 0) firstFailure = cut;
        }
      }
      expect({ failures, firstFailure }).toEqual({ failures: 0, firstFailure: -1 });
    }, 60_000);

    it('gives the same messages when split into many random chunks (1 to 64 bytes)', () => {
      const rand = mulberry32(bytes.length);
      for (let round = 0; round < 5; round++) {
        const chunks: Buffer[] = [];
        let pos = 0;
        while (pos < bytes.length) {
          const size = 1 + Math.floor(rand() * 64);
          chunks.push(bytes.subarray(pos, pos + size));
          pos += size;
        }
        const got = feed(chunks);
        expect(got.banner).toBe(whole.banner);
        expect(sameMessages(got.messages, whole.messages)).toBe(true);
      }
    });

    it('gives the same messages fed one byte at a time, and as strings', () => {
      const oneByOne = feed(Array.from(bytes, (b) => Buffer.from([b])));
      expect(sameMessages(oneByOne.messages, whole.messages)).toBe(true);
      const parser = new AmiParser();
      const text = bytes.toString('utf8');
      const half = Math.floor(text.length / 2);
      const asText = [...parser.push(text.slice(0, half)), ...parser.push(text.slice(half))];
      expect(sameMessages(asText, whole.messages)).toBe(true);
    });
  });
});

describe('AMI parser: details the transcripts show', () => {
  it('drops the stray LF before CRLF in "No Contacts found" (06b)', () => {
    const { messages } = parseAll(receivedBytes('06b_PJSIPShowContacts_noreg'));
    const err = messages.find((m) => amiGet(m, 'ActionID') === 'rec-2')!;
    expect(amiGet(err, 'Response')).toBe('Error');
    expect(amiGet(err, 'Message')).toBe('No Contacts found');
  });

  it('drops the stray LF in "Unable to retrieve endpoint 9999" (11b)', () => {
    const { messages } = parseAll(receivedBytes('11b_PJSIPShowEndpoint_unknown_9999'));
    const err = messages.find((m) => amiGet(m, 'ActionID') === 'rec-2')!;
    expect(amiGet(err, 'Message')).toBe('Unable to retrieve endpoint 9999');
  });

  it('keeps repeated Output keys in order, including empty ones (22)', () => {
    const { messages } = parseAll(receivedBytes('22_Command_pjsip_show_endpoints'));
    const res = messages.find((m) => amiGet(m, 'ActionID') === 'rec-2')!;
    const out = amiGetAll(res, 'Output');
    expect(out[0]).toBe('');
    expect(out[1]).toBe(
      ' Endpoint:  <Endpoint/CID.....................................>  <State.....>  <Channels.>',
    );
    expect(out.at(-2)).toBe('Objects found: 2');
    expect(out).toHaveLength(27);
  });

  it('keeps empty values as empty strings (06 "Contacts: ")', () => {
    const { messages } = parseAll(receivedBytes('06_PJSIPShowEndpoints_noreg'));
    const first = messages.find((m) => amiGet(m, 'Event') === 'EndpointList')!;
    expect(amiGet(first, 'Contacts')).toBe('');
    expect(first.fields.map(([k]) => k)).toContain('OutboundAuths');
  });

  it('keeps leading spaces beyond the one after the colon (33 RTPAUDIOQOSLOSS)', () => {
    const { messages } = parseAll(receivedBytes('33_events_call_answered_then_callee_hangup'));
    const loss = messages.find((m) => amiGet(m, 'Variable') === 'RTPAUDIOQOSLOSS')!;
    expect(amiGet(loss, 'Value')!.startsWith('  minrxlost=')).toBe(true);
  });

  it('splits only at the first colon (25 ListCommands "Name: Synopsis  (Priv: ...)")', () => {
    const { messages } = parseAll(receivedBytes('25_ListCommands'));
    const res = messages.find((m) => amiGet(m, 'ActionID') === 'rec-2')!;
    expect(amiGet(res, 'AbsoluteTimeout')).toBe('Set absolute timeout.  (Priv: system,call,all)');
  });

  it('parses a stream without a banner when told not to expect one (what a client sends)', () => {
    const parser = new AmiParser({ expectBanner: false });
    const msgs = parser.push('Action: Ping\r\nActionID: 1\r\n\r\n');
    expect(parser.banner).toBeNull();
    expect(msgs).toEqual([
      {
        fields: [
          ['Action', 'Ping'],
          ['ActionID', '1'],
        ],
      },
    ]);
  });

  it('does not take a first line that is not the banner for one', () => {
    const parser = new AmiParser();
    const msgs = parser.push('Response: Success\r\nActionID: 1\r\n\r\n');
    expect(parser.banner).toBeNull();
    expect(msgs).toHaveLength(1);
  });

  it('reassembles a UTF-8 character split across chunks', () => {
    const parser = new AmiParser({ expectBanner: false });
    const bytes = Buffer.from('Event: X\r\nCallerIDName: Ærø ☎\r\n\r\n', 'utf8');
    const cut = bytes.indexOf(0xe2) + 1; // inside the 3-byte telephone sign
    const msgs = [...parser.push(bytes.subarray(0, cut)), ...parser.push(bytes.subarray(cut))];
    expect(amiGet(msgs[0]!, 'CallerIDName')).toBe('Ærø ☎');
  });

  it('holds back a message until its blank line arrives', () => {
    const parser = new AmiParser({ expectBanner: false });
    expect(parser.push('Event: A\r\nX: 1\r\n')).toEqual([]);
    expect(parser.push('\r')).toEqual([]);
    expect(parser.push('\n')).toHaveLength(1);
    expect(parser.pending).toBe(0);
  });
});
