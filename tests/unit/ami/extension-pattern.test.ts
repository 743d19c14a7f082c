import { describe, expect, it } from 'vitest';
import { compareExtensions, extensionMatches } from '../../support/ami-server/extension-pattern';
import { loadDialplan } from '../../support/ami-server/dialplan-model';

describe("test AMI server: Asterisk's extension patterns", () => {
  it('matches numbers as ast_extension_match does', () => {
    expect(extensionMatches('_2XX', '202')).toBe(true);
    expect(extensionMatches('_2XX', '2020')).toBe(false);
    expect(extensionMatches('_NXX', '123')).toBe(false);
    expect(extensionMatches('_ZXX', '023')).toBe(false);
    expect(extensionMatches('_X.', '5')).toBe(false);
    expect(extensionMatches('_X.', '55')).toBe(true);
    expect(extensionMatches('_X!', '5')).toBe(true);
    expect(extensionMatches('_1[2-4]X', '135')).toBe(true);
    expect(extensionMatches('_1[2-4]X', '155')).toBe(false);
    expect(extensionMatches('_x.', '12')).toBe(true);
    expect(extensionMatches('1001', '1001')).toBe(true);
    expect(extensionMatches('1001', '_1XXX')).toBe(false);
    // A pattern given as the number is compared as a pattern ("_X. matches _X.").
    expect(extensionMatches('_1XXX', '_1XXX')).toBe(true);
  });

  it('orders a context like ext_cmp: exact names first, then patterns from the most specific', () => {
    const names = ['_X.', '_2XX', '600', '_20X', '202', '_X!', '_2[0-1]X', '1001'];
    expect([...names].sort(compareExtensions)).toEqual([
      '1001',
      '202',
      '600',
      '_20X',
      '_2[0-1]X',
      '_2XX',
      '_X.',
      '_X!',
    ]);
  });
});

describe('test AMI server: extensions.conf read as pbx_config reads it', () => {
  it('keeps the first of two lines for one extension and priority, and says what it refused', () => {
    const load = loadDialplan(
      '[from-internal]\nexten => 1001,1,Dial(PJSIP/1001,20)\nexten => 1001,1,NoOp(managed)\n same => n,Hangup()\n',
    )!;
    expect(
      load.dialplan.get('from-internal')!.map((p) => `${p.priority} ${p.application}`),
    ).toEqual(['1 Dial', '2 Hangup']);
    expect(load.warnings).toEqual([
      "Unable to register extension '1001' priority 1 in 'from-internal', already in use",
    ]);
  });

  it('numbers n from the previous line, keeps labels, creates empty contexts, skips [general]/[globals]', () => {
    const load = loadDialplan(
      '[general]\nstatic=yes\n[globals]\nX=1\n[empty]\n[c]\nexten => 5,hint,PJSIP/5\nexten => 5,1,Answer()\n same => n(again),Playback(x)\n same => n,Goto(again)\n',
    )!;
    expect([...load.dialplan.keys()]).toEqual(['empty', 'c']);
    expect(load.dialplan.get('empty')).toEqual([]);
    expect(
      load.dialplan
        .get('c')!
        .map((p) => `${p.priority}${p.label ? `(${p.label})` : ''} ${p.application}`),
    ).toEqual(['hint PJSIP/5', '1 Answer', '2(again) Playback', '3 Goto']);
    expect(load.dialplan.hintCount).toBe(1);
    expect(load.dialplan.priorityCount).toBe(3);
  });

  it('refuses a file with a broken section header (Asterisk keeps the old dialplan)', () => {
    expect(loadDialplan('[from-internal\nexten => 1,1,NoOp()\n')).toBeNull();
  });
});
