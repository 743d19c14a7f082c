import { appendFile, rm, writeFile } from 'node:fs/promises';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { applyInternalDialplan } from '../../../src/main/core/dialplan';
import { applyChange, type EditOutcome } from '../../../src/main/core/fleet/apply-change';
import { addExtension } from '../../../src/main/core/pjsip/extensions';
import { dialplanEntries } from '../../../src/main/core/pjsip/extension-read';
import { ExtensionExistsError } from '../../../src/main/core/pjsip/errors';
import { LocalTransport } from '../../../src/main/core/ssh/local-transport';
import type { HostTransport } from '../../../src/main/core/ssh/types';
import { generatePjsipConf } from '../../support/generate-conf';
import { createPbxDir, type PbxDir } from '../../support/pbx-dir';
import { BASIC_EXTENSIONS, basicPjsip } from '../../support/pbx-host';
import { connectToSshd } from '../../support/ssh-session';
import { startSshd, type SshdHandle } from '../../support/sshd';

let sshd: SshdHandle;
const transports: Record<'ssh' | 'local', HostTransport | null> = { ssh: null, local: null };

beforeAll(async () => {
  sshd = await startSshd();
  transports.ssh = await connectToSshd(sshd);
  transports.local = new LocalTransport({ label: 'localhost' });
});

afterAll(async () => {
  await transports.ssh?.close();
  await sshd?.stop();
});

/** What the console does for "add extension N": the block, then the dialplan regenerated. */
const addEdit =
  (number: string) =>
  (cur: { pjsip: string; extensions: string | null }): EditOutcome => {
    const { text } = addExtension(cur.pjsip, { number, password: `Pw-${number}-abcdefgh` });
    return {
      pjsip: text,
      extensions: applyInternalDialplan(cur.extensions ?? '', dialplanEntries(text)),
      verify: [],
    };
  };

const BLOCK_1003 = [
  '',
  '; BEGIN MANAGED - Extension 1003',
  '[1003]',
  'type=endpoint',
  'context=from-internal',
  '; END MANAGED - Extension 1003',
  '',
].join('\n');

describe.each(['ssh', 'local'] as const)(
  'an apply on files the %s connection already holds',
  (kind) => {
    let pbx: PbxDir;
    const t = () => transports[kind]!;
    const apply = async (number: string) =>
      (
        await applyChange(
          t(),
          null,
          {
            pjsipPath: pbx.path('pjsip.conf'),
            extensionsPath: pbx.path('extensions.conf'),
            needsDialplan: true,
            backupsToKeep: 5,
          },
          addEdit(number),
        )
      ).apply;

    afterEach(async () => {
      await pbx?.cleanup();
    });

    it('skips the read: one write command, an edit of the PBX’s bytes', async () => {
      pbx = await createPbxDir({
        'pjsip.conf': basicPjsip(5060),
        'extensions.conf': BASIC_EXTENSIONS,
      });
      expect((await apply('1001')).sshRoundTrips).toBe(2); // first sight: read, write
      const second = await apply('1002');
      expect(second.sshRoundTrips).toBe(1);
      expect(second.written).toEqual([pbx.path('pjsip.conf'), pbx.path('extensions.conf')]);
      const pj = await pbx.read('pjsip.conf');
      expect(pj.startsWith(basicPjsip(5060))).toBe(true);
      expect(pj).toContain('[1001]');
      expect(pj).toContain('[1002]');
      expect(await pbx.read('extensions.conf')).toContain('exten => 1002,1,');
    });

    it('a hand edit meanwhile: the write is refused, the files read again, the hand edit kept', async () => {
      pbx = await createPbxDir({
        'pjsip.conf': basicPjsip(5060),
        'extensions.conf': BASIC_EXTENSIONS,
      });
      await apply('1001');
      await appendFile(pbx.path('pjsip.conf'), '; added by hand\n');
      const r = await apply('1002');
      // The refused write, then read and write.
      expect(r.sshRoundTrips).toBe(3);
      const pj = await pbx.read('pjsip.conf');
      expect(pj).toContain('; added by hand\n');
      expect(pj).toContain('[1002]');
      expect(pj.match(/\[1001\]/g)).toHaveLength(3); // endpoint, auth, aor: once each
    });

    it('a large file shortened or removed by hand: the delta cannot be rebuilt, so the files are read again', async () => {
      // Large enough that only the changed middle is uploaded, the rest rebuilt on the PBX from
      // the file there: which is no longer the one the connection's bytes came from.
      const big = generatePjsipConf(300);
      pbx = await createPbxDir({ 'pjsip.conf': big, 'extensions.conf': BASIC_EXTENSIONS });
      await apply('1001');
      const shortened = (await pbx.read('pjsip.conf')).replace(
        /; BEGIN MANAGED - Extension 10000\n[^]*?; END MANAGED - Extension 10000\n/,
        '',
      );
      expect(shortened.length).toBeLessThan(big.length);
      await writeFile(pbx.path('pjsip.conf'), shortened);
      const r = await apply('1002');
      expect(r.written).toContain(pbx.path('pjsip.conf'));
      const pj = await pbx.read('pjsip.conf');
      expect(pj).not.toContain('[10000]');
      expect(pj).toContain('[10001]');
      expect(pj).toContain('[1001]');
      expect(pj).toContain('[1002]');

      await rm(pbx.path('pjsip.conf'));
      const again = await apply('1003');
      expect(again.written).toContain(pbx.path('pjsip.conf'));
      const fresh = await pbx.read('pjsip.conf');
      expect(fresh).toContain('[1003]');
      expect(fresh).not.toContain('[1002]');
      // The next change edits what it wrote, without a read.
      expect((await apply('1004')).sshRoundTrips).toBe(1);
    });

    it('an extension removed by hand: the stale copy says it exists, the PBX’s files take it', async () => {
      pbx = await createPbxDir({
        'pjsip.conf': basicPjsip(5060),
        'extensions.conf': BASIC_EXTENSIONS,
      });
      await apply('1001');
      await writeFile(pbx.path('pjsip.conf'), basicPjsip(5060));
      const r = await apply('1001');
      expect(r.written).toContain(pbx.path('pjsip.conf'));
      expect((await pbx.read('pjsip.conf')).match(/\[1001\]/g)).toHaveLength(3);
    });

    it('an extension added by hand meanwhile: refused on the PBX’s files, nothing written', async () => {
      pbx = await createPbxDir({
        'pjsip.conf': basicPjsip(5060),
        'extensions.conf': BASIC_EXTENSIONS,
      });
      await apply('1001');
      await appendFile(pbx.path('pjsip.conf'), BLOCK_1003);
      const pj = await pbx.read('pjsip.conf');
      const ex = await pbx.read('extensions.conf');
      await expect(apply('1003')).rejects.toBeInstanceOf(ExtensionExistsError);
      expect(await pbx.read('pjsip.conf')).toBe(pj);
      expect(await pbx.read('extensions.conf')).toBe(ex);
    });
  },
);
