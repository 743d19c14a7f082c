import dgram from 'node:dgram';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFleet } from '../../src/main/core/fleet/create-fleet';
import type { Fleet } from '../../src/main/core/fleet/fleet';
import {
  EnvOverlaySecretStore,
  KeychainSecretStore,
} from '../../src/main/core/secrets/secret-store';
import type { DomainEvent, HostConfig } from '../../src/shared/types';
import { AmiTestServer, type AmiTestServerOptions } from './ami-server/server';
import { createPbxDir, type PbxDir } from './pbx-dir';
import type { SshdHandle } from './sshd';

export const AMI_SECRET = 'amipass-S3cret-value';

/** A host entry for the harness sshd: its client key, its pinned host key, a throw-away config dir. */
export function sshdHostConfig(
  sshd: SshdHandle,
  h: { name: string; user: string; configDir: string; amiUser: string | null; amiPort: number },
): HostConfig {
  return {
    name: h.name,
    transport: 'ssh',
    host: sshd.host,
    port: sshd.port,
    user: h.user,
    keyFile: sshd.clientKeyPath,
    auth: 'key',
    configDir: h.configDir,
    sudo: false,
    hostKey: sshd.fingerprint,
    jumpHostKey: null,
    amiUser: h.amiUser,
    amiPort: h.amiPort,
    backupsToKeep: 3,
  };
}

/** A small, valid PBX: a UDP transport on a free loopback port and an empty internal dialplan. */
export function basicPjsip(sipPort: number): string {
  return [
    '; hand-written header kept by the admin',
    '[transport-udp]',
    'type=transport',
    'protocol=udp',
    `bind=127.0.0.1:${sipPort}`,
    '',
  ].join('\n');
}

export const BASIC_EXTENSIONS = ['[general]', 'static=yes', '', '[globals]', ''].join('\n');

export interface PbxHost {
  name: string;
  pbx: PbxDir;
  ami: AmiTestServer;
  fleet: Fleet;
  home: string;
  events: DomainEvent[];
  /** A UDP socket bound where pjsip.conf says Asterisk listens (for the doctor's port check). */
  sipPort: number;
  /** Another Fleet on the same settings folder and keychain: an app restart. */
  reopen(): Fleet;
  waitFor<T>(probe: () => T | undefined | null | false, timeoutMs?: number): Promise<T>;
  close(): Promise<void>;
}

/**
 * One PBX as the fleet sees it in production: files in a config dir reached over the real sshd,
 * and the AMI test server on the PBX's loopback, reached only through the SSH tunnel.
 */
export async function startPbxHost(
  sshd: SshdHandle,
  opts: {
    name?: string;
    pjsip?: (sipPort: number) => string;
    extensions?: string;
    ami?: Partial<AmiTestServerOptions>;
    amiUser?: string | null;
    /** Log in as this account instead of the harness's own (root); the config dir is chowned to it. */
    user?: { name: string; uid: number; gid: number };
    /** Secrets from the environment only (RAYANPBX_AMI_SECRET), as the headless CLI does: no keychain. */
    headless?: boolean;
    /** The SIP timeout the fleet's trunk status assumes (match the server's trunkTiming.timeScale). */
    trunkSipTimeoutMs?: number;
  } = {},
): Promise<PbxHost> {
  const name = opts.name ?? 'pbx';
  const udp = dgram.createSocket('udp4');
  await new Promise<void>((r) => udp.bind(0, '127.0.0.1', r));
  const sipPort = udp.address().port;
  const pbx = await createPbxDir(
    {
      'pjsip.conf': (opts.pjsip ?? basicPjsip)(sipPort),
      'extensions.conf': opts.extensions ?? BASIC_EXTENSIONS,
    },
    opts.user ? { owner: { uid: opts.user.uid, gid: opts.user.gid } } : {},
  );
  const ami = await AmiTestServer.start({
    configDir: pbx.dir,
    users: { admin: AMI_SECRET },
    reloadCost: 'none',
    ...opts.ami,
  });
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-home-'));
  const secrets = new EnvOverlaySecretStore(
    new KeychainSecretStore(`rayanpbx-test-${path.basename(home)}`),
    opts.headless ? { RAYANPBX_AMI_SECRET: AMI_SECRET } : {},
  );
  const make = () =>
    createFleet({
      home,
      secrets,
      sshConfigPath: null,
      session: { amiBackoff: { initialMs: 50, maxMs: 200 }, amiActionTimeoutMs: 5000 },
      trunkSipTimeoutMs: opts.trunkSipTimeoutMs,
    });
  const fleet = make();
  const config = sshdHostConfig(sshd, {
    name,
    user: opts.user?.name ?? sshd.user,
    configDir: pbx.dir,
    amiUser: opts.amiUser === undefined ? 'admin' : opts.amiUser,
    amiPort: ami.port,
  });
  await fleet.addHost(config, opts.headless ? {} : { amiSecret: AMI_SECRET });
  const events: DomainEvent[] = [];
  fleet.onEvent((e) => events.push(e));
  const others: Fleet[] = [];
  return {
    name,
    pbx,
    ami,
    fleet,
    home,
    events,
    sipPort,
    reopen() {
      const f = make();
      others.push(f);
      return f;
    },
    async waitFor(probe, timeoutMs = 5000) {
      const end = Date.now() + timeoutMs;
      for (;;) {
        const v = probe();
        if (v) return v;
        if (Date.now() > end) throw new Error('timed out waiting for a condition');
        await new Promise((r) => setTimeout(r, 5));
      }
    },
    async close() {
      await fleet.close();
      for (const f of others) await f.close();
      if (!opts.headless) await secrets.deleteHost(name).catch(() => undefined);
      await ami.stop();
      udp.close();
      await pbx.cleanup();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}
