/**
 * Values worked out from a key string alone, kept for every host: a regex compiled from a
 * dialplan pattern depends on the pattern and nothing else, so no host sees another's data
 * through it. Bounded, recently used kept: a long-running app meets many hosts' patterns, and
 * one host's check asks each of its patterns once per number (10,000 times on a large host).
 *
 * Two generations rather than a strict LRU: a hit in the young one is a plain Map lookup (a
 * strict LRU reorders on every hit, which costs that check several times over); a key found
 * only in the old one moves to the young; when the young is full it becomes the old and the old
 * is dropped. So at most `limit` entries, and whatever was used since the last turn stays.
 */
export class BoundedLru<V> {
  private young = new Map<string, V>();
  private old = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string, make: (key: string) => V): V {
    if (this.young.has(key)) return this.young.get(key) as V;
    const v = this.old.has(key) ? (this.old.get(key) as V) : make(key);
    this.old.delete(key);
    if (this.young.size >= Math.max(1, Math.floor(this.limit / 2))) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(key, v);
    return v;
  }

  get size(): number {
    return this.young.size + this.old.size;
  }
}
