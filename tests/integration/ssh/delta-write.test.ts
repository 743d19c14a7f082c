import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConcurrentModificationError } from '../../../src/main/core/ssh/errors';
import { LocalTransport } from '../../../src/main/core/ssh/local-transport';
import type { HostTransport } from '../../../src/main/core/ssh/types';
import { createPbxDir } from '../../support/pbx-dir';
import { connectToSshd, rejectionOf } from '../../support/ssh-session';
import { ensureTestUsers } from '../../support/ssh-users';
import { startSshd, type SshdHandle } from '../../support/sshd';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

/** A large file: 20,000 distinct lines (~400 kB), like a big pjsip.conf. */
const BIG =
  Array.from({ length: 20_000 }, (_, i) => `line ${i} value=${(i * 7919) % 10007}`).join('\n') +
  '\n';

let sshd: SshdHandle;
const transports: Record<string, HostTransport> = {};

beforeAll(async () => {
  const [s, users] = await Promise.all([startSshd(), ensureTestUsers()]);
  sshd = s;
  transports.ssh = await connectToSshd(sshd, { user: users.sudoer.name, sudo: true });
  transports.local = new LocalTransport({ label: 'localhost' });
});

afterAll(async () => {
  await transports.ssh?.close();
  await sshd?.stop();
});

describe.each(['ssh', 'local'])('delta upload over %s', (kind) => {
  it('reads an unchanged large file again without transferring it, and a changed one in full', async () => {
    const t = transports[kind]!;
    const pbx = await createPbxDir({ 'pjsip.conf': BIG });
    try {
      const first = await t.files.readFile(pbx.path('pjsip.conf'));
      const again = await t.files.readFile(pbx.path('pjsip.conf'));
      expect(again).toEqual(first);
      // Changed behind our back (same size): the host's hash differs, so the bytes come anew.
      const edited = BIG.replace('line 7 value', 'LINE 7 value');
      await pbx.write('pjsip.conf', edited);
      const third = await t.files.readFile(pbx.path('pjsip.conf'));
      expect(third.content).toBe(edited);
      expect(third.hash).toBe(sha256(edited));
    } finally {
      await pbx.cleanup();
    }
  });

  const edits: Array<[string, (s: string) => string]> = [
    ['an edit in the middle', (s) => s.replace('line 10000 value', 'line 10000 VALUE changed')],
    [
      'an append at the end',
      (s) => s + '; BEGIN MANAGED - Extension 1\n[1]\ntype=endpoint\n; END MANAGED - Extension 1\n',
    ],
    ['a removal near the start', (s) => s.replace('line 3 value=21709\n', '')],
    ['a change of the first byte', (s) => 'L' + s.slice(1)],
    ['a change of the last byte', (s) => s.slice(0, -1) + ';'],
  ];

  it.each(edits)(
    'sends only what changed for %s, and the file is exactly the new content',
    async (_name, edit) => {
      const t = transports[kind]!;
      const pbx = await createPbxDir({ 'pjsip.conf': BIG });
      try {
        const read = await t.files.readFile(pbx.path('pjsip.conf'));
        const next = edit(read.content);
        const [w] = await t.files.writeFilesAtomic(
          [
            {
              path: pbx.path('pjsip.conf'),
              content: next,
              expectedHash: read.hash,
              previous: read.content,
            },
          ],
          { backupsToKeep: 1 },
        );
        expect(await pbx.read('pjsip.conf')).toBe(next);
        expect(w!.hash).toBe(sha256(next));
        expect(w!.sentBytes).toBeLessThan(200);
      } finally {
        await pbx.cleanup();
      }
    },
  );

  it('refuses a delta against a file that changed since the read (same size), and changes nothing', async () => {
    const t = transports[kind]!;
    const pbx = await createPbxDir({ 'pjsip.conf': BIG });
    try {
      const read = await t.files.readFile(pbx.path('pjsip.conf'));
      const someoneElse = BIG.replace('line 19999', 'LINE 19999');
      await pbx.write('pjsip.conf', someoneElse);
      const err = await rejectionOf(
        t.files.writeFilesAtomic([
          {
            path: pbx.path('pjsip.conf'),
            content: read.content.replace('line 5 ', 'line five '),
            expectedHash: read.hash,
            previous: read.content,
          },
        ]),
      );
      expect(err).toBeInstanceOf(ConcurrentModificationError);
      expect(await pbx.read('pjsip.conf')).toBe(someoneElse);
      expect((await pbx.list()).filter((n) => n.includes('rayanpbx-tmp'))).toEqual([]);
    } finally {
      await pbx.cleanup();
    }
  });

  it('never writes a wrong file when the given previous content is not what the host has', async () => {
    const t = transports[kind]!;
    const pbx = await createPbxDir({ 'pjsip.conf': BIG });
    try {
      const read = await t.files.readFile(pbx.path('pjsip.conf'));
      // A caller bug: "previous" differs from the real file in the middle, so a delta built on it
      // would splice the wrong head and tail together. The commit's hash check of the rebuilt
      // temp refuses it.
      const wrongPrevious = read.content.replace('line 10000 value', 'line 10000 VALUE');
      const err = await rejectionOf(
        t.files.writeFilesAtomic([
          {
            path: pbx.path('pjsip.conf'),
            content: wrongPrevious.replace('line 3 value', 'line three value'),
            expectedHash: read.hash,
            previous: wrongPrevious,
          },
        ]),
      );
      expect(err.message).toMatch(/not what was sent|nothing was replaced/);
      expect(await pbx.read('pjsip.conf')).toBe(BIG);
    } finally {
      await pbx.cleanup();
    }
  });
});
