import { describe, expect, it } from 'vitest';
import { serializeAction } from '../../../src/main/core/ami/wire';
import { AmiProtocolError } from '../../../src/main/core/ami/errors';
import { backoffDelay } from '../../../src/main/core/ami/reconnecting';
import { isEmptyListError } from '../../../src/main/core/ami/actions/list';
import { amiActionId, amiEventName, amiToRecord } from '../../../src/main/core/ami/message';

describe('serializeAction', () => {
  it('writes Action, ActionID, then the fields in order, CRLF-terminated with a blank line', () => {
    expect(serializeAction('PJSIPShowEndpoint', 'x-1', { Endpoint: '1001' })).toBe(
      'Action: PJSIPShowEndpoint\r\nActionID: x-1\r\nEndpoint: 1001\r\n\r\n',
    );
  });

  it('repeats a key for an array value, writes booleans as true/false and skips undefined', () => {
    expect(
      serializeAction('Originate', 'x-2', {
        Variable: ['A=1', 'B=2'],
        Async: true,
        Account: undefined,
      }),
    ).toBe(
      'Action: Originate\r\nActionID: x-2\r\nVariable: A=1\r\nVariable: B=2\r\nAsync: true\r\n\r\n',
    );
  });

  it('refuses a value with CR or LF, naming the field and not echoing the value', () => {
    let err: unknown;
    try {
      serializeAction('Login', 'x-3', [['Secret', 'abc\r\nAction: Reload']]);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AmiProtocolError);
    expect((err as Error).message).toContain("'Secret'");
    expect((err as Error).message).not.toContain('abc');
    expect((err as AmiProtocolError).details).toEqual({ field: 'Secret' });
  });

  it('refuses field names that are not tokens, and a second Action or ActionID', () => {
    expect(() => serializeAction('Ping', 'x', { 'Bad Key': '1' })).toThrow(AmiProtocolError);
    expect(() => serializeAction('Ping', 'x', { ActionID: 'mine' })).toThrow(AmiProtocolError);
    expect(() => serializeAction('Ping\r\nX', 'x')).toThrow(AmiProtocolError);
  });
});

describe('backoffDelay (exponential, full jitter)', () => {
  const top = (): number => 0.999999;
  it('grows the window by the factor per attempt up to the cap', () => {
    const windows = [0, 1, 2, 3, 4, 5, 6, 7].map((n) =>
      backoffDelay(n, { initialMs: 500, maxMs: 30_000, random: top }),
    );
    expect(windows).toEqual([499, 999, 1999, 3999, 7999, 15999, 29999, 29999]);
  });

  it('draws uniformly from zero (full jitter), never above the cap even after many attempts', () => {
    expect(backoffDelay(3, { random: () => 0 })).toBe(0);
    expect(backoffDelay(1000, { maxMs: 30_000, random: top })).toBe(29999);
    for (let i = 0; i < 200; i++) {
      const d = backoffDelay(i % 12);
      expect(d).toBeGreaterThanOrEqual(0);
      expect(d).toBeLessThan(30_000);
    }
  });
});

describe('empty-list errors', () => {
  it('accepts exactly the documented message of each list action', () => {
    expect(isEmptyListError('PJSIPShowContacts', 'No Contacts found')).toBe(true);
    expect(isEmptyListError('pjsipshowcontacts', 'No Contacts found\n')).toBe(true);
    expect(isEmptyListError('PJSIPShowEndpoints', 'No endpoints found')).toBe(true);
    expect(isEmptyListError('PJSIPShowAors', 'No AORs found')).toBe(true);
    expect(isEmptyListError('PJSIPShowAuths', 'No Auths found')).toBe(true);
    expect(isEmptyListError('PJSIPShowResourceLists', 'No resource lists found')).toBe(true);
  });

  it('keeps other errors, and the same text for another action, as errors', () => {
    expect(isEmptyListError('PJSIPShowEndpoints', 'Could not get endpoints')).toBe(false);
    expect(isEmptyListError('PJSIPShowEndpoint', 'Unable to retrieve endpoint 9999')).toBe(false);
    expect(isEmptyListError('PJSIPShowAors', 'No Contacts found')).toBe(false);
    expect(isEmptyListError('CoreShowChannels', 'No endpoints found')).toBe(false);
  });
});

describe('message helpers', () => {
  const msg = {
    fields: [
      ['Event', 'EndpointDetail'],
      ['ActionID', 'a-7'],
      ['Context', 'from-internal'],
      ['Context', 'second'],
      ['__proto__', 'x'],
    ] as Array<[string, string]>,
  };
  it('names events, finds ActionIDs, and builds records keeping the first of repeated keys', () => {
    expect(amiEventName(msg)).toBe('EndpointDetail');
    expect(amiActionId(msg)).toBe('a-7');
    const rec = amiToRecord(msg);
    expect(rec).toEqual({ Context: 'from-internal' });
    expect(Object.getPrototypeOf(rec)).toBe(Object.prototype);
  });
});
