/**
 * Issue 9, acceptance 3: the hardened write path (scripts/write.sh: no link followed, random
 * names off the command line, owner/mode through the temp it made) against the write path from
 * before issue 9 (bench/baseline/write-55542ae.ts), in the same process, over the same sshd, on
 * the same 10,000-extension files. The two alternate, change after change, so that a slow
 * moment of the machine falls on both. Timed: the write command alone (encode, delta, hashes,
 * the one round trip), after an untimed read and edit that both share.
 */
import { addExtension, readExtensions } from '../src/main/core/pjsip/extensions';
import { applyInternalDialplan } from '../src/main/core/dialplan';
import { encodeText } from '../src/main/core/ssh/byte-text';
import type { SshTransport } from '../src/main/core/ssh/ssh-transport';
import { connectToSshd } from '../tests/support/ssh-session';
import { writeBaseline } from './baseline/write-55542ae';
import { startFilesOnlyHost } from './bench-host';
import { median, quartiles } from './bench-util';
import type { BenchRow } from './report';

const WARMUP = 2;
const RUNS = 11;
const TARGET = 1.1;

export async function benchWritePath(): Promise<BenchRow[]> {
  const { sshd, user, h, close } = await startFilesOnlyHost();
  let ssh: SshTransport | null = null;
  try {
    ssh = await connectToSshd(sshd, { user: user.name });
    const paths = [h.pbx.path('pjsip.conf'), h.pbx.path('extensions.conf')];
    const times = { current: [] as number[], baseline: [] as number[] };
    let size = 0;
    for (let i = 0; i < 2 * (WARMUP + RUNS); i++) {
      const way = i % 2 === 0 ? 'current' : 'baseline';
      const [pj, ex] = await ssh.files.readFiles(paths);
      size = pj!.content.length;
      const pjNext = addExtension(pj!.content, {
        number: String(60000 + i),
        password: 'abcdefgh12345678',
      }).text;
      const exNext = applyInternalDialplan(ex!.content, readExtensions(pjNext));
      const t0 = performance.now();
      if (way === 'current') {
        await ssh.files.writeFilesAtomic([
          { path: pj!.path, content: pjNext, expectedHash: pj!.hash, previous: pj!.content },
          { path: ex!.path, content: exNext, expectedHash: ex!.hash, previous: ex!.content },
        ]);
      } else {
        // The old client encoded the new content and held the read bytes (its cache): the same
        // work the current path does inside writeFilesAtomic.
        await writeBaseline(ssh, [
          {
            path: pj!.path,
            bytes: encodeText(pjNext),
            previous: encodeText(pj!.content),
            expectedHash: pj!.hash,
          },
          {
            path: ex!.path,
            bytes: encodeText(exNext),
            previous: encodeText(ex!.content),
            expectedHash: ex!.hash,
          },
        ]);
      }
      const ms = performance.now() - t0;
      if (i >= 2 * WARMUP) times[way].push(ms);
    }
    const cur = median(times.current);
    const old = median(times.baseline);
    const ratio = cur / old;
    return [
      {
        name: 'write pjsip.conf + extensions.conf (one extension added): hardened write.sh',
        value: cur,
        unit: 'ms',
        target: `≤ ${TARGET.toFixed(2)} × the pre-issue-9 write`,
        baseline: { name: 'pre-issue-9 write (55542ae)', value: old, unit: 'ms' },
        note: `current/pre-issue-9 = ${ratio.toFixed(2)} (${ratio <= TARGET ? 'met' : 'NOT met'}); medians of ${RUNS} each, alternating, after ${WARMUP} warm-up each; q1–q3 ${quartiles(times.current)} vs ${quartiles(times.baseline)} ms; pjsip.conf ${(size / 1e6).toFixed(1)} MB, one SSH round trip each`,
      },
    ];
  } finally {
    ssh?.close();
    await close();
  }
}
