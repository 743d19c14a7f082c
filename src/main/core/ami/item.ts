import { type AmiMessage, amiGet } from './message';

/**
 * One list item as a streaming consumer (`listEach`) sees it: its event name and a field lookup.
 * Only valid during the callback that receives it: the client reuses the object for the next
 * item. A consumer that must keep an item takes `toMessage()`.
 */
export interface AmiItem {
  readonly event: string;
  /**
   * The first value of `key` spelt as given, else of `key` in any case (Asterisk treats keys
   * case-insensitively); undefined when absent.
   */
  get(key: string): string | undefined;
  /**
   * `get` for reading keys in the order the item has them (as Asterisk writes them): each call
   * looks on from the key read last, so an item is read in one pass instead of once per key. A
   * key not found further on is looked up from the start, as `get` does. Only a key that occurs
   * twice could read differently (its later value); list items carry each key once.
   */
  next(key: string): string | undefined;
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

  next(key: string): string | undefined {
    return this.get(key);
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
  /** Where the line after the one `next` last read starts. */
  private cursor = 0;
  /** Per key: the text searched for, and the value last read (handed back when it repeats). */
  private readonly slots = new Map<string, { needle: string; last: string | null }>();

  constructor(private readonly materialize: (text: string) => AmiMessage) {}

  /** Points the item at the text of one message (`Event: …` up to, not including, CRLF CRLF). */
  reset(text: string, event: string): this {
    this.text = text;
    this.event = event;
    this.cursor = 0;
    return this;
  }

  get(key: string): string | undefined {
    return this.find(key, 0);
  }

  next(key: string): string | undefined {
    const from = this.cursor;
    if (from > 0) {
      const slot = this.slot(key);
      const i = this.text.indexOf(slot.needle, from - 2);
      if (i !== -1) return this.valueAt(key, slot, i + 2);
    }
    return this.find(key, 0);
  }

  private slot(key: string): { needle: string; last: string | null } {
    let slot = this.slots.get(key);
    if (slot === undefined) {
      slot = { needle: `\r\n${key}:`, last: null };
      this.slots.set(key, slot);
    }
    return slot;
  }

  /**
   * `key` spelt exactly so, else undefined without looking further (no other spelling, no parse):
   * for telling whether a message belongs to a list at all, on every message that arrives.
   */
  exact(key: string): string | undefined {
    const text = this.text;
    const slot = this.slot(key);
    if (text.startsWith(key) && text.charCodeAt(key.length) === COLON)
      return this.valueAt(key, slot, 0);
    const i = text.indexOf(slot.needle);
    return i === -1 ? undefined : this.valueAt(key, slot, i + 2);
  }

  /**
   * Drops the values kept for reuse (and the received text they are cut from) once a list is
   * complete: they would otherwise keep a chunk of it in memory until the next list.
   */
  release(): void {
    this.text = '';
    for (const slot of this.slots.values()) slot.last = null;
  }

  /** The first value of `key` in the text. */
  private find(key: string, from: number): string | undefined {
    const text = this.text;
    const slot = this.slot(key);
    if (from === 0 && text.startsWith(key) && text.charCodeAt(key.length) === COLON)
      return this.valueAt(key, slot, 0);
    const i = text.indexOf(slot.needle, from);
    // Asterisk spells every key the same way each time; another spelling is still the key.
    if (i === -1) return amiGet(this.materialize(text), key);
    return this.valueAt(key, slot, i + 2);
  }

  /** The value of the line starting at `ks` with `key:`; moves the cursor past that line. */
  private valueAt(key: string, slot: { last: string | null }, ks: number): string {
    const text = this.text;
    let vs = ks + key.length + 1;
    let le = text.indexOf('\r\n', vs);
    if (le === -1) le = text.length;
    if (vs < le && text.charCodeAt(vs) === SPACE) vs++;
    // The stray LF Asterisk leaves before some CRLFs is not part of the value (see parser.ts).
    let ve = le;
    while (ve > vs && text.charCodeAt(ve - 1) === LF) ve--;
    this.cursor = le + 2;
    const prev = slot.last;
    if (prev !== null && prev.length === ve - vs && text.startsWith(prev, vs)) return prev;
    const value = text.slice(vs, ve);
    slot.last = value;
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

let lastEventName = '';

/** The event name of a message's text (`Event: X` on its first line), or null. */
export function blockEventName(text: string): string | null {
  if (!text.startsWith('Event: ')) return null;
  let le = text.indexOf('\r\n');
  if (le === -1) le = text.length;
  let ve = le;
  while (ve > 7 && text.charCodeAt(ve - 1) === LF) ve--;
  // 10,000 items of a list share one name: one string for all of them.
  if (ve - 7 === lastEventName.length && text.startsWith(lastEventName, 7)) return lastEventName;
  lastEventName = ownCopy(text.slice(7, ve));
  return lastEventName;
}
