import fs from 'node:fs';
import net from 'node:net';
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
  const attempts = new Map<string, string[]>();
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
      onAttempt: (host, step, _at, by) => {
        let list = attempts.get(host);
        if (!list) attempts.set(host, (list = []));
        list.push(`${by}#${step}`);
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

    // The storm: all twenty lose SSH (and the AMI tunnelled in it) at the same instant, and sshd
    // is gone for 3 s: its port is closed, so every attempt meanwhile is refused and fails.
    // Every TCP connect to sshd's port is counted too, so the per-host counts reported by the
    // supervisor can be checked against what really went on the wire.
    attempts.clear();
    let sshdConnects = 0;
    const connect = net.Socket.prototype.connect;
    net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
      // net.connect() hands its normalised arguments on as one array: [options, callback].
      const first: unknown = Array.isArray(args[0]) ? (args[0] as unknown[])[0] : args[0];
      const port = typeof first === 'object' && first ? (first as { port?: unknown }).port : first;
      if (Number(port) === sshd.port) sshdConnects++;
      return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
    } as typeof connect;
    let recoverMs = 0;
    let back = false;
    try {
      const comeBack = await sshd.goAway();
      await until(() => names.every((n) => supervisor.health(n)?.phase !== 'connected'), 10_000);
      const dropAt = Date.now();
      await new Promise((r) => setTimeout(r, 3000));
      await comeBack();
      back = await until(allConnected, 60_000);
      recoverMs = Date.now() - dropAt;
    } finally {
      net.Socket.prototype.connect = connect;
    }
    let worstPerStep = 0;
    let failedTotal = 0;
    let steps = 0;
    for (const list of attempts.values()) {
      failedTotal += list.length;
      const counts = new Map<string, number>();
      for (const s of list) counts.set(s, (counts.get(s) ?? 0) + 1);
      steps += counts.size;
      for (const c of counts.values()) worstPerStep = Math.max(worstPerStep, c);
    }
    const hostsThatRetried = [...attempts.values()].filter((l) => l.length > 0).length;
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
        name: `all ${HOSTS} back after dropping together (sshd down 3 s, refusing)`,
        value: recoverMs,
        unit: 'ms',
        target: '≤ 30000 ms',
        note: back ? 'every host connected and resynced' : 'NOT all back within 60 s',
      },
      {
        name: 'most connection attempts of one host in one backoff step',
        value: worstPerStep,
        unit: 'attempts',
        target: '≤ 1',
        note: `${failedTotal} attempts (supervisor and AMI client) in ${steps} backoff steps of ${hostsThatRetried} hosts while sshd refused and came back; ${sshdConnects} TCP connects to sshd's port in all, the ${HOSTS} successful ones included`,
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
