import { InputValidationError } from '../config/validate';

/**
 * The codecs one Asterisk knows, from `core show codecs` (main/codec.c's show_codecs): after the
 * disclaimer, a header and a dashed rule, one line per codec `ID TYPE NAME FORMAT (DESCRIPTION)`.
 * `allow=` takes the FORMAT name; a codec without a cached format ("no cached format") cannot be
 * allowed. `all` is always accepted.
 */
export function parseCoreShowCodecs(lines: string[]): Set<string> {
  const out = new Set<string>(['all']);
  for (const line of lines) {
    const m = /^\s*\d+\s+\S+\s+\S+\s+(.*?)\s+\(.*\)\s*$/.exec(line);
    if (!m) continue;
    const format = m[1]!.trim();
    if (format && format !== 'no cached format') out.add(format.toLowerCase());
  }
  return out;
}

export interface CodecSource {
  command(cli: string, options?: { timeoutMs?: number }): Promise<string[]>;
}

/**
 * How long a change waits for the list. Asterisk answers it at once unless this connection is
 * stuck behind something slow (a dialplan reload of a big host): then the change goes ahead
 * unchecked rather than wait, and the verify after reload remains the check.
 */
export const CODEC_LIST_TIMEOUT_MS = 2_000;

/**
 * Each host's codec list, asked once and kept until the AMI connection is re-made (a restart may
 * have loaded another codec module). When it cannot be asked (no AMI user, AMI down) nothing is
 * refused here: the verify after reload still catches what Asterisk did not take.
 */
export class CodecCatalog {
  private known: Promise<Set<string> | null> | null = null;
  /** The list once it has come, for a change that names no codecs: it never waits for one. */
  private arrived: Set<string> | null = null;

  constructor(private readonly source: () => Promise<CodecSource | null>) {}

  get(): Promise<Set<string> | null> {
    if (this.known) return this.known;
    // A list asked before forget() (a new AMI connection) is not this connection's.
    const known: Promise<Set<string> | null> = this.fetch().then(
      (set) => {
        if (this.known !== known) return set;
        this.arrived = set;
        // None read: asked again by the next change, which may find the AMI back.
        if (!set) this.known = null;
        return set;
      },
      () => {
        if (this.known === known) this.known = null;
        return null;
      },
    );
    this.known = known;
    return known;
  }

  private async fetch(): Promise<Set<string> | null> {
    const ami = await this.source();
    if (!ami) return null;
    const lines = await ami.command('core show codecs', { timeoutMs: CODEC_LIST_TIMEOUT_MS });
    const set = parseCoreShowCodecs(lines);
    // Only `all`: not the table we expect (another Asterisk's wording); check nothing then.
    return set.size > 1 ? set : null;
  }

  forget(): void {
    this.known = null;
    this.arrived = null;
  }

  /**
   * Refuses a codec list naming a codec this Asterisk does not know, naming the codec and entry.
   * Otherwise says what the check could vouch for: the host's list when it was read (asked for
   * a list given; the one already here for a change that names none), else nothing.
   */
  async check(codecs: unknown): Promise<CodecCheck> {
    if (!Array.isArray(codecs) || !codecs.every((c) => typeof c === 'string'))
      return new CodecCheck(this.arrived);
    const known = await this.get();
    if (!known) return new CodecCheck(null);
    const bad = (codecs as string[])
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => !known.has(c.toLowerCase()));
    if (bad.length === 0) return new CodecCheck(known);
    throw new InputValidationError(
      bad
        .map(
          ({ c, i }) =>
            `codecs.${i}: "${c}" is not a codec this Asterisk knows${suggest(c, known)}`,
        )
        .join('; '),
      ['codecs'],
    );
  }
}

/**
 * What a change's codecs were checked against before the write: the host's `core show codecs`,
 * or nothing (no AMI user, AMI down, the list not answered in time). The verify after reload
 * names Codecs as the suspect of an endpoint Asterisk did not load only for codecs not vouched for.
 */
export class CodecCheck {
  constructor(private readonly known: ReadonlySet<string> | null) {}

  /** Whether the host's list was read. */
  get listed(): boolean {
    return this.known !== null;
  }

  /** The codecs of `codecs` the host's list does not hold: every one when it was not read. */
  unvouched(codecs: readonly string[]): string[] {
    const known = this.known;
    return known ? codecs.filter((c) => !known.has(c.toLowerCase())) : [...codecs];
  }
}

export const UNCHECKED_CODECS = new CodecCheck(null);

/** ", did you mean g729?" for a near miss (one or two edits away), else the usual names. */
function suggest(codec: string, known: Set<string>): string {
  let best: string | null = null;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(codec.toLowerCase(), k);
    if (d < bestD) [best, bestD] = [k, d];
  }
  if (best) return ` (did you mean ${best}?)`;
  const common = ['ulaw', 'alaw', 'g722', 'opus'].filter((c) => known.has(c));
  return common.length ? ` (core show codecs lists e.g. ${common.join(', ')})` : '';
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++)
      cur[j] = Math.min(
        prev[j]! + 1,
        cur[j - 1]! + 1,
        prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    prev = cur;
  }
  return prev[b.length]!;
}
