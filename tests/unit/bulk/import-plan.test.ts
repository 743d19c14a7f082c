/**
 * The import's dry run on real pjsip.conf text: every row validated with the shared schemas and
 * refused by row and column without its value; the plan sorted field by field; an export read
 * back is "unchanged" in full.
 */
import { describe, expect, it } from 'vitest';
import { planImport } from '../../../src/main/core/bulk/import-plan';
import { readImportFile } from '../../../src/main/core/bulk/import-file';
import { exportCsv, exportExtensions, exportJson } from '../../../src/main/core/bulk/export';
import { toCsv } from '../../../src/main/core/bulk/csv';
import { readExtensions } from '../../../src/main/core/pjsip/extensions';
import { generatePjsipConf } from '../../support/generate-conf';
import {
  HOSTILE_EXTENSION_ADDS,
  HOSTILE_EXTENSION_UPDATES,
  TEN_KB,
} from '../../support/hostile-extension-inputs';
import { fixture } from '../pjsip/fixtures';
import { expectNothingToImport } from '../../support/import-plan-expect';

const SEED = fixture('seed-pjsip.conf');
const plan = (text: string, content: string, opts = {}) =>
  planImport(text, null, readImportFile(content), opts);

function expectNoValueEchoed(reasons: string[]) {
  for (const r of reasons) {
    expect(r).not.toContain('abc;defgh');
    expect(r).not.toContain(TEN_KB.slice(0, 50));
    expect(r).not.toContain('GoodPass-123');
    expect(r).not.toMatch(/\n/);
  }
}

describe('import dry run: the hostile-input set, row by row', () => {
  it('JSON: every hostile add is refused on its own row, naming its column, nothing planned', () => {
    const rows = HOSTILE_EXTENSION_ADDS.map(([, , over], i) => ({
      number: String(2000 + i),
      password: 'GoodPass-123',
      ...over,
    }));
    const p = plan(SEED, JSON.stringify(rows));
    expect(p.plan.ok).toBe(false);
    expect(p.pjsip).toBeNull();
    expect(p.plan.create).toEqual([]);
    HOSTILE_EXTENSION_ADDS.forEach(([name, field], i) => {
      const mine = p.plan.errors.filter((e) => e.row === i + 1);
      expect(
        mine.map((e) => e.column),
        name,
      ).toContain(field);
    });
    expect(new Set(p.plan.errors.map((e) => e.row)).size).toBe(HOSTILE_EXTENSION_ADDS.length);
    expectNoValueEchoed(p.plan.errors.map((e) => e.reason));
  });

  it('CSV: every hostile add a CSV cell can carry is refused on its spreadsheet row', () => {
    // A cell is text: typed cases (a JSON number, a list) and empty cells (a default) do not apply.
    const csvCases = HOSTILE_EXTENSION_ADDS.filter(([, , over]) =>
      Object.values(over).every((v) =>
        typeof v === 'string'
          ? v !== '' && !/^\d+$/.test(v) && !/^(yes|no|true|false)$/.test(v)
          : Array.isArray(v) &&
            v.length > 0 &&
            v.every((c) => typeof c === 'string' && !c.includes(',')),
      ),
    ).filter(([, field]) =>
      ['displayName', 'number', 'password', 'codecs', 'context', 'transport'].includes(field),
    );
    expect(csvCases.length).toBeGreaterThanOrEqual(25);
    const cols = ['number', 'displayName', 'password', 'codecs', 'context', 'transport'];
    const records = csvCases.map(([, , over], i) => {
      const r: Record<string, unknown> = {
        number: String(2000 + i),
        password: 'GoodPass-123',
        ...over,
      };
      return cols.map((c) =>
        Array.isArray(r[c]) ? (r[c] as string[]).join(',') : String(r[c] ?? ''),
      );
    });
    const p = plan(SEED, toCsv([cols, ...records]));
    csvCases.forEach(([name, field], i) => {
      expect(
        p.plan.errors.filter((e) => e.row === i + 2).map((e) => e.column),
        name,
      ).toContain(field);
    });
    expect(p.plan.ok).toBe(false);
    expectNoValueEchoed(p.plan.errors.map((e) => e.reason));
  });

  // In an import the number names the row's extension, so "changing the number" is another row.
  for (const [name, field, patch] of HOSTILE_EXTENSION_UPDATES.filter(([, f]) => f !== 'number')) {
    it(`an update row with ${name.replace('update: ', '')} is refused naming ${field}`, () => {
      const p = plan(SEED, JSON.stringify([{ number: '1001', ...patch }]), { update: true });
      expect(p.plan.errors.map((e) => [e.row, e.column])).toEqual([[1, field]]);
      expect(p.pjsip).toBeNull();
      expectNoValueEchoed(p.plan.errors.map((e) => e.reason));
    });
  }
});

