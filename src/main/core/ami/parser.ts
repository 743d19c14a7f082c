import { StringDecoder } from 'node:string_decoder';
import type { AmiMessage } from './message';

/** The greeting Asterisk writes once per connection, before any message: `Asterisk Call Manager/11.0.0`. */
export const AMI_BANNER_PREFIX = 'Asterisk Call Manager/';

export interface AmiParserOptions {
  /**
   * Whether the stream starts with the banner line (true for what Asterisk sends; false when
   * parsing what a client sends, e.g. in the test server). Default true. A first line that is
   * not a banner is parsed as an ordinary message line either way, and `banner` stays null.
   */
  expectBanner?: boolean;
}

const LF = 10;
const SPACE = 32;

/**
 * Incremental AMI parser: feed it bytes as they arrive, in chunks cut anywhere (inside a key,
 * inside a CRLF, inside a UTF-8 sequence), and it returns every message completed so far.
 *
 * Wire format, as recorded from Asterisk 22 (see shared/asterisk/transcripts):
 * - one banner line `Asterisk Call Manager/<version>\r\n` with no blank line after it;
 * - messages of `Key: value\r\n` lines ended by an empty line (`\r\n\r\n`);
 * - keys may repeat (`Output:` in Command responses) and values may be empty (`Contacts: `);
 * - some values end in a stray LF before the CRLF (`Message: No Contacts found\n\r\n`): that LF
 *   is dropped from the value, since it is an artefact of how Asterisk formats the line.
 *
 * Only the single space Asterisk writes after the colon is removed; further leading spaces are
 * part of the value (they occur, e.g. in `RTPAUDIOQOSLOSS` values).
 *
 * Speed matters (a 10,000-extension host answers a list action with 10,000 events at once), so
 * the work is done with `indexOf` over the buffered string rather than per character, and the
 * buffer is trimmed once per `push`, not once per message.
 */
export class AmiParser {
  /** The banner line (without CRLF) once seen, else null. */
  banner: string | null = null;

  private buf = '';
  /** Where to resume looking for the message terminator: skips text already searched. */
  private scanFrom = 0;
  private expectBanner: boolean;
  private readonly decoder = new StringDecoder('utf8');
  /**
   * The keys of the previous message, by position. List items repeat the same keys in the same
   * order thousands of times: reusing those strings instead of slicing new ones halves what the
   * parser allocates (and what the garbage collector must then trace).
   */
  private readonly keys: string[] = [];
  /** Likewise the values: most fields of a list item repeat the previous item's value. */
  private readonly values: string[] = [];

  constructor(options: AmiParserOptions = {}) {
    this.expectBanner = options.expectBanner ?? true;
  }

  /** Bytes (or text) received since the last call; returns the messages they complete, in order. */
  push(chunk: Buffer | string): AmiMessage[] {
    const out: AmiMessage[] = [];
    this.pushBlocks(chunk, (buf, start, end) => {
      const msg = this.parse(buf, start, end);
      if (msg !== null) out.push(msg);
    });
    return out;
  }

  /**
   * Like `push`, but hands over each completed message as its text, `buf[start, end)` (without
   * the blank line), unparsed: a caller that needs a few fields of many messages (list items)
   * reads them in place, and `parse` makes a message of the others. `onBlock` must not throw.
   */
  pushBlocks(
    chunk: Buffer | string,
    onBlock: (buf: string, start: number, end: number) => void,
  ): void {
    let text = typeof chunk === 'string' ? chunk : this.decoder.write(chunk);
    if (text.length === 0) return;
    if (this.expectBanner) {
      this.buf = this.buf.length === 0 ? text : this.buf + text;
      if (!this.takeBanner()) return;
      text = this.buf;
      this.buf = '';
      this.scanFrom = 0;
    }

    let start = 0;
    const pending = this.buf;
    if (pending.length > 0) {
      // What is pending is the start of ONE message (everything before it was handed over).
      // Join to it only the rest of that message, not the whole chunk: a 10,000-item answer
      // would otherwise be copied once more, chunk by chunk.
      const seam = pending.slice(this.scanFrom) + text.slice(0, 3);
      const k = seam.indexOf('\r\n\r\n');
      let end = k === -1 ? -1 : this.scanFrom + k;
      if (end === -1) {
        const e = text.indexOf('\r\n\r\n');
        if (e !== -1) end = pending.length + e;
      }
      if (end === -1) {
        // A message longer than what came so far (a long Command output): keep gathering.
        this.buf = pending + text;
        this.scanFrom = Math.max(0, this.buf.length - 3);
        return;
      }
      start = end + 4 - pending.length;
      const head = pending + text.slice(0, start);
      this.buf = '';
      onBlock(head, 0, end);
    }

    const buf = text;
    for (;;) {
      const end = buf.indexOf('\r\n\r\n', start);
      if (end === -1) break;
      onBlock(buf, start, end);
      start = end + 4;
    }
    this.buf = start === 0 ? buf : buf.slice(start);
    // The terminator may straddle this chunk and the next: re-examine the last 3 characters.
    this.scanFrom = Math.max(0, this.buf.length - 3);
  }

