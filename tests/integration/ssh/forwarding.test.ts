import { createServer, type Server } from 'node:net';
import type { Duplex } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ForwardingRefusedError,
  ForwardTargetUnreachableError,
} from '../../../src/main/core/ssh/errors';
import { LocalTransport } from '../../../src/main/core/ssh/local-transport';
import type { SshTransport } from '../../../src/main/core/ssh/ssh-transport';
import { connectToSshd, rejectionOf } from '../../support/ssh-session';
import { freePort, startSshd, type SshdHandle } from '../../support/sshd';

let open: SshdHandle;
let closed: SshdHandle;
let echo: Server;
let echoPort: number;

beforeAll(async () => {
  [open, closed] = await Promise.all([
    startSshd({ allowTcpForwarding: true }),
    startSshd({ allowTcpForwarding: false }),
  ]);
  // Stands in for Asterisk's AMI port: answers every line with "echo: <line>".
  echo = createServer((sock) => sock.on('data', (d) => sock.write(`echo: ${d.toString('utf8')}`)));
  await new Promise<void>((r) => echo.listen(0, '127.0.0.1', r));
  echoPort = (echo.address() as { port: number }).port;
});
afterAll(async () => {
  echo?.close();
  await Promise.all([open?.stop(), closed?.stop()]);
});

async function roundTrip(stream: Duplex, line: string): Promise<string> {
  const reply = new Promise<string>((resolve) =>
    stream.once('data', (d: Buffer) => resolve(d.toString('utf8'))),
  );
  stream.write(line);
  return reply;
}

describe('TCP streams through the host (the AMI tunnel)', () => {
  let t: SshTransport;
  beforeAll(async () => {
    t = await connectToSshd(open);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('opens a forwardOut channel to a port on the host, counted as one round trip', async () => {
    const before = t.roundTrips;
    const stream = await t.openTcpStream('127.0.0.1', echoPort);
    expect(t.roundTrips - before).toBe(1);
    expect(await roundTrip(stream, 'Action: Ping\r\n')).toBe('echo: Action: Ping\r\n');
    stream.end();
  });

  it('says nothing listens there when the host cannot connect to the port', async () => {
    const port = await freePort();
    const err = await rejectionOf(t.openTcpStream('127.0.0.1', port));
    expect(err).toBeInstanceOf(ForwardTargetUnreachableError);
    expect(err.details).toMatchObject({ target: `127.0.0.1:${port}` });
    // The SSH connection itself is unharmed.
    expect((await t.exec('echo still-here')).stdout).toBe('still-here\n');
  });

  it('explains AllowTcpForwarding when the server refuses to forward', async () => {
    const t2 = await connectToSshd(closed);
    try {
      const err = await rejectionOf(t2.openTcpStream('127.0.0.1', echoPort));
      expect(err).toBeInstanceOf(ForwardingRefusedError);
      expect(err.code).toBe('SSH_FORWARDING_REFUSED');
      expect(err.message).toContain('AllowTcpForwarding yes');
      expect(err.details).toMatchObject({ target: `127.0.0.1:${echoPort}` });
    } finally {
      await t2.close();
    }
  });

  it('the local transport connects directly', async () => {
    const local = new LocalTransport();
    const stream = await local.openTcpStream('127.0.0.1', echoPort);
    expect(await roundTrip(stream, 'hello\n')).toBe('echo: hello\n');
    stream.end();
    expect(local.roundTrips).toBe(1);
  });
});
