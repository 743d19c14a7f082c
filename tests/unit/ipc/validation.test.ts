import { describe, expect, it } from 'vitest';
import { RayanError } from '../../../src/main/core/errors/rayan-error';
import { AppSettingsService } from '../../../src/main/core/settings/app-settings';
import { bindIpc } from '../../../src/main/ipc/bind-ipc';
import { invokeContract } from '../../../src/shared/ipc';
import {
  extensionCreateInput,
  formatZodError,
  hostConfigInput,
  natPatchInput,
} from '../../../src/shared/schemas';
import { memorySettings, memoryTransport, recordingFleet } from './fleet-double';

function setup() {
  const double = recordingFleet();
  const transport = memoryTransport();
  const binding = bindIpc(double.fleet, transport, {
    settings: new AppSettingsService(memorySettings()),
  });
  /** Calls a channel exactly as a renderer's message would arrive (through the transport). */
  const send = (channel: string, raw: unknown) => {
    const h = transport.handlers.get(channel);
    if (!h) throw new Error(`no handler for ${channel}`);
    return h(raw) as Promise<{
      ok: boolean;
      value?: unknown;
      error?: { code: string; message: string; details: Record<string, unknown> };
    }>;
  };
  return { ...double, transport, binding, send };
}

const goodHost = {
  name: 'pbx1',
  transport: 'ssh',
  host: '127.0.0.1',
  port: 2222,
  user: 'root',
  keyFile: '/tmp/id',
  auth: 'key',
  configDir: '/etc/asterisk',
  sudo: false,
  hostKey: null,
  amiUser: 'admin',
  amiPort: 5038,
  backupsToKeep: 5,
};

/** [channel, input from a hostile renderer, the field the message must name] */
const HOSTILE: Array<[string, unknown, string]> = [
  ['extensions/create', { host: 'pbx1', extension: { number: '10a1' } }, 'number'],
  [
    'extensions/create',
    { host: 'pbx1', extension: { number: '1001', displayName: 'x\n[evil]' } },
    'displayName',
  ],
  [
    'extensions/create',
    { host: 'pbx1', extension: { number: '1001', password: 'abc;def12' } },
    'password',
  ],
  [
    'extensions/create',
    { host: 'pbx1', extension: { number: '1001', codecs: ['ulaw', '#include x'] } },
    'codecs',
  ],
  [
    'extensions/create',
    { host: 'pbx1', extension: { number: '1001', context: 'a'.repeat(10_000) } },
    'context',
  ],
  ['extensions/create', { host: 'pbx1', extension: { number: '1001', secret: 'x' } }, 'secret'],
  ['extensions/create', { host: '../etc', extension: { number: '1001' } }, 'host'],
  ['extensions/update', { host: 'pbx1', number: '1001]', patch: {} }, 'number'],
  ['extensions/update', { host: 'pbx1', number: '1001', patch: { maxContacts: 0 } }, 'maxContacts'],
  ['extensions/setEnabled', { host: 'pbx1', number: '1001', enabled: 'yes' }, 'enabled'],
  ['extensions/delete', { host: 'pbx1' }, 'number'],
  ['hosts/add', { config: { ...goodHost, name: 'a b' }, secrets: {} }, 'name'],
  [
    'hosts/add',
    { config: { ...goodHost, host: '-oProxyCommand=touch /tmp/x' }, secrets: {} },
    'host',
  ],
  ['hosts/add', { config: { ...goodHost, configDir: '/etc/$(reboot)' }, secrets: {} }, 'configDir'],
  ['hosts/add', { config: { ...goodHost, amiPort: 70000 }, secrets: {} }, 'amiPort'],
  ['hosts/add', { config: goodHost, secrets: { sshPassword: 7 } }, 'sshPassword'],
  ['hosts/add', { config: goodHost, secrets: { token: 'x' } }, 'token'],
  ['hosts/trust', { name: 'pbx1', fingerprint: 'MD5:aa:bb' }, 'fingerprint'],
  ['nat/set', { host: 'pbx1', nat: { localNets: ['10.0.0.0/33'] } }, 'localNets'],
  [
    'nat/set',
    { host: 'pbx1', nat: { externalMediaAddress: '1.2.3.4\nlocal_net=0.0.0.0/0' } },
    'externalMediaAddress',
  ],
  ['calls/list', { host: 'pbx1', limit: -1 }, 'limit'],
  ['doctor/run', { host: 'pbx1', runId: 'a b' }, 'runId'],
  ['settings/set', { ui: { colorScheme: 'purple' } }, 'colorScheme'],
  ['settings/set', { notifications: { mutedExtensions: ['pbx1/10;01'] } }, 'mutedExtensions'],
];

