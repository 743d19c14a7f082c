import { describe, expect, it } from 'vitest';
import { planAdopt, type IncludedFile } from '../../../src/main/core/adopt/adopt-plan';
import { listManagedBlocks, removeManagedBlock } from '../../../src/main/core/config/managed';
import { addExtension, readExtensions } from '../../../src/main/core/pjsip';
import { extensionOtherOptions } from '../../../src/main/core/adopt/other-options';
import { loadPjsip, type PjsipState } from '../../support/ami-server/pjsip-model';
import { fixture } from '../pjsip/fixtures';

const OFFICE = fixture('adopt/office-pjsip.conf');

/** What the test AMI server reports for an endpoint: EndpointDetail, its AuthDetail and AorDetail. */
function reported(state: PjsipState, number: string) {
  const ep = state.endpoints.get(number);
  if (!ep) return null;
  return {
    endpoint: ep.detail,
    auths: ep.auths.map((a) => state.auths.get(a)?.fields ?? null),
    aors: ep.aors.map((a) => state.aors.get(a)?.fields ?? null),
  };
}

function loaded(text: string): PjsipState {
  const { state, report } = loadPjsip(text, null);
  expect(report.parsed).toBe(true);
  return state;
}

/** The file with every managed block taken out: what is left of the hand-written text. */
function withoutBlocks(text: string): string {
  let out = text;
  for (const b of listManagedBlocks(text)) out = removeManagedBlock(out, b.id);
  return out;
}

const field = (fields: Array<[string, string]>, k: string) => fields.find(([f]) => f === k)?.[1];

describe('planAdopt on a hand-written office pjsip.conf (templates, (+) addition, comments)', () => {
  const plan = planAdopt(OFFICE, 'all');

  it('adopts both endpoints and reports templates and the options the form does not model', () => {
    expect(plan.refused).toEqual([]);
    expect(plan.adopted.map((a) => a.number)).toEqual(['2001', '2002']);
    const alice = plan.adopted[0]!;
    expect(alice.templates).toEqual(['phone-tpl', 'aor-tpl']);
    expect(alice.otherOptions).toEqual([
      'endpoint dtmf_mode=info',
      'endpoint language=en',
      'endpoint send_pai=yes',
    ]);
    expect(
      alice.moved.map((s) => `${s.type}${s.overlay ? '(+)' : ''}:${s.fromLine}-${s.toLine}`),
    ).toEqual(['endpoint:22-30', 'endpoint(+):62-65', 'auth:32-36', 'aor:38-39']);
  });

  it('the objects the AMI test server derives are field for field the same before and after', () => {
    const before = loaded(OFFICE);
    const after = loaded(plan.text);
    for (const n of ['2001', '2002']) {
      expect(reported(before, n)).not.toBeNull();
      expect(reported(after, n)).toEqual(reported(before, n));
    }
    // The template and the (+) addition really are in play (the comparison is not vacuous).
    const alice = reported(after, '2001')!;
    expect(field(alice.endpoint, 'DtmfMode')).toBe('info');
    expect(field(alice.endpoint, 'SendPai')).toBe('true');
    expect(field(alice.endpoint, 'Allow')).toBe('(ulaw|alaw|g722)');
    expect(field(alice.aors[0]!, 'MaxContacts')).toBe('2');
    expect(field(alice.aors[0]!, 'QualifyFrequency')).toBe('30');
    // Every other object too (transport, the unrelated aor, the templates' absence).
    expect([...after.aors.keys()].sort()).toEqual([...before.aors.keys()].sort());
    expect(after.transports.get('transport-udp')!.fields).toEqual(
      before.transports.get('transport-udp')!.fields,
    );
  });

  it('keeps every byte outside the moved sections, and the comments move with them', () => {
    expect(withoutBlocks(plan.text)).toBe(
      [
        '; pjsip.conf written by hand (office PBX)',
        '[transport-udp]',
        'type=transport',
        'protocol=udp',
        'bind=0.0.0.0:5060',
        '',
        '; ---- templates ----',
        '[phone-tpl](!)',
        'type=endpoint',
        'context=from-internal',
        'disallow=all',
        'allow=ulaw',
        'allow=alaw',
        'dtmf_mode=info',
        'direct_media=no',
        '',
        '[aor-tpl](!)',
        'type=aor',
        'max_contacts=2',
        'qualify_frequency=30',
        '',
        '; shared voicemail box: keep',
        '[voicemail-note]',
        'type=aor',
        'max_contacts=1',
        '',
      ].join('\n'),
    );
    const block = listManagedBlocks(plan.text).find((b) => b.id === 'Extension 2001')!.body;
    expect(block).toContain('; Alice at the front desk\n; (ticket 42)\n[2001] ; front desk\n');
    expect(block).toContain('; later fix by the admin\n');
    expect(block).toContain('password=alice-secret ; rotated 2026\n');
    expect(block).toContain('; from template [phone-tpl], written out by adopt\n');
  });

  it('the extension list shows them managed, with the values the template gave', () => {
    const exts = readExtensions(plan.text);
    expect(exts.map((e) => [e.number, e.managed])).toEqual([
      ['2001', true],
      ['2002', true],
    ]);
    expect(exts[0]).toMatchObject({
      context: 'from-internal',
      codecs: ['ulaw', 'alaw', 'g722'],
      maxContacts: 2,
      qualifyFrequency: 30,
      displayName: 'Alice',
    });
    expect(readExtensions(OFFICE).every((e) => !e.managed)).toBe(true);
  });

  it('the edit form lists the adopted options it does not model; a console-written block has none', () => {
    expect(extensionOtherOptions(plan.text, '2001')).toEqual(plan.adopted[0]!.otherOptions);
    expect(extensionOtherOptions(plan.text, '2002')).toEqual([]);
    const added = addExtension(plan.text, { number: '2100', password: 'Secret-pw-2100' }).text;
    expect(extensionOtherOptions(added, '2100')).toEqual([]);
    expect(() => extensionOtherOptions(OFFICE, '2001')).toThrow(/does not exist/);
  });

  it('adopting one number moves only its sections', () => {
    const one = planAdopt(OFFICE, ['2002']);
    expect(one.adopted.map((a) => a.number)).toEqual(['2002']);
    expect(readExtensions(one.text).map((e) => [e.number, e.managed])).toEqual([
      ['2002', true],
      ['2001', false],
    ]);
    expect(reported(loaded(one.text), '2001')).toEqual(reported(loaded(OFFICE), '2001'));
    expect(one.text).toContain('[2001](phone-tpl) ; front desk\n');
    // The escaped semicolon in Bob's password is carried as written.
    expect(one.text).toContain('password=bob\\;semi\n');
  });
});

