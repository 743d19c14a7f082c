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
        const read = await t.readFile(pbx.path('pjsip.conf'));
        const next = edit(read.content);
        const [w] = await t.writeFilesAtomic(
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
      const read = await t.readFile(pbx.path('pjsip.conf'));
      const someoneElse = BIG.replace('line 19999', 'LINE 19999');
      await pbx.write('pjsip.conf', someoneElse);
      const err = await rejectionOf(
        t.writeFilesAtomic([
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

  it('sends the whole file when the given previous content does not match the expected hash', async () => {
    const t = transports[kind]!;
    const pbx = await createPbxDir({ 'pjsip.conf': BIG });
    try {
      const read = await t.readFile(pbx.path('pjsip.conf'));
      const next = read.content + 'x=1\n';
      const [w] = await t.writeFilesAtomic([
        {
          path: pbx.path('pjsip.conf'),
          content: next,
          expectedHash: read.hash,
          previous: 'not what was read',
        },
      ]);
      expect(w!.sentBytes).toBe(Buffer.byteLength(next));
      expect(await pbx.read('pjsip.conf')).toBe(next);
    } finally {
      await pbx.cleanup();
    }
  });
});
