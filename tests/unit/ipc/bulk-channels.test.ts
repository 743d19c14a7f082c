import { describe, expect, it } from 'vitest';
import { AppSettingsService } from '../../../src/main/core/settings/app-settings';
import { bindIpc } from '../../../src/main/ipc/bind-ipc';
import { memorySettings, memoryTransport, recordingFleet } from './fleet-double';

function setup() {
  const double = recordingFleet();
  const transport = memoryTransport();
  bindIpc(double.fleet, transport, { settings: new AppSettingsService(memorySettings()) });
  const send = (channel: string, raw: unknown) =>
    transport.handlers.get(channel)!(raw) as Promise<{
      ok: boolean;
      value?: unknown;
      error?: { code: string; message: string };
    }>;
  return { ...double, send };
}

describe('bulk IPC channels', () => {
  it('an import answers the plan and the apply, never the generated passwords', async () => {
    const { send, calls } = setup();
    const r = await send('bulk/import', { host: 'pbx1', content: 'number\n1001\n' });
    expect(r.ok).toBe(true);
    expect(JSON.stringify(r.value)).not.toContain('Generated-Secret-1');
    expect(r.value).not.toHaveProperty('generated');
    expect(calls.at(-1)).toMatchObject({ method: 'importExtensions' });
  });

  it('the export asks the core without passwords, and the import content is bounded', async () => {
    const { send, calls } = setup();
    expect((await send('bulk/export', { host: 'pbx1', format: 'csv' })).ok).toBe(true);
    expect(calls.at(-1)).toEqual({
      method: 'exportExtensions',
      args: ['pbx1', { withPasswords: false }],
    });
    const big = await send('bulk/plan', {
      host: 'pbx1',
      content: 'x'.repeat(16 * 1024 * 1024 + 1),
    });
    expect(big.error?.message).toMatch(/^content: the file must be at most 16 MiB/);
    const bad = await send('bulk/export', { host: 'pbx1', format: 'xlsx', withPasswords: true });
    expect(bad.ok).toBe(false);
  });
});
