import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockItem, MessageItem, blockEventName, ownCopy } from '../../../src/main/core/ami/item';
import { type AmiMessage, amiGet } from '../../../src/main/core/ami/message';
import { AmiParser } from '../../../src/main/core/ami/parser';

const parser = new AmiParser({ expectBanner: false });

/** The lookup every hot path uses: the first key spelt exactly so, else amiGet's first match. */
function exactThenAnyCase(msg: AmiMessage, key: string): string | undefined {
  return msg.fields.find(([k]) => k === key)?.[1] ?? amiGet(msg, key);
}
const item = () => new BlockItem((text) => parser.parse(text) ?? { fields: [] });

const CONTACT =
  'Event: ContactList\r\nActionID: 7\r\nObjectName: 1001;@abc\r\nViaAddr: 10.0.0.5\r\n' +
  'RegServer: \r\nEndpoint: 1001\r\nUri: sip:1001@10.0.0.5:5071\r\nMessage: trailing LF\n\r\n' +
  'Status: Reachable\r\nStatus: Unreachable';

describe('BlockItem: fields read in place from a message text', () => {
  it('reads the first line, later keys, empty values, and drops the stray LF before CRLF', () => {
    const it = item().reset(CONTACT, 'ContactList');
    expect(it.event).toBe('ContactList');
    expect(it.get('Event')).toBe('ContactList');
    expect(it.get('Uri')).toBe('sip:1001@10.0.0.5:5071');
    expect(it.get('RegServer')).toBe('');
    expect(it.get('Message')).toBe('trailing LF');
    expect(it.get('Status')).toBe('Reachable');
    expect(it.get('NoSuchKey')).toBeUndefined();
  });

  it('returns the first of a repeated key, whatever was read before', () => {
    const it = item().reset('Event: X\r\nOutput: one\r\nMark: m\r\nOutput: two', 'X');
    expect(it.get('Mark')).toBe('m');
    expect(it.get('Output')).toBe('one');
  });

  it('finds keys asked in any order, and keys spelt in another case', () => {
    const it = item().reset(CONTACT, 'ContactList');
    expect(it.get('Status')).toBe('Reachable');
    expect(it.get('ActionID')).toBe('7');
    expect(it.get('uri')).toBe('sip:1001@10.0.0.5:5071');
    expect(it.get('VIAADDR')).toBe('10.0.0.5');
  });

  it('does not take a key for a longer key that starts with it', () => {
    const it = item().reset('Event: X\r\nViaAddress: a\r\nViaAddr: b', 'X');
    expect(it.get('ViaAddr')).toBe('b');
  });

  it('answers what the full parser answers, for any message (property)', () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
    const value = fc.stringMatching(/^[ -~]{0,20}$/);
    fc.assert(
      fc.property(fc.array(fc.tuple(key, value), { minLength: 1, maxLength: 12 }), (pairs) => {
        const text = ['Event: E', ...pairs.map(([k, v]) => `${k}: ${v}`)].join('\r\n');
        const msg = parser.parse(text)!;
        const it = item().reset(text, 'E');
        // Asked in reverse order, then in order: the value reuse must not change answers.
        for (const k of [...pairs.map(([k]) => k)].reverse().concat(pairs.map(([k]) => k)))
          expect(it.get(k)).toBe(exactThenAnyCase(msg, k));
        expect(it.toMessage()).toEqual(msg);
      }),
      { numRuns: 300 },
    );
  });

  it('next reads keys in item order in one pass, and any other order as get does (property)', () => {
    const key = fc.stringMatching(/^[A-Za-z][A-Za-z0-9-]{0,11}$/);
    const value = fc.stringMatching(/^[ -~]{0,20}$/);
    const distinct = fc.uniqueArray(fc.tuple(key, value), {
      minLength: 1,
      maxLength: 12,
      selector: ([k]) => k.toLowerCase(),
    });
    fc.assert(
      fc.property(distinct, fc.array(fc.nat(), { maxLength: 12 }), (pairs, picks) => {
        const text = ['Event: E', ...pairs.map(([k, v]) => `${k}: ${v}`)].join('\r\n');
        const msg = parser.parse(text)!;
        const it = item().reset(text, 'E');
        for (const [k] of pairs) expect(it.next(k)).toBe(exactThenAnyCase(msg, k));
        // Out of order, case changed, absent: the same answers as get.
        for (const p of picks) {
          const k = pairs[p % pairs.length]![0];
          const asked = p % 3 === 0 ? k.toUpperCase() : p % 5 === 0 ? `${k}x` : k;
          expect(it.next(asked)).toBe(exactThenAnyCase(msg, asked));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('next gives the later value of a key that occurs twice after a key read between them', () => {
    const it = item().reset('Event: X\r\nOutput: one\r\nMark: m\r\nOutput: two', 'X');
    expect(it.next('Mark')).toBe('m');
    expect(it.next('Output')).toBe('two');
    expect(it.get('Output')).toBe('one');
  });

  it('hands back the very same string for a value repeated from the previous item', () => {
    const it = item();
    const a = it
      .reset('Event: C\r\nUserAgent: baresip v1.0.0 (x86_64/linux)', 'C')
      .get('UserAgent');
    const b = it
      .reset('Event: C\r\nUserAgent: baresip v1.0.0 (x86_64/linux)', 'C')
      .get('UserAgent');
    const c = it.reset('Event: C\r\nUserAgent: Zoiper 5', 'C').get('UserAgent');
    expect(b).toBe(a);
    expect(c).toBe('Zoiper 5');
  });
});

describe('item helpers', () => {
  it('blockEventName reads `Event:` on the first line only', () => {
    expect(blockEventName('Event: ContactList\r\nActionID: 1')).toBe('ContactList');
    expect(blockEventName('Event: Odd\n\r\nX: 1')).toBe('Odd');
    expect(blockEventName('Response: Success\r\nEvent: X')).toBeNull();
  });

  it('MessageItem looks keys up as amiGet does', () => {
    const m = parser.parse('Event: E\r\nKey: v1\r\nkey: v2')!;
    const it = new MessageItem(m);
    expect(it.event).toBe('E');
    expect(it.get('Key')).toBe('v1');
    expect(it.get('KEY')).toBe('v1');
    expect(it.toMessage()).toBe(m);
  });

  it('ownCopy keeps the characters', () => {
    const long = 'sip:1001-0x55b9dc60e450@127.0.0.1:5071';
    expect(ownCopy(long)).toBe(long);
    expect(ownCopy('short')).toBe('short');
  });
});
