import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  applyInternalDialplan,
  DIALPLAN_BLOCK_ID,
  renderInternalDialplan,
} from '../../../src/main/core/dialplan';
import { listManagedBlocks } from '../../../src/main/core/config/managed';
import {
  addExtension,
  dialplanEntries,
  readExtensions,
  removeExtension,
  setExtensionEnabled,
} from '../../../src/main/core/pjsip';
import { anyPjsipFile } from '../pjsip/pjsip-arbitraries';
import { extension as ext } from '../../support/extension-fixture';

const fixture = (name: string) =>
  readFileSync(fileURLToPath(new URL(`../../fixtures/conf/${name}`, import.meta.url)), 'utf8');
const SEED_EXT = fixture('seed-extensions.conf');
const FREEPBX_EXT = fixture('freepbx-extensions.conf');
const SEED_PJSIP = fixture('seed-pjsip.conf');

function dialLines(n: string): string[] {
  return [
    `exten => ${n},hint,PJSIP/${n}`,
    `exten => ${n},1,NoOp(Call to extension ${n})`,
    ` same => n,Dial(PJSIP/${n},30)`,
    ' same => n,Hangup()',
  ];
}

describe('internal dialplan', () => {
  it('writes a hint and a dial line per enabled managed extension, sorted by number', () => {
    expect(
      renderInternalDialplan([
        ext('1010'),
        ext('1002'),
        ext('1003', { enabled: false }),
        ext('9000', { managed: false }),
      ]),
    ).toEqual(['[from-internal]', ...dialLines('1002'), ...dialLines('1010')]);
  });

  it('groups extensions by their context', () => {
    expect(renderInternalDialplan([ext('1001'), ext('2001', { context: 'office' })])).toEqual([
      '[from-internal]',
      ...dialLines('1001'),
      '',
      '[office]',
      ...dialLines('2001'),
    ]);
  });

  it('replaces the seed’s managed block and leaves hand-written lines of the same context untouched', () => {
    const out = applyInternalDialplan(SEED_EXT, [
      ext('1001', { context: 'internal' }),
      ext('1002', { context: 'internal' }),
    ]);
    const block = listManagedBlocks(out).find((b) => b.id === DIALPLAN_BLOCK_ID)!;
    expect(out.slice(0, block.start)).toBe(SEED_EXT.slice(0, SEED_EXT.indexOf('; BEGIN MANAGED')));
    expect(out.slice(0, block.start)).toContain('[internal]\nexten => 100,1,Answer()\n');
    expect(block.body.split('\n')).toEqual([
      '[internal]',
      ...dialLines('1001'),
      ...dialLines('1002'),
      '',
    ]);
    expect(out.slice(block.end)).toBe('');
  });

  it('appends a block to a FreePBX-style file with its own [from-internal], keeping every byte', () => {
    const out = applyInternalDialplan(FREEPBX_EXT, [ext('3001')]);
    expect(out).toBe(
      FREEPBX_EXT +
        [
          '',
          `; BEGIN MANAGED - ${DIALPLAN_BLOCK_ID}`,
          '[from-internal]',
          ...dialLines('3001'),
          `; END MANAGED - ${DIALPLAN_BLOCK_ID}`,
          '',
        ].join('\n'),
    );
  });

  it('removes the block when no enabled managed extension is left', () => {
    const withBlock = applyInternalDialplan(FREEPBX_EXT, [ext('3001')]);
    expect(applyInternalDialplan(withBlock, [ext('3001', { enabled: false })])).toBe(FREEPBX_EXT);
  });

  it('follows the extension lifecycle read back from pjsip.conf', () => {
    const added = addExtension(SEED_PJSIP, { number: '1002', password: 'Secret-1002' }).text;
    let dial = applyInternalDialplan(SEED_EXT, readExtensions(added));
    expect(dial).toContain('[from-internal]\n' + dialLines('1002').join('\n'));
    expect(dial).toContain('[internal]\n' + dialLines('1001').join('\n'));

    const disabled = setExtensionEnabled(added, '1002', false);
    dial = applyInternalDialplan(dial, readExtensions(disabled));
    expect(dial).not.toContain('PJSIP/1002');

    dial = applyInternalDialplan(dial, readExtensions(removeExtension(added, '1002')));
    expect(dial).not.toContain('1002');
    expect(dial).toContain(dialLines('1001').join('\n'));
  });
});

describe('internal dialplan from dialplan entries', () => {
  it('drops repeated numbers and unsafe numbers or contexts, and treats entries as managed', () => {
    expect(
      renderInternalDialplan([
        { number: '1002', context: 'from-internal', enabled: true },
        { number: '1001', context: 'from-internal', enabled: true },
        { number: '1002', context: 'from-internal', enabled: true },
        { number: '10a1', context: 'from-internal', enabled: true },
        { number: '2001', context: 'bad context', enabled: true },
        { number: '2002', context: 'office', enabled: false },
      ]),
    ).toEqual(['[from-internal]', ...dialLines('1001'), ...dialLines('1002')]);
  });

  it('writes exactly the rendered lines into the block (property)', () => {
    const entry = fc.record({
      number: fc.constantFrom('1', '20', '1001', '1002', '99999', '12345678901234567890', 'x1'),
      context: fc.constantFrom('from-internal', 'office', 'a.b-c_d', 'bad ctx', ''),
      enabled: fc.boolean(),
      managed: fc.constantFrom(true, false, undefined),
    });
    fc.assert(
      fc.property(fc.array(entry, { maxLength: 30 }), (entries) => {
        const clean = entries.map(({ managed, ...e }) =>
          managed === undefined ? e : { ...e, managed },
        );
        const lines = renderInternalDialplan(clean);
        const out = applyInternalDialplan(FREEPBX_EXT, clean);
        const block = listManagedBlocks(out).find((b) => b.id === DIALPLAN_BLOCK_ID);
        if (lines.length === 0) expect(block).toBeUndefined();
        else expect(block!.body).toBe(lines.join('\n') + '\n');
      }),
      { numRuns: 300 },
    );
  });

  it('is the same file whether fed dialplanEntries(text) or readExtensions(text) (property)', () => {
    fc.assert(
      fc.property(anyPjsipFile, (pjsip) => {
        expect(applyInternalDialplan(SEED_EXT, dialplanEntries(pjsip))).toBe(
          applyInternalDialplan(SEED_EXT, readExtensions(pjsip)),
        );
      }),
      { numRuns: 200 },
    );
  });
});
