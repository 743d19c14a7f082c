import type { Duplex } from 'node:stream';
import type { HostConfig } from '../../../shared/types';
import { AmiClient } from '../ami/client';
import { RayanError } from '../errors/rayan-error';
import { HostSourcedSecretStore } from '../secrets/host-secret-sources';
import type { SecretKind, SecretStore } from '../secrets/secret-store';
import type { HostTransport } from '../ssh';
import type { CheckLayer, HostSecretsInput, LayerResult } from '../../../shared/types';
import { HostSession } from './host-session';
import { CHECK_LAYER_LABEL } from '../../../shared/check-layer-labels';

export class HostCheckFailedError extends RayanError {
  constructor(host: string, failed: LayerResult) {
    super(
      'HOST_CHECK_FAILED',
      `Host "${host}" fails at ${CHECK_LAYER_LABEL[failed.layer]}: ${failed.detail}`,
      { host, layer: failed.layer },
    );
  }
}

/** What the console runs over AMI: each must be allowed for the user it logs in as. */
const NEEDED_ACTIONS: Array<{ why: string; run: (c: AmiClient) => Promise<unknown> }> = [
  { why: 'Command (reloads, doctor)', run: (c) => c.command('core show version') },
  { why: 'PJSIPShowEndpoints', run: (c) => c.listAction('PJSIPShowEndpoints') },
  { why: 'PJSIPShowContacts', run: (c) => c.listAction('PJSIPShowContacts') },
  { why: 'CoreShowChannels (calls)', run: (c) => c.listAction('CoreShowChannels') },
];

const CHECK_TIMEOUT_MS = 8000;

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

const TCP_CODES = new Set(['SSH_HOST_UNREACHABLE', 'SSH_CONNECT_TIMEOUT']);
const HOST_KEY_CODES = new Set(['SSH_HOST_KEY_UNKNOWN', 'SSH_HOST_KEY_MISMATCH']);

function sshLayerOf(err: unknown): CheckLayer {
  const code = (err as { code?: string }).code ?? '';
  if (TCP_CODES.has(code)) return 'tcp';
  if (HOST_KEY_CODES.has(code)) return 'host-key';
  return 'ssh-auth';
}

/**
 * Checks a host layer by layer, as "Test connection" and `host add` / `host set` show it: each
 * layer says ok or why it fails, and the layers after a failure are skipped (they cannot be
 * reached). Nothing is written and no setting is kept.
 */
