import { Menu } from '@mantine/core';
import type { ExtensionRow } from '../../../shared/types';
import { useMutes } from '../stores/mutes';
import type { RowAction } from './ExtensionRowView';

/**
 * One actions menu for the whole table, anchored where the row's ⋯ button is. A menu per row
 * would mount 40 Mantine menus every time the list scrolls a screen.
 */
export function RowMenu(props: {
  host: string;
  target: { row: ExtensionRow; rect: DOMRect } | null;
  onClose(): void;
  onAction(action: RowAction, row: ExtensionRow): void;
}) {
  const t = props.target;
  const r = t?.row;
  const act = (a: RowAction) => () => r && props.onAction(a, r);
  const mutes = useMutes();
  const muted = r ? mutes.extensionMuted(props.host, r.number) : false;
  return (
    <Menu opened={!!t} onChange={(o) => !o && props.onClose()} position="bottom-end" withinPortal>
      <Menu.Target>
        <div
          aria-hidden
          style={{
            position: 'fixed',
            left: t?.rect.left ?? 0,
            top: t?.rect.top ?? 0,
            width: t?.rect.width ?? 0,
            height: t?.rect.height ?? 0,
            pointerEvents: 'none',
          }}
        />
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Label>Extension {r?.number}</Menu.Label>
        <Menu.Item onClick={act('softphone')}>Softphone settings</Menu.Item>
        <Menu.Item disabled={!r?.managed} onClick={act('edit')}>
          Edit
        </Menu.Item>
        {r?.enabled ? (
          <Menu.Item disabled={!r?.managed} onClick={act('disable')}>
            Disable
          </Menu.Item>
        ) : (
          <Menu.Item disabled={!r?.managed} onClick={act('enable')}>
            Enable
          </Menu.Item>
        )}
        <Menu.Item onClick={() => r && void mutes.toggleExtension(props.host, r.number)}>
          {muted ? 'Unmute notifications' : 'Mute notifications'}
        </Menu.Item>
        <Menu.Divider />
        <Menu.Item color="red" disabled={!r?.managed} onClick={act('delete')}>
          Delete
        </Menu.Item>
        {r && !r.managed ? (
          <>
            <Menu.Label>Written by hand: read-only until adopted</Menu.Label>
            <Menu.Item onClick={act('adopt')} data-testid="row-adopt">
              Adopt…
            </Menu.Item>
          </>
        ) : null}
      </Menu.Dropdown>
    </Menu>
  );
}
