/**
 * A real OpenSSH server for the integration tests: `/usr/sbin/sshd -D -e -f <tmp config>` on a
 * free loopback port, with a throw-away ed25519 host key and a throw-away client key in its
 * AuthorizedKeysFile, everything in one temp directory that stop() removes.
 *
 * Runs as root (sshd needs it for privilege separation and to log users in). The same client
 * key is authorised for every account, so the non-root test users (see ssh-users.ts) log in
 * with it too.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, appendFile, rm, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** pid and all its descendants, found through /proc (no pgrep/pkill by name). */
async function processTree(pid: number): Promise<number[]> {
  const { readdir } = await import('node:fs/promises');
  const parents = new Map<number, number[]>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
    if (!stat) continue;
    // "pid (comm) state ppid …": comm may contain spaces, so split after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const list = parents.get(ppid) ?? [];
    list.push(Number(entry));
    parents.set(ppid, list);
  }
  const out: number[] = [];
  const walk = (p: number) => {
    out.push(p);
    for (const c of parents.get(p) ?? []) walk(c);
  };
  walk(pid);
  return out;
}

export const SSHD_BINARY = '/usr/sbin/sshd';

export interface SshdOptions {
  /** `AllowTcpForwarding` (the AMI tunnel needs `yes`; refusal tests use `no`). Default true. */
  allowTcpForwarding?: boolean;
  /** `PasswordAuthentication`. Default false. */
  passwordAuthentication?: boolean;
  /** Extra sshd_config lines, placed first so they override the harness defaults. */
  extraConfig?: string[];
}

export interface ClientKey {
  path: string;
  publicKey: string;
  /** "SHA256:…" of the client key (what sshd logs on acceptance). */
  fingerprint: string;
}

export interface SshdHandle {
  readonly host: '127.0.0.1';
  readonly port: number;
  /** The temp directory holding config, keys, pid file (removed by stop()). */
  readonly dir: string;
  readonly hostKeyPath: string;
  readonly hostPublicKeyPath: string;
  /** Current host key fingerprint exactly as `ssh-keygen -lf <hostkey.pub>` prints it. */
  readonly fingerprint: string;
  readonly keyType: string;
  /** Private key (no passphrase) authorised for every account. */
  readonly clientKeyPath: string;
  readonly clientPublicKey: string;
  /** The account the harness itself runs as ('root'). */
  readonly user: string;
  /** Generates another client key (optionally with a passphrase) and authorises it. */
  addClientKey(opts?: { passphrase?: string; authorize?: boolean }): Promise<ClientKey>;
  /** Replaces the host key and restarts sshd on the same port; resolves to the new fingerprint. */
  restartWithNewHostKey(): Promise<string>;
  /**
   * Freezes sshd and every session process (SIGSTOP): connections stay open but nothing
   * answers, like a host that vanished from the network. Resolves to a function that thaws them.
   */
  freeze(): Promise<() => void>;
  /**
   * Kills with SIGKILL every command its sessions run whose command line contains `marker` (the
   * sessions' shells, not sshd): a command killed outright, where no cleanup can run. Resolves
   * to how many processes were killed.
   */
  killCommands(marker: string): Promise<number>;
  /**
   * Kills every session (sshd's per-connection processes and their commands) with SIGKILL and
   * stops the listener from accepting (SIGSTOP): the PBX's sshd gone. Resolves to a function
   * that lets it accept again.
   */
  killSessions(): Promise<() => void>;
  /**
   * Kills sshd and every session outright: its port is closed, so connections are refused
   * (ECONNREFUSED) at once rather than left waiting. Resolves to a function that starts it
   * again on the same port with the same host key.
   */
  goAway(): Promise<() => Promise<void>>;
  /** sshd's stderr (-e) so far, for diagnosing a failing test. */
  logs(): string;
  stop(): Promise<void>;
}

/** `ssh-keygen -lf <file>` → { bits, fingerprint, type }. The reference our code is checked against. */
export async function sshKeygenFingerprint(
  file: string,
): Promise<{ fingerprint: string; keyType: string }> {
  const { stdout } = await run('ssh-keygen', ['-lf', file]);
  const m = /^\d+ (SHA256:[A-Za-z0-9+/]+) .*\(([A-Z0-9-]+)\)\s*$/.exec(stdout.trim());
  if (!m) throw new Error(`unexpected ssh-keygen output: ${stdout}`);
  return { fingerprint: m[1]!, keyType: m[2]! };
}

