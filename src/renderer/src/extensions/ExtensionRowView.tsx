import { ActionIcon, Badge, Menu } from '@mantine/core';
import { memo } from 'react';
import type { ExtensionRow } from '../../../main/core/fleet/fleet-api';
import { StatusDot } from '../components/StatusDot';
import { rowStatus } from './view-model';

export type RowAction = 'edit' | 'softphone' | 'enable' | 'disable' | 'delete';

function liveTitle(r: ExtensionRow): string {
  const l = r.live;
  if (!l || l.registration === 'offline') return 'offline';
  return `${l.registration}${l.contactUri ? ` — ${l.contactUri}` : ''}`;
}

export const ExtensionRowView = memo(function ExtensionRowView(props: {
  row: ExtensionRow;
  index: number;
  start: number;
  onAction(action: RowAction, row: ExtensionRow): void;
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
        {r.displayName || <span style={{ opacity: 0.5 }}>—</span>}
      </div>
      <div className="cell mono" role="cell" data-testid="ext-address">
        {l?.address ?? ''}
      </div>
      <div className="cell" role="cell" title={l?.userAgent ?? ''}>
        {l?.userAgent ?? ''}
      </div>
      <div className="cell mono" role="cell">
        {l?.roundTripMs != null ? `${l.roundTripMs.toFixed(l.roundTripMs < 10 ? 1 : 0)} ms` : ''}
      </div>
      <div className="cell" role="cell">
        {l?.callState === 'ringing' ? (
          <Badge size="sm" color="orange" variant="light">
            ringing
          </Badge>
        ) : l?.callState === 'in-call' ? (
          <Badge size="sm" color="blue" variant="light">
            in call
          </Badge>
        ) : !r.enabled ? (
          <Badge size="sm" color="gray" variant="outline">
            disabled
          </Badge>
        ) : (
          <span className="mono" style={{ opacity: 0.7 }}>
            {r.context}
          </span>
        )}
      </div>
      <div className="cell" role="cell">
        {r.managed ? (
          <Badge size="sm" variant="light">
            managed
          </Badge>
        ) : (
          <Badge
            size="sm"
            variant="outline"
            color="gray"
            title="Written by hand outside managed blocks: shown, never edited"
          >
            unmanaged
          </Badge>
        )}
      </div>
      <div className="cell" role="cell">
        <Menu position="bottom-end" withinPortal>
          <Menu.Target>
            <ActionIcon
              variant="subtle"
              aria-label={`Actions for ${r.number}`}
              data-testid={`ext-actions-${r.number}`}
            >
              ⋯
            </ActionIcon>
          </Menu.Target>
          <Menu.Dropdown>
            <Menu.Item onClick={() => props.onAction('softphone', r)}>Softphone settings</Menu.Item>
            <Menu.Item disabled={!r.managed} onClick={() => props.onAction('edit', r)}>
              Edit
            </Menu.Item>
            {r.enabled ? (
              <Menu.Item disabled={!r.managed} onClick={() => props.onAction('disable', r)}>
                Disable
              </Menu.Item>
            ) : (
              <Menu.Item disabled={!r.managed} onClick={() => props.onAction('enable', r)}>
                Enable
              </Menu.Item>
            )}
            <Menu.Item
              color="red"
              disabled={!r.managed}
              onClick={() => props.onAction('delete', r)}
            >
              Delete
            </Menu.Item>
          </Menu.Dropdown>
        </Menu>
      </div>
    </div>
  );
});
