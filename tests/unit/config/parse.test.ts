import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  getLine,
  getLines,
  parseConfig,
  parseDirective,
  parseOption,
  parseSectionHeader,
  replaceLine,
} from '../../../src/main/core/config/parse';
import { serializeConfig } from '../../../src/main/core/config/serialize';
import { confFile } from './arbitraries';

function kinds(text: string): string[] {
  return getLines(parseConfig(text)).map((l) => l.kind);
}

describe('parseConfig / serializeConfig', () => {
  it('round-trips any generated file byte for byte (property)', () => {
    fc.assert(
      fc.property(confFile, (text) => {
        expect(serializeConfig(parseConfig(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('round-trips arbitrary unicode and binary-ish strings (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        expect(serializeConfig(parseConfig(text))).toBe(text);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps every line verbatim in its own model: text + eol of all lines rebuild the input (property)', () => {
    fc.assert(
      fc.property(confFile, (text) => {
        const lines = getLines(parseConfig(text));
        expect(lines.map((l) => l.text + l.eol).join('')).toBe(text);
        for (const l of lines) expect(l.text.includes('\n')).toBe(false);
      }),
      { numRuns: 300 },
    );
  });

  it('writes an edited line in place and leaves every other byte alone (property)', () => {
    fc.assert(
      fc.property(confFile, fc.nat(), fc.string({ maxLength: 20 }), (text, pick, repl) => {
        const doc = parseConfig(text);
        fc.pre(doc.lineCount > 0);
        const i = pick % doc.lineCount;
        const clean = repl.replace(/[\r\n]/g, '');
        const before = getLines(doc);
        replaceLine(doc, i, clean);
        const expected = before.map((l, j) => (j === i ? clean : l.text) + l.eol).join('');
        expect(serializeConfig(doc)).toBe(expected);
      }),
      { numRuns: 300 },
    );
  });

  it('keeps CRLF, LF, a missing final newline, tabs and trailing spaces', () => {
    const text = '[a]\r\nk = v  \n\tx\t=\ty\t\r\nlast=1';
    const doc = parseConfig(text);
    expect(serializeConfig(doc)).toBe(text);
    expect(getLines(doc).map((l) => l.eol)).toEqual(['\r\n', '\n', '\r\n', '']);
    expect(getLine(doc, 1).text).toBe('k = v  ');
  });

  it('parses the empty file as a document with no lines', () => {
    const doc = parseConfig('');
    expect(doc.lineCount).toBe(0);
    expect(serializeConfig(doc)).toBe('');
  });

  it('classifies blank, comment, section, option, directive and unknown lines', () => {
    expect(
      kinds(
        '\n; c\n[s]\nk=v\nexten => 1,1,NoOp()\n#include x.conf\n#tryinclude y\n#exec z\njunk\n  \n',
      ),
    ).toEqual([
      'blank',
      'comment',
      'section',
      'option',
      'option',
      'directive',
      'directive',
      'directive',
      'unknown',
      'blank',
    ]);
  });

  it('treats ;-- … --; as a block comment that can span lines and nest', () => {
    const text = 'a=1 ;-- start\n[hidden]\n;-- inner --;\nstill=hidden\n--; b=2\nc=3';
    const lines = getLines(parseConfig(text));
    expect(lines.map((l) => l.kind)).toEqual([
      'option',
      'comment',
      'comment',
      'comment',
      'option',
      'option',
    ]);
    expect(lines[4]!.content.trim()).toBe('b=2');
    expect(lines.map((l) => l.inBlockComment)).toEqual([false, true, true, true, true, false]);
    expect(parseConfig(text).sections).toHaveLength(0);
  });

  it('does not open a block comment on ;--- (Asterisk needs exactly two dashes)', () => {
    expect(kinds(';--- banner\n[s]\nk=v')).toEqual(['comment', 'section', 'option']);
  });

  it('reads \\; as a literal semicolon, not a comment', () => {
    const line = getLine(parseConfig('password=ab\\;cd ; real comment'), 0);
    expect(parseOption(line.content)).toEqual({ key: 'password', value: 'ab;cd', arrow: false });
  });

  it('indexes sections sharing a name as distinct objects told apart by type=', () => {
    const doc = parseConfig(
      '[1001]\ntype=endpoint\n\n[1001]\ntype=auth\n\n[1001]\n; note\ntype = aor\n',
    );
    expect(doc.sections.map((s) => [s.name, s.type, s.start, s.end])).toEqual([
      ['1001', 'endpoint', 0, 3],
      ['1001', 'auth', 3, 6],
      ['1001', 'aor', 6, 9],
    ]);
  });

  it('reads template, inheritance and append markers of section headers', () => {
    expect(parseSectionHeader('[t](!)')).toEqual({
      name: 't',
      template: true,
      append: false,
      inherits: [],
    });
    expect(parseSectionHeader('[e](t1,t2)')).toMatchObject({ inherits: ['t1', 't2'] });
    expect(parseSectionHeader('[x](+)')).toMatchObject({ append: true });
    expect(parseSectionHeader('[x](!,base)')).toMatchObject({ template: true, inherits: ['base'] });
    // Asterisk only reads the options when "(" follows "]" directly.
    expect(parseSectionHeader('[x] (!)')).toMatchObject({ name: 'x', template: false });
    expect(parseSectionHeader('[unclosed')).toBeNull();
  });

  it('splits key = value and key => value, trimming both sides', () => {
    expect(parseOption('  allow =  ulaw  ')).toEqual({ key: 'allow', value: 'ulaw', arrow: false });
    expect(parseOption('exten => 1001,hint,PJSIP/1001')).toEqual({
      key: 'exten',
      value: '1001,hint,PJSIP/1001',
      arrow: true,
    });
    expect(parseOption('callerid="A = B" <1>')).toEqual({
      key: 'callerid',
      value: '"A = B" <1>',
      arrow: false,
    });
    expect(parseOption('no equals')).toBeNull();
  });

  it('reads #include, #tryinclude and #exec directives', () => {
    expect(parseDirective('#include "a b.conf"')).toEqual({
      name: 'include',
      argument: 'a b.conf',
    });
    expect(parseDirective('#tryinclude <x.conf>')).toEqual({
      name: 'tryinclude',
      argument: 'x.conf',
    });
    expect(parseDirective('#exec /bin/gen')).toEqual({ name: 'exec', argument: '/bin/gen' });
  });
});