describe('import plan', () => {
  it('sorts rows into create, update field by field, delete, unchanged and conflicts', () => {
    const csv = [
      'number,displayName,codecs,password',
      '1001,Ali Rezaei,"ulaw,alaw",New-Password-1',
      '1005,New Person,,',
      '9000,Changed By Hand,,',
      '1005,Twice,,',
      'global,x,,',
      '',
    ].join('\r\n');
    const base = readExtensions(SEED).find((e) => e.number === '1001')!;
    const p = plan(SEED, csv, { update: true, deleteMissing: true });
    expect(p.plan.create).toEqual(['1005']);
    expect(p.plan.generatedPasswords).toBe(1);
    expect(p.plan.update).toHaveLength(1);
    const u = p.plan.update[0]!;
    expect(u.row).toBe(2);
    expect(u.changes).toContainEqual({ field: 'password', from: '', to: 'changed' });
    if (base.displayName !== 'Ali Rezaei')
      expect(u.changes).toContainEqual({
        field: 'displayName',
        from: base.displayName,
        to: 'Ali Rezaei',
      });
    expect(JSON.stringify(p.plan)).not.toContain('New-Password-1');
    expect(p.plan.conflicts).toEqual([
      expect.objectContaining({ number: '9000', row: 4, kind: 'hand-written' }),
    ]);
    expect(p.plan.errors).toEqual([
      expect.objectContaining({ row: 5, column: 'number' }),
      expect.objectContaining({ row: 6, column: 'number' }),
    ]);
    expect(p.plan.ok).toBe(false);
  });

  it('without --update a changed row is a conflict naming the fields; a reserved name is one too', () => {
    const text = SEED + '\n[1234]\ntype=aor\nmax_contacts=1\n';
    const p = plan(text, JSON.stringify([{ number: '1001', maxContacts: 7 }, { number: '1234' }]));
    expect(p.plan.conflicts.map((c) => [c.number, c.kind])).toEqual([
      ['1001', 'exists'],
      ['1234', 'reserved'],
    ]);
    expect(p.plan.conflicts[0]!.reason).toContain('maxContacts');
  });

  it('a clean plan gives the new file: creates appended, updates in place, deletes gone', () => {
    const p = plan(
      SEED,
      JSON.stringify([
        { number: '1005', password: 'GoodPass-123', displayName: 'Five' },
        { number: '1006', password: 'GoodPass-456', enabled: false },
      ]),
      { deleteMissing: true },
    );
    expect(p.plan.ok).toBe(true);
    expect(p.plan.delete).toEqual(['1001']);
    const after = readExtensions(p.pjsip!);
    expect(after.map((e) => [e.number, e.managed, e.enabled])).toEqual(
      expect.arrayContaining([
        ['1005', true, true],
        ['1006', true, false],
        ['9000', false, true],
      ]),
    );
    expect(after.some((e) => e.number === '1001')).toBe(false);
    expect(p.verify.map((v) => v.kind)).toEqual(['endpoint', 'gone']);
  });

  it('export → import with no changes is "unchanged" for all 10,000 (CSV and JSON, with passwords)', () => {
    const text = generatePjsipConf(10_000) + SEED.slice(SEED.indexOf('[9000]') - 1);
    for (const withPasswords of [false, true]) {
      const rows = exportExtensions(text, withPasswords);
      expect(rows.length).toBe(10_001);
      const content = withPasswords ? exportJson('pbx', rows, new Date()) : exportCsv(rows, false);
      {
        const p = plan(text, content, { update: true, deleteMissing: true });
        expectNothingToImport(p, 10_001);
      }
    }
  }, 120_000);
});
