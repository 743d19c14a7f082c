/**
 * Opening SSH connections: ~/.ssh/config resolution, one ProxyJump hop, host-key pinning
 * (trust on first use through probeHostKey), login, keepalive and timeouts, and the mapping of
 * every failure to a typed, actionable error.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { userInfo } from 'node:os';
import type { Duplex } from 'node:stream';
import ssh2, { type Client } from 'ssh2';
import type { RayanError } from '../errors/rayan-error';
import {
  AuthFailedError,
  ConnectTimeoutError,
  ForwardingRefusedError,
  ForwardTargetUnreachableError,
  HostKeyMismatchError,
  HostKeyUnknownError,
  HostUnreachableError,
  SshConfigError,
} from './errors';
import { keyTypeOfBlob, normalizeFingerprint, sshFingerprint } from './fingerprint';
import { authHandlerFor, buildAuthPlan, type AuthPlan, type SshAuthOptions } from './ssh-auth';
import { DEFAULT_SSH_CONFIG_PATH, loadSshConfig, resolveSshHost } from './ssh-config';
import { SshTransport } from './ssh-transport';

export type { SshAuthOptions } from './ssh-auth';

export interface SshTarget {
  /** Host name, IP address or a Host alias of the ssh config. */
  host: string;
  /** Overrides the config's Port; default 22. */
  port?: number | null;
  /** Overrides the config's User; default the local user name (as ssh does). */
  user?: string | null;
}

export interface SshCommonOptions {
  /** ssh client config to read; default ~/.ssh/config; null = none. */
  sshConfigPath?: string | null;
  /** Limit for the TCP connect, and again for the SSH handshake + login. Default 15 000 ms. */
  readyTimeoutMs?: number;
}

export interface JumpHostOptions {
  /** Pinned key of the ProxyJump host ("SHA256:…"); null = not pinned yet. */
  pinnedFingerprint: string | null;
  /** Login on the jump host; default: the same as for the target. */
  auth?: SshAuthOptions;
}

export interface SshConnectOptions extends SshCommonOptions {
  /** The host key the caller trusts; null = none yet (the connection is refused: probe first). */
  pinnedFingerprint: string | null;
  auth?: SshAuthOptions;
  /** Required when the config gives the host a ProxyJump. */
  jump?: JumpHostOptions;
  /** Reads, writes and commands go through `sudo -n`. */
  sudo?: boolean;
  /** Writes into a config dir other accounts can write run as its owner (sudo -u) instead of being refused. */
  allowSharedConfigDir?: boolean;
  /** SSH keepalive interval; default 15 000 ms (3 missed = connection lost). 0 disables. */
  keepaliveIntervalMs?: number;
  /** Default limit for one command or file operation. Default 60 000 ms. */
  commandTimeoutMs?: number;
  /**
   * Start each write's command ahead, after the write before it (FileOps.prepareWrite): for a
   * console that makes change after change on one connection. Off for a one-shot CLI command,
   * which would only start a command (and, through sudo, a log line) it never uses.
   */
  prestartWrites?: boolean;
}

export interface ProbeOptions extends SshCommonOptions {
  /** Only for a host behind a ProxyJump: the jump host must be pinned and logged into. */
  jump?: JumpHostOptions & { auth?: SshAuthOptions };
  /** Login for the jump host when its default differs (the target itself is never logged into). */
  auth?: SshAuthOptions;
}

export interface HostKeyProbe {
  host: string;
  port: number;
  /** "SHA256:…" exactly as `ssh-keygen -lf` prints it. */
  fingerprint: string;
  /** The SSH key type name, e.g. "ssh-ed25519". */
  keyType: string;
  /** The jump host the probe went through (already pinned), or null. */
  via: HostKeyProbe | null;
}

export interface ResolvedEndpoint {
  alias: string;
  host: string;
  port: number;
  user: string;
  identityFiles: string[];
}

export interface ResolvedTarget extends ResolvedEndpoint {
  jump: ResolvedEndpoint | null;
}

const DEFAULT_READY_TIMEOUT_MS = 15_000;
const DEFAULT_KEEPALIVE_MS = 15_000;
const DEFAULT_COMMAND_TIMEOUT_MS = 60_000;

function localUserName(): string {
  try {
    return userInfo().username;
  } catch {
    return process.env.USER ?? 'root';
  }
}

