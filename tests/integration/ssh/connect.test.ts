import { spawn, type ChildProcess, execFile } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AuthFailedError,
  CommandTimeoutError,
  ConnectTimeoutError,
  ForwardingRefusedError,
  HostKeyMismatchError,
  HostKeyUnknownError,
  HostUnreachableError,
  PrivateKeyError,
} from '../../../src/main/core/ssh/errors';
import { connectSsh, probeHostKey } from '../../../src/main/core/ssh/ssh-connect';
import { proxyJumpSshConfig } from '../../support/proxy-jump';
import { connectToSshd, rejectionOf } from '../../support/ssh-session';
import { ensureTestUsers, type TestUsers } from '../../support/ssh-users';
import { freePort, sshKeygenFingerprint, startSshd, type SshdHandle } from '../../support/sshd';

const run = promisify(execFile);

let sshd: SshdHandle;
let noForwardSshd: SshdHandle;
let users: TestUsers;
let scratch: string;

beforeAll(async () => {
  users = await ensureTestUsers();
  [sshd, noForwardSshd] = await Promise.all([
    startSshd({ passwordAuthentication: true }),
    startSshd({ allowTcpForwarding: false }),
  ]);
  scratch = await mkdtemp(join(tmpdir(), 'rayanpbx-ssh-connect-'));
});

afterAll(async () => {
  await Promise.all([sshd?.stop(), noForwardSshd?.stop()]);
  await rm(scratch, { recursive: true, force: true });
});

describe('host key: trust on first use', () => {
  it('probes the host key and returns the fingerprint `ssh-keygen -lf` prints for the host key', async () => {
    const probe = await probeHostKey({ host: sshd.host, port: sshd.port }, { sshConfigPath: null });
    const reference = await sshKeygenFingerprint(sshd.hostPublicKeyPath);
    expect(probe.fingerprint).toBe(reference.fingerprint);
    expect(probe.keyType).toBe('ssh-ed25519');
    expect(probe.via).toBeNull();
  });

  it('sends no credential while probing (the server never sees a login attempt)', async () => {
    const before = sshd.logs().length;
    await probeHostKey({ host: sshd.host, port: sshd.port, user: 'root' }, { sshConfigPath: null });
    await new Promise((r) => setTimeout(r, 100));
    expect(sshd.logs().slice(before)).not.toMatch(/Accepted|Failed|publickey|password/i);
  });

  it('refuses to connect to a host whose key is not pinned yet (HostKeyUnknownError with the key)', async () => {
    const err = await rejectionOf(connectToSshd(sshd, { pinnedFingerprint: null }));
    expect(err).toBeInstanceOf(HostKeyUnknownError);
    expect(err.code).toBe('SSH_HOST_KEY_UNKNOWN');
    expect(err.details).toMatchObject({ fingerprint: sshd.fingerprint, keyType: 'ssh-ed25519' });
  });

  it('connects when the pinned key matches, with the client key from the AuthorizedKeysFile', async () => {
    const t = await connectToSshd(sshd);
    try {
      const res = await t.exec('id -un');
      expect(res).toEqual({ code: 0, stdout: 'root\n', stderr: '' });
      expect(t.info.hostKey.fingerprint).toBe(sshd.fingerprint);
      expect(t.info.authMethod).toBe(`publickey (${sshd.clientKeyPath})`);
    } finally {
      await t.close();
    }
  });

  it('refuses a changed host key, naming the pinned and the presented fingerprints', async () => {
    const own = await startSshd();
    try {
      const pinned = own.fingerprint;
      const presented = await own.restartWithNewHostKey();
      expect(presented).not.toBe(pinned);
      const before = own.logs().length;
      const err = await rejectionOf(connectToSshd(own, { pinnedFingerprint: pinned }));
      expect(err).toBeInstanceOf(HostKeyMismatchError);
      expect(err.code).toBe('SSH_HOST_KEY_MISMATCH');
      expect(err.message).toContain(`expected ${pinned}`);
      expect(err.message).toContain(`presented ${presented}`);
      expect(err.details).toMatchObject({ expected: pinned, presented });
      // Refused during the key exchange: no login was attempted on the impostor.
      expect(own.logs().slice(before)).not.toMatch(/Accepted|Failed publickey/);
    } finally {
      await own.stop();
    }
  });
});

