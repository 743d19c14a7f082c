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

  constructor(private readonly source: () => Promise<CodecSource | null>) {}

  get(): Promise<Set<string> | null> {
    this.known ??= this.fetch().then(
      (set) => {
        if (!set) this.known = null;
        return set;
      },
      () => {
        this.known = null;
        return null;
      },
    );
    return this.known;
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
  }

  /** Refuses a codec list naming a codec this Asterisk does not know, naming the codec and entry. */
  async check(codecs: unknown): Promise<void> {
    if (!Array.isArray(codecs) || !codecs.every((c) => typeof c === 'string')) return;
    const known = await this.get();
    if (!known) return;
    const bad = (codecs as string[])
      .map((c, i) => ({ c, i }))
      .filter(({ c }) => !known.has(c.toLowerCase()));
    if (bad.length === 0) return;
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
