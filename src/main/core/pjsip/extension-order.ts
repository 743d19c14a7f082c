/**
 * The order admins read extensions in: by number, managed and hand-written mixed (`99` before
 * `100`, `1001` before `1002`). Hand-written endpoints may have names that are not numbers: those
 * follow the numbers, in natural order.
 */
export function compareExtensionNumbers(a: string, b: string): number {
  const an = /^\d+$/.test(a);
  const bn = /^\d+$/.test(b);
  if (an && bn) {
    // Digit strings compare by value without Number's precision limit: shorter is smaller.
    const x = a.replace(/^0+(?=\d)/, '');
    const y = b.replace(/^0+(?=\d)/, '');
    return x.length - y.length || (x < y ? -1 : x > y ? 1 : 0) || a.length - b.length;
  }
  if (an !== bn) return an ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

export function sortByNumber<T extends { number: string }>(rows: T[]): T[] {
  return [...rows].sort((p, q) => compareExtensionNumbers(p.number, q.number));
}