describe('login methods', () => {
  it('refuses a client key that is not authorised, listing the methods tried', async () => {
    const wrong = await sshd.addClientKey({ authorize: false });
    const err = await rejectionOf(connectToSshd(sshd, { auth: { privateKeyPath: wrong.path } }));
    expect(err).toBeInstanceOf(AuthFailedError);
    expect(err.code).toBe('SSH_AUTH_FAILED');
    expect(err.details?.methodsTried).toEqual([`publickey (${wrong.path})`]);
    expect(err.message).toContain(`tried: publickey (${wrong.path})`);
  });

  it('logs in with a password, and never repeats a wrong password in the error', async () => {
    const pw = users.passwordSudoer;
    const t = await connectToSshd(sshd, {
      user: pw.name,
      auth: { privateKeyPath: null, agent: false, password: pw.password },
    });
    try {
      expect((await t.exec('id -un')).stdout).toBe(`${pw.name}\n`);
      expect(t.info.authMethod).toBe('password');
    } finally {
      await t.close();
    }
    // Restricted to the password, nothing else is offered (not even keys found in ~/.ssh).
    const only = await connectToSshd(sshd, {
      user: pw.name,
      auth: { privateKeyPath: sshd.clientKeyPath, password: pw.password, methods: ['password'] },
    });
    expect(only.info.methodsTried).toEqual(['password']);
    await only.close();

    const wrongPassword = 'Wr0ng-Secret-Value';
    const err = await rejectionOf(
      connectToSshd(sshd, {
        user: pw.name,
        auth: { privateKeyPath: null, agent: false, password: wrongPassword },
      }),
    );
    expect(err).toBeInstanceOf(AuthFailedError);
    expect(err.details?.methodsTried).toContain('password');
    expect(JSON.stringify({ m: err.message, d: err.details })).not.toContain(wrongPassword);
  });

  it('logs in with a passphrase-protected key, and says which is wrong: the passphrase', async () => {
    const passphrase = 'correct horse battery';
    const key = await sshd.addClientKey({ passphrase });
    const t = await connectToSshd(sshd, { auth: { privateKeyPath: key.path, passphrase } });
    try {
      expect((await t.exec('echo ok')).stdout).toBe('ok\n');
    } finally {
      await t.close();
    }
    const missing = await rejectionOf(connectToSshd(sshd, { auth: { privateKeyPath: key.path } }));
    expect(missing).toBeInstanceOf(PrivateKeyError);
    expect(missing.details?.reason).toBe('passphrase-required');
    const wrong = await rejectionOf(
      connectToSshd(sshd, { auth: { privateKeyPath: key.path, passphrase: 'nope-nope' } }),
    );
    expect(wrong).toBeInstanceOf(PrivateKeyError);
    expect(wrong.details?.reason).toBe('wrong-passphrase');
    expect(wrong.message).not.toContain('nope-nope');
  });

  it('logs in through ssh-agent (SSH_AUTH_SOCK) holding the key', async () => {
    const sock = join(scratch, 'agent.sock');
    const agent: ChildProcess = spawn('ssh-agent', ['-D', '-a', sock], { stdio: 'ignore' });
    try {
      for (let i = 0; i < 100 && !(await stat(sock).catch(() => null)); i++)
        await new Promise((r) => setTimeout(r, 20));
      const key = await sshd.addClientKey();
      await run('ssh-add', ['-q', key.path], { env: { ...process.env, SSH_AUTH_SOCK: sock } });
      const previous = process.env.SSH_AUTH_SOCK;
      process.env.SSH_AUTH_SOCK = sock;
      try {
        // No key file given: the agent (found through SSH_AUTH_SOCK) is the only method.
        const t = await connectSsh(
          { host: sshd.host, port: sshd.port, user: 'root' },
          {
            pinnedFingerprint: sshd.fingerprint,
            sshConfigPath: null,
            auth: { privateKeyPath: null, agent: true },
          },
        );
        try {
          expect((await t.exec('echo agent-ok')).stdout).toBe('agent-ok\n');
          expect(t.info.authMethod).toBe('agent');
        } finally {
          await t.close();
        }
      } finally {
        if (previous === undefined) delete process.env.SSH_AUTH_SOCK;
        else process.env.SSH_AUTH_SOCK = previous;
      }
    } finally {
      agent.kill('SIGTERM');
    }
  });
});

