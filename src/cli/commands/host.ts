import { amiTarget } from '../../shared/ami-target';
import type { HostConfig } from '../../shared/types';
import type { FleetApi, HostSecretsInput } from '../../shared/types';
import path from 'node:path';
import { CHECK_LAYER_LABEL } from '../../shared/check-layer-labels';
import { HostKeyUnknownError } from '../../main/core/ssh/errors';
import { flag, intFlag, parseArgs, positional, UsageError } from '../args';
import { type Io, printJson, table } from '../output';
import { readStdin } from '../stdin';

const HOST_VALUES = [
  'ssh',
  'key',
  'config-dir',
  'trust',
  'trust-jump',
  'ami-user',
  'ami-port',
  'auth',
  'backups',
  'reload-wait',
  'ami-secret-env',
  'ami-secret-file',
  'ssh-password-env',
  'ssh-password-file',
];
const HOST_BOOLEANS = [
  'sudo',
  'no-sudo',
  'allow-shared-config-dir',
  'no-allow-shared-config-dir',
  'local',
  'password-stdin',
  'ami-secret-stdin',
  'json',
  'no-check',
  'watch',
  'no-watch',
];

/** Secret sources named on the command line: only the names are stored, never a secret. */
function sourcesFrom(a: ReturnType<typeof parseArgs>): Partial<HostConfig> {
  const out: Partial<HostConfig> = {};
  const pairs = [
    ['ami-secret-env', 'amiSecretEnv'],
    ['ami-secret-file', 'amiSecretFile'],
    ['ssh-password-env', 'sshPasswordEnv'],
    ['ssh-password-file', 'sshPasswordFile'],
  ] as const;
  for (const [opt, key] of pairs) {
    const v = flag(a, opt);
    if (v !== undefined) out[key] = v === '' ? null : opt.endsWith('-file') ? path.resolve(v) : v;
  }
  if (out.amiSecretEnv && out.amiSecretFile)
    throw new UsageError('Use only one of --ami-secret-env and --ami-secret-file');
  if (out.sshPasswordEnv && out.sshPasswordFile)
    throw new UsageError('Use only one of --ssh-password-env and --ssh-password-file');
  if ((out.amiSecretEnv || out.amiSecretFile) && a.booleans.has('ami-secret-stdin'))
    throw new UsageError(
      '--ami-secret-stdin stores the secret in the keychain; --ami-secret-env/-file name another source: use one',
    );
  return out;
}

/**
 * The layered checks before a host is stored: refused at the first failing layer (named), or,
 * with --no-check, stored with a warning naming it.
 */
async function checkOrRefuse(
  fleet: FleetApi,
  io: Io,
  a: ReturnType<typeof parseArgs>,
  config: HostConfig,
  secrets: HostSecretsInput,
): Promise<boolean> {
  const results = await fleet.checkHost(config, secrets);
  const failed = results.find((r) => r.level === 'fail');
  if (!failed) return true;
  const line = `${config.name} fails at ${CHECK_LAYER_LABEL[failed.layer]}: ${failed.detail}`;
  if (a.booleans.has('no-check')) {
    io.err(`rayanpbx: warning: ${line} (stored anyway: --no-check)`);
    return true;
  }
  io.err(`rayanpbx: ${line}`);
  io.err('Nothing was stored. Fix it, or store it anyway with --no-check.');
  return false;
}

/** `user@host[:port]` or an ~/.ssh/config alias (`pbx1`), as admins type it for ssh itself. */
export function parseSshTarget(target: string): {
  user: string | null;
  host: string;
  port: number | null;
} {
  const m = /^(?:([^@\s]+)@)?(\[[^\]]+\]|[^:@\s]+)(?::(\d{1,5}))?$/.exec(target);
  if (!m) throw new UsageError(`--ssh must look like user@host[:port], got "${target}"`);
  const port = m[3] ? Number(m[3]) : null;
  if (port !== null && (port < 1 || port > 65535))
    throw new UsageError(`--ssh port must be 1-65535, got ${port}`);
  return { user: m[1] ?? null, host: m[2]!.replace(/^\[|\]$/g, ''), port };
}

async function secretsFrom(a: ReturnType<typeof parseArgs>): Promise<HostSecretsInput> {
  const secrets: HostSecretsInput = {};
  if (a.booleans.has('password-stdin') && a.booleans.has('ami-secret-stdin'))
    throw new UsageError('Use only one of --password-stdin and --ami-secret-stdin per call');
  if (a.booleans.has('password-stdin')) secrets.sshPassword = await readStdin();
  if (a.booleans.has('ami-secret-stdin')) secrets.amiSecret = await readStdin();
  return secrets;
}

/**
 * `host set --trust-jump / --trust`: asks the server(s) which key they present now, shows the
 * pinned and the presented fingerprint, and re-pins (into `patch`) only when the one the user
 * confirmed is the one presented. False (and nothing re-pinned) when it is not.
 */