describe('file endings', () => {
  it('a file without a final newline: every block is appended the way a single add would be', () => {
    const bare = OFFICE.replace(/\n$/, '');
    const plan = planAdopt(bare, 'all');
    expect(plan.adopted).toHaveLength(2);
    expect(listManagedBlocks(plan.text).map((b) => b.id)).toEqual([
      'Extension 2001',
      'Extension 2002',
    ]);
    expect(plan.text.endsWith('; END MANAGED - Extension 2002')).toBe(true);
    expect(readExtensions(plan.text).map((e) => e.managed)).toEqual([true, true]);
    for (const n of ['2001', '2002'])
      expect(reported(loaded(plan.text), n)).toEqual(reported(loaded(bare), n));
  });
});

describe('CRLF', () => {
  it('a CRLF file gets a CRLF block; lines outside keep their endings', () => {
    const crlf = OFFICE.replace(/\n/g, '\r\n');
    const plan = planAdopt(crlf, 'all');
    expect(plan.adopted).toHaveLength(2);
    expect(plan.text.replace(/\r\n/g, '')).not.toContain('\n');
    expect(withoutBlocks(plan.text)).toBe(
      withoutBlocks(planAdopt(OFFICE, 'all').text).replace(/\n/g, '\r\n'),
    );
    expect(reported(loaded(plan.text), '2001')).toEqual(reported(loaded(crlf), '2001'));
  });

  it('a file with CRLF parts: the moved CRLF sections join the LF block, other CRLF lines stay CRLF', () => {
    // Bob's sections and the voicemail aor were pasted from a Windows editor.
    const lines = OFFICE.split('\n');
    const mixed = lines
      .map((l, i) => (i === lines.length - 1 ? l : i >= 39 && i < 60 ? `${l}\r\n` : `${l}\n`))
      .join('')
      .replace('[voicemail-note]\n', '[voicemail-note]\r\n');
    expect(mixed).toContain('[2002-auth]\r\n');
    const plan = planAdopt(mixed, ['2002']);
    expect(plan.adopted).toHaveLength(1);
    const block = listManagedBlocks(plan.text).find((b) => b.id === 'Extension 2002')!;
    expect(block.body).not.toContain('\r');
    expect(plan.text).toContain('[voicemail-note]\r\n');
    expect(reported(loaded(plan.text), '2002')).toEqual(reported(loaded(mixed), '2002'));
    expect(withoutBlocks(plan.text)).toBe(
      mixed.replace(/; Bob\r\n\[2002\]\r\n[\s\S]*?max_contacts=1\r\n\n/, ''),
    );
  });
});

