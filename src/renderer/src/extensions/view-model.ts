import type { ExtensionRow } from '../../../shared/types';
import type { RegistrationState } from '../../../shared/types';

export type StatusFilter = 'all' | RegistrationState | 'disabled';
export type SortKey = 'number' | 'name' | 'status' | 'address';
export interface SortSpec {
  key: SortKey;
  dir: 1 | -1;
}

export function rowStatus(r: ExtensionRow): RegistrationState {
  return r.live?.registration ?? 'offline';
}

const STATUS_ORDER: Record<RegistrationState, number> = {
  online: 0,
  unreachable: 1,
  unknown: 2,
  offline: 3,
};
const collator = new Intl.Collator(undefined, { numeric: true, sensitivity: 'base' });

export function filterAndSort(
  rows: ExtensionRow[],
  search: string,
  filter: StatusFilter,
  sort: SortSpec,
): ExtensionRow[] {
  const q = search.trim().toLowerCase();
  const out = rows.filter((r) => {
    if (
      filter === 'disabled'
        ? r.enabled
        : filter !== 'all' && (!r.enabled || rowStatus(r) !== filter)
    )
      return false;
    if (!q) return true;
    return (
      r.number.includes(q) ||
      r.displayName.toLowerCase().includes(q) ||
      (r.live?.address ?? '').includes(q) ||
      (r.live?.userAgent ?? '').toLowerCase().includes(q)
    );
  });
  const cmp: Record<SortKey, (a: ExtensionRow, b: ExtensionRow) => number> = {
    number: (a, b) => collator.compare(a.number, b.number),
    name: (a, b) =>
      collator.compare(a.displayName, b.displayName) || collator.compare(a.number, b.number),
    status: (a, b) =>
      STATUS_ORDER[rowStatus(a)] - STATUS_ORDER[rowStatus(b)] ||
      collator.compare(a.number, b.number),
    address: (a, b) =>
      collator.compare(a.live?.address ?? '~', b.live?.address ?? '~') ||
      collator.compare(a.number, b.number),
  };
  const c = cmp[sort.key];
  return out.sort((a, b) => c(a, b) * sort.dir);
}

export function counts(rows: ExtensionRow[]): Record<StatusFilter, number> {
  const n: Record<StatusFilter, number> = {
    all: rows.length,
    online: 0,
    unreachable: 0,
    unknown: 0,
    offline: 0,
    disabled: 0,
  };
  for (const r of rows) {
    if (!r.enabled) n.disabled++;
    else n[rowStatus(r)]++;
  }
  return n;
}
