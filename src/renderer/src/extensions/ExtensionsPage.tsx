import { Alert, Button, Loader } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useEffect, useMemo, useState } from 'react';
import {
  patternCollisionOf,
  type DialplanChoice,
  type ExtensionRow,
  type PatternCollision,
} from '../../../shared/types';
import type { OutputOf } from '../../../shared/ipc';
import { ApiError, call, errorText } from '../api/client';
import { notifyApply, notifyError } from '../components/apply-notice';
import { ConfirmModal } from '../components/ConfirmButton';
import { HostPicker } from '../components/HostPicker';
import { PageHeader } from '../components/PageHeader';
import { ExportButton } from '../bulk/ExportButton';
import { WithHost } from '../components/WithHost';
import { useExtensions } from '../stores/extensions';
import { useUi } from '../stores/ui';
import { sampleOnline, seedHost } from '../stores/online-sampler';
import { AdoptModal } from './AdoptModal';
import { CollisionChoice } from './CollisionChoice';
import { ExtensionDrawer } from './ExtensionDrawer';
import type { RowAction } from './ExtensionRowView';
import { ExtensionTable } from './ExtensionTable';
import { ExtensionToolbar } from './ExtensionToolbar';
import { PasswordOnceModal } from './PasswordOnceModal';
import { RowMenu } from './RowMenu';
import { SoftphoneCard } from './SoftphoneCard';
import {
  counts,
  filterAndSort,
  type SortKey,
  type SortSpec,
  type StatusFilter,
} from './view-model';

export function ExtensionsPage() {
  return <WithHost>{(host) => <HostExtensions key={host} host={host} />}</WithHost>;
}

type Confirm = { action: 'enable' | 'disable' | 'delete'; row: ExtensionRow } | null;

