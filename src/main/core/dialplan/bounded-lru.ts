/**
 * Values worked out from a key string alone, kept for every host: a regex compiled from a
 * dialplan pattern depends on the pattern and nothing else, so no host sees another's data
 * through it. Bounded, least recently used out first: a long-running app meets many hosts'
 * patterns, and one host's check asks each of its patterns once per number (10,000 times on a
 * large host), which a bound well above any one host's pattern count keeps from missing.
 */
export class BoundedLru<V> {
  private readonly entries = new Map<string, V>();

  constructor(private readonly limit: number) {}

  get(key: string, make: (key: string) => V): V {
    const entries = this.entries;
    if (entries.has(key)) {
      const v = entries.get(key) as V;
      // Map keeps insertion order: moved to the end, it is the last to go.
      entries.delete(key);
      entries.set(key, v);
      return v;
    }
    const v = make(key);
    entries.set(key, v);
    if (entries.size > this.limit) entries.delete(entries.keys().next().value!);
    return v;
  }

  get size(): number {
    return this.entries.size;
  }
}
