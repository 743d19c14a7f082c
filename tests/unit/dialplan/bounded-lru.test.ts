import { describe, expect, it } from 'vitest';
import { BoundedLru } from '../../../src/main/core/dialplan/bounded-lru';
import { PATTERNS_KEPT, patternRegex } from '../../../src/main/core/dialplan/collisions';

describe('compiled patterns: shared by hosts, bounded', () => {
  it('works a key out once, keeps at most the bound, and keeps what was used lately', () => {
    const made: string[] = [];
    const lru = new BoundedLru<string>(4);
    const get = (k: string) => lru.get(k, (key) => (made.push(key), key.toUpperCase()));
    expect([get('a'), get('b'), get('c'), get('a')]).toEqual(['A', 'B', 'C', 'A']);
    expect(made).toEqual(['a', 'b', 'c']);
    // `a` was used again after `b`: `d` and `e` push `b` out, `a` stays.
    get('d');
    get('e');
    expect(lru.size).toBeLessThanOrEqual(4);
    get('a');
    expect(made).toEqual(['a', 'b', 'c', 'd', 'e']);
    get('b');
    expect(made).toEqual(['a', 'b', 'c', 'd', 'e', 'b']);
    for (const k of 'fghijklmnop') get(k);
    expect(lru.size).toBeLessThanOrEqual(4);
  });

  it('a pattern is compiled once while in use, and many hosts’ patterns do not grow it past the bound', () => {
    const re = patternRegex('_2XX');
    expect(re?.test('201')).toBe(true);
    expect(patternRegex('_2XX')).toBe(re);
    for (let i = 0; i < PATTERNS_KEPT + 10; i++) patternRegex(`_9${i}X`);
    // Pushed out by the others, then compiled again: the same answers either way.
    const again = patternRegex('_2XX');
    expect(again).not.toBe(re);
    expect(again?.source).toBe(re?.source);
    expect(patternRegex('_2XX')).toBe(again);
    expect(patternRegex('1001')).toBeNull();
  });
});
