import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createFleet } from '../src/main/core/fleet/create-fleet';
import { EnvOverlaySecretStore, KeychainSecretStore } from '../src/main/core/secrets/secret-store';
import { generatePjsipConf } from '../tests/support/generate-conf';
import { createPbxDir, type PbxDir } from '../tests/support/pbx-dir';
import { sshdHostConfig } from '../tests/support/pbx-host';
import { startSshd } from '../tests/support/sshd';
import { startAmiProcess } from './ami-process';
import { benchUser } from './bench-util';
import type { BenchRow } from './report';

const HOSTS = 20;
const REST_MS = 10_000;

async function until(probe: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!probe()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 20));
  }
  return true;
}

/**
 * Twenty PBXs supervised at once, as the tray app watches them: one sshd, twenty AMI test
 * servers (each in its own process, so their work is not billed to the console), every host
 * connected through its own SSH tunnel. Measures the console at rest, then all twenty dropping
 * together (every SSH session killed, sshd accepting again at once).
 */
export async function benchFleet(): Promise<BenchRow[]> {
  const sshd = await startSshd();
  const user = await benchUser();
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'rayanpbx-fleet-bench-'));
  const dirs: PbxDir[] = [];
  const amis: Array<Awaited<ReturnType<typeof startAmiProcess>>> = [];
  const attempts = new Map<string, number[]>();
  const fleet = createFleet({
    home,
    sshConfigPath: null,
    secrets: new EnvOverlaySecretStore(new KeychainSecretStore('rayanpbx-bench'), {
      RAYANPBX_AMI_SECRET: 'amipass',
    }),
    session: { amiBackoff: { initialMs: 500, maxMs: 8000 } },
  });
  try {
    for (let i = 0; i < HOSTS; i++) {
      const pbx = await createPbxDir(
        { 'pjsip.conf': generatePjsipConf(50), 'extensions.conf': '[general]\nstatic=yes\n' },
        { owner: { uid: user.uid, gid: user.gid } },
      );
      dirs.push(pbx);
      const ami = await startAmiProcess(pbx.dir, true);
      amis.push(ami);
      await fleet.addHost(
        sshdHostConfig(sshd, {
          name: `pbx${i + 1}`,
          user: user.name,
          configDir: pbx.dir,
          amiUser: 'admin',
          amiPort: ami.port,
        }),
        {},
      );
    }
    const supervisor = await fleet.supervise({
      backoff: { initialMs: 500, maxMs: 8000 },
      onAttempt: (host, step) => {
        let list = attempts.get(host);
        if (!list) attempts.set(host, (list = []));
        list.push(step);
      },
    });
    const names = supervisor.watching();
    const allConnected = () => names.every((n) => supervisor.health(n)?.phase === 'connected');
    const t0 = Date.now();
    if (!(await until(allConnected, 120_000))) throw new Error('the twenty hosts did not connect');
    const firstConnectMs = Date.now() - t0;

    // At rest: every host connected and idle (AMI heartbeats only).
    global.gc?.();
    await new Promise((r) => setTimeout(r, 2000));
    const cpu0 = process.cpuUsage();
    const w0 = process.hrtime.bigint();
    let peakRss = 0;
    const sampler = setInterval(
      () => (peakRss = Math.max(peakRss, process.memoryUsage().rss)),
      250,
    );
    await new Promise((r) => setTimeout(r, REST_MS));
    clearInterval(sampler);
    const cpu = process.cpuUsage(cpu0);
    const wallUs = Number(process.hrtime.bigint() - w0) / 1000;
    const restCpuPct = ((cpu.user + cpu.system) / wallUs) * 100;

    // The storm: all twenty lose SSH (and the AMI tunnelled in it) at the same instant.
    attempts.clear();
    const acceptAgain = await sshd.killSessions();
    await until(() => names.every((n) => supervisor.health(n)?.phase !== 'connected'), 10_000);
    const dropAt = Date.now();
    // sshd stays away 3 s: the hosts retry meanwhile, each on its own jittered schedule.
    await new Promise((r) => setTimeout(r, 3000));
    acceptAgain();
    const back = await until(allConnected, 60_000);
    const recoverMs = Date.now() - dropAt;
    let worstPerStep = 0;
    let failedTotal = 0;
    for (const steps of attempts.values()) {
      failedTotal += steps.length;
      const counts = new Map<number, number>();
      for (const s of steps) counts.set(s, (counts.get(s) ?? 0) + 1);
      for (const c of counts.values()) worstPerStep = Math.max(worstPerStep, c);
    }
    return [
      { name: `first connect of ${HOSTS} hosts`, value: firstConnectMs, unit: 'ms' },
      {
        name: `main-process RSS at rest, ${HOSTS} hosts supervised`,
        value: peakRss / 1024 / 1024,
        unit: 'MB',
        target: '≤ 250 MB',
      },
      {
        name: `main-process CPU at rest over ${REST_MS / 1000} s`,
        value: restCpuPct,
        unit: '% of one core',
        target: '≤ 2 %',
      },
      {
        name: `all ${HOSTS} back after dropping together (sshd away 3 s)`,
        value: recoverMs,
        unit: 'ms',
        target: '≤ 30000 ms',
        note: back ? 'every host connected and resynced' : 'NOT all back within 60 s',
      },
      {
        name: 'most failed attempts of one host in one backoff step',
        value: worstPerStep,
        unit: 'attempts',
        target: '≤ 1',
        note: `${failedTotal} failed attempts over all hosts during the storm`,
      },
    ];
  } finally {
    await fleet.close();
    for (const a of amis) await a.stop();
    for (const d of dirs) await d.cleanup();
    await sshd.stop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
