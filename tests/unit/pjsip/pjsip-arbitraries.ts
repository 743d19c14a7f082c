import fc from 'fast-check';
import { DISABLED_PREFIX } from '../../../src/main/core/pjsip';

/**
 * pjsip.conf files shaped like a RayanPBX host's (extension blocks, a transport block, NAT
 * additions, hand-written endpoints and templates), with the hand edits that make reading them
 * tricky: odd spacing and case, comments, `=>`, `key +=`, templates and `(+)` in and around the
 * blocks, lines after an END marker, disabled and half-disabled blocks, block comments.
 */

const NUMBERS = ['1001', '1002', '1003', '2001', '2002', '30'];
const CONTEXTS = ['from-internal', 'office', 'Lab_2', 'bad context', 'default'];

/** The body RayanPBX writes, as lines (sometimes with the endpoint last, as older hosts have it). */
const canonicalBody = fc
  .record({
    context: fc.constantFrom(...CONTEXTS),
    codecs: fc.subarray(['ulaw', 'alaw', 'g722', 'opus'], { minLength: 1 }),
    nat: fc.boolean(),
    maxContacts: fc.integer({ min: 1, max: 5 }),
    qualify: fc.constantFrom(0, 30, 60),
    endpointLast: fc.boolean(),
  })
  .map((s) => (n: string) => {
    const endpoint = [
      `[${n}]`,
      'type=endpoint',
      `context=${s.context}`,
      'disallow=all',
      ...s.codecs.map((c) => `allow=${c}`),
      'transport=transport-udp',
      `auth=${n}`,
      `aors=${n}`,
      `callerid="User ${n}" <${n}>`,
      ...(s.nat
        ? ['rtp_symmetric=yes', 'force_rport=yes', 'rewrite_contact=yes', 'direct_media=no']
        : []),
    ];
    const auth = [`[${n}]`, 'type=auth', 'auth_type=userpass', `username=${n}`, `password=Pw${n}`];
    const aor = [
      `[${n}]`,
      'type=aor',
      `max_contacts=${s.maxContacts}`,
      'remove_existing=yes',
      `qualify_frequency=${s.qualify}`,
    ];
    return s.endpointLast
      ? [...aor, '', ...auth, '', ...endpoint]
      : [...endpoint, '', ...auth, '', ...aor];
  });

/** Edits of one line that the fast reader reads itself (no fallback). */
const modelledLineEdit: fc.Arbitrary<(line: string) => string[]> = fc.constantFrom(
  (l: string) => [l],
  (l: string) => [l],
  (l: string) => [l.replace('=', ' = ')],
  (l: string) => [l.replace('=', '=>')],
  (l: string) => ['  ' + l + '\t'],
  (l: string) => [l + ' ; a note'],
  (l: string) => [l.replace(/^[a-z_]+/, (k) => k.toUpperCase())],
  (l: string) => ['; a comment line', l],
  (l: string) => [l, ''],
  (l: string) => [l, 'a line without an equals sign'],
  (l: string) => [l, '#include extra.conf'],
  (l: string) => [l, 'note=semi\\;colon'],
  (l: string) => [l, 'allow=gsm,!bad, ,g729'],
  (l: string) => [l, 'disallow=ulaw'],
  (l: string) => [l, 'mailboxes+=x'],
  (l: string) => ['[first]', 'type=endpoint', 'context=first-ctx', '', l],
);

/** Edits the general reader must take over for (or that change what the fast one reads). */
const anyLineEdit: fc.Arbitrary<(line: string) => string[]> = fc.oneof(
  { weight: 6, arbitrary: modelledLineEdit },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      (l: string) => [l.replace(/^\[([^\]]*)\]$/, '[$1](!)')],
      (l: string) => [l.replace(/^\[([^\]]*)\]$/, '[$1](endpoint-defaults)')],
      (l: string) => [l.replace(/^\[([^\]]*)\]$/, '[$1](+)')],
      (l: string) => [l, 'context+=-more'],
      (l: string) => [l, 'type+=x'],
      (l: string) => [l, 'Context = second'],
      (l: string) => [l, 'type=aor'],
      (l: string) => [l, '[other]', 'type=endpoint', 'context=other-ctx'],
      (l: string) => [l, ';-- a block comment', 'context=hidden', '--;'],
      (l: string) => [l, '[unclosed header'],
      (l: string) => [l, 'aors=elsewhere'],
      (l: string) => ['context=before-header', l],
    ),
  },
);

