import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AmiParser } from '../../../src/main/core/ami/parser';
import { type AmiMessage, amiGet, amiKind } from '../../../src/main/core/ami/message';
import { Registrations } from '../../../src/main/core/live/registrations';

/** Test support: the recorded Asterisk 22 transcripts, parsed by the real AMI parser. */
export const TRANSCRIPTS = fileURLToPath(
  new URL('../../../../shared/asterisk/transcripts/', import.meta.url),
);

/** Every message Asterisk sent in transcript NAME (the `NAME.txt` bytes). */
export function transcript(name: string): AmiMessage[] {
  return new AmiParser().push(readFileSync(`${TRANSCRIPTS}${name}.txt`));
}

/** Unsolicited events only (what an AmiSource delivers on 'event'); list items excluded. */
export function liveEvents(name: string): AmiMessage[] {
  return transcript(name).filter(
    (m) => amiKind(m) === 'event' && amiGet(m, 'ActionID') === undefined,
  );
}

/**
 * What `listAction` resolves with for the action recorded as `actionId`: its item events,
 * without the `…Complete` one; a "No … found" error is an empty list, as the real client reads it.
 */
export function listItems(name: string, actionId = 'rec-2'): AmiMessage[] {
  const msgs = transcript(name).filter((m) => amiGet(m, 'ActionID') === actionId);
  const head = msgs.find((m) => amiKind(m) === 'response');
  if (head && amiGet(head, 'Response') === 'Error') {
    if (/^No .* found/.test(amiGet(head, 'Message') ?? '')) return [];
    throw new Error(`list action failed: ${amiGet(head, 'Message')}`);
  }
  return msgs.filter((m) => amiKind(m) === 'event' && amiGet(m, 'EventList') !== 'Complete');
}

/** A message built by hand in the same shape (for synthetic floods derived from real items). */
export function msg(fields: Record<string, string>): AmiMessage {
  return { fields: Object.entries(fields) };
}

/** Copies a real item, replacing values (keeps the recorded field order and extra fields). */
export function withFields(m: AmiMessage, patch: Record<string, string>): AmiMessage {
  const seen = new Set<string>();
  const fields = m.fields.map(([k, v]) => {
    if (k in patch) {
      seen.add(k);
      return [k, patch[k] as string] as const;
    }
    return [k, v] as const;
  });
  for (const [k, v] of Object.entries(patch)) if (!seen.has(k)) fields.push([k, v]);
  return { fields };
}

/** A clock the test moves by hand (`advance`), starting at `start` ms. */
export function testClock(start = 1_000_000) {
  let t = start;
  const now = () => t;
  now.advance = (ms: number) => (t += ms);
  return now;
}

/** The live list with 1001 and 1002 registered, as recorded (12 + 10). */
export function registeredAsRecorded(now = testClock()): Registrations {
  const r = new Registrations(now);
  r.rebuild(listItems('12_PJSIPShowContacts'), listItems('10_PJSIPShowEndpoints'));
  return r;
}
