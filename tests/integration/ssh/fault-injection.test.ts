import { createHash } from 'node:crypto';
import { readFile, rename } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConnectionLostError, WriteOutcomeUnknownError } from '../../../src/main/core/ssh/errors';
import { TEMP_MARKER } from '../../../src/main/core/ssh/file-ops';
import { SCRIPT_LIMITS } from '../../../src/main/core/ssh/scripts/pbx-scripts.generated';
import type { SshTransport } from '../../../src/main/core/ssh/ssh-transport';
import type { WritePhase } from '../../../src/main/core/ssh/types';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { connectToSshd, rejectionOf } from '../../support/ssh-session';
import { startSshd, type SshdHandle } from '../../support/sshd';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A pjsip.conf-like text of about `bytes` bytes, distinct per `tag`. */
function bigConfig(tag: string, bytes: number): string {
  const lines: string[] = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `; ${tag}\n[${1000 + i}]\ntype=endpoint\ncontext=from-internal\nallow=ulaw,alaw\n`;
    lines.push(line);
    size += line.length;
  }
  return lines.join('');
}

const OLD = bigConfig('old', 2 * 1024 * 1024);
const NEW = bigConfig('new', 8 * 1024 * 1024);

let sshd: SshdHandle;
beforeAll(async () => {
  sshd = await startSshd();
});
afterAll(async () => {
  await sshd?.stop();
});

/**
 * Reads the target over and over (every few ms) until stopped: every observation must be the
 * whole old file or the whole new one — "always", not just at the end.
 */
