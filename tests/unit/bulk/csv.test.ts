import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { CsvSyntaxError, parseCsv, toCsv } from '../../../src/main/core/bulk/csv';

const fieldsOf = (text: string) => parseCsv(text).map((r) => r.fields);

describe('CSV parser', () => {
  it('reads quotes, embedded commas, quotes and line breaks, CRLF and a BOM', () => {
    const text =
      '\ufeffnumber,name\r\n1001,"Rezaei, Ali"\r\n1002,"say ""hi"""\r\n1003,"two\r\nlines"\r\n';
    expect(fieldsOf(text)).toEqual([
      ['number', 'name'],
      ['1001', 'Rezaei, Ali'],
      ['1002', 'say "hi"'],
      ['1003', 'two\r\nlines'],
    ]);
  });

  it('numbers records by the line they start on, skipping blank lines', () => {
    const recs = parseCsv('a,b\n\n"x\ny",z\nlast,row');
    expect(recs.map((r) => r.line)).toEqual([1, 3, 5]);
    expect(recs[2]!.fields).toEqual(['last', 'row']);
  });

  it('keeps empty fields, a trailing empty field and a lone quoted empty field', () => {
    expect(fieldsOf('a,,c\n,\n""\n')).toEqual([['a', '', 'c'], ['', ''], ['']]);
  });

  it('refuses an unclosed quote and text after a closing quote, naming the line', () => {
    expect(() => parseCsv('a\n"open,b\n')).toThrow(CsvSyntaxError);
    expect(() => parseCsv('a\n"open,b\n')).toThrow(/line 2: a quoted field is never closed/);
    expect(() => parseCsv('"x"y,z')).toThrow(/line 1: text after a closing quote/);
    expect(() => parseCsv('ab"c,d')).toThrow(/line 1: a quote inside an unquoted field/);
  });

  const records = fc.array(
    fc.array(fc.string({ unit: 'binary' }), { minLength: 1, maxLength: 6 }),
    {
      maxLength: 8,
    },
  );

  it('property: parse(toCsv(records)) gives back the records (CRLF and LF, with or without BOM)', () => {
    fc.assert(
      fc.property(records, fc.boolean(), fc.boolean(), (recs, crlf, bom) => {
        const text = (bom ? '\ufeff' : '') + toCsv(recs, crlf ? '\r\n' : '\n');
        expect(fieldsOf(text)).toEqual(recs);
      }),
      { numRuns: 500 },
    );
  });

  it('property: the last record needs no line break', () => {
    fc.assert(
      fc.property(records, (recs) => {
        const text = toCsv(recs);
        expect(fieldsOf(text.replace(/\r\n$/, ''))).toEqual(recs);
      }),
      { numRuns: 300 },
    );
  });
});
