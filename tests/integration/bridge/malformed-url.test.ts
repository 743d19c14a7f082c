import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Bridge, startBridge } from '../../../src/bridge/bridge';
import { createFleet } from '../../../src/main/core/fleet/create-fleet';
import { JsonFileSettings } from '../../../src/main/core/hosts/settings-backend';
import { KeychainSecretStore } from '../../../src/main/core/secrets/secret-store';

let dir = '';
let bridge: Bridge;
let fleet: ReturnType<typeof createFleet>;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'rayanpbx-bridge-url-'));
  await mkdir(path.join(dir, 'renderer'), { recursive: true });
  await writeFile(path.join(dir, 'renderer/index.html'), '<!doctype html><title>ok</title>');
  fleet = createFleet({
    home: dir,
    secrets: new KeychainSecretStore(`rayanpbx-test-${path.basename(dir)}`),
    sshConfigPath: null,
  });
  bridge = await startBridge({
    fleet,
    settings: new JsonFileSettings(path.join(dir, 'settings.json')),
    rendererDir: path.join(dir, 'renderer'),
  });
});

afterAll(async () => {
  await bridge?.close();
  await fleet?.close();
  await rm(dir, { recursive: true, force: true });
});

/** Sends a GET for `target` as raw bytes (no client library would send a malformed URL); the status line. */
function rawRequest(b: Bridge, target: string, headers = 'Connection: close\r\n'): Promise<string> {
  const { hostname, port } = new URL(b.origin);
  return new Promise((resolve, reject) => {
    const sock = connect(Number(port), hostname);
    let got = '';
    const timer = setTimeout(() => {
      sock.destroy();
      reject(new Error(`no answer to GET ${target} within 3 s`));
    }, 3000);
    sock.on('data', (d) => (got += d.toString('latin1')));
    sock.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    sock.on('close', () => {
      clearTimeout(timer);
      resolve(got.split('\r\n')[0] ?? '');
    });
    sock.write(
      `GET ${target} HTTP/1.1\r\nHost: ${hostname}\r\nConnection: close\r\n${headers}\r\n`,
    );
  });
}

describe('bridge: malformed request URLs', () => {
  it.each(['/%', '/%E0%A4%A', '/assets/%zz.js', '//'])(
    'answers 400 to GET %s and keeps serving',
    async (target) => {
      expect(await rawRequest(bridge, target)).toBe('HTTP/1.1 400 Bad Request');
      expect(await rawRequest(bridge, '/')).toBe('HTTP/1.1 200 OK');
    },
  );

  it('refuses a malformed WebSocket upgrade URL with 403 and keeps serving', async () => {
    const status = await rawRequest(
      bridge,
      '//',
      'Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n',
    );
    expect(status).toBe('HTTP/1.1 403 Forbidden');
    expect(await rawRequest(bridge, '/')).toBe('HTTP/1.1 200 OK');
  });
});
