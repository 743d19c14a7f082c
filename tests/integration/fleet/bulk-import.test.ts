/**
 * Issue 12 acceptance 2, through the real sshd and the AMI test server behind the SSH tunnel:
 * on a 10,000-extension host an import of 1,000 is one write and one reload, every object
 * verified; one row Asterisk refuses rolls all 1,000 back; an export imported back is unchanged.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportCsv, exportJson } from '../../../src/main/core/bulk/export';
import { toCsv } from '../../../src/main/core/bulk/csv';
import { readExtensions } from '../../../src/main/core/pjsip/extensions';
import { bigHostFiles } from '../../support/ami-server/big-host';
import { filesVsLive } from '../../support/files-vs-live';
import { startPbxHost, type PbxHost } from '../../support/pbx-host';
import { startSshd, type SshdHandle } from '../../support/sshd';

let sshd: SshdHandle;
let h: PbxHost;
const big = bigHostFiles(10_000);

beforeAll(async () => {
  sshd = await startSshd();
  h = await startPbxHost(sshd, {
    pjsip: () => big['pjsip.conf'],
    extensions: big['extensions.conf'],
  });
}, 120_000);
afterAll(async () => {
  await h?.close();
  await sshd?.stop();
});

const COLUMNS = ['number', 'displayName', 'password', 'codecs'];
/** 1,000 new extensions 20000..20999; `codec` for the row `bad` (a codec Asterisk refuses). */
function thousand(bad?: { row: number; codec: string }): string {
  const rows = Array.from({ length: 1000 }, (_, i) => [
    String(20_000 + i),
    `Imported ${i}`,
    `Imp-${i}-secretpass`,
    bad?.row === i ? bad.codec : 'ulaw,alaw',
  ]);
  return toCsv([COLUMNS, ...rows]);
}

/** Counts, from the test server and the config dir, of what a change did. */
async function mark() {
  const backups = async () => (await h.pbx.list()).filter((f) => f.includes('.rayanpbx-bak-'));
  const b0 = await backups();
  const count = (name: string) => h.ami.actionCounts.get(name) ?? 0;
  const pj0 = h.ami.reloadReports.length;
  const dp0 = h.ami.dialplanReports.length;
  const show0 = count('pjsipshowendpoint');
  return async () => ({
    newBackups: (await backups())
      .filter((f) => !b0.includes(f))
      .map((f) => f.replace(/\.rayanpbx-bak-.*/, '')),
    resPjsipReloads: h.ami.reloadReports.length - pj0,
    pbxConfigReloads: h.ami.dialplanReports.length - dp0,
    endpointsShown: count('pjsipshowendpoint') - show0,
  });
}

describe('bulk import on a 10,000-extension host', () => {
  it('export → import with no changes: "unchanged 10,000", nothing written or reloaded', async () => {
    const rows = await h.fleet.exportExtensions('pbx', { withPasswords: true });
    expect(rows).toHaveLength(10_000);
    for (const content of [exportCsv(rows, true), exportJson('pbx', rows, new Date())]) {
      const plan = await h.fleet.planImport('pbx', content, { update: true, deleteMissing: true });
      expect(plan).toMatchObject({
        unchanged: 10_000,
        create: [],
        update: [],
        delete: [],
        errors: [],
        conflicts: [],
        ok: true,
      });
    }
    const done = await mark();
    const r = await h.fleet.importExtensions('pbx', exportCsv(rows, false), { update: true });
    expect(r.apply).toMatchObject({ written: [], reloaded: false });
    expect(await done()).toMatchObject({ newBackups: [], resPjsipReloads: 0 });
  }, 300_000);

  it('one row Asterisk refuses rolls back all 1,000: files as before, none of them live', async () => {
    const pjBefore = await h.pbx.read('pjsip.conf');
    const exBefore = await h.pbx.read('extensions.conf');
    const content = thousand({ row: 637, codec: 'notacodec' });
    const plan = await h.fleet.planImport('pbx', content);
    expect(plan).toMatchObject({ ok: true, unchanged: 0 });
    expect(plan.create).toHaveLength(1000);
    const r = await h.fleet.importExtensions('pbx', content);
    expect(r.apply).toMatchObject({ rolledBack: true, verified: false });
    expect(r.apply!.mismatches).toEqual([
      'endpoint 20637: not loaded by Asterisk (it refuses a whole endpoint over a codec it does not know: check Codecs, notacodec)',
    ]);
    expect(r.generated).toEqual([]);
    expect(await h.pbx.read('pjsip.conf')).toBe(pjBefore);
    expect(await h.pbx.read('extensions.conf')).toBe(exBefore);
    expect(h.ami.pjsip.endpoints.has('20000')).toBe(false);
    expect((h.ami.dialplan.get('from-internal') ?? []).some((l) => l.extension === '20000')).toBe(
      false,
    );
    expect(await filesVsLive(h.pbx, h.ami)).toEqual([]);
  }, 300_000);

  it('1,000 new: one SSH write, one res_pjsip reload, no dialplan reload, every object verified', async () => {
    const content = thousand();
    const progress: string[] = [];
    const plan = await h.fleet.planImport('pbx', content);
    expect(plan.create).toHaveLength(1000);
    const done = await mark();
    const r = await h.fleet.importExtensions('pbx', content, {
      onBulkProgress: (p) => progress.push(`${p.phase} ${p.done}/${p.total}`),
    });
    expect(r.apply).toMatchObject({
      verified: true,
      rolledBack: false,
      mismatches: [],
      reloadedModules: ['res_pjsip.so'],
    });
    // The dry run read the files; the import wrote on those bytes (its hash check proving them).
    expect(r.apply!.sshRoundTrips).toBe(1);
    expect(await done()).toEqual({
      newBackups: ['extensions.conf', 'pjsip.conf'],
      resPjsipReloads: 1,
      pbxConfigReloads: 0,
      endpointsShown: 1000,
    });
    expect(progress).toContain('verify 1000/1000');
    expect(progress.at(-1)).toBe('done 1000/1000');
    const after = readExtensions(await h.pbx.read('pjsip.conf'));
    expect(after.filter((e) => e.managed)).toHaveLength(11_000);
    expect(h.ami.pjsip.endpoints.has('20999')).toBe(true);
    expect(await filesVsLive(h.pbx, h.ami)).toEqual([]);
  }, 300_000);
});