async function repin(
  fleet: FleetApi,
  name: string,
  a: ReturnType<typeof parseArgs>,
  patch: Partial<HostConfig>,
  secrets: HostSecretsInput,
  io: Io,
): Promise<boolean> {
  const trust = flag(a, 'trust');
  const trustJump = flag(a, 'trust-jump');
  if (trust === undefined && trustJump === undefined) return true;
  // With --json stdout carries one document: the fingerprints go to stderr.
  const say = a.booleans.has('json') ? io.err : io.out;
  const current = (await fleet.listHosts()).find((h) => h.name === name);
  if (!current) return true; // updateHost names the unknown host
  const { state: _state, ...stored } = current;
  const config: HostConfig = { ...stored, ...patch };
  if (config.transport === 'local')
    throw new UsageError(`${name} is on this machine: it has no host key to pin`);
  if (trustJump !== undefined) {
    let presented: { fingerprint: string; host: string } | null = null;
    try {
      // Without a pinned jump key the probe stops at the jump host and says what it presents.
      await fleet.probeHost({ ...config, jumpHostKey: null }, secrets);
    } catch (err) {
      if (!(err instanceof HostKeyUnknownError) || err.details.role !== 'jump') throw err;
      presented = {
        fingerprint: String(err.details.fingerprint),
        host: String(err.details.host),
      };
    }
    if (!presented)
      throw new UsageError(
        `${name} is not reached through a ProxyJump host: --trust-jump has no key to pin`,
      );
    say(
      `Jump host ${presented.host}: pinned key ${stored.jumpHostKey ?? '(none)'}, presents ${presented.fingerprint}`,
    );
    if (trustJump !== presented.fingerprint) {
      io.err(
        `Jump host key mismatch: --trust-jump says ${trustJump} but ${presented.host} presented ${presented.fingerprint}. Nothing changed.`,
      );
      return false;
    }
    patch.jumpHostKey = presented.fingerprint;
    config.jumpHostKey = presented.fingerprint;
  }
  if (trust !== undefined) {
    const probe = await fleet.probeHost(config, secrets);
    say(
      `${config.host}: pinned key ${stored.hostKey ?? '(none)'}, presents ${probe.fingerprint} (${probe.keyType})`,
    );
    if (trust !== probe.fingerprint) {
      io.err(
        `Host key mismatch: --trust says ${trust} but the server presented ${probe.fingerprint}. Nothing changed.`,
      );
      return false;
    }
    patch.hostKey = probe.fingerprint;
  }
  return true;
}

