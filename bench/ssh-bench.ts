/**
 * Issue 2, acceptance 8: add one extension to a 10,000-extension host over loopback SSH — our
 * read / write / rename, round trips counted — side by side with the naïve way (SFTP download of
 * the whole files, rewrite, upload over the originals) in the same run.
 */
import { Client, type SFTPWrapper } from 'ssh2';
import fs from 'node:fs';
import { applyInternalDialplan } from '../src/main/core/dialplan';
import { addExtension, readExtensions } from '../src/main/core/pjsip/extensions';
import { startFilesOnlyHost } from './bench-host';
import { median } from './bench-util';
import type { BenchRow } from './report';

const RUNS = 5;
const CHUNK = 32 * 1024;

export async function benchSshWrite(): Promise<BenchRow[]> {
  const { sshd, user, h, close } = await startFilesOnlyHost();
  try {
    const size = (await h.pbx.read('pjsip.conf')).length;
    await h.fleet.listExtensions('pbx'); // connect once: the comparison is per change, not per login
    const ours: number[] = [];
    const tripsEach: number[] = [];
    let trips = 0;
    for (let i = 0; i < RUNS; i++) {
      const r = await h.fleet.createExtension('pbx', {
        number: `8${i}000`,
        password: 'abcdefgh12345678',
      });
      ours.push(r.apply.durationMs);
      trips = r.apply.sshRoundTrips;
      tripsEach.push(trips);
    }

    const naive = await naiveClient(sshd.host, sshd.port, user.name, sshd.clientKeyPath);
    const naiveTimes: number[] = [];
    let naiveTrips = 0;
    try {
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        naive.requests = 0;
        const pj = await naive.download(h.pbx.path('pjsip.conf'));
        const ex = await naive.download(h.pbx.path('extensions.conf'));
        const next = addExtension(pj, { number: `7${i}000`, password: 'abcdefgh12345678' }).text;
        const dialplan = applyInternalDialplan(ex, readExtensions(next));
        await naive.upload(h.pbx.path('pjsip.conf'), next);
        await naive.upload(h.pbx.path('extensions.conf'), dialplan);
        naiveTimes.push(performance.now() - t0);
        naiveTrips = naive.requests;
      }
    } finally {
      naive.close();
    }
    return [
      {
        name: 'add one extension (pjsip.conf + extensions.conf): SSH round trips',
        value: trips,
        unit: 'round trips',
        target: '≤ 3 (read, write, rename)',
        baseline: {
          name: 'naïve SFTP download-rewrite-upload',
          value: naiveTrips,
          unit: 'round trips',
        },
        note: `per change: ${tripsEach.join(', ')} — read and write until the connection holds both files' bytes, then the write alone (its sha256 check of each file stands in for the read)`,
      },
      {
        name: 'add one extension: time',
        value: median(ours),
        unit: 'ms',
        baseline: {
          name: 'naïve SFTP download-rewrite-upload',
          value: median(naiveTimes),
          unit: 'ms',
        },
        note: `pjsip.conf ${(size / 1e6).toFixed(1)} MB; median of ${RUNS}; ours also keeps owner/mode, a backup and refuses concurrent edits, the naïve way does none of that`,
      },
    ];
  } finally {
    await close();
  }
}

/** What a plain script would do: SFTP, whole files, written in place. Counts SFTP requests. */
async function naiveClient(host: string, port: number, username: string, keyPath: string) {
  const conn = new Client();
  await new Promise<void>((resolve, reject) => {
    conn.once('ready', resolve).once('error', reject);
    conn.connect({ host, port, username, privateKey: fs.readFileSync(keyPath) });
  });
  const sftp = await new Promise<SFTPWrapper>((res, rej) =>
    conn.sftp((e, s) => (e ? rej(e) : res(s))),
  );
  const state = {
    requests: 0,
    call<T>(fn: (cb: (err: Error | null | undefined, v: T) => void) => void): Promise<T> {
      state.requests++;
      return new Promise<T>((res, rej) => fn((err, v) => (err ? rej(err) : res(v))));
    },
    async download(path: string): Promise<string> {
      const handle = await state.call<Buffer>((cb) => sftp.open(path, 'r', cb));
      const parts: Buffer[] = [];
      for (let pos = 0; ;) {
        const buf = Buffer.alloc(CHUNK);
        const n = await state.call<number>((cb) =>
          sftp.read(handle, buf, 0, CHUNK, pos, (e, bytes) => cb(e, bytes)),
        );
        if (n === 0) break;
        parts.push(buf.subarray(0, n));
        pos += n;
      }
      await state.call<void>((cb) => sftp.close(handle, (e) => cb(e, undefined)));
      return Buffer.concat(parts).toString('utf8');
    },
    async upload(path: string, text: string): Promise<void> {
      const data = Buffer.from(text, 'utf8');
      const handle = await state.call<Buffer>((cb) => sftp.open(path, 'w', cb));
      for (let pos = 0; pos < data.length; pos += CHUNK) {
        const len = Math.min(CHUNK, data.length - pos);
        await state.call<void>((cb) =>
          sftp.write(handle, data, pos, len, pos, (e) => cb(e, undefined)),
        );
      }
      await state.call<void>((cb) => sftp.close(handle, (e) => cb(e, undefined)));
    },
    close: () => conn.end(),
  };
  return state;
}