function bodyArb(lineEdit: fc.Arbitrary<(line: string) => string[]>) {
  return fc.tuple(canonicalBody, fc.array(lineEdit, { minLength: 30, maxLength: 30 })).map(
    ([render, edits]) =>
      (n: string) =>
        render(n).flatMap((l, i) => edits[i]!(l)),
  );
}

type Chunk = { kind: 'ext'; number: string; body: string[] } | { kind: 'text'; lines: string[] };

const handWritten = fc.constantFrom<string[]>(
  ['[global]', 'type=global', 'user_agent=RayanPBX'],
  ['[endpoint-defaults](!)', 'type=endpoint', 'context=tpl-ctx', 'allow=ulaw'],
  ['[9000]', 'type=endpoint', 'context=hand', 'aors=9000', 'auth=9000'],
  ['[9000]', 'type=aor', 'max_contacts=2'],
  ['[9001](endpoint-defaults)', 'allow=gsm', 'aors=9001'],
  [
    '; BEGIN MANAGED - RayanPBX Transport',
    '[transport-udp]',
    'type=transport',
    'protocol=udp',
    '; END MANAGED - RayanPBX Transport',
  ],
  [
    '; BEGIN MANAGED - RayanPBX NAT',
    '[transport-udp](+)',
    'local_net=10.0.0.0/8',
    '; END MANAGED - RayanPBX NAT',
  ],
  ['; just a comment', ''],
  [''],
);

/** Hand-written text that can reach into a block (or be reached): only the general reader. */
const interfering = fc.constantFrom<string[]>(
  ['; BEGIN MANAGED - Extra NAT', '[1001](+)', 'context=nat-ctx', '; END MANAGED - Extra NAT'],
  ['[1002](+)', 'type=endpoint', 'context=appended'],
  ['[9100](1003)', 'type=endpoint'],
  ['context=after-end-marker', 'max_contacts=9'],
  ['[2001]', 'type=endpoint', 'context=hand-dup'],
  [';--', '[1001]', 'type=endpoint', '--;'],
);

type BlockState = 'enabled' | 'disabled' | 'half' | 'blanks-kept';

function fileArb(
  lineEdit: fc.Arbitrary<(line: string) => string[]>,
  outside: fc.Arbitrary<string[]>,
  states: BlockState[],
): fc.Arbitrary<string> {
  const ext = fc
    .tuple(fc.constantFrom(...NUMBERS), bodyArb(lineEdit), fc.constantFrom(...states))
    .map(([number, body, state]): Chunk => {
      let lines = body(number);
      if (state === 'disabled') lines = lines.map((l) => DISABLED_PREFIX + l);
      if (state === 'half') lines = lines.map((l, i) => (i % 2 ? DISABLED_PREFIX + l : l));
      // Disabled by hand, blank lines left as they were: not the console's disabled form.
      if (state === 'blanks-kept') lines = lines.map((l) => (l.trim() ? DISABLED_PREFIX + l : l));
      return { kind: 'ext', number, body: lines };
    });
  const text = outside.map((lines): Chunk => ({ kind: 'text', lines }));
  return fc
    .tuple(
      fc.array(fc.oneof({ weight: 3, arbitrary: ext }, { weight: 2, arbitrary: text }), {
        maxLength: 9,
      }),
      fc.constantFrom('\n', '\r\n'),
      fc.boolean(),
    )
    .map(([chunks, eol, blankBetween]) => {
      const used = new Set<string>();
      const lines: string[] = [];
      for (const c of chunks) {
        if (c.kind === 'text') {
          // A managed block's markers appear once each, so the file stays well-formed.
          const markers = c.lines.filter((l) => l.includes('MANAGED - '));
          if (markers.some((m) => used.has(m))) continue;
          for (const m of markers) used.add(m);
          lines.push(...c.lines);
          continue;
        }
        if (used.has(c.number)) continue;
        used.add(c.number);
        lines.push(`; BEGIN MANAGED - Extension ${c.number}`, ...c.body);
        lines.push(`; END MANAGED - Extension ${c.number}`);
        if (blankBetween) lines.push('');
      }
      return lines.length ? lines.join(eol) + eol : '';
    });
}

/** Files the fast reader reads entirely by itself. */
export const modelledPjsipFile = fileArb(modelledLineEdit, handWritten, [
  'enabled',
  'enabled',
  'disabled',
]);

/** Any file, interfering constructs included. */
export const anyPjsipFile = fileArb(
  anyLineEdit,
  fc.oneof({ weight: 3, arbitrary: handWritten }, { weight: 1, arbitrary: interfering }),
  ['enabled', 'enabled', 'enabled', 'disabled', 'half', 'blanks-kept'],
);
