import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFleet } from '../src/main/core/fleet/create-fleet';
import { EnvOverlaySecretStore, KeychainSecretStore } from '../src/main/core/secrets/secret-store';
import { bigHostFiles } from '../tests/support/ami-server/big-host';
import { generatePjsipConf } from '../tests/support/generate-conf';
import { createPbxDir } from '../tests/support/pbx-dir';
import { sshdHostConfig, startPbxHost } from '../tests/support/pbx-host';
import { startSshd } from '../tests/support/sshd';
import { startAmiProcess } from './ami-process';
import { benchUser } from './bench-util';

/**
 * A 10,000-extension PBX for the benches, wired as in production: files over the real sshd (as
 * an ordinary account), AMI only through the SSH tunnel, and the AMI test server in its own
 * process so that its work is not billed to the console. Secrets come from the environment, as
 * for the headless CLI.
 */
export async function startBenchHost(opts: {
  extensions: number;
  registerAll: boolean;
  /** extensions.conf as the console writes it for those extensions (one hint each), as on 46's host. */
  managedDialplan?: boolean;
}) {
  const sshd = await startSshd();
  const user = await benchUser();
  const pbx = await createPbxDir(
    opts.managedDialplan
      ? bigHostFiles(opts.extensions)
      : {
          'pjsip.conf': generatePjsipConf(opts.extensions),
          'extensions.conf': '[general]\nstatic=yes\n',
        },
    { owner: { uid: user.uid, gid: user.gid } },
  );
  const ami = await startAmiProcess(pbx.dir, opts.registerAll);
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-bench-'));
  const fleet = createFleet({
    home,
    sshConfigPath: null,
    // As the desktop console runs (src/main/electron/app-fleet.ts).
    session: { prestartWrites: true },
    secrets: new EnvOverlaySecretStore(new KeychainSecretStore('rayanpbx-bench'), {
      RAYANPBX_AMI_SECRET: 'amipass',
    }),
  });
  await fleet.addHost(
    sshdHostConfig(sshd, {
      name: 'pbx',
      user: user.name,
      configDir: pbx.dir,
      amiUser: 'admin',
      amiPort: ami.port,
    }),
    {},
  );
  return {
    fleet,
    ami,
    pbx,
    async close() {
      await fleet.close();
      await ami.stop();
      await pbx.cleanup();
      await sshd.stop();
      fs.rmSync(home, { recursive: true, force: true });
    },
  };
}

/**
 * A 10,000-extension pjsip.conf over the real sshd with no AMI (headless): for the benches that
 * time the SSH write alone. `close` stops the host and the sshd.
 */
export async function startFilesOnlyHost() {
  const sshd = await startSshd();
  const user = await benchUser();
  const h = await startPbxHost(sshd, {
    pjsip: () => generatePjsipConf(10_000),
    amiUser: null,
    headless: true,
    user,
  });
  return {
    sshd,
    user,
    h,
    async close() {
      await h.close();
      await sshd.stop();
    },
  };
}