/** Where `ssh <host>` would go: the config's HostName/User/Port/IdentityFile/ProxyJump applied. */
export async function resolveSshTarget(
  target: SshTarget,
  sshConfigPath: string | null = DEFAULT_SSH_CONFIG_PATH(),
): Promise<ResolvedTarget> {
  const config = await loadSshConfig(sshConfigPath);
  const r = resolveSshHost(config, target.host);
  const local = localUserName();
  let jump: ResolvedEndpoint | null = null;
  if (r.proxyJump) {
    const j = resolveSshHost(config, r.proxyJump.host);
    if (j.proxyJump) {
      throw new SshConfigError(
        config.file,
        0,
        `the jump host ${r.proxyJump.host} has its own ProxyJump (one hop only)`,
      );
    }
    jump = {
      alias: r.proxyJump.host,
      host: j.hostName,
      port: r.proxyJump.port ?? j.port ?? 22,
      user: r.proxyJump.user ?? j.user ?? local,
      identityFiles: j.identityFiles,
    };
  }
  return {
    alias: target.host,
    host: r.hostName,
    port: target.port ?? r.port ?? 22,
    user: target.user ?? r.user ?? local,
    identityFiles: r.identityFiles,
    jump,
  };
}

/** A TCP connection, with DNS/refusal/timeout turned into typed errors. */
function tcpConnect(host: string, port: number, timeoutMs: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const sock = netConnect({ host, port });
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new ConnectTimeoutError(host, port, timeoutMs));
    }, timeoutMs);
    sock.once('connect', () => {
      clearTimeout(timer);
      sock.removeAllListeners('error');
      sock.setNoDelay(true);
      resolve(sock);
    });
    sock.once('error', (err: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      const cause =
        err.code === 'ECONNREFUSED'
          ? 'connection refused'
          : err.code === 'ENOTFOUND' || err.code === 'EAI_AGAIN'
            ? `DNS lookup failed (${err.code})`
            : (err.code ?? err.message);
      reject(new HostUnreachableError(host, port, cause));
    });
  });
}

interface Presented {
  fingerprint: string;
  keyType: string;
}

interface OpenResult {
  client: Client;
  presented: Presented;
  tried: string[];
}

/**
 * Runs the SSH handshake (and the login when `plan` is given) over an open stream.
 * `accept` decides on the presented host key; a refusal ends the handshake before any
 * credential is sent.
 */
function openSsh(
  endpoint: { host: string; port: number },
  sock: Duplex,
  accept: (key: Presented) => boolean,
  plan: AuthPlan | null,
  timing: { readyTimeoutMs: number; keepaliveIntervalMs: number },
): Promise<OpenResult> {
  const client = new ssh2.Client();
  const tried: string[] = [];
  let presented: Presented | null = null;
  let keyRejected = false;
  return new Promise<OpenResult>((resolve, reject) => {
    let settled = false;
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      client.end();
      sock.destroy();
      reject(err);
    };
    client.once('ready', () => {
      if (settled) return;
      settled = true;
      resolve({ client, presented: presented!, tried });
    });
    client.on('error', (err: Error & { level?: string; code?: string }) => {
      if (settled) return;
      if (keyRejected && presented)
        return fail(Object.assign(new Error('host key rejected'), { presented }));
      if (err.level === 'client-timeout')
        return fail(new ConnectTimeoutError(endpoint.host, endpoint.port, timing.readyTimeoutMs));
      if (err.level === 'client-authentication') {
        return fail(new AuthFailedError(plan?.user ?? '?', endpoint.host, endpoint.port, tried));
      }
      const cause = err.code ? `${err.code}` : err.message;
      fail(new HostUnreachableError(endpoint.host, endpoint.port, cause));
    });
    client.once('close', () =>
      fail(
        new HostUnreachableError(
          endpoint.host,
          endpoint.port,
          'connection closed during the handshake',
        ),
      ),
    );
    client.connect({
      sock: sock as unknown as NodeJS.ReadableStream as never,
      username: plan?.user ?? 'probe',
      readyTimeout: timing.readyTimeoutMs,
      keepaliveInterval: timing.keepaliveIntervalMs,
      keepaliveCountMax: 3,
      hostVerifier: (key: Buffer) => {
        presented = { fingerprint: sshFingerprint(key), keyType: keyTypeOfBlob(key) };
        const ok = accept(presented);
        keyRejected = !ok;
        return ok;
      },
      authHandler: plan
        ? authHandlerFor(plan, tried)
        : (_l, _p, next) => (next as unknown as (v: false) => void)(false),
    });
  });
}