export async function checkHostLayers(
  config: HostConfig,
  secrets: HostSecretsInput,
  store: SecretStore,
  sshConfigPath: string | null | undefined,
): Promise<LayerResult[]> {
  const results: LayerResult[] = [];
  const order: CheckLayer[] = [
    'tcp',
    'host-key',
    'ssh-auth',
    'sudo',
    'config-dir',
    'ami-tcp',
    'ami-login',
    'ami-privileges',
  ];
  const given: Partial<Record<SecretKind, string | undefined>> = {
    'ssh-password': secrets.sshPassword,
    'key-passphrase': secrets.keyPassphrase,
    'ami-secret': secrets.amiSecret,
  };
  const sourced = new HostSourcedSecretStore(() => config, store);
  const overlay: SecretStore = {
    get: async (h, k) => given[k] || sourced.get(h, k),
    set: async () => undefined,
    delete: async () => undefined,
    deleteHost: async () => undefined,
  };
  const session = new HostSession(config, { secrets: overlay, sshConfigPath });
  const ok = (layer: CheckLayer, detail: string) => results.push({ layer, level: 'ok', detail });
  const fail = (layer: CheckLayer, detail: string) => {
    results.push({ layer, level: 'fail', detail });
    for (const l of order.slice(order.indexOf(layer) + 1))
      if (!results.some((r) => r.layer === l))
        results.push({ layer: l, level: 'skip', detail: 'not reached' });
    return results;
  };

  let transport: HostTransport;
  try {
    transport = await session.transport();
  } catch (err) {
    const layer = sshLayerOf(err);
    // A key file that cannot be used fails before any connection: nothing outer was tested.
    const before = (err as { code?: string }).code === 'SSH_PRIVATE_KEY';
    for (const outer of ['tcp', 'host-key'] as const)
      if (order.indexOf(outer) < order.indexOf(layer))
        results.push(
          before
            ? { layer: outer, level: 'skip', detail: 'not reached (the key file comes first)' }
            : {
                layer: outer,
                level: 'ok',
                detail: outer === 'tcp' ? 'answers' : 'matches the pinned key',
              },
        );
    await session.close();
    return fail(layer, message(err));
  }
  try {
    ok('tcp', `${config.host} answers`);
    ok(
      'host-key',
      config.transport === 'local' ? 'local host' : `matches the pinned ${config.hostKey ?? ''}`,
    );
    ok('ssh-auth', config.transport === 'local' ? 'local' : `logged in as ${config.user ?? ''}`);
    if (config.sudo) {
      const r = await transport.exec('true', { sudo: true }).catch((err: unknown) => err);
      if (r instanceof Error) return fail('sudo', message(r));
      if ((r as { code: number }).code !== 0)
        return fail('sudo', `sudo -n true exited ${(r as { code: number }).code}`);
      ok('sudo', 'sudo -n works');
    } else results.push({ layer: 'sudo', level: 'skip', detail: 'sudo not set' });

    try {
      const files = await transport.files.readFiles([session.pjsipPath, session.extensionsPath]);
      const missing = files.filter((f) => !f.exists).map((f) => f.path);
      if (missing.length)
        return fail('config-dir', `${missing.join(' and ')} not found in ${config.configDir}`);
      ok('config-dir', `${config.configDir}: pjsip.conf and extensions.conf readable`);
    } catch (err) {
      return fail('config-dir', message(err));
    }

    if (!config.amiUser) {
      for (const l of ['ami-tcp', 'ami-login', 'ami-privileges'] as const)
        results.push({ layer: l, level: 'skip', detail: 'no AMI user configured' });
      return results;
    }
    let stream: Duplex;
    try {
      stream = await transport.openTcpStream('127.0.0.1', config.amiPort);
      await waitForBanner(stream);
      stream.destroy();
      ok('ami-tcp', `port ${config.amiPort} answers as Asterisk Call Manager`);
    } catch (err) {
      return fail('ami-tcp', `127.0.0.1:${config.amiPort} on the PBX: ${message(err)}`);
    }
    let secret: string | null;
    try {
      secret = await overlay.get(config.name, 'ami-secret');
    } catch (err) {
      return fail('ami-login', message(err));
    }
    if (!secret) return fail('ami-login', 'no AMI secret given');
    const client = new AmiClient();
    try {
      await client.connect(() => transport.openTcpStream('127.0.0.1', config.amiPort), {
        username: config.amiUser,
        secret,
        events: false,
        actionTimeoutMs: CHECK_TIMEOUT_MS,
        heartbeatIntervalMs: 0,
      });
      ok('ami-login', `logged in as ${config.amiUser}`);
    } catch (err) {
      return fail('ami-login', message(err));
    }
    try {
      for (const a of NEEDED_ACTIONS) {
        try {
          await a.run(client);
        } catch (err) {
          return fail('ami-privileges', `${a.why}: ${message(err)}`);
        }
      }
      ok('ami-privileges', NEEDED_ACTIONS.map((a) => a.why).join(', ') + ' allowed');
    } finally {
      await client.close().catch(() => undefined);
    }
    return results;
  } finally {
    await session.close();
  }
}

/** The first line Asterisk sends on a new AMI connection. */
function waitForBanner(stream: Duplex): Promise<void> {
  return new Promise((resolve, reject) => {
    let got = '';
    const timer = setTimeout(() => done(new Error('no AMI banner within 5 s')), 5000);
    const done = (err: Error | null) => {
      clearTimeout(timer);
      stream.off('data', onData);
      stream.off('error', onError);
      stream.off('close', onClose);
      if (err) reject(err);
      else resolve();
    };
    const onData = (b: Buffer) => {
      got += b.toString('latin1');
      if (got.includes('\n'))
        done(
          /Asterisk Call Manager/i.test(got)
            ? null
            : new Error(`not an AMI port (said ${JSON.stringify(got.split('\n')[0])})`),
        );
    };
    const onError = (e: Error) => done(e);
    const onClose = () => done(new Error('connection closed before the AMI banner'));
    stream.on('data', onData);
    stream.on('error', onError);
    stream.on('close', onClose);
  });
}
