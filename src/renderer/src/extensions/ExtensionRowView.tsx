import { memo } from 'react';
import type { ExtensionRow } from '../../../shared/types';
import { StatusDot } from '../components/StatusDot';
import { rowStatus } from './view-model';

export type RowAction = 'edit' | 'softphone' | 'enable' | 'disable' | 'delete' | 'adopt';

/** "unknown since 10:42 — AMI connection lost": what is not known says since when and why. */
function unknownText(l: NonNullable<ExtensionRow['live']>): string {
  const since = new Date(l.updatedAt).toLocaleTimeString([], {
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  });
  return `unknown since ${since}${l.reason ? ` — ${l.reason}` : ''}`;
}

function liveTitle(r: ExtensionRow): string {
  const l = r.live;
  if (l?.registration === 'unknown') return unknownText(l);
  if (!l || l.registration === 'offline') return 'offline';
  return `${l.registration}${l.contactUri ? ` — ${l.contactUri}` : ''}`;
}

/** Plain elements only: this renders for every row that scrolls into view. */
export const ExtensionRowView = memo(function ExtensionRowView(props: {
  row: ExtensionRow;
  index: number;
  start: number;
  onMenu(row: ExtensionRow, anchor: HTMLElement): void;
}) {
  const r = props.row;
  const status = rowStatus(r);
  const l = r.live;
  return (
    <div
      className="ext-row ext-grid"
      role="row"
      style={{ transform: `translateY(${props.start}px)` }}
      data-index={props.index}
      data-number={r.number}
      data-status={status}
      data-disabled={!r.enabled}
    >
      <div className="cell" role="cell" title={liveTitle(r)}>
        <StatusDot status={status} ringing={l?.callState === 'ringing'} />
      </div>
      <div className="cell mono" role="cell">
        {r.number}
      </div>
      <div className="cell" role="cell">
        {r.displayName}
      </div>
      {l?.registration === 'unknown' ? (
        // Address, user agent and round trip are not known: the why takes their room, so the
        // reason is read, not cut off.
        <div
          className="cell"
          role="cell"
          data-testid="ext-address"
          style={{ gridColumn: 'span 3' }}
          title={unknownText(l)}
        >
          <span className="unknown-since">{unknownText(l)}</span>
        </div>
      ) : (
        <>
          <div className="cell mono" role="cell" data-testid="ext-address">
            {l?.address ?? ''}
          </div>
          <div className="cell" role="cell" title={l?.userAgent ?? ''}>
            {l?.userAgent ?? ''}
          </div>
          <div className="cell mono" role="cell">
            {l?.roundTripMs != null
              ? `${l.roundTripMs.toFixed(l.roundTripMs < 10 ? 1 : 0)} ms`
              : ''}
          </div>
        </>
      )}
      <div className="cell" role="cell" data-testid="ext-call-state">
        <CallStateCell row={r} />
      </div>
      <div className="cell mono dim" role="cell" data-testid="ext-context" title={r.context}>
        {r.context}
      </div>
      <div className="cell" role="cell">
        {r.managed ? (
          <span className="pill" data-tone="indigo">
            managed
          </span>
        ) : (
          <span
            className="pill"
            data-tone="gray"
            data-outline
            title="Written by hand outside managed blocks: shown, never edited"
          >
            unmanaged
          </span>
        )}
      </div>
      <div className="cell" role="cell">
        <button
          type="button"
          className="row-action"
          aria-label={`Actions for ${r.number}`}
          data-testid={`ext-actions-${r.number}`}
          onClick={(e) => props.onMenu(r, e.currentTarget)}
        >
          ⋯
        </button>
      </div>
    </div>
  );
});

/**
 * The call state, from the same live source as the dot: a phone whose live state is not known
 * has no known call state either ("unknown", never "idle").
 */
function CallStateCell({ row: r }: { row: ExtensionRow }) {
  const l = r.live;
  if (!r.enabled)
    return (
      <span className="pill" data-tone="gray" data-outline>
        disabled
      </span>
    );
  if (!l) return <span className="dim">—</span>;
  if (l.registration === 'unknown') return <span className="dim">unknown</span>;
  if (l.callState === 'ringing')
    return (
      <span className="pill" data-tone="orange">
        ringing
      </span>
    );
  if (l.callState === 'in-call')
    return (
      <span className="pill" data-tone="blue">
        in call
      </span>
    );
  return <span className="dim">idle</span>;
}
