import { constants as osConstants } from 'node:os';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Client, ClientChannel } from 'ssh2';
import type { CommandStarter, RunningCommand } from './command-runner';
import { collect } from './command-runner';
import {
  ConnectionLostError,
  ForwardingRefusedError,
  ForwardTargetUnreachableError,
  RemoteCommandError,
} from './errors';
import { FileOps } from './file-ops';
import { sudoFailure, userCommand } from './sudo';
import type { ExecOptions, ExecResult, HostTransport } from './types';

export interface SshSessionInfo {
  /** What the caller called the host (alias or name): used in messages. */
  label: string;
  host: string;
  port: number;
  user: string;
  sudo: boolean;
  /** Writes into a config dir other accounts can write run as its owner (sudo -u) instead of being refused. */
  allowSharedConfigDir?: boolean;
  commandTimeoutMs: number;
  /** See SshConnectOptions.prestartWrites. */
  prestartWrites?: boolean;
  hostKey: { fingerprint: string; keyType: string };
  /** The login method that succeeded and every method offered, in order. */
  authMethod: string | null;
  methodsTried: string[];
  /** The ProxyJump hop, when there is one. */
  via: { host: string; port: number; user: string; fingerprint: string } | null;
}

/** RFC 4254 channel-open failure reasons. */
const OPEN_ADMINISTRATIVELY_PROHIBITED = 1;
const OPEN_CONNECT_FAILED = 2;

function exitCodeOf(code: number | null | undefined, signal: string | null | undefined): number {
  if (typeof code === 'number') return code;
  if (signal) {
    const n = (osConstants.signals as Record<string, number>)[`SIG${signal}`];
    return 128 + (n ?? 0);
  }
  return -1;
}

/** An SSH connection to one host (optionally through one jump host). */
export class SshTransport implements HostTransport, CommandStarter {
  readonly kind = 'ssh' as const;
  private trips = 0;
  private closedReason: string | null = null;
  private closing = false;
  private lastError: string | null = null;
  private readonly listeners = new Set<(reason: string) => void>();
  readonly files: FileOps;

  constructor(
    private readonly client: Client,
    /** The TCP socket to the first hop (the jump host when there is one). */
    private readonly socket: Socket,
    readonly info: SshSessionInfo,
    private readonly jumpClient: Client | null = null,
  ) {
    this.files = new FileOps({
      starter: this,
      user: info.user,
      sudo: info.sudo,
      allowSharedConfigDir: info.allowSharedConfigDir ?? false,
      commandTimeoutMs: info.commandTimeoutMs,
      prestartWrites: info.prestartWrites === true,
    });
    client.on('error', (err: Error) => {
      this.lastError = err.message;
    });
    client.on('close', () => {
      this.markClosed(
        this.closing ? 'closed by the console' : (this.lastError ?? 'connection closed'),
      );
      // The jump connection only exists to carry this one.
      jumpClient?.end();
    });
    jumpClient?.on('error', (err: Error) => {
      this.lastError = `jump host: ${err.message}`;
    });
    jumpClient?.on('close', () => {
      this.markClosed(this.lastError ?? 'jump host connection closed');
      client.end();
    });
  }

  get label(): string {
    return this.info.label;
  }

  get roundTrips(): number {
    return this.trips;
  }

  /** True once the connection is gone (even before ssh2 has emitted 'close'). */
  get closed(): boolean {
    return this.closedReason !== null || this.socket.destroyed;
  }

  private markClosed(reason: string): void {
    if (this.closedReason !== null) return;
    this.closedReason = reason;
    for (const l of this.listeners) {
      try {
        l(reason);
      } catch {
        // a listener's failure must not stop the others
      }
    }
  }

