import { type AmiMessage, amiGet } from './message';

/**
 * One list item as a streaming consumer (`listEach`) sees it: its event name and a field lookup.
 * Only valid during the callback that receives it: the client reuses the object for the next
 * item. A consumer that must keep an item takes `toMessage()`.
 */
export interface AmiItem {
  readonly event: string;
  /** First value of `key` (case-insensitive, as Asterisk treats keys), else undefined. */
  get(key: string): string | undefined;
  toMessage(): AmiMessage;
}

/** An item over a message already parsed (tests, stripped secret-bearing items, fakes). */
export class MessageItem implements AmiItem {
  constructor(
    private msg: AmiMessage,
    readonly event = msg.fields[0]?.[1] ?? '',
  ) {}

  get(key: string): string | undefined {
    const f = this.msg.fields;
    for (let i = 0; i < f.length; i++) {
      const pair = f[i] as readonly [string, string];
      if (pair[0] === key) return pair[1];
    }
    return amiGet(this.msg, key);
  }

  toMessage(): AmiMessage {
    return this.msg;
  }
}

const LF = 10;
const COLON = 58;
const SPACE = 32;

/**
 * An item read straight from the received text, without splitting it into fields: a 10,000-
 * extension host answers `PJSIPShowContacts` with 10,000 items of ~20 fields, of which the live
 * view reads 8. Materialising every field of every item (and keeping them until the list is
 * complete) is what made a full sync cost ~150 ms of CPU; looking up only the keys asked for, in
 * the item's own text, costs a fraction and leaves nothing for the garbage collector to trace.
 *
 * Values that repeat from item to item (status, user agent, transport…) come back as the very
 * same string, so thousands of kept statuses share one copy instead of each holding its own.
 */
export class BlockItem implements AmiItem {
  event = '';
  private text = '';
  private readonly needles = new Map<string, string>();
  private readonly last = new Map<string, string>();

  constructor(private readonly materialize: (text: string) => AmiMessage) {}

  /** Points the item at the text of one message (`Event: …` up to, not including, CRLF CRLF). */
  reset(text: string, event: string): this {
    this.text = text;
    this.event = event;
    return this;
  }

  get(key: string): string | undefined {
    const text = this.text;
    let ks: number;
    if (text.startsWith(key) && text.charCodeAt(key.length) === COLON) ks = 0;
    else {
      let needle = this.needles.get(key);
      if (needle === undefined) {
        needle = `\r\n${key}:`;
        this.needles.set(key, needle);
      }
      const i = text.indexOf(needle);
      // Asterisk spells every key the same way each time; another spelling is still the key.
      if (i === -1) return amiGet(this.materialize(text), key);
      ks = i + 2;
    }
    let vs = ks + key.length + 1;
    let le = text.indexOf('\r\n', vs);
    if (le === -1) le = text.length;
    if (vs < le && text.charCodeAt(vs) === SPACE) vs++;
    // The stray LF Asterisk leaves before some CRLFs is not part of the value (see parser.ts).
    let ve = le;
    while (ve > vs && text.charCodeAt(ve - 1) === LF) ve--;
    const prev = this.last.get(key);
    if (prev !== undefined && prev.length === ve - vs && text.startsWith(prev, vs)) return prev;
    const value = text.slice(vs, ve);
    this.last.set(key, value);
    return value;
  }

  toMessage(): AmiMessage {
    return this.materialize(this.text);
  }
}

/**
 * A copy of `s` that holds its own characters. A value cut from a received message is, for V8,
 * a window onto the whole chunk of text it came in: keeping 10,000 contact URIs would keep the
 * entire 7 MB answer alive (and copied by every young-generation collection). Values kept for
 * long go through here; the prefix-then-slice forces V8 to build a fresh flat string.
 */
export function ownCopy(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** The event name of a message's text (`Event: X` on its first line), or null. */
export function blockEventName(text: string): string | null {
  if (!text.startsWith('Event: ')) return null;
  let le = text.indexOf('\r\n');
  if (le === -1) le = text.length;
  let ve = le;
  while (ve > 7 && text.charCodeAt(ve - 1) === LF) ve--;
  return text.slice(7, ve);
}
