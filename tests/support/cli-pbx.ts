/**
 * The setup most CLI and fleet tests share: the real sshd, a PBX config dir it reaches, the AMI
 * test server reading that dir, and the in-process CLI with the host added (`host add pbx`).
 * Each part can be left out; close() undoes what start did, in reverse.
 */
import fs from 'node:fs';
import { AmiTestServer, type AmiTestServerOptions } from './ami-server/server';
import { cliHarness, hostAddArgs, type CliRun } from './cli-harness';
import { createPbxDir, type PbxDir } from './pbx-dir';
import { AMI_SECRET, BASIC_EXTENSIONS, basicPjsip } from './pbx-host';
import { startSshd, type SshdHandle } from './sshd';

export type CliHarness = ReturnType<typeof cliHarness>;

export interface CliPbxOptions {
  /** pjsip.conf (bytes: written as they are); default a UDP transport on 127.0.0.1:`sipPort` (basicPjsip). */
  pjsip?: string | Buffer;
  sipPort?: number;
  /** extensions.conf; default BASIC_EXTENSIONS. */
  extensions?: string;
  /**
   * The AMI test server (user admin with `amiSecret`, reloads free unless `reloadCost` says
   * otherwise), or false for a PBX without one.
   */
  ami?: Partial<AmiTestServerOptions> | false;
  /** The admin's AMI secret; default pbx-host's AMI_SECRET. */
  amiSecret?: string;
  /** Where `host add` finds the AMI secret: an environment variable set for the test, or the keychain. */
  amiSecretIn?: { env: string } | 'keychain';
  /** false: no CLI harness (the test spawns its own processes); default true. */
  cli?: boolean;
  /** `host add pbx` through the CLI, with these extra flags; false: the test adds the host itself. */
  hostAdd?: { extra?: string[] } | false;
}

export interface CliPbx {
  sshd: SshdHandle;
  pbx: PbxDir;
  /** Throws when the PBX was started without one (`ami: false`). */
  ami: AmiTestServer;
  /** Throws when started with `cli: false`. */
  cli: CliHarness;
  /** What `host add` answered (null when the test adds the host itself). */
  added: CliRun | null;
  /** `host add pbx` for this PBX (its sshd, config dir, pinned key, AMI login), then `extra`. */
  hostAddArgs(...extra: string[]): string[];
  close(): Promise<void>;
}

export async function startCliPbx(opts: CliPbxOptions = {}): Promise<CliPbx> {
  const secret = opts.amiSecret ?? AMI_SECRET;
  const undo: Array<() => Promise<void> | void> = [];
  const close = async () => {
    for (const u of undo.reverse()) await u();
  };
  try {
    const sshd = await startSshd();
    undo.push(() => sshd.stop());
    const pjsip = opts.pjsip ?? basicPjsip(opts.sipPort ?? 15060);
    const pbx = await createPbxDir({
      'pjsip.conf': typeof pjsip === 'string' ? pjsip : undefined,
      'extensions.conf': opts.extensions ?? BASIC_EXTENSIONS,
    });
    undo.push(() => pbx.cleanup());
    if (typeof pjsip !== 'string') fs.writeFileSync(pbx.path('pjsip.conf'), pjsip);
    let ami: AmiTestServer | null = null;
    if (opts.ami !== false) {
      const server = await AmiTestServer.start({
        configDir: pbx.dir,
        users: { admin: secret },
        reloadCost: 'none',
        ...opts.ami,
      });
      ami = server;
      undo.push(() => server.stop());
    }
    const envName = typeof opts.amiSecretIn === 'object' ? opts.amiSecretIn.env : null;
    if (envName) {
      process.env[envName] = secret;
      undo.push(() => {
        delete process.env[envName];
      });
    }
    let cli: CliHarness | null = null;
    let added: CliRun | null = null;
    if (opts.cli !== false) {
      const harness = cliHarness();
      cli = harness;
      undo.push(() => harness.cleanup());
      if (opts.hostAdd !== false) {
        if (opts.amiSecretIn === 'keychain') await harness.secrets.set('pbx', 'ami-secret', secret);
        added = await harness.run(
          ...addArgs(sshd, pbx, ami),
          ...(envName ? ['--ami-secret-env', envName] : []),
          ...(opts.hostAdd?.extra ?? []),
        );
        if (added.code !== 0) throw new Error(`host add pbx failed: ${added.stderr}`);
      }
    }
    return {
      sshd,
      pbx,
      get ami(): AmiTestServer {
        if (!ami) throw new Error('this PBX was started without an AMI server (ami: false)');
        return ami;
      },
      get cli(): CliHarness {
        if (!cli) throw new Error('this PBX was started without a CLI harness (cli: false)');
        return cli;
      },
      added,
      hostAddArgs: (...extra) => [...addArgs(sshd, pbx, ami), ...extra],
      close,
    };
  } catch (err) {
    await close();
    throw err;
  }
}

function addArgs(sshd: SshdHandle, pbx: PbxDir, ami: AmiTestServer | null): string[] {
  const amiFlags = ami ? ['--ami-user', 'admin', '--ami-port', String(ami.port)] : [];
  return [
    ...hostAddArgs('pbx', sshd, { configDir: pbx.dir, trust: sshd.fingerprint }),
    ...amiFlags,
  ];
}