  onDisconnect(listener: (reason: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  lostError(during: string): ConnectionLostError {
    return new ConnectionLostError(this.info.label, during);
  }

  countAhead(): void {
    this.trips += 1;
  }

  start(command: string, opts: { ahead?: boolean } = {}): Promise<RunningCommand> {
    if (this.closed) return Promise.reject(this.lostError('starting a command'));
    if (opts.ahead !== true) this.trips += 1;
    return new Promise((resolve, reject) => {
      // ssh2 throws synchronously ("Not connected") when the socket died but 'close' has not
      // been emitted yet.
      if (!this.guard(reject, 'starting a command')) return;
      const onExec = (err: Error | undefined, ch: ClientChannel) => {
        if (err) {
          reject(
            this.closed
              ? this.lostError('starting a command')
              : new RemoteCommandError(this.info.label, 'starting a command', -1, err.message),
          );
          return;
        }
        let exit: { code: number; signal: string | null } | null = null;
        const done = new Promise<{ code: number; signal: string | null }>((res, rej) => {
          ch.on('exit', (code: number | null, signal?: string) => {
            exit = { code: exitCodeOf(code, signal), signal: signal ?? null };
          });
          // 'close' comes after all output: settle only then, so no output is lost.
          ch.on('close', () => (exit ? res(exit) : rej(this.lostError('running a command'))));
        });
        const kill = () => {
          // Ask sshd to signal the command's process group: closing the channel alone leaves it
          // running. ssh2's public signal() refuses once stdin was ended, so the request is
          // sent through its protocol object (same packet).
          const raw = ch as unknown as {
            outgoing?: { id: number; state: string };
            _client?: { _protocol?: { signal(id: number, name: string): void } };
          };
          try {
            const state = raw.outgoing?.state;
            if (raw.outgoing && (state === 'open' || state === 'eof'))
              raw._client?._protocol?.signal(raw.outgoing.id, 'TERM');
          } catch {
            // channel or connection already gone
          }
          ch.close();
        };
        const exited = new Promise<void>((res) => {
          ch.once('exit', () => res());
          ch.once('close', () => res());
        });
        resolve({ stdin: ch, stdout: ch, stderr: ch.stderr, done, kill, exited });
      };
      try {
        this.client.exec(command, onExec);
      } catch {
        reject(this.lostError('starting a command'));
      }
    });
  }

  /** false (and the promise rejected) when the socket is already gone. */
  private guard(reject: (e: unknown) => void, during: string): boolean {
    const sock = this.socket;
    if (sock.destroyed || !sock.writable) {
      reject(this.lostError(during));
      return false;
    }
    return true;
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const sudo = opts.sudo ?? this.info.sudo;
    const cmd = await this.start(userCommand(command, sudo));
    const res = await collect(
      cmd,
      {
        stdin: opts.stdin === undefined ? undefined : Buffer.from(opts.stdin, 'utf8'),
        timeoutMs: opts.timeoutMs ?? this.info.commandTimeoutMs,
        what: 'running a command',
      },
      this,
    );
    const stderr = res.stderr.toString('utf8');
    if (sudo && res.code !== 0) {
      const sudoErr = sudoFailure(res.code, stderr, this.info.label, this.info.user);
      if (sudoErr) throw sudoErr;
    }
    return { code: res.code, stdout: res.stdout.toString('utf8'), stderr };
  }

  openTcpStream(host: string, port: number): Promise<Duplex> {
    if (this.closed) return Promise.reject(this.lostError('opening a tunnel'));
    this.trips += 1;
    const target = `${host}:${port}`;
    return new Promise((resolve, reject) => {
      if (!this.guard(reject, `opening a tunnel to ${target}`)) return;
      const onOpen = (err: Error | undefined, ch: ClientChannel) => {
        if (!err) return resolve(ch);
        const reason = (err as Error & { reason?: number }).reason;
        const desc = err.message.replace(/^\(SSH\) Channel open failure: /, '');
        if (this.closed) reject(this.lostError(`opening a tunnel to ${target}`));
        else if (reason === OPEN_CONNECT_FAILED)
          reject(new ForwardTargetUnreachableError(this.info.label, target, desc));
        else if (reason === OPEN_ADMINISTRATIVELY_PROHIBITED || /prohibited/i.test(desc)) {
          reject(new ForwardingRefusedError(this.info.label, target, desc));
        } else
          reject(
            new ForwardingRefusedError(this.info.label, target, desc || 'channel open failed'),
          );
      };
      try {
        this.client.forwardOut('127.0.0.1', 0, host, port, onOpen);
      } catch {
        reject(this.lostError(`opening a tunnel to ${target}`));
      }
    });
  }

  /**
   * Test hook: kills the TCP connection abruptly (RST), as a network failure would, without
   * the orderly SSH disconnect that close() sends.
   * @internal
   */
  dropConnection(): void {
    this.socket.resetAndDestroy();
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closing = true;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.socket.destroy();
        resolve();
      }, 2000);
      this.client.once('close', () => {
        clearTimeout(timer);
        resolve();
      });
      this.client.end();
    });
    this.jumpClient?.end();
    this.markClosed('closed by the console');
  }
}