export async function generateKey(path: string, passphrase = '', comment = 'rayanpbx-test') {
  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', passphrase, '-C', comment, '-f', path]);
  const publicKey = (await readFile(`${path}.pub`, 'utf8')).trim();
  const { fingerprint } = await sshKeygenFingerprint(`${path}.pub`);
  return { path, publicKey, fingerprint };
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address();
      const port = typeof addr === 'object' && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

/** Resolves once something on host:port answers with an SSH banner. */
async function waitForBanner(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(`sshd exited early (code ${child.exitCode}, signal ${child.signalCode})`);
    }
    const ok = await new Promise<boolean>((resolve) => {
      const sock = connect(port, '127.0.0.1');
      const done = (v: boolean) => {
        sock.destroy();
        resolve(v);
      };
      sock.setTimeout(1000, () => done(false));
      sock.once('data', (d) => done(d.toString('latin1').startsWith('SSH-')));
      sock.once('error', () => done(false));
    });
    if (ok) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`sshd did not listen on 127.0.0.1:${port} within ${timeoutMs} ms`);
}

function configText(
  dir: string,
  port: number,
  opts: Required<Omit<SshdOptions, 'extraConfig'>> & { extraConfig: string[] },
): string {
  return [
    // First: for sshd the first value of a keyword wins, so extra lines override the defaults.
    ...opts.extraConfig,
    `Port ${port}`,
    'ListenAddress 127.0.0.1',
    `HostKey ${join(dir, 'ssh_host_ed25519_key')}`,
    `PidFile ${join(dir, 'sshd.pid')}`,
    `AuthorizedKeysFile ${join(dir, 'authorized_keys')}`,
    'StrictModes no',
    'UsePAM no',
    'PubkeyAuthentication yes',
    `PasswordAuthentication ${opts.passwordAuthentication ? 'yes' : 'no'}`,
    'KbdInteractiveAuthentication no',
    'PermitRootLogin yes',
    `AllowTcpForwarding ${opts.allowTcpForwarding ? 'yes' : 'no'}`,
    'PermitUserEnvironment no',
    'MaxSessions 30',
    'MaxStartups 100',
    'LogLevel VERBOSE',
    'Subsystem sftp internal-sftp',
    '',
  ].join('\n');
}