  /** The message in `buf[start, end)` (one block handed over by `pushBlocks`); null if empty. */
  parse(buf: string, start = 0, end = buf.length): AmiMessage | null {
    return parseBlock(buf, start, end, this.keys, this.values);
  }

  /** True until the first line has been seen (only when a banner is expected). */
  get awaitingBanner(): boolean {
    return this.expectBanner;
  }

  /** Characters buffered but not yet part of a complete message (for diagnostics and tests). */
  get pending(): number {
    return this.buf.length;
  }

  /** Forget buffered data, e.g. when a new connection starts. */
  reset(options: AmiParserOptions = {}): void {
    this.buf = '';
    this.scanFrom = 0;
    this.banner = null;
    this.expectBanner = options.expectBanner ?? true;
    this.decoder.end();
  }

  /** Consumes the banner line if complete. Returns false while the first line is still partial. */
  private takeBanner(): boolean {
    const eol = this.buf.indexOf('\r\n');
    if (eol === -1) {
      // Not a banner after all if what we have cannot be the start of one: parse it as a message.
      const head = this.buf.slice(0, AMI_BANNER_PREFIX.length);
      if (!AMI_BANNER_PREFIX.startsWith(head)) this.expectBanner = false;
      return !this.expectBanner;
    }
    this.expectBanner = false;
    const line = this.buf.slice(0, eol);
    if (line.startsWith(AMI_BANNER_PREFIX)) {
      this.banner = line;
      this.buf = this.buf.slice(eol + 2);
    }
    return true;
  }
}

/** Parses the lines in buf[start, end) into one message; null for a block with no fields. */
function parseBlock(
  buf: string,
  start: number,
  end: number,
  keys: string[] = [],
  values: string[] = [],
): AmiMessage | null {
  const fields: Array<readonly [string, string]> = [];
  let ls = start;
  while (ls < end) {
    let le = buf.indexOf('\r\n', ls);
    if (le === -1 || le > end) le = end;
    let ve = le;
    while (ve > ls && buf.charCodeAt(ve - 1) === LF) ve--;
    if (ve > ls) {
      const colon = buf.indexOf(':', ls);
      if (colon === -1 || colon >= ve) {
        // A line without a colon (not produced by Asterisk 20+): kept as a key with no value.
        fields.push([buf.slice(ls, ve), '']);
      } else {
        let vs = colon + 1;
        if (vs < ve && buf.charCodeAt(vs) === SPACE) vs++;
        const i = fields.length;
        let key = keys[i];
        if (key === undefined || key.length !== colon - ls || !buf.startsWith(key, ls)) {
          key = buf.slice(ls, colon);
          keys[i] = key;
        }
        let value = values[i];
        if (value === undefined || value.length !== ve - vs || !buf.startsWith(value, vs)) {
          value = buf.slice(vs, ve);
          values[i] = value;
        }
        fields.push([key, value]);
      }
    }
    ls = le + 2;
  }
  return fields.length === 0 ? null : { fields };
}

/** Convenience for tests and tools: all messages in a complete byte string. */
export function parseAll(
  data: Buffer | string,
  options?: AmiParserOptions,
): { banner: string | null; messages: AmiMessage[] } {
  const parser = new AmiParser(options);
  const messages = parser.push(data);
  return { banner: parser.banner, messages };
}
