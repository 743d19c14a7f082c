import { describe, expect, it } from 'vitest';
import {
  optionValue,
  optionValues,
  resolveConfig,
  resolveSections,
} from '../../../src/main/core/config/resolve';

describe('resolveSections: what Asterisk would load', () => {
  it('applies templates to sections that inherit them and leaves templates out', () => {
    const text = [
      '[base](!)',
      'type=endpoint',
      'disallow=all ; codecs reset',
      'allow=ulaw',
      '[1001](base)',
      'allow=alaw',
      'context = from-internal  ',
    ].join('\n');
    expect(resolveSections(text)).toEqual([
      {
        line: 5,
        optionLines: [2, 3, 4, 6, 7],
        name: '1001',
        type: 'endpoint',
        options: [
          ['type', 'endpoint'],
          ['disallow', 'all'],
          ['allow', 'ulaw'],
          ['allow', 'alaw'],
          ['context', 'from-internal'],
        ],
        isTemplate: false,
      },
    ]);
  });

  it('keeps templates when asked, flagged as such', () => {
    const r = resolveSections('[t](!)\nk=v\n[x](t)\n', { includeTemplates: true });
    expect(r.map((s) => [s.name, s.isTemplate])).toEqual([
      ['t', true],
      ['x', false],
    ]);
  });

  it('inherits from several templates in the order written, including their own inheritance', () => {
    const text = '[a](!)\nx=1\n[b](!,a)\ny=2\n[c](!)\nz=3\n[obj](b,c)\nw=4\n';
    expect(resolveSections(text)[0]!.options).toEqual([
      ['x', '1'],
      ['y', '2'],
      ['z', '3'],
      ['w', '4'],
    ]);
  });

  it('keeps endpoint, auth and aor of one number as three objects', () => {
    const text =
      '[1001]\ntype=endpoint\nauth=1001\n\n[1001]\ntype=auth\npassword=x\n\n[1001]\ntype=aor\nmax_contacts=1\n';
    expect(resolveSections(text).map((s) => [s.name, s.type])).toEqual([
      ['1001', 'endpoint'],
      ['1001', 'auth'],
      ['1001', 'aor'],
    ]);
  });

  it('appends a (+) section to the earlier section of that name; a later single value wins, lists accumulate', () => {
    const text = [
      '[transport-udp]',
      'type=transport',
      'protocol=udp',
      'local_net=10.0.0.0/8',
      'external_media_address=1.1.1.1',
      '[other]',
      'type=transport',
      '[transport-udp](+)',
      'external_media_address=2.2.2.2',
      'local_net=192.168.0.0/16',
    ].join('\r\n');
    const sections = resolveSections(text);
    expect(sections).toHaveLength(2);
    const t = sections[0]!;
    expect(optionValue(t, 'external_media_address')).toBe('2.2.2.2');
    expect(optionValues(t, 'local_net')).toEqual(['10.0.0.0/8', '192.168.0.0/16']);
  });

  it('appends a typed (+) section to the earlier section with the same name and type', () => {
    const text = '[1001]\ntype=endpoint\n[1001]\ntype=aor\n[1001](+)\ntype=aor\nmax_contacts=5\n';
    const [endpoint, aor] = resolveSections(text);
    expect(endpoint!.options).toEqual([['type', 'endpoint']]);
    expect(optionValue(aor!, 'max_contacts')).toBe('5');
  });

  it('reports a (+) or inheritance naming no earlier section instead of inventing one', () => {
    const r = resolveConfig('[x](+)\nk=v\n[y](nothing)\nk=v\n[z]\nk=v\n');
    expect(r.sections.map((s) => s.name)).toEqual(['z']);
    expect(r.problems.map((p) => p.line)).toEqual([1, 3]);
  });

  it('ignores comments, block comments, directives and lines without =', () => {
    const text = '[s]\n;k=hidden\n;--\nalso=hidden\n--;\n#include x.conf\njunk\nreal=1 ; note\n';
    expect(resolveSections(text)[0]!.options).toEqual([['real', '1']]);
  });

  it('appends with key += value to the latest value of that key', () => {
    expect(resolveSections('[s]\nallow=ulaw\nallow+=,alaw\nnew += x\n')[0]!.options).toEqual([
      ['allow', 'ulaw,alaw'],
      ['new', 'x'],
    ]);
  });

  it('reports options above the first section', () => {
    expect(resolveConfig('stray=1\n[s]\n').problems).toEqual([
      { line: 1, message: 'option outside any section: Asterisk refuses to load the file' },
    ]);
  });
});