function isKeyRejection(err: unknown): err is Error & { presented: Presented } {
  return err instanceof Error && 'presented' in err && !(err as { code?: unknown }).code;
}

/** Host-key policy: exactly the pinned fingerprint; nothing when none is pinned. */
function pinnedPolicy(pinned: string | null): (k: Presented) => boolean {
  const want = pinned === null ? null : normalizeFingerprint(pinned);
  return (k) => want !== null && k.fingerprint === want;
}

function hostKeyError(
  endpoint: { host: string; port: number },
  pinned: string | null,
  presented: Presented,
  role: 'target' | 'jump',
): RayanError {
  return pinned === null
    ? new HostKeyUnknownError(
        endpoint.host,
        endpoint.port,
        presented.fingerprint,
        presented.keyType,
        role,
      )
    : new HostKeyMismatchError(
        endpoint.host,
        endpoint.port,
        pinned,
        presented.fingerprint,
        presented.keyType,
        role,
      );
}

/** A forwardOut channel on the jump host to the target, refusals typed. */
function forwardThrough(
  jump: Client,
  jumpLabel: string,
  host: string,
  port: number,
): Promise<Duplex> {
  return new Promise((resolve, reject) => {
    jump.forwardOut('127.0.0.1', 0, host, port, (err, ch) => {
      if (!err) return resolve(ch);
      const reason = (err as Error & { reason?: number }).reason;
      const desc = err.message.replace(/^\(SSH\) Channel open failure: /, '');
      reject(
        reason === 2
          ? new ForwardTargetUnreachableError(jumpLabel, `${host}:${port}`, desc)
          : new ForwardingRefusedError(jumpLabel, `${host}:${port}`, desc),
      );
    });
  });
}

interface JumpSession {
  client: Client;
  socket: Socket;
  presented: Presented;
  endpoint: ResolvedEndpoint;
}

async function openJump(
  jump: ResolvedEndpoint,
  opts: {
    pinned: string | null;
    auth: SshAuthOptions;
    readyTimeoutMs: number;
    keepaliveIntervalMs: number;
  },
): Promise<JumpSession> {
  const plan = await buildAuthPlan(jump.user, opts.auth, jump.identityFiles);
  const socket = await tcpConnect(jump.host, jump.port, opts.readyTimeoutMs);
  try {
    const { client, presented } = await openSsh(
      jump,
      socket,
      pinnedPolicy(opts.pinned),
      plan,
      opts,
    );
    return { client, socket, presented, endpoint: jump };
  } catch (err) {
    if (isKeyRejection(err)) throw hostKeyError(jump, opts.pinned, err.presented, 'jump');
    throw err;
  }
}

/**
 * First contact: the host key the server presents, for the user to confirm. Sends no
 * credential to the target (the handshake stops at the key). A host behind a ProxyJump is
 * probed through the jump host, which must already be pinned: an unpinned jump host gives
 * HostKeyUnknownError (role "jump") with its fingerprint, to confirm first.
 */
export async function probeHostKey(
  target: SshTarget,
  opts: ProbeOptions = {},
): Promise<HostKeyProbe> {
  const resolved = await resolveSshTarget(
    target,
    opts.sshConfigPath === undefined ? DEFAULT_SSH_CONFIG_PATH() : opts.sshConfigPath,
  );
  const readyTimeoutMs = opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
  const timing = { readyTimeoutMs, keepaliveIntervalMs: 0 };
  let jump: JumpSession | null = null;
  let sock: Duplex;
  if (resolved.jump) {
    const pinned = opts.jump?.pinnedFingerprint ?? null;
    if (pinned === null) {
      const jp = await probeHostKey(
        { host: resolved.jump.host, port: resolved.jump.port },
        { sshConfigPath: null, readyTimeoutMs },
      );
      throw new HostKeyUnknownError(
        resolved.jump.host,
        resolved.jump.port,
        jp.fingerprint,
        jp.keyType,
        'jump',
      );
    }
    jump = await openJump(resolved.jump, {
      pinned,
      auth: opts.jump?.auth ?? opts.auth ?? {},
      ...timing,
    });
    sock = await forwardThrough(
      jump.client,
      resolved.jump.alias,
      resolved.host,
      resolved.port,
    ).catch((err) => {
      jump?.client.end();
      throw err;
    });
  } else {
    sock = await tcpConnect(resolved.host, resolved.port, readyTimeoutMs);
  }
  try {
    const { client } = await openSsh(resolved, sock, () => false, null, timing);
    client.end();
    throw new Error('unreachable: the probe accepted a host key');
  } catch (err) {
    if (!isKeyRejection(err)) throw err;
    return {
      host: resolved.host,
      port: resolved.port,
      fingerprint: err.presented.fingerprint,
      keyType: err.presented.keyType,
      via: jump
        ? {
            host: jump.endpoint.host,
            port: jump.endpoint.port,
            fingerprint: jump.presented.fingerprint,
            keyType: jump.presented.keyType,
            via: null,
          }
        : null,
    };
  } finally {
    jump?.client.end();
  }
}