describe('reaching the host', () => {
  it('says the host is unreachable when nothing listens on the port', async () => {
    const port = await freePort();
    const err = await rejectionOf(connectToSshd({ ...sshd, port } as SshdHandle));
    expect(err).toBeInstanceOf(HostUnreachableError);
    expect(err.details).toMatchObject({ host: '127.0.0.1', port, cause: 'connection refused' });
  });

  it('gives up after the connect timeout when the server never answers the handshake', async () => {
    const silent: Server = createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as { port: number }).port;
    try {
      const started = Date.now();
      const err = await rejectionOf(
        connectToSshd({ ...sshd, port } as SshdHandle, { readyTimeoutMs: 700 }),
      );
      expect(err).toBeInstanceOf(ConnectTimeoutError);
      expect(Date.now() - started).toBeLessThan(5000);
    } finally {
      silent.close();
    }
  });

  it('stops a command that runs longer than its timeout (CommandTimeoutError), on the host too', async () => {
    // As a non-root login: sshd only delivers signal requests to privilege-separated sessions.
    const t = await connectToSshd(sshd, { user: users.sudoer.name });
    try {
      const started = Date.now();
      const err = await rejectionOf(t.exec('sleep 29.5', { timeoutMs: 400 }));
      expect(err).toBeInstanceOf(CommandTimeoutError);
      expect(Date.now() - started).toBeLessThan(5000);
      const stillRunning = async () =>
        (
          await t.exec(`ps -u ${users.sudoer.name} -o args= | grep -c '^sleep 29[.]5' || true`)
        ).stdout.trim();
      for (let i = 0; i < 50 && (await stillRunning()) !== '0'; i++)
        await new Promise((r) => setTimeout(r, 50));
      expect(await stillRunning()).toBe('0');
    } finally {
      await t.close();
    }
  });

  it('notices a host that stopped answering, through SSH keepalives', async () => {
    const t = await connectToSshd(sshd, { keepaliveIntervalMs: 200 });
    const lost = new Promise<string>((resolve) => t.onDisconnect(resolve));
    const thaw = await sshd.freeze();
    try {
      const reason = await Promise.race([
        lost,
        new Promise<string>((r) => setTimeout(() => r('still connected'), 5000)),
      ]);
      expect(reason).toMatch(/keepalive/i);
      expect(t.closed).toBe(true);
    } finally {
      thaw();
      await t.close();
    }
  });
});

describe('~/.ssh/config', () => {
  async function writeConfig(name: string, lines: string[]): Promise<string> {
    const path = join(scratch, name);
    await writeFile(path, `${lines.join('\n')}\n`);
    return path;
  }

  it('connects by alias (HostName, User, Port, IdentityFile) through a ProxyJump host', async () => {
    // The harness sshd is both the jump host and the PBX behind it.
    const config = join(scratch, 'config-jump');
    await writeFile(config, proxyJumpSshConfig(sshd, sshd));
    const t = await connectSsh(
      { host: 'pbx-behind' },
      {
        sshConfigPath: config,
        pinnedFingerprint: sshd.fingerprint,
        jump: { pinnedFingerprint: sshd.fingerprint },
        auth: { agent: false },
      },
    );
    try {
      expect(t.label).toBe('pbx-behind');
      expect(t.info.via).toEqual({
        host: '127.0.0.1',
        port: sshd.port,
        user: 'root',
        fingerprint: sshd.fingerprint,
      });
      expect((await t.exec('id -un')).stdout).toBe('root\n');
    } finally {
      await t.close();
    }
  });

  it('goes through the jump host for real: a jump host without forwarding refuses the hop', async () => {
    const config = await writeConfig('config-nofwd', [
      'Host pbx',
      `  HostName 127.0.0.1`,
      `  Port ${sshd.port}`,
      `  ProxyJump root@127.0.0.1:${noForwardSshd.port}`,
      `Host *`,
      `  IdentityFile ${sshd.clientKeyPath}`,
      '  User root',
    ]);
    const err = await rejectionOf(
      connectSsh(
        { host: 'pbx' },
        {
          sshConfigPath: config,
          pinnedFingerprint: sshd.fingerprint,
          // Each harness sshd authorises its own client key.
          jump: {
            pinnedFingerprint: noForwardSshd.fingerprint,
            auth: { privateKeyPath: noForwardSshd.clientKeyPath, agent: false },
          },
          auth: { agent: false },
        },
      ),
    );
    expect(err).toBeInstanceOf(ForwardingRefusedError);
    expect(err.message).toContain('AllowTcpForwarding');
  });

  it('probes a host behind a jump host only once the jump host itself is pinned', async () => {
    const config = await writeConfig('config-probe', [
      'Host pbx',
      '  HostName 127.0.0.1',
      `  Port ${sshd.port}`,
      '  User root',
      `  ProxyJump root@127.0.0.1:${sshd.port}`,
      `  IdentityFile ${sshd.clientKeyPath}`,
      'Host 127.0.0.1',
      `  IdentityFile ${sshd.clientKeyPath}`,
    ]);
    const first = await rejectionOf(probeHostKey({ host: 'pbx' }, { sshConfigPath: config }));
    expect(first).toBeInstanceOf(HostKeyUnknownError);
    expect(first.details).toMatchObject({ role: 'jump', fingerprint: sshd.fingerprint });
    const probe = await probeHostKey(
      { host: 'pbx' },
      {
        sshConfigPath: config,
        jump: { pinnedFingerprint: sshd.fingerprint, auth: { agent: false } },
      },
    );
    expect(probe.fingerprint).toBe(sshd.fingerprint);
    expect(probe.via?.fingerprint).toBe(sshd.fingerprint);
  });
});