describe('refusals say why and change nothing', () => {
  const refusal = (text: string, n: string[] | 'all', included: IncludedFile[] = []) => {
    const p = planAdopt(text, n, included);
    expect(p.text).toBe(text);
    expect(p.adopted).toEqual([]);
    return p.refused.map((r) => `${r.number}: ${r.reason}`).join('\n');
  };

  it('an aor shared by two endpoints', () => {
    const text = `${OFFICE}\n[2003]\ntype=endpoint\naors=2002\n`;
    expect(refusal(text, ['2002'])).toMatch(/^2002: aor \[2002\] is shared with endpoint \[2003\]/);
    expect(refusal(text, ['2003'])).toMatch(/aor \[2002\] is shared with endpoint \[2002\]/);
  });

  it('an auth another endpoint also uses', () => {
    const text = `${OFFICE}\n[2004]\ntype=endpoint\nauth=2002-auth\n`;
    expect(refusal(text, ['2002'])).toMatch(/auth \[2002-auth\] is shared with endpoint \[2004\]/);
  });

  it("a section inside an #include'd file", () => {
    const text = `${OFFICE}#include extra-pjsip.conf\n`;
    const inc: IncludedFile = {
      name: 'extra-pjsip.conf',
      line: 71,
      content: '[2001](+)\ntype=aor\nmax_contacts=5\n',
      problem: null,
    };
    expect(refusal(text, ['2001'], [inc])).toBe(
      "2001: a section it is made of is inside the #include'd file extra-pjsip.conf (line 1: [2001](+))",
    );
    // An extension the included file does not touch is still adoptable.
    expect(planAdopt(text, ['2002'], [inc]).adopted).toHaveLength(1);
    // An endpoint that exists only in the included file.
    const only = { ...inc, content: '[2010]\ntype=endpoint\n' };
    expect(refusal(text, ['2010'], [only])).toMatch(
      /^2010: its endpoint is inside the #include'd file extra-pjsip\.conf/,
    );
  });

  it('an #include the console cannot read refuses everything', () => {
    const text = `${OFFICE}#include /opt/other/pjsip.conf\n`;
    const inc = {
      name: '/opt/other/pjsip.conf',
      line: 71,
      content: null,
      problem: 'it is outside /etc/asterisk',
    };
    expect(refusal(text, 'all', [inc])).toMatch(
      /^2001: pjsip.conf includes "\/opt\/other\/pjsip.conf" \(line 71\), which the console cannot read \(it is outside/,
    );
  });

  it('a file with #exec', () => {
    const text = `${OFFICE}#exec /usr/local/bin/gen-phones\n`;
    expect(refusal(text, ['2001'])).toMatch(
      /^2001: pjsip.conf runs "#exec \/usr\/local\/bin\/gen-phones" \(line 71\): what it prints could define or add to these sections/,
    );
  });

  it('a section another one inherits from', () => {
    const text = `${OFFICE}\n[2005](2002)\ncallerid=x\n`;
    expect(refusal(text, ['2002'])).toMatch(/\[2005\] on line 72 inherits from \[2002\]/);
  });

  it('already managed, unknown, not a number, defined twice, a block comment across the edge', () => {
    const once = planAdopt(OFFICE, ['2002']).text;
    expect(refusal(once, ['2002'])).toBe('2002: already managed by the console');
    expect(refusal(OFFICE, ['2999'])).toBe(
      '2999: no hand-written endpoint with that number in pjsip.conf',
    );
    expect(refusal(`${OFFICE}\n[alice]\ntype=endpoint\n`, ['alice'])).toMatch(
      /not an extension number/,
    );
    expect(refusal(`${OFFICE}\n[2002]\ntype=aor\nmax_contacts=3\n`, ['2002'])).toMatch(
      /aor \[2002\] is defined twice \(lines 58 and 72\)/,
    );
  });

  it('a ;-- block comment inside the moved text moves with it, whole', () => {
    const comment = OFFICE.replace(
      'max_contacts=1\n\n; later fix',
      'max_contacts=1 ;-- old\n\n; later fix',
    ).replace('[2001](+)', 'qualify_frequency=99 --;\n[2001](+)');
    const plan = planAdopt(comment, ['2002']);
    expect(plan.adopted).toHaveLength(1);
    expect(withoutBlocks(plan.text)).not.toContain(';-- old');
    expect(listManagedBlocks(plan.text)[0]!.body).toContain(
      'max_contacts=1 ;-- old\n\n; later fix by the admin\nqualify_frequency=99 --;\n',
    );
    expect(reported(loaded(plan.text), '2002')).toEqual(reported(loaded(comment), '2002'));
  });

  it('a file Asterisk refuses as a whole', () => {
    expect(refusal(`${OFFICE}\n[2006](missing-tpl)\ntype=endpoint\n`, ['2002'])).toMatch(
      /refuse the whole file \(line 72: \[2006\] inherits from "missing-tpl"/,
    );
  });
});