/**
 * An authenticated connection whose host key equals `pinnedFingerprint`. An unpinned key gives
 * HostKeyUnknownError, a different one HostKeyMismatchError (both fingerprints named); in both
 * cases no credential was sent.
 */
export async function connectSsh(
  target: SshTarget,
  opts: SshConnectOptions,
): Promise<SshTransport> {
  const resolved = await resolveSshTarget(
    target,
    opts.sshConfigPath === undefined ? DEFAULT_SSH_CONFIG_PATH() : opts.sshConfigPath,
  );
  const timing = {
    readyTimeoutMs: opts.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS,
    keepaliveIntervalMs: opts.keepaliveIntervalMs ?? DEFAULT_KEEPALIVE_MS,
  };
  const plan = await buildAuthPlan(resolved.user, opts.auth ?? {}, resolved.identityFiles);

  let jump: JumpSession | null = null;
  let sock: Duplex;
  let tcp: Socket;
  if (resolved.jump) {
    jump = await openJump(resolved.jump, {
      pinned: opts.jump?.pinnedFingerprint ?? null,
      auth: opts.jump?.auth ?? opts.auth ?? {},
      ...timing,
    });
    tcp = jump.socket;
    try {
      sock = await forwardThrough(jump.client, resolved.jump.alias, resolved.host, resolved.port);
    } catch (err) {
      jump.client.end();
      throw err;
    }
  } else {
    tcp = await tcpConnect(resolved.host, resolved.port, timing.readyTimeoutMs);
    sock = tcp;
  }

  let opened: OpenResult;
  try {
    opened = await openSsh(resolved, sock, pinnedPolicy(opts.pinnedFingerprint), plan, timing);
  } catch (err) {
    jump?.client.end();
    if (isKeyRejection(err))
      throw hostKeyError(resolved, opts.pinnedFingerprint, err.presented, 'target');
    throw err;
  }
  await requestLowLatency(opened.client);
  return new SshTransport(
    opened.client,
    tcp,
    {
      label: resolved.alias,
      host: resolved.host,
      port: resolved.port,
      user: resolved.user,
      sudo: opts.sudo ?? false,
      allowSharedConfigDir: opts.allowSharedConfigDir ?? false,
      commandTimeoutMs: opts.commandTimeoutMs ?? DEFAULT_COMMAND_TIMEOUT_MS,
      prestartWrites: opts.prestartWrites === true,
      hostKey: opened.presented,
      authMethod: opened.tried[opened.tried.length - 1] ?? null,
      methodsTried: opened.tried,
      via: jump
        ? {
            host: jump.endpoint.host,
            port: jump.endpoint.port,
            user: jump.endpoint.user,
            fingerprint: jump.presented.fingerprint,
          }
        : null,
    },
    jump?.client ?? null,
  );
}

/**
 * OpenSSH's sshd turns Nagle off (TCP_NODELAY) on a connection only once it is "interactive",
 * i.e. when the first session on it asks for a pty. Without that, every AMI answer that spans
 * several writes (a list action's events) stalls on a delayed ACK in the tunnel: measured ~30 ms
 * per PJSIPShowEndpoint through the tunnel against 0.7 ms with it. So the first channel on every
 * connection is a no-op command with a pty. sshd decides this once per connection, so the
 * channel can close at once. Best effort: a server that refuses ptys (PermitTTY no) or runs a
 * ForceCommand only stays slower.
 */
function requestLowLatency(client: import('ssh2').Client, timeoutMs = 3000): Promise<void> {
  return new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, timeoutMs);
    const done = () => {
      clearTimeout(timer);
      resolve();
    };
    try {
      client.exec('true', { pty: { rows: 1, cols: 20, term: 'dumb' } }, (err, stream) => {
        if (err) return done();
        stream.on('close', done);
        stream.on('error', done);
        stream.resume();
        stream.stderr?.resume();
      });
    } catch {
      done();
    }
  });
}