function HostExtensions({ host }: { host: string }) {
  const go = useUi((s) => s.go);
  const data = useExtensions((s) => s.byHost[host]);
  const load = useExtensions((s) => s.load);
  const [loadCount, setLoadCount] = useState(0);
  const [search, setSearch] = useState('');
  const [debounced] = useDebouncedValue(search, 120);
  const [filter, setFilter] = useState<StatusFilter>('all');
  const [sort, setSort] = useState<SortSpec>({ key: 'number', dir: 1 });
  const [drawer, setDrawer] = useState<{ open: boolean; editing: ExtensionRow | null }>({
    open: false,
    editing: null,
  });
  const [created, setCreated] = useState<{ number: string; password: string } | null>(null);
  const [softphone, setSoftphone] = useState<string | null>(null);
  const [confirm, setConfirm] = useState<Confirm>(null);
  const [busy, setBusy] = useState(false);
  // Enabling puts the number's managed dialplan lines back: a hand-written pattern that handles
  // it meanwhile raises the same question as a create, asked in the confirmation itself.
  const [collision, setCollision] = useState<PatternCollision | null>(null);
  const closeConfirm = () => {
    setConfirm(null);
    setCollision(null);
  };
  const [menu, setMenu] = useState<{ row: ExtensionRow; rect: DOMRect } | null>(null);
  const [adopting, setAdopting] = useState<string[] | 'all' | null>(null);

  const reload = useCallback(
    () =>
      load(host).then(() => {
        setLoadCount((n) => n + 1);
        seedHost(host, useExtensions.getState().byHost[host]?.rows ?? []);
        sampleOnline();
      }),
    [host, load],
  );
  useEffect(() => {
    void reload();
  }, [reload]);

  const rows = data?.rows;
  const version = data?.version;
  const view = useMemo(
    () => (rows ? filterAndSort(rows, debounced, filter, sort) : []),
    [rows, version, debounced, filter, sort],
  );
  const tally = useMemo(() => counts(rows ?? []), [rows, version]);

  const onSort = useCallback(
    (key: SortKey) => setSort((s) => ({ key, dir: s.key === key ? (-s.dir as 1 | -1) : 1 })),
    [],
  );
  const onMenu = useCallback(
    (row: ExtensionRow, anchor: HTMLElement) =>
      setMenu({ row, rect: anchor.getBoundingClientRect() }),
    [],
  );
  const onAction = useCallback((action: RowAction, row: ExtensionRow) => {
    setMenu(null);
    if (action === 'edit') setDrawer({ open: true, editing: row });
    else if (action === 'softphone') setSoftphone(row.number);
    else if (action === 'adopt') setAdopting([row.number]);
    else setConfirm({ action, row });
  }, []);

  const runConfirm = async (dialplan?: DialplanChoice) => {
    if (!confirm) return;
    const { action, row } = confirm;
    setBusy(true);
    try {
      const r =
        action === 'delete'
          ? await call('extensions/delete', { host, number: row.number })
          : await call('extensions/setEnabled', {
              host,
              number: row.number,
              enabled: action === 'enable',
              ...(dialplan ? { dialplan } : {}),
            });
      notifyApply(`${action[0]!.toUpperCase()}${action.slice(1)} ${row.number}`, r.apply);
      closeConfirm();
      await reload();
    } catch (err) {
      const asked = err instanceof ApiError ? patternCollisionOf(err.code, err.details) : null;
      if (asked) {
        setCollision(asked);
        return;
      }
      notifyError(`${action} ${row.number}`, errorText(err));
      closeConfirm();
    } finally {
      setBusy(false);
    }
  };

  // A full pbx_config reload: changes never need one (they apply the dialplan live), but an
  // admin who edited extensions.conf by hand does. On a big host it takes tens of seconds.
  const [reloadingDialplan, setReloadingDialplan] = useState(false);
  const reloadDialplan = async () => {
    setReloadingDialplan(true);
    try {
      const r = await call('dialplan/reload', { host });
      notifications.show({
        color: 'green',
        title: 'Dialplan reloaded',
        message: `pbx_config reloaded in ${(r.reloadMs / 1000).toFixed(1)} s${r.waitedMs > 0 ? ` after waiting ${(r.waitedMs / 1000).toFixed(1)} s for another reload` : ''}`,
        'data-testid': 'dialplan-reload-notice',
      });
    } catch (err) {
      notifyError('Reload dialplan', errorText(err));
    } finally {
      setReloadingDialplan(false);
    }
  };

  const onSaved = (result: OutputOf<'extensions/create'>) => {
    setDrawer({ open: false, editing: null });
    if (result.password && result.extension)
      setCreated({ number: result.extension.number, password: result.password });
    void reload();
  };

  return (
    <div className="page">
      <PageHeader
        title="Extensions"
        subtitle="Read back from the PBX's pjsip.conf; live state from AMI."
      >
        <HostPicker />
        <Button variant="default" onClick={() => void reload()} loading={data?.loading}>
          Refresh
        </Button>
        <Button
          variant="default"
          onClick={() => void reloadDialplan()}
          loading={reloadingDialplan}
          data-testid="reload-dialplan"
        >
          Reload dialplan
        </Button>
        {rows?.some((r) => !r.managed) ? (
          <Button variant="default" onClick={() => setAdopting('all')} data-testid="adopt-all">
            Adopt hand-written…
          </Button>
        ) : null}
        <ExportButton host={host} />
        <Button variant="default" onClick={() => go('import')} data-testid="open-import">
          Import
        </Button>
        <Button
          onClick={() => setDrawer({ open: true, editing: null })}
          data-testid="add-extension"
        >
          Add extension
        </Button>
      </PageHeader>
      {data?.error ? (
        <Alert color="red" title="Could not read extensions">
          {data.error}
        </Alert>
      ) : null}
      <ExtensionToolbar
        search={search}
        onSearch={setSearch}
        filter={filter}
        onFilter={setFilter}
        counts={tally}
        shown={view.length}
      />
      {!rows && data?.loading !== false ? <Loader /> : null}
      <ExtensionTable
        host={host}
        rows={view}
        loadCount={loadCount}
        sort={sort}
        onSort={onSort}
        onMenu={onMenu}
      />
      <RowMenu
        host={host}
        // The row as it is now: a list refreshed while the menu is open (a change just made)
        // must not leave it offering Disable for a row that is disabled.
        target={
          menu && { ...menu, row: rows?.find((r) => r.number === menu.row.number) ?? menu.row }
        }
        onClose={() => setMenu(null)}
        onAction={onAction}
      />
      <ExtensionDrawer
        host={host}
        opened={drawer.open}
        editing={drawer.editing}
        onClose={() => setDrawer({ open: false, editing: null })}
        onSaved={onSaved}
      />
      <PasswordOnceModal
        number={created?.number ?? null}
        password={created?.password ?? null}
        onClose={() => setCreated(null)}
        onSoftphone={() => {
          setSoftphone(created?.number ?? null);
          setCreated(null);
        }}
      />
      <SoftphoneCard host={host} number={softphone} onClose={() => setSoftphone(null)} />
      <AdoptModal
        host={host}
        request={adopting}
        onClose={() => setAdopting(null)}
        onDone={() => {
          setAdopting(null);
          void reload();
        }}
      />
      <ConfirmModal
        opened={!!confirm}
        title={
          confirm
            ? `${confirm.action === 'delete' ? 'Delete' : confirm.action === 'enable' ? 'Enable' : 'Disable'} extension ${confirm.row.number}?`
            : ''
        }
        message={
          collision ? (
            <CollisionChoice
              collision={collision}
              busy={busy}
              onChoose={(choice) => void runConfirm(choice)}
            />
          ) : confirm?.action === 'delete' ? (
            'Its managed block leaves pjsip.conf and its dialplan line goes; Asterisk is reloaded and checked.'
          ) : confirm?.action === 'disable' ? (
            'It stays in pjsip.conf in a form Asterisk does not load; phones using it will drop.'
          ) : (
            'Asterisk loads it again after a reload.'
          )
        }
        confirmLabel={
          confirm ? `${confirm.action[0]!.toUpperCase()}${confirm.action.slice(1)}` : ''
        }
        color={confirm?.action === 'enable' ? 'teal' : 'red'}
        busy={busy}
        answersInMessage={collision !== null}
        onCancel={closeConfirm}
        onConfirm={() => void runConfirm()}
      />
    </div>
  );
}
