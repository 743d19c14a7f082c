import type { ManagedBlock } from './managed';

/**
 * What was worked out from one host's config texts, kept for the next change on that host: the
 * managed blocks of the texts it listed or wrote last, and what readers made of those blocks
 * (keyed by ManagedBlock.key). A host session owns one and hands it to the edits it runs, so
 * hosts never see each other's entries, and closing the session drops them. Functions given no
 * memo work everything out afresh: the answers are the same, only slower on a large file.
 */
export class ConfigMemo {
  private readonly listings: BlockListing[] = [];
  private readonly tables = new Map<string, WeakMap<object, unknown>>();

  /** The listing of exactly this text (`===`), made the most recently used; else null. */
  listing(text: string): BlockListing | null {
    const all = this.listings;
    for (let i = 0; i < all.length; i++) {
      const m = all[i]!;
      if (m.text.length !== text.length || m.text !== text) continue;
      // Most recently used first: the file being edited must outlive the texts its edits make.
      if (i > 0) all.unshift(...all.splice(i, 1));
      return m;
    }
    return null;
  }

  remember(listing: BlockListing): void {
    const all = this.listings;
    const i = all.findIndex((m) => m.text === listing.text);
    if (i !== -1) all.splice(i, 1);
    all.unshift(listing);
    if (all.length > LISTINGS_KEPT) all.length = LISTINGS_KEPT;
  }

  /**
   * One reader's table of what it read from a block body, keyed by the body's key. `T` is the
   * reader's own: each reader names its table and is the only one to use that name.
   */
  table<T>(reader: string): WeakMap<object, T> {
    let t = this.tables.get(reader);
    if (!t) this.tables.set(reader, (t = new WeakMap()));
    return t as WeakMap<object, T>;
  }

  /** Texts whose blocks are remembered (tests: what a session holds). */
  get size(): number {
    return this.listings.length;
  }

  clear(): void {
    this.listings.length = 0;
    this.tables.clear();
  }
}

/**
 * An extension change lists the blocks of the file it edits, then of the file it wrote (to
 * regenerate the dialplan from it), then of extensions.conf: 20,000 markers each on a
 * 10,000-extension host. A few entries, so that the two files of a host do not push each other out.
 */
const LISTINGS_KEPT = 4;

/**
 * The managed blocks of one text. Strings are immutable, so this is exact: it only answers for the
 * same text. `comments`: whether the text holds `;--` anywhere, kept so that an edit's result is
 * known to have none without searching megabytes again (a splice of whole lines only adds what it
 * inserts).
 */
export interface BlockListing {
  text: string;
  blocks: readonly ManagedBlock[];
  comments: boolean;
}
