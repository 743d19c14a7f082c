/** Characters compared per slice: native compares of bounded pieces. */
const SLICE = 64 * 1024;

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/**
 * How many characters `next` and `prev` share at their start (head) and, in what is left, at
 * their end (tail): an edit is a splice, so both usually cover almost all of a large file. Whole
 * slices are compared first (a native string compare), then character by character. Neither end
 * cuts a surrogate pair (one character of UTF-8); the head gives a cut pair's high half back
 * before the tail is measured, so the tail can take it. A binary text (one character a byte) has
 * no surrogates.
 */
export function commonEnds(next: string, prev: string): { head: number; tail: number } {
  const max = Math.min(prev.length, next.length);
  let head = 0;
  while (head + SLICE <= max && next.slice(head, head + SLICE) === prev.slice(head, head + SLICE))
    head += SLICE;
  while (head < max && next.charCodeAt(head) === prev.charCodeAt(head)) head++;
  if (head > 0 && isHigh(prev.charCodeAt(head - 1))) head--;
  const room = max - head;
  let tail = 0;
  while (
    tail + SLICE <= room &&
    next.slice(next.length - tail - SLICE, next.length - tail) ===
      prev.slice(prev.length - tail - SLICE, prev.length - tail)
  )
    tail += SLICE;
  while (
    tail < room &&
    next.charCodeAt(next.length - 1 - tail) === prev.charCodeAt(prev.length - 1 - tail)
  )
    tail++;
  if (tail > 0 && isLow(prev.charCodeAt(prev.length - tail))) tail--;
  return { head, tail };
}