function watch(file: string): { stop: () => Promise<string[]> } {
  const seen = new Set<string>();
  let running = true;
  const loop = (async () => {
    while (running) {
      const content = await readFile(file, 'utf8');
      seen.add(
        content === OLD ? 'old' : content === NEW ? 'new' : `torn (${content.length} bytes)`,
      );
      await new Promise((r) => setTimeout(r, 2));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return [...seen];
    },
  };
}

/** Waits until the host has finished whatever the dead session left running. */
async function settle(pbx: PbxDir): Promise<void> {
  let last = '';
  for (let i = 0; i < 100; i++) {
    const names = await pbx.list();
    // A file listed may be gone by its stat: the dead session's script is cleaning up.
    const sizes = await Promise.all(
      names.map(async (n) => `${n}:${(await pbx.stat(n).catch(() => ({ size: -1 }))).size}`),
    );
    const now = sizes.join(',');
    if (now === last) return;
    last = now;
    await new Promise((r) => setTimeout(r, 100));
  }
}

const tempSizes = async (pbx: PbxDir) =>
  Promise.all(
    (await tempFiles(pbx)).map(async (n) => (await pbx.stat(n).catch(() => ({ size: 0 }))).size),
  );

async function until(cond: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const tempFiles = async (pbx: PbxDir) =>
  (await pbx.list()).filter((n) => n.startsWith('.pjsip.conf.rayanpbx-tmp-'));

describe('the SSH connection dies in the middle of a write', () => {
  const cases: Array<{
    at: WritePhase;
    pause: boolean;
    outcome: 'old' | 'old or new';
    temp: 'none' | 'any';
  }> = [
    // Before the renames, the script on the host sees its stdin end and removes its temp.
    { at: 'temp-transfer', pause: false, outcome: 'old', temp: 'none' },
    { at: 'temp-written', pause: false, outcome: 'old', temp: 'none' },
    { at: 'before-rename', pause: true, outcome: 'old', temp: 'none' },
    { at: 'commit-sent', pause: false, outcome: 'old or new', temp: 'any' },
  ];

  it.each(cases)(
    'killed at "$at": the target is always exactly the old or the new file, and the next write succeeds',
    async ({ at, pause, outcome, temp }) => {
      const pbx = await createPbxDir({ 'pjsip.conf': OLD });
      const file = pbx.path('pjsip.conf');
      const t: SshTransport = await connectToSshd(sshd);
      const watcher = watch(file);
      try {
        const snap = await t.files.readFile(file);
        const phases: WritePhase[] = [];
        const err = await rejectionOf(
          t.files.writeFileAtomic(file, NEW, {
            expectedHash: snap.hash,
            backupsToKeep: 2,
            hooks: {
              pauseBeforeRename: pause,
              onPhase: async (p) => {
                phases.push(p);
                if (p !== at) return;
                // Mid-transfer for real: part of the content has reached the host's disk.
                if (p === 'temp-transfer')
                  await until(async () => (await tempSizes(pbx)).some((n) => n > 0));
                t.dropConnection();
              },
            },
          }),
        );
        // From "commit-sent" on the host may be renaming: the outcome is unknown, not a failure.
        expect(err).toBeInstanceOf(
          at === 'commit-sent' ? WriteOutcomeUnknownError : ConnectionLostError,
        );
        expect(err.message).toMatch(/either its old or its new content/);
        expect(phases[phases.length - 1]).toBe(at);
        expect(t.closed).toBe(true);

        if (at === 'commit-sent') {
          // sshd does not stop a session's command when the client vanishes: the commit script
          // already running finishes on its own (rename or not) and removes the temp file.
          // Wait for it, so the next write below does not race it.
          await until(async () => (await tempFiles(pbx)).length === 0, 30_000);
        }
        await settle(pbx);
        const observed = await watcher.stop();
        expect(observed.every((o) => o === 'old' || o === 'new')).toBe(true);
        const final = await pbx.read('pjsip.conf');
        if (outcome === 'old') expect(final).toBe(OLD);
        else expect([OLD, NEW]).toContain(final);

        if (temp === 'none') expect(await tempFiles(pbx)).toEqual([]);

        // A new connection, a fresh read, a write: it succeeds and leaves no temp behind.
        const t2 = await connectToSshd(sshd);
        try {
          const again = await t2.files.readFile(file);
          const res = await t2.files.writeFileAtomic(file, `${again.content}; after the fault\n`, {
            expectedHash: again.hash,
          });
          expect(res.hash).toBe(sha256(`${again.content}; after the fault\n`));
          expect(await tempFiles(pbx)).toEqual([]);
          expect(await pbx.read('pjsip.conf')).toBe(`${again.content}; after the fault\n`);
        } finally {
          await t2.close();
        }
      } finally {
        await watcher.stop();
        await t.close();
        await pbx.cleanup();
      }
    },
  );

  it('removes the temp a write killed outright left behind (SIGKILL, power loss) on the next write', async () => {
    const pbx = await createPbxDir({ 'pjsip.conf': OLD });
    const file = pbx.path('pjsip.conf');
    const t = await connectToSshd(sshd);
    try {
      const snap = await t.files.readFile(file);
      const err = await rejectionOf(
        t.files.writeFileAtomic(file, NEW, {
          expectedHash: snap.hash,
          hooks: {
            onPhase: async (p) => {
              // The script waits for the hashes: kill it where no cleanup can run.
              if (p === 'temp-written')
                expect(await sshd.killCommands(TEMP_MARKER)).toBeGreaterThan(0);
            },
          },
        }),
      );
      expect(err.code).toBe('REMOTE_COMMAND_FAILED');
      expect(await pbx.read('pjsip.conf')).toBe(OLD);
      const [left] = await tempFiles(pbx);
      expect((await pbx.stat(left!)).size).toBe(Buffer.byteLength(NEW));

      // Right after, it may as well be another console's write in progress: left alone.
      const again = await t.files.readFile(file);
      await t.files.writeFileAtomic(file, `${again.content}; after the kill\n`, {
        expectedHash: again.hash,
      });
      expect(await tempFiles(pbx)).toEqual([left]);
      expect(await pbx.read('pjsip.conf')).toBe(`${OLD}; after the kill\n`);

      // Its name says when it was made (the host's uptime): once that is longer ago than any
      // write runs, the next write removes it. Renamed rather than waited for.
      const born = Number(/rayanpbx-tmp-(\d+)-/.exec(left!)![1]);
      const old = left!.replace(`-${born}-`, `-${born - SCRIPT_LIMITS.STALE_TEMP - 1}-`);
      await rename(pbx.path(left!), pbx.path(old));
      const third = await t.files.readFile(file);
      await t.files.writeFileAtomic(file, `${third.content}; later\n`, {
        expectedHash: third.hash,
      });
      expect(await tempFiles(pbx)).toEqual([]);
      expect(await pbx.read('pjsip.conf')).toBe(`${OLD}; after the kill\n; later\n`);
    } finally {
      await t.close();
      await pbx.cleanup();
    }
  });

  it('a channel that dies after the go-ahead: outcome unknown (never "failed"), the re-read says old or new', async () => {
    const pbx = await createPbxDir({ 'pjsip.conf': 'old\n' });
    const t = await connectToSshd(sshd);
    try {
      const snap = await t.files.readFile(pbx.path('pjsip.conf'));
      const err = await rejectionOf(
        t.files.writeFileAtomic(pbx.path('pjsip.conf'), 'new\n', {
          expectedHash: snap.hash,
          hooks: { pauseBeforeRename: true, dropChannelAfterGo: true },
        }),
      );
      expect(err).toBeInstanceOf(WriteOutcomeUnknownError);
      expect(err.message).toMatch(
        new RegExp(`may have been applied: re-read shows ${pbx.path('pjsip.conf')} (old|new)\\.`),
      );
      expect(err.message).not.toMatch(/failed/);
      const [f] = err.details!.files as Array<{ path: string; state: string }>;
      expect(['old', 'new']).toContain(f!.state);
      // Only the channel died: the host renames with nobody listening, on a live connection.
      expect(t.closed).toBe(false);
      await until(async () => (await pbx.read('pjsip.conf')) === 'new\n');
      expect(await tempFiles(pbx)).toEqual([]);
    } finally {
      await t.close();
      await pbx.cleanup();
    }
  });

  it('never renames an incomplete temp file, even if the commit is run on it', async () => {
    // The write checks the temp file's sha256 against the new content's: simulate a temp that
    // came out short by overwriting it while the script waits for the hashes.
    const pbx = await createPbxDir({ 'pjsip.conf': 'old\n' });
    const t = await connectToSshd(sshd);
    try {
      const snap = await t.files.readFile(pbx.path('pjsip.conf'));
      const err = await rejectionOf(
        t.files.writeFileAtomic(pbx.path('pjsip.conf'), 'new and complete\n', {
          expectedHash: snap.hash,
          hooks: {
            onPhase: async (p) => {
              if (p !== 'temp-written') return;
              const [tmp] = await tempFiles(pbx);
              await pbx.write(tmp!, 'new and');
            },
          },
        }),
      );
      expect(err.code).toBe('REMOTE_COMMAND_FAILED');
      expect(err.message).toMatch(/not what was sent/);
      expect(await pbx.read('pjsip.conf')).toBe('old\n');
      expect(await tempFiles(pbx)).toEqual([]);
    } finally {
      await t.close();
      await pbx.cleanup();
    }
  });
});
