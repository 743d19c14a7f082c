/**
 * `ext export --csv` never hands a spreadsheet a formula: a cell starting with `=`, `+`, `-`, `@`
 * (or a tab or CR) is written with a leading `'`. The import strips it again, so the export reads
 * back unchanged.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../src/main/core/bulk/csv';
import { exportCsv, exportExtensions } from '../../../src/main/core/bulk/export';
import { readImportFile } from '../../../src/main/core/bulk/import-file';
import { planImport } from '../../../src/main/core/bulk/import-plan';
import {
  neutraliseFormula,
  restoreFormulaText,
} from '../../../src/main/core/bulk/spreadsheet-cell';
import { fixture } from '../pjsip/fixtures';
import { expectNothingToImport } from '../../support/import-plan-expect';

const FORMULA = /^[=+\-@\t\r]/;

/** The seed, a hand-written extension whose caller ID is a formula, and managed ones made by an import. */
function pbxWithFormulaLookingValues(): string {
  const handWritten = [
    '[9100]',
    'type=endpoint',
    'context=-internal',
    'callerid="=2+5+cmd|\' /C calc\'!A0" <9100>',
    'auth=9100',
    'aors=9100',
    '',
    '[9100]',
    'type=auth',
    'auth_type=userpass',
    'username=9100',
    'password=@HandMade9100',
    '',
    '[9100]',
    'type=aor',
    'max_contacts=1',
    '',
  ].join('\n');
  const creates = [
    { number: '2001', displayName: '+98 21 5555', password: '=Pass-word-1' },
    { number: '2002', displayName: '-Sales-', password: '-Pass-word-2' },
    { number: '2003', displayName: '@Home', password: '+Pass-word-3' },
    // Already starts with the marker: must come back with its own apostrophe.
    { number: '2004', displayName: "'+Quoted", password: "'=Pass-word-4" },
    { number: '2005', displayName: "'Plain", password: 'Pass-word-5' },
  ];
  const p = planImport(
    fixture('seed-pjsip.conf') + '\n' + handWritten,
    null,
    readImportFile(JSON.stringify(creates)),
    {},
  );
  expect(p.plan.errors).toEqual([]);
  expect(p.plan.create).toHaveLength(creates.length);
  return p.pjsip!;
}

describe('CSV export: formula injection', () => {
  const pjsip = pbxWithFormulaLookingValues();
  const rows = exportExtensions(pjsip, true);
  const csv = exportCsv(rows, true);
  const records = parseCsv(csv).map((r) => r.fields);
  const header = records[0]!;
  const cellOf = (number: string, column: string) =>
    records.find((r) => r[0] === number)![header.indexOf(column)];

  it('writes no cell a spreadsheet would run as a formula', () => {
    const formulas = records.flat().filter((c) => FORMULA.test(c));
    expect(formulas).toEqual([]);
    expect(cellOf('9100', 'displayName')).toBe("'=2+5+cmd|' /C calc'!A0");
    expect(cellOf('9100', 'context')).toBe("'-internal");
    expect(cellOf('9100', 'password')).toBe("'@HandMade9100");
    expect(cellOf('2001', 'displayName')).toBe("'+98 21 5555");
    expect(cellOf('2004', 'displayName')).toBe("''+Quoted");
    expect(cellOf('2005', 'displayName')).toBe("'Plain");
  });

  it('imports its own export back with no change at all (passwords included)', () => {
    const p = planImport(pjsip, null, readImportFile(csv), { update: true, deleteMissing: true });
    expectNothingToImport(p, rows.length);
  });

  it('a spreadsheet-typed row without the marker is read as typed', () => {
    const typed = readImportFile('number,displayName\r\n2002,-Sales-\r\n2003,"\'\'+x"\r\n');
    expect(typed.records.map((r) => r.values.displayName)).toEqual(['-Sales-', "'+x"]);
  });

  it('property: restoring undoes neutralising for every string, and no neutralised cell starts a formula', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        const out = neutraliseFormula(s);
        expect(restoreFormulaText(out)).toBe(s);
        expect(out).not.toMatch(FORMULA);
      }),
      { numRuns: 2000 },
    );
    for (const s of ['=1', '+1', '-1', '@x', '\tx', '\rx', "'=1", "''-1"])
      expect(restoreFormulaText(neutraliseFormula(s))).toBe(s);
  });
});
