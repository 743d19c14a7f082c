/**
 * The lines of `s[from, to)`, one `next()` each, without a string per line: the fast readers
 * look at a line's first visible character before deciding whether to read it at all.
 */
export class LineWalk {
  /** Offset of the current line's first character above a space; `=== nl` when it is blank. */
  first = 0;
  /** Offset where the current line ends (its `\n`, or `to`). */
  nl = 0;
  /** Where the next line starts; a reader may move it forward to skip lines. */
  pos: number;

  constructor(
    readonly s: string,
    from: number,
    private readonly to: number,
  ) {
    this.pos = from;
  }

  next(): boolean {
    const s = this.s;
    const pos = this.pos;
    if (pos >= this.to) return false;
    let nl = s.indexOf('\n', pos);
    if (nl === -1 || nl > this.to) nl = this.to;
    let first = pos;
    while (first < nl && s.charCodeAt(first) <= 32) first++;
    this.first = first;
    this.nl = nl;
    this.pos = nl + 1;
    return true;
  }
}