export async function startSshd(options: SshdOptions = {}): Promise<SshdHandle> {
  if (process.getuid?.() !== 0)
    throw new Error('startSshd() needs root (sshd privilege separation)');
  const opts = {
    allowTcpForwarding: options.allowTcpForwarding ?? true,
    passwordAuthentication: options.passwordAuthentication ?? false,
    extraConfig: options.extraConfig ?? [],
  };
  // sshd refuses to start without its privilege-separation directory.
  await mkdir('/run/sshd', { recursive: true, mode: 0o755 });

  const dir = await mkdtemp(join(tmpdir(), 'rayanpbx-sshd-'));
  // Non-root accounts must be able to read authorized_keys (sshd reads it as the user).
  await chmod(dir, 0o755);
  const hostKeyPath = join(dir, 'ssh_host_ed25519_key');
  const hostPublicKeyPath = `${hostKeyPath}.pub`;
  const clientKeyPath = join(dir, 'client_ed25519');
  const authorizedKeys = join(dir, 'authorized_keys');

  await run('ssh-keygen', ['-q', '-t', 'ed25519', '-N', '', '-C', 'test-host', '-f', hostKeyPath]);
  const client = await generateKey(clientKeyPath);
  await writeFile(authorizedKeys, `${client.publicKey}\n`, { mode: 0o644 });

  let host = await sshKeygenFingerprint(hostPublicKeyPath);
  let log = '';
  let child: ChildProcess | null = null;
  let port = 0;
  let extraKeys = 0;

  const launch = async (fixedPort: number | null): Promise<void> => {
    for (let attempt = 0; attempt < 5; attempt++) {
      port = fixedPort ?? (await freePort());
      const configPath = join(dir, 'sshd_config');
      await writeFile(configPath, configText(dir, port, opts), { mode: 0o600 });
      const proc = spawn(SSHD_BINARY, ['-D', '-e', '-f', configPath], {
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      proc.stderr?.on('data', (d: Buffer) => {
        log += d.toString('utf8');
        if (log.length > 200_000) log = log.slice(-100_000);
      });
      child = proc;
      try {
        await waitForBanner(port, proc, 10_000);
        return;
      } catch (err) {
        proc.kill('SIGKILL');
        // Another process grabbed the port between freePort() and bind: pick another.
        if (fixedPort === null && /Address already in use/.test(log)) continue;
        if (fixedPort !== null && /Address already in use/.test(log) && attempt < 4) {
          await new Promise((r) => setTimeout(r, 200));
          continue;
        }
        throw new Error(`${(err as Error).message}\n${log}`);
      }
    }
    throw new Error(`could not start sshd:\n${log}`);
  };

  const kill = async (): Promise<void> => {
    const proc = child;
    child = null;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => proc.kill('SIGKILL'), 3000);
      proc.once('exit', () => {
        clearTimeout(timer);
        resolve();
      });
      proc.kill('SIGTERM');
    });
  };

  await launch(null);

  const handle: SshdHandle = {
    host: '127.0.0.1',
    get port() {
      return port;
    },
    dir,
    hostKeyPath,
    hostPublicKeyPath,
    get fingerprint() {
      return host.fingerprint;
    },
    get keyType() {
      return host.keyType;
    },
    clientKeyPath,
    clientPublicKey: client.publicKey,
    user: 'root',
    async addClientKey(o = {}) {
      extraKeys += 1;
      const key = await generateKey(join(dir, `client_extra_${extraKeys}`), o.passphrase ?? '');
      if (o.authorize !== false) await appendFile(authorizedKeys, `${key.publicKey}\n`);
      return key;
    },
    async restartWithNewHostKey() {
      await kill();
      await rm(hostKeyPath, { force: true });
      await rm(hostPublicKeyPath, { force: true });
      await run('ssh-keygen', [
        '-q',
        '-t',
        'ed25519',
        '-N',
        '',
        '-C',
        'test-host',
        '-f',
        hostKeyPath,
      ]);
      host = await sshKeygenFingerprint(hostPublicKeyPath);
      await launch(port);
      return host.fingerprint;
    },
    async freeze() {
      const pid = (child as ChildProcess | null)?.pid;
      if (!pid) throw new Error('sshd is not running');
      const pids = await processTree(pid);
      for (const p of pids) process.kill(p, 'SIGSTOP');
      return () => {
        for (const p of pids) {
          try {
            process.kill(p, 'SIGCONT');
          } catch {
            // already gone
          }
        }
      };
    },
    async killCommands(marker) {
      const pid = (child as ChildProcess | null)?.pid;
      if (!pid) throw new Error('sshd is not running');
      let killed = 0;
      for (const p of await processTree(pid)) {
        const args = await readFile(`/proc/${p}/cmdline`, 'utf8').catch(() => '');
        if (p === pid || args.startsWith('sshd') || !args.includes(marker)) continue;
        try {
          process.kill(p, 'SIGKILL');
          killed++;
        } catch {
          // already gone
        }
      }
      return killed;
    },
    async killSessions() {
      const pid = (child as ChildProcess | null)?.pid;
      if (!pid) throw new Error('sshd is not running');
      process.kill(pid, 'SIGSTOP');
      for (const p of await processTree(pid)) {
        if (p === pid) continue;
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      return () => {
        try {
          process.kill(pid, 'SIGCONT');
        } catch {
          // already gone
        }
      };
    },
    async goAway() {
      const pid = (child as ChildProcess | null)?.pid;
      if (!pid) throw new Error('sshd is not running');
      for (const p of await processTree(pid)) {
        if (p === pid) continue;
        try {
          process.kill(p, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await kill();
      return () => launch(port);
    },
    logs: () => log,
    async stop() {
      await kill();
      await rm(dir, { recursive: true, force: true });
    },
  };
  return handle;
}
