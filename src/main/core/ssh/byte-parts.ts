import { createHash, type Hash } from 'node:crypto';

/**
 * A file's bytes as the pieces they were made of, with its sha256 worked out once and resumable.
 * A piece is a view: it keeps the whole buffer it came from (at most the last read's, per file,
 * until enough splices make it join).
 *
 * A change to a 4.5 MB pjsip.conf is a splice: the new file is the old one's head, a few hundred
 * new bytes, and the old one's tail. Joining them into one new Buffer after every write, and
 * hashing all of them, cost a change more than the console's other work put together: every fresh
 * megabyte is page faults (~5 ms a megabyte on the VMs we measured), and SHA-256 reads every
 * byte. Here the new bytes are the old pieces (views, no copy) around the new middle, and the
 * hash resumes from the state it had at the last checkpoint before the change (the bytes before
 * it are the same in both files), so only what follows is hashed.
 */
export class ByteParts {
  /** Hash states after every CHECKPOINT bytes: [offset, state]; offset 0 is the empty hash. */
  private marks: Array<[number, Hash]> | null = null;
  private digest: string | null = null;

  private constructor(
    private parts: Buffer[],
    readonly length: number,
    /** A file whose first `sharedHead` bytes are these: its hash states up to there are ours. */
    private base: { of: ByteParts; sharedHead: number } | null,
  ) {}

  static of(bytes: Buffer): ByteParts {
    return new ByteParts(bytes.length > 0 ? [bytes] : [], bytes.length, null);
  }

  /** `prev`'s bytes [0, head), then `middle`, then `prev`'s bytes [tailFrom, end). */
  static spliced(prev: ByteParts, head: number, middle: Buffer, tailFrom: number): ByteParts {
    const parts = [...prev.range(0, head), ...(middle.length > 0 ? [middle] : [])];
    parts.push(...prev.range(tailFrom, prev.length));
    const length = head + middle.length + (prev.length - tailFrom);
    const made = new ByteParts(parts, length, { of: prev, sharedHead: head });
    // Every splice adds up to two pieces: past a few dozen, one copy is cheaper than the walks.
    if (parts.length > MAX_PARTS) made.join();
    return made;
  }

  /** Views of the bytes [from, to), in order; no copy. */
  range(from: number, to: number): Buffer[] {
    if (!(from >= 0 && from <= to && to <= this.length))
      throw new RangeError(`bytes [${from}, ${to}) of ${this.length}`);
    const out: Buffer[] = [];
    let at = 0;
    for (const p of this.parts) {
      const end = at + p.length;
      if (end > from && at < to)
        out.push(p.subarray(Math.max(0, from - at), Math.min(p.length, to - at)));
      at = end;
      if (at >= to) break;
    }
    return out;
  }

  /** The bytes [from, to) in one Buffer (a copy only when they span pieces). */
  slice(from: number, to: number): Buffer {
    const r = this.range(from, to);
    return r.length === 1 ? r[0]! : Buffer.concat(r, to - from);
  }

  /** All the bytes in one Buffer: joined once, then kept joined. */
  join(): Buffer {
    if (this.parts.length !== 1) this.parts = [Buffer.concat(this.parts, this.length)];
    return this.parts[0] ?? Buffer.alloc(0);
  }

  /** sha256 in hex, resuming from the base's last hash state inside the head both share. */
  sha256(): string {
    if (this.digest !== null) return this.digest;
    const marks: Array<[number, Hash]> = [];
    let from = 0;
    let h: Hash = createHash('sha256');
    const inherited = this.base?.of.marks;
    if (inherited) {
      for (const m of inherited) {
        if (m[0] > this.base!.sharedHead) break;
        marks.push(m);
      }
      const last = marks[marks.length - 1];
      if (last) {
        from = last[0];
        h = last[1].copy();
      }
    }
    if (marks.length === 0) marks.push([0, h.copy()]);
    let at = from;
    for (const p of this.range(from, this.length)) {
      let i = 0;
      while (i < p.length) {
        const next = (Math.floor(at / CHECKPOINT) + 1) * CHECKPOINT;
        const n = Math.min(p.length - i, next - at);
        h.update(p.subarray(i, i + n));
        i += n;
        at += n;
        if (at === next) marks.push([at, h.copy()]);
      }
    }
    this.marks = marks;
    // The base is not needed again: holding it would keep every earlier version alive.
    this.base = null;
    this.digest = h.digest('hex');
    return this.digest;
  }
}

/** Hash states are kept every this many bytes: a change re-hashes at most this much before it. */
const CHECKPOINT = 256 * 1024;
const MAX_PARTS = 48;