describe('IPC input validation in main', () => {
  it.each(HOSTILE)(
    '%s rejects %j with a message naming %s, and the core is never called',
    async (channel, input, field) => {
      const t = setup();
      const r = await t.send(channel, input);
      expect(r.ok).toBe(false);
      expect(r.error?.code).toBe('INVALID_INPUT');
      expect(r.error?.message).toMatch(new RegExp(`(^|[ .;])${field}[:.]`));
      expect(r.error?.message).not.toMatch(/\n/);
      expect(t.calls).toEqual([]);
    },
  );

  it('gives exactly the shared schema’s message for the value inside the request', async () => {
    const t = setup();
    const cases: Array<
      [string, unknown, { safeParse(x: unknown): { success: boolean; error?: unknown } }, unknown]
    > = [
      [
        'extensions/create',
        { host: 'pbx1', extension: { number: '10a1' } },
        extensionCreateInput,
        { number: '10a1' },
      ],
      [
        'hosts/add',
        { config: { ...goodHost, name: 'a b' }, secrets: {} },
        hostConfigInput,
        { ...goodHost, name: 'a b' },
      ],
      [
        'nat/set',
        { host: 'pbx1', nat: { localNets: ['10.0.0.0/33'] } },
        natPatchInput,
        { localNets: ['10.0.0.0/33'] },
      ],
    ];
    for (const [channel, input, schema, inner] of cases) {
      const direct = schema.safeParse(inner);
      expect(direct.success).toBe(false);
      const r = await t.send(channel, input);
      expect(r.error?.message).toBe(formatZodError(direct.error as never));
    }
  });

  it('never echoes a rejected secret back to the renderer', async () => {
    const t = setup();
    const secret = `hunter2-${'s'.repeat(5000)}`;
    const r = await t.send('hosts/add', {
      config: goodHost,
      secrets: { sshPassword: secret, amiSecret: 'ami-secret-value' },
    });
    expect(r.ok).toBe(false);
    expect(r.error?.message).toContain('sshPassword');
    expect(JSON.stringify(r)).not.toContain('hunter2');
    expect(JSON.stringify(r)).not.toContain('ami-secret-value');
  });

  it('refuses a channel that is not in the contract', async () => {
    const t = setup();
    const r = await t.binding.invoke('fs/readFile', { path: '/etc/shadow' });
    expect(r).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
    const proto = await t.binding.invoke('__proto__', {});
    expect(proto).toMatchObject({ ok: false, error: { code: 'UNKNOWN_CHANNEL' } });
  });

  it('registers one handler per contract key and nothing else', () => {
    const t = setup();
    expect([...t.transport.handlers.keys()].sort()).toEqual(Object.keys(invokeContract).sort());
  });

  it('passes valid input to the facade after parsing (defaults applied)', async () => {
    const t = setup();
    const r = await t.send('extensions/create', { host: 'pbx1', extension: { number: '1001' } });
    expect(r.ok).toBe(true);
    expect(t.calls).toHaveLength(1);
    expect(t.calls[0]!.method).toBe('createExtension');
    expect(t.calls[0]!.args[0]).toBe('pbx1');
    expect(t.calls[0]!.args[1]).toMatchObject({
      number: '1001',
      context: 'from-internal',
      codecs: ['ulaw', 'alaw'],
      displayName: '1001',
    });
  });

  it('sends core errors as { code, message, details } without a stack', async () => {
    const t = setup();
    t.failNextWith(
      new RayanError('SSH_HOST_UNREACHABLE', 'Host 10.0.0.9:22 unreachable: connect ETIMEDOUT.', {
        host: '10.0.0.9',
      }),
    );
    const r = await t.send('extensions/list', { host: 'pbx1' });
    expect(r).toEqual({
      ok: false,
      error: {
        code: 'SSH_HOST_UNREACHABLE',
        message: 'Host 10.0.0.9:22 unreachable: connect ETIMEDOUT.',
        details: { host: '10.0.0.9' },
      },
    });

    const plain = new Error('first line\n    at secretFunction (/home/admin/app.js:1:1)');
    t.failNextWith(plain);
    const r2 = await t.send('extensions/list', { host: 'pbx1' });
    expect(r2.error).toEqual({ code: 'INTERNAL', message: 'first line', details: {} });
    expect(JSON.stringify(r2)).not.toContain('secretFunction');
  });

  it('reports doctor progress to every window, tagged with the run id', async () => {
    const t = setup();
    const seen: unknown[] = [];
    t.binding.addPeer({ send: (channel, payload) => seen.push([channel, payload]) });
    const r = await t.send('doctor/run', { host: 'pbx1', runId: 'run-1' });
    expect(r.ok).toBe(true);
    await new Promise((res) => setTimeout(res, 50));
    expect(seen).toEqual([
      [
        'doctor/progress',
        [{ runId: 'run-1', host: 'pbx1', check: expect.objectContaining({ id: 'asterisk' }) }],
      ],
    ]);
  });
});