export async function hostCommand(fleet: FleetApi, argv: string[], io: Io): Promise<number> {
  const [sub, ...rest] = argv;
  const a = parseArgs(rest, { values: HOST_VALUES, booleans: HOST_BOOLEANS });
  switch (sub) {
    case 'add': {
      const name = positional(a, 0, 'host name: rayanpbx host add <name> --ssh user@host');
      const local = a.booleans.has('local');
      const ssh = flag(a, 'ssh');
      if (!local && !ssh)
        throw new UsageError('host add needs --ssh user@host[:port] (or --local)');
      const target = ssh ? parseSshTarget(ssh) : { user: null, host: 'localhost', port: null };
      const keyFile = flag(a, 'key') ?? null;
      const config: HostConfig = {
        name,
        transport: local ? 'local' : 'ssh',
        host: target.host,
        port: target.port,
        user: target.user,
        keyFile,
        auth:
          (flag(a, 'auth') as HostConfig['auth'] | undefined) ??
          (a.booleans.has('password-stdin') ||
          flag(a, 'ssh-password-env') ||
          flag(a, 'ssh-password-file')
            ? 'password'
            : keyFile
              ? 'key'
              : 'agent'),
        configDir: flag(a, 'config-dir') ?? '/etc/asterisk',
        sudo: a.booleans.has('sudo'),
        hostKey: null,
        jumpHostKey: flag(a, 'trust-jump') ?? null,
        amiUser: flag(a, 'ami-user') ?? null,
        amiPort: intFlag(a, 'ami-port') ?? 5038,
        backupsToKeep: intFlag(a, 'backups') ?? 10,
        ...(a.booleans.has('allow-shared-config-dir') ? { allowSharedConfigDir: true } : {}),
        ...(intFlag(a, 'reload-wait') === undefined
          ? {}
          : { reloadWaitSeconds: intFlag(a, 'reload-wait')! }),
        ...sourcesFrom(a),
        ...(a.booleans.has('no-watch') ? { watch: false } : {}),
      };
      const secrets = await secretsFrom(a);
      if (!local) {
        let probe;
        try {
          probe = await fleet.probeHost(config, secrets);
        } catch (err) {
          if (err instanceof HostKeyUnknownError && err.details.role === 'jump') {
            io.err(
              `${config.host} is reached through the ProxyJump host ${String(err.details.host)}, whose key is ` +
                `${String(err.details.fingerprint)} (${String(err.details.keyType)}). Check it and re-run with ` +
                `--trust-jump ${String(err.details.fingerprint)}`,
            );
            return 1;
          }
          throw err;
        }
        const trust = flag(a, 'trust');
        if (!trust) {
          io.err(
            `Host key of ${config.host} is ${probe.fingerprint} (${probe.keyType}). Check it on the server ` +
              `(ssh-keygen -lf /etc/ssh/ssh_host_${probe.keyType.replace(/^ssh-/, '')}_key.pub) and re-run with --trust ${probe.fingerprint}`,
          );
          return 1;
        }
        if (trust !== probe.fingerprint) {
          io.err(
            `Host key mismatch: --trust says ${trust} but the server presented ${probe.fingerprint}. Not added.`,
          );
          return 1;
        }
        config.hostKey = probe.fingerprint;
      }
      if (!(await checkOrRefuse(fleet, io, a, config, secrets))) return 1;
      const added = await fleet.addHost(config, secrets);
      if (a.booleans.has('json')) printJson(io, added);
      else
        io.out(
          `Added host ${added.name}${added.hostKey ? ` (host key ${added.hostKey} pinned)` : ''}`,
        );
      return 0;
    }
    case 'set': {
      const name = positional(a, 0, 'host name');
      const patch: Partial<HostConfig> = {};
      const ssh = flag(a, 'ssh');
      if (ssh) Object.assign(patch, parseSshTarget(ssh));
      if (flag(a, 'key') !== undefined) patch.keyFile = flag(a, 'key')!;
      if (flag(a, 'config-dir') !== undefined) patch.configDir = flag(a, 'config-dir')!;
      if (flag(a, 'ami-user') !== undefined) patch.amiUser = flag(a, 'ami-user')!;
      if (intFlag(a, 'ami-port') !== undefined) patch.amiPort = intFlag(a, 'ami-port')!;
      if (intFlag(a, 'backups') !== undefined) patch.backupsToKeep = intFlag(a, 'backups')!;
      if (intFlag(a, 'reload-wait') !== undefined)
        patch.reloadWaitSeconds = intFlag(a, 'reload-wait')!;
      if (flag(a, 'auth') !== undefined) patch.auth = flag(a, 'auth') as HostConfig['auth'];
      if (a.booleans.has('sudo')) patch.sudo = true;
      if (a.booleans.has('no-sudo')) patch.sudo = false;
      if (a.booleans.has('allow-shared-config-dir')) patch.allowSharedConfigDir = true;
      if (a.booleans.has('no-allow-shared-config-dir')) patch.allowSharedConfigDir = false;
      if (a.booleans.has('watch')) patch.watch = true;
      if (a.booleans.has('no-watch')) patch.watch = false;
      Object.assign(patch, sourcesFrom(a));
      const secrets = await secretsFrom(a);
      if (!(await repin(fleet, name, a, patch, secrets, io))) return 1;
      const current = (await fleet.listHosts()).find((h) => h.name === name);
      if (current) {
        const { state: _state, ...was } = current;
        if (!(await checkOrRefuse(fleet, io, a, { ...was, ...patch }, secrets))) return 1;
      }
      const updated = await fleet.updateHost(name, patch, secrets);
      if (a.booleans.has('json')) printJson(io, updated);
      else {
        if (patch.jumpHostKey) io.out(`Pinned jump host key ${patch.jumpHostKey} for ${name}`);
        if (patch.hostKey) io.out(`Pinned host key ${patch.hostKey} for ${name}`);
        io.out(`Updated host ${updated.name}`);
      }
      return 0;
    }
    case 'list': {
      const hosts = await fleet.listHosts();
      if (a.booleans.has('json')) {
        printJson(
          io,
          hosts.map(({ state: _state, ...h }) => h),
        );
        return 0;
      }
      if (hosts.length === 0) {
        io.out('No hosts yet. Add one: rayanpbx host add <name> --ssh user@host');
        return 0;
      }
      const rows = [['NAME', 'TARGET', 'CONFIG DIR', 'SUDO', 'AMI', 'HOST KEY']];
      for (const h of hosts)
        rows.push([
          h.name,
          h.transport === 'local'
            ? '(local)'
            : `${h.user ? h.user + '@' : ''}${h.host}${h.port ? ':' + h.port : ''}`,
          h.configDir,
          h.sudo ? 'yes' : 'no',
          amiTarget(h) ?? '-',
          h.hostKey ?? '-',
        ]);
      for (const l of table(rows)) io.out(l);
      return 0;
    }
    case 'rm':
    case 'remove': {
      const name = positional(a, 0, 'host name');
      await fleet.removeHost(name);
      io.out(`Removed host ${name} and its stored secrets`);
      return 0;
    }
    case 'rename':
    case 'mv': {
      const name = positional(a, 0, 'host name: rayanpbx host rename <name> <new-name>');
      const newName = positional(a, 1, 'new name: rayanpbx host rename <name> <new-name>');
      await fleet.renameHost(name, newName);
      io.out(`Renamed host ${name} to ${newName}; its keychain entries, mutes and call log follow`);
      return 0;
    }
    case 'trust': {
      const name = positional(a, 0, 'host name');
      const fp = positional(a, 1, 'fingerprint (SHA256:...)');
      await fleet.trustHost(name, fp);
      io.out(`Pinned host key ${fp} for ${name}`);
      return 0;
    }
    default:
      throw new UsageError('host needs one of: add, set, list, rename, rm, trust');
  }
}
