import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { ExtensionRow } from '../../../shared/types';
import { perf } from '../api/perf';
import { ExtensionRowView } from './ExtensionRowView';
import type { SortKey, SortSpec } from './view-model';

export const ROW_HEIGHT = 44;

const COLUMNS: Array<{ label: string; sort?: SortKey }> = [
  { label: '' },
  { label: 'Number', sort: 'number' },
  { label: 'Name', sort: 'name' },
  { label: 'Address', sort: 'address' },
  { label: 'User agent' },
  { label: 'RTT' },
  { label: 'State', sort: 'status' },
  { label: 'Context' },
  { label: 'Source' },
  { label: '' },
];

/** Only the rows in view (plus a few) exist in the DOM: 10,000 rows cost what 30 do. */
export function ExtensionTable(props: {
  host: string;
  rows: ExtensionRow[];
  /** Bumped when a fresh list arrived from the PBX (not on live updates). */
  loadCount: number;
  sort: SortSpec;
  onSort(key: SortKey): void;
  onMenu(row: ExtensionRow, anchor: HTMLElement): void;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const v = useVirtualizer({
    count: props.rows.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_HEIGHT,
    overscan: 12,
    getItemKey: (i) => props.rows[i]!.number,
  });

  // "Painted": the frame after React committed the rows for freshly loaded data.
  useEffect(() => {
    const rows = props.rows.length;
    const host = props.host;
    requestAnimationFrame(() =>
      setTimeout(() => perf.record('tablePaint', { host, rows, at: performance.now() }), 0),
    );
  }, [props.loadCount]);

  return (
    <div
      className="ext-table"
      role="table"
      aria-rowcount={props.rows.length}
      data-testid="ext-table"
      data-rows={props.rows.length}
    >
      <div className="ext-head ext-grid" role="row">
        {COLUMNS.map((c, i) => (
          <div
            key={i}
            role="columnheader"
            className="cell"
            aria-sort={
              c.sort && props.sort.key === c.sort
                ? props.sort.dir === 1
                  ? 'ascending'
                  : 'descending'
                : undefined
            }
          >
            {c.sort ? (
              <button type="button" onClick={() => props.onSort(c.sort!)}>
                {c.label}
                {props.sort.key === c.sort ? (props.sort.dir === 1 ? ' ▲' : ' ▼') : ''}
              </button>
            ) : (
              c.label
            )}
          </div>
        ))}
      </div>
      <div className="ext-scroll" ref={scrollRef} data-testid="ext-scroll" tabIndex={0}>
        <div style={{ height: v.getTotalSize(), position: 'relative' }}>
          {v.getVirtualItems().map((item) => (
            <ExtensionRowView
              key={item.key}
              row={props.rows[item.index]!}
              index={item.index}
              start={item.start}
              onMenu={props.onMenu}
            />
          ))}
        </div>
      </div>
    </div>
  );
}
