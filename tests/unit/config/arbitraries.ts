import fc from 'fast-check';

/** Hand-written .conf lines mixing every construct the parser must keep verbatim. */
export const confLine: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    '',
    '   ',
    '\t',
    '; a comment',
    ';',
    ';;; banner ;;;',
    ';-- block comment on one line --;',
    ';--',
    '--;',
    'still in a block? ;-- nested --; maybe',
    ';--- not a block comment',
    '[general]',
    '[endpoint-tpl](!)',
    '[1001](endpoint-tpl)',
    '[1001](tpl1,tpl2)',
    '[transport-udp](+)',
    '[ spaced ] (!)',
    '[unclosed',
    '[bad](!',
    'type=endpoint',
    'type = aor',
    'key = value',
    'key=value ; trailing comment',
    'key => value',
    'exten => 1001,1,Dial(PJSIP/1001,30)',
    ' same => n,Hangup()',
    'allow=ulaw',
    'allow=alaw',
    'password=abc\\;def',
    'note=semi\\;colon ; comment',
    '#include extra.conf',
    '#include "quoted file.conf"',
    '#tryinclude <maybe.conf>',
    '#exec /usr/bin/gen-conf',
    '#unknowndirective x',
    'a line Asterisk does not understand',
    'value with trailing spaces = x   ',
    '\tkey\t=\tvalue\t',
    '=',
    '==>',
    'ÿ unicode ☎ = 电话',
  ),
  fc.string({ maxLength: 40 }).map((s) => s.replace(/[\r\n]/g, ' ')),
  fc
    .tuple(fc.constantFrom('[', ';', '#', ' ', '\\', '=', '-'), fc.string({ maxLength: 12 }))
    .map(([a, b]) => (a + b).replace(/[\r\n]/g, '')),
);

export const eol: fc.Arbitrary<string> = fc.constantFrom('\n', '\r\n', '\n', '\r\n', '\r\r\n');

/** A whole file: lines with mixed line endings, with or without a final newline. */
export const confFile: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.tuple(confLine, eol), { maxLength: 60 }), fc.boolean())
  .map(([lines, finalNewline]) => {
    let out = lines.map(([l, e]) => l + e).join('');
    if (!finalNewline && lines.length > 0) out = out.slice(0, out.lastIndexOf(lines.at(-1)![1]));
    return out;
  });

/** Hand-written lines that cannot be mistaken for markers nor hide them in a block comment. */
export const plainHandLine: fc.Arbitrary<string> = confLine.filter(
  (l) => !l.includes('MANAGED - ') && !l.includes(';--') && !l.includes('--;'),
);
