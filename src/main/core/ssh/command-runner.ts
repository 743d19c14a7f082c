import type { Readable, Writable } from 'node:stream';
import type { RayanError } from '../errors/rayan-error';
import { CommandTimeoutError } from './errors';

/** One command running on the host: an SSH exec channel or a local `sh -c` process. */
export interface RunningCommand {
  stdin: Writable;
  stdout: Readable;
  stderr: Readable;
  /**
   * Settles after the command ended and its output streams closed: resolves with the exit
   * code (a signal maps to 128 + number), rejects when the connection died first.
   */
  done: Promise<{ code: number; signal: string | null }>;
  /** Stops the command (closes the channel / kills the process). */
  kill(): void;
  /**
   * Settles as soon as the command is known to be over (its exit status came, or its channel
   * closed), even when nobody reads its output (`done` waits for the output to be read).
   */
  exited?: Promise<void>;
}

/** Starts commands on one host. Each start() is one request (counted as a round trip). */
export interface CommandStarter {
  readonly label: string;
  /**
   * `ahead`: started before the work it is for is known (FileOps.prepareWrite); not counted
   * until that work takes it (countAhead), as a command that is never used costs no change
   * a round trip.
   */
  start(command: string, opts?: { ahead?: boolean }): Promise<RunningCommand>;
  countAhead?(): void;
  /** True once the connection is gone (ssh; a local starter never closes). */
  readonly closed?: boolean;
  /** The error to raise when the connection goes away during `during`. */
  lostError(during: string): RayanError;
}

export interface CollectOptions {
  /** Written to stdin in chunks, then stdin is closed (unless afterStdin takes over). */
  stdin?: Buffer;
  timeoutMs: number;
  /** What the command does, for the timeout message. */
  what: string;
  /** Awaited once, after the first stdin chunk went out (fault-injection hook). */
  afterFirstChunk?: () => Promise<void>;
  /**
   * Awaited once all of `stdin` went out, instead of closing stdin: it writes more (or not) and
   * closes it. `ended` settles when the command ended (or its connection died).
   */
  afterStdin?: (cmd: RunningCommand, ended: Promise<unknown>) => Promise<void>;
  /**
   * Takes each stdout chunk as it arrives instead of collecting them (`stdout` comes back empty):
   * a caller that parses the output as it streams keeps one copy of a large file, not two.
   */
  onStdout?: (d: Buffer) => void;
  /** Called with each complete stdout line as it arrives (for handshakes with the script). */
  onLine?: (line: string, cmd: RunningCommand) => void;
}

export interface Collected {
  code: number;
  signal: string | null;
  stdout: Buffer;
  stderr: Buffer;
}

const CHUNK = 64 * 1024;

/** Runs a started command to completion, feeding stdin and collecting stdout/stderr. */
export async function collect(
  cmd: RunningCommand,
  opts: CollectOptions,
  starter: CommandStarter,
): Promise<Collected> {
  const out: Buffer[] = [];
  const err: Buffer[] = [];
  let lineBuf = '';
  cmd.stdout.on('data', (d: Buffer) => {
    if (opts.onStdout) opts.onStdout(d);
    else out.push(d);
    if (opts.onLine) {
      lineBuf += d.toString('utf8');
      let nl: number;
      while ((nl = lineBuf.indexOf('\n')) >= 0) {
        const line = lineBuf.slice(0, nl);
        lineBuf = lineBuf.slice(nl + 1);
        opts.onLine(line, cmd);
      }
    }
  });
  cmd.stderr.on('data', (d: Buffer) => err.push(d));
  // Writes after the far end went away must not surface as unhandled 'error' events.
  cmd.stdin.on('error', () => undefined);

  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      cmd.kill();
      reject(new CommandTimeoutError(starter.label, opts.what, opts.timeoutMs));
    }, opts.timeoutMs);
  });
  // Observed so an early connection loss during the upload is not an unhandled rejection.
  const done = cmd.done.then(
    (v) => ({ ok: true as const, v }),
    (e: unknown) => ({ ok: false as const, e }),
  );

  const feed = async (): Promise<void> => {
    const data = opts.stdin ?? Buffer.alloc(0);
    let first = true;
    for (let off = 0; off < data.length; off += CHUNK) {
      const ok = cmd.stdin.write(data.subarray(off, off + CHUNK));
      if (first) {
        first = false;
        if (opts.afterFirstChunk) await opts.afterFirstChunk();
      }
      if (!ok) {
        const ended = await Promise.race([
          new Promise<boolean>((r) => cmd.stdin.once('drain', () => r(false))),
          done.then(() => true),
        ]);
        if (ended) return;
      }
    }
    if (first && opts.afterFirstChunk) await opts.afterFirstChunk();
    if (opts.afterStdin) await opts.afterStdin(cmd, done);
    else cmd.stdin.end();
  };

  try {
    await Promise.race([feed(), timeout]);
    const res = await Promise.race([done, timeout]);
    if (!res.ok) {
      // Say what was interrupted ("uploading /etc/asterisk/pjsip.conf"), not just "a command".
      const lost = (res.e as { code?: string }).code === 'SSH_CONNECTION_LOST';
      throw lost ? starter.lostError(opts.what) : res.e;
    }
    return {
      code: res.v.code,
      signal: res.v.signal,
      stdout: Buffer.concat(out),
      stderr: Buffer.concat(err),
    };
  } finally {
    clearTimeout(timer);
  }
}
