import { spawn } from 'node:child_process';
import { connect as netConnect } from 'node:net';
import { constants as osConstants, hostname, userInfo } from 'node:os';
import type { Duplex } from 'node:stream';
import { RayanError } from '../errors/rayan-error';
import { collect, type CommandStarter, type RunningCommand } from './command-runner';
import { FileOps } from './file-ops';
import { sudoFailure, userCommand } from './sudo';
import type { ExecOptions, ExecResult, HostTransport } from './types';

export interface LocalTransportOptions {
  /** Reads, writes and commands through `sudo -n`. */
  sudo?: boolean;
  /** Writes into a config dir other accounts can write run as its owner (sudo -u) instead of being refused. */
  allowSharedConfigDir?: boolean;
  /** Name used in messages. Default: this machine's host name. */
  label?: string;
  commandTimeoutMs?: number;
}

/**
 * The PBX is this machine. Same semantics as the ssh transport, down to the same safe-write
 * scripts (run by a local `sh`), so both are covered by one set of behaviours.
 */
export class LocalTransport implements HostTransport, CommandStarter {
  readonly kind = 'local' as const;
  readonly label: string;
  private trips = 0;
  readonly files: FileOps;
  private readonly sudo: boolean;
  private readonly user: string;
  private readonly commandTimeoutMs: number;

  constructor(opts: LocalTransportOptions = {}) {
    this.label = opts.label ?? hostname();
    this.sudo = opts.sudo ?? false;
    this.commandTimeoutMs = opts.commandTimeoutMs ?? 60_000;
    this.user = (() => {
      try {
        return userInfo().username;
      } catch {
        return String(process.getuid?.() ?? '?');
      }
    })();
    this.files = new FileOps({
      starter: this,
      user: this.user,
      sudo: this.sudo,
      allowSharedConfigDir: opts.allowSharedConfigDir ?? false,
      commandTimeoutMs: this.commandTimeoutMs,
    });
  }

  get roundTrips(): number {
    return this.trips;
  }

  lostError(during: string): RayanError {
    return new RayanError(
      'LOCAL_COMMAND_ABORTED',
      `A local command was interrupted while ${during}.`,
      { during },
    );
  }

  start(command: string): Promise<RunningCommand> {
    this.trips += 1;
    // Own process group, so a timeout kills the whole command, not just the shell.
    const child = spawn('/bin/sh', ['-c', command], {
      stdio: ['pipe', 'pipe', 'pipe'],
      detached: true,
    });
    const done = new Promise<{ code: number; signal: string | null }>((resolve, reject) => {
      child.once('error', reject);
      child.once('close', (code, signal) => {
        const n = signal ? (osConstants.signals as Record<string, number>)[signal] : undefined;
        resolve({
          code: code ?? 128 + (n ?? 0),
          signal: signal ? signal.replace(/^SIG/, '') : null,
        });
      });
    });
    return Promise.resolve({
      stdin: child.stdin,
      stdout: child.stdout,
      stderr: child.stderr,
      done,
      exited: new Promise<void>((res) => child.once('exit', () => res())),
      kill: () => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      },
    });
  }

  async exec(command: string, opts: ExecOptions = {}): Promise<ExecResult> {
    const sudo = opts.sudo ?? this.sudo;
    const cmd = await this.start(userCommand(command, sudo));
    const res = await collect(
      cmd,
      {
        stdin: opts.stdin === undefined ? undefined : Buffer.from(opts.stdin, 'utf8'),
        timeoutMs: opts.timeoutMs ?? this.commandTimeoutMs,
        what: 'running a command',
      },
      this,
    );
    const stderr = res.stderr.toString('utf8');
    if (sudo && res.code !== 0) {
      const sudoErr = sudoFailure(res.code, stderr, this.label, this.user);
      if (sudoErr) throw sudoErr;
    }
    return { code: res.code, stdout: res.stdout.toString('utf8'), stderr };
  }

  openTcpStream(host: string, port: number): Promise<Duplex> {
    this.trips += 1;
    return new Promise((resolve, reject) => {
      const sock = netConnect({ host, port });
      sock.once('connect', () => {
        sock.removeListener('error', reject);
        resolve(sock);
      });
      sock.once('error', (err: NodeJS.ErrnoException) =>
        reject(
          new RayanError(
            'LOCAL_CONNECT_FAILED',
            `Nothing accepted a connection to ${host}:${port} on this machine (${err.code ?? err.message}).`,
            {
              host,
              port,
              cause: err.code ?? err.message,
            },
          ),
        ),
      );
    });
  }

  onDisconnect(): () => void {
    return () => undefined;
  }

  async close(): Promise<void> {
    // Nothing held open.
  }
}
