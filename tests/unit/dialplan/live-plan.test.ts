import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { reloadModule, reloadModules } from '../../../src/main/core/ami/actions/core';
import type { AmiActions } from '../../../src/main/core/ami/actions/types';
import { AmiActionError, AmiReloadBusyError } from '../../../src/main/core/ami/errors';
import { amiGet, amiGetAll } from '../../../src/main/core/ami/message';
import { parseAll } from '../../../src/main/core/ami/parser';
import {
  applyInternalDialplan,
  DialplanPatternCollisionError,
  patternRegex,
  planDialplan,
  readHandWritten,
  readManagedDialplan,
} from '../../../src/main/core/dialplan';
import { TRANSCRIPTS } from '../live/transcripts';

const entries = (...numbers: string[]) =>
  numbers.map((number) => ({ number, context: 'from-internal', enabled: true }));
const BASE = '[general]\nstatic=yes\n\n[from-internal]\n';

describe('the managed block read back as live entries', () => {
  it('reads back exactly what the console writes, and refuses a block edited by hand', () => {
    const text = applyInternalDialplan(BASE, entries('1001', '1002'));
    expect(readManagedDialplan(text)).toEqual(
      new Map([['from-internal', new Set(['1001', '1002'])]]),
    );
    expect(readManagedDialplan(text.replace('Hangup()', 'Playback(beep)'))).toBeNull();
    expect(readManagedDialplan(BASE)).toEqual(new Map());
  });

  it('plans only the changed number live', () => {
    const before = applyInternalDialplan(BASE, entries('1001'));
    const p = planDialplan(before, entries('1001', '1002'), { number: '1002' });
    expect(p.diff).toEqual({ add: [{ context: 'from-internal', number: '1002' }], remove: [] });
    expect(p.text).toBe(applyInternalDialplan(BASE, entries('1001', '1002')));
    const back = planDialplan(p.text, entries('1001'), { number: '1002' });
    expect(back.diff).toEqual({ add: [], remove: [{ context: 'from-internal', number: '1002' }] });
  });

  it('an edited block is applied by a reload, and says why', () => {
    const edited = applyInternalDialplan(BASE, entries('1001')).replace('Hangup()', 'Wait(1)');
    const p = planDialplan(edited, entries('1001', '1002'), { number: '1002' });
    expect(p.diff).toBeNull();
    expect(p.reloadReason).toMatch(/not in the form the console writes/);
  });
});

describe('hand-written dialplan: exact, pattern, none', () => {
  const conf = (line: string) => `${BASE}${line}\n`;

  it('exact: no managed lines for that number, and a note', () => {
    const p = planDialplan(conf('exten => 1001,1,Dial(PJSIP/1001,20)'), entries('1001'), {
      number: '1001',
    });
    expect(p.text).not.toContain('exten => 1001,hint');
    expect(p.notes).toEqual([
      '1001: hand-written dialplan handles it in [from-internal] (extensions.conf line 5): no managed lines written',
    ]);
  });

  it('pattern: asks, then follows the answer', () => {
    const text = conf('exten => _2XX,1,VoiceMail(${EXTEN}@default)');
    expect(() => planDialplan(text, entries('202'), { number: '202' })).toThrow(
      DialplanPatternCollisionError,
    );
    const take = planDialplan(text, entries('202'), { number: '202', policy: 'take-over' });
    expect(take.diff?.add).toEqual([{ context: 'from-internal', number: '202' }]);
    const leave = planDialplan(text, entries('202'), { number: '202', policy: 'leave-pattern' });
    expect(leave.diff).toEqual({ add: [], remove: [] });
    // Bystanders keep what the block says about them, without a question.
    const later = planDialplan(take.text, entries('202', '203', '1001'), { number: '1001' });
    expect(later.diff?.add).toEqual([{ context: 'from-internal', number: '1001' }]);
  });

  it('none: other hand-written numbers change nothing', () => {
    const p = planDialplan(conf('exten => 500,1,Playback(beep)'), entries('1001'), {
      number: '1001',
    });
    expect(p.notes).toEqual([]);
    expect(p.diff?.add).toEqual([{ context: 'from-internal', number: '1001' }]);
  });

  it('reads patterns as Asterisk does', () => {
    expect(patternRegex('_2XX')!.test('202')).toBe(true);
    expect(patternRegex('_2XX')!.test('2020')).toBe(false);
    expect(patternRegex('_X.')!.test('1001')).toBe(true);
    expect(patternRegex('_X.')!.test('1')).toBe(false);
    expect(patternRegex('_[1-3]NZ')!.test('121')).toBe(true);
    expect(patternRegex('_[1-3]NZ')!.test('411')).toBe(false);
    expect(patternRegex('1001')).toBeNull();
    // Lines inside managed blocks are the console's own, never "hand-written".
    const text = applyInternalDialplan(BASE, entries('1001'));
    expect(readHandWritten(text).get('from-internal') ?? []).toEqual([]);
  });
});

/** The answers a recorded session gave, in order, as the primitives would hand them over. */
function recorded(name: string): AmiActions {
  const answers = parseAll(readFileSync(`${TRANSCRIPTS}${name}.txt`)).messages.filter(
    (m) => amiGet(m, 'Response') !== undefined && amiGet(m, 'ActionID') !== 'rec-login',
  );
  let i = 0;
  return {
    action: async (name) => {
      const m = answers[i++]!;
      if (amiGet(m, 'Response') === 'Error') throw new AmiActionError(name, amiGet(m, 'Message')!);
      return m;
    },
    listAction: async () => [],
    command: async () => amiGetAll(answers[i++]!, 'Output'),
    consumeNextEvent: () => undefined,
  };
}

describe('a reload refused because another one runs (transcript 46, session B)', () => {
  it('recognises both refusals: the Command output line and the Reload error', async () => {
    const ami = recorded('46_concurrent_reloads_10k_session_b');
    await expect(reloadModules(ami, ['pbx_config.so'])).rejects.toBeInstanceOf(AmiReloadBusyError);
    await expect(reloadModule(ami, 'res_pjsip.so')).rejects.toBeInstanceOf(AmiReloadBusyError);
  });

  it('a reload that ran is not mistaken for a refusal (transcript 44)', async () => {
    const ami = recorded('44_Command_module_reload_two_modules');
    expect(await reloadModules(ami, ['res_pjsip.so', 'pbx_config.so'])).toEqual([
      "Module 'res_pjsip.so' reloaded successfully.",
      "Module 'pbx_config.so' reloaded successfully.",
    ]);
  });
});
