import { Button, Menu } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useState } from 'react';
import { call } from '../api/client';

/** Saves the host's extensions as CSV or JSON (no passwords: the CLI writes those to a 0600 file). */
export function ExportButton({ host }: { host: string }) {
  const [busy, setBusy] = useState(false);
  const save = async (format: 'csv' | 'json') => {
    setBusy(true);
    try {
      const r = await call('bulk/export', { host, format });
      const url = URL.createObjectURL(
        new Blob([r.content], { type: format === 'csv' ? 'text/csv' : 'application/json' }),
      );
      const a = document.createElement('a');
      a.href = url;
      a.download = r.fileName;
      a.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
      notifications.show({ message: `Exported ${r.count} extension(s) to ${r.fileName}` });
    } catch (e) {
      notifications.show({ color: 'red', title: 'Export failed', message: (e as Error).message });
    } finally {
      setBusy(false);
    }
  };
  return (
    <Menu>
      <Menu.Target>
        <Button variant="default" loading={busy} data-testid="export-extensions">
          Export
        </Button>
      </Menu.Target>
      <Menu.Dropdown>
        <Menu.Item onClick={() => void save('csv')} data-testid="export-csv">
          CSV
        </Menu.Item>
        <Menu.Item onClick={() => void save('json')} data-testid="export-json">
          JSON
        </Menu.Item>
      </Menu.Dropdown>
    </Menu>
  );
}
