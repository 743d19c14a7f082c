import { describe, expect, it } from 'vitest';
import {
  DISABLED_PREFIX,
  dialplanEntries,
  findExtension,
  readExtensions,
  readExtensionsResolved,
} from '../../../src/main/core/pjsip';
import { generatePjsipConf } from '../../support/generate-conf';
import { listManagedBlocks } from '../../../src/main/core/config';
import { readFast } from '../../../src/main/core/pjsip/extension-read-fast';

/** Whether the fast reader models this file (else the general reader reads it). */
const fastReaderApplies = (text: string) =>
  readFast(text, listManagedBlocks(text), 'extensions') !== undefined;

/** An extension block with the given body lines. */
function block(number: string, body: string[]): string[] {
  return [`; BEGIN MANAGED - Extension ${number}`, ...body, `; END MANAGED - Extension ${number}`];
}

const aorFirst = (n: string, context = 'from-internal') => [
  `[${n}]`,
  'type=aor',
  'max_contacts=1',
  '',
  `[${n}]`,
  'type=endpoint',
  `context=${context}`,
  'allow=ulaw',
];

const file = (...parts: string[][]) => parts.flat().join('\n') + '\n';

/** Both readers agree, and the dialplan entries are the managed extensions' three fields. */
function readBoth(text: string) {
  const extensions = readExtensions(text);
  expect(extensions).toEqual(readExtensionsResolved(text));
  expect(dialplanEntries(text)).toEqual(
    extensions
      .filter((e) => e.managed)
      .map((e) => ({ number: e.number, context: e.context, enabled: e.enabled })),
  );
  return extensions;
}

describe('the fast extension reader', () => {
  it('reads the generated 10,000-extension host by itself, as the general reader does', () => {
    const text = generatePjsipConf(300);
    expect(fastReaderApplies(text)).toBe(true);
    expect(readBoth(text)).toHaveLength(300);
  });

  it('takes the endpoint named after the number even when another endpoint comes first', () => {
    const text = file(
      block('1001', [
        '[first]',
        'type=endpoint',
        'context=first',
        '[1001]',
        'type=endpoint',
        'context=named',
      ]),
    );
    expect(fastReaderApplies(text)).toBe(true);
    expect(readBoth(text)[0]!.context).toBe('named');
  });

  it('reads a disabled block from its commented-out body, enabled: false', () => {
    const body = aorFirst('1001', 'office').map((l) => DISABLED_PREFIX + l);
    const text = file(block('1001', body));
    expect(fastReaderApplies(text)).toBe(true);
    expect(readBoth(text)[0]).toMatchObject({ number: '1001', context: 'office', enabled: false });
  });

  it('picks the aor of a disabled body as readExtensionBody does: the one named after the number', () => {
    const body = [
      '[1001]',
      'type=endpoint',
      'aors=missing',
      '[other]',
      'type=aor',
      'max_contacts=7',
      '[1001]',
      'type=aor',
      'max_contacts=3',
    ];
    expect(readBoth(file(block('1001', body)))[0]!.maxContacts).toBe(7);
    const disabled = file(
      block(
        '1001',
        body.map((l) => DISABLED_PREFIX + l),
      ),
    );
    expect(readBoth(disabled)[0]!.maxContacts).toBe(3);
  });

  describe('hands files over to the general reader where text outside a block reaches in', () => {
    it('a line after an END marker belongs to the block’s last section', () => {
      const text = file(block('1001', aorFirst('1001')), ['context=leaked']);
      expect(fastReaderApplies(text)).toBe(false);
      expect(readBoth(text)[0]!.context).toBe('leaked');
    });

    it('a line before a block’s first header belongs to the previous block’s last section', () => {
      const text = file(
        block('1001', aorFirst('1001')),
        block('1002', ['context=leaked', ...aorFirst('1002')]),
      );
      expect(fastReaderApplies(text)).toBe(false);
      expect(readBoth(text).map((e) => e.context)).toEqual(['leaked', 'from-internal']);
    });

    it('a (+) addition outside the blocks applies to the managed endpoint', () => {
      const text = file(block('1001', aorFirst('1001')), [
        '[1001](+)',
        'type=endpoint',
        'context=nat',
      ]);
      expect(fastReaderApplies(text)).toBe(false);
      expect(readBoth(text)[0]!.context).toBe('nat');
    });

    it('a hand-written section inheriting from a managed one', () => {
      const endpointFirst = ['[1001]', 'type=endpoint', 'context=office', '[1001]', 'type=aor'];
      const text = file(block('1001', endpointFirst), ['[9000](1001)', 'allow=gsm']);
      expect(fastReaderApplies(text)).toBe(false);
      expect(readBoth(text)[1]).toMatchObject({
        number: '9000',
        context: 'office',
        managed: false,
      });
    });

    it('block comments, which may hide markers and lines', () => {
      const text = file([';--', 'context=hidden', '--;'], block('1001', aorFirst('1001')));
      expect(fastReaderApplies(text)).toBe(false);
      expect(readBoth(text)[0]!.context).toBe('from-internal');
    });

    it('`type +=` completing a type (a section of type `end` becomes an endpoint)', () => {
      const text = file(
        block('1001', [
          '[1001]',
          'type=end',
          'type+=point',
          'context=completed',
          '[1001]',
          'type=aor',
        ]),
      );
      expect(fastReaderApplies(text)).toBe(false);
      expect(readBoth(text)[0]!.context).toBe('completed');
    });

    it('`context +=` and templates inside a block', () => {
      const plus = file(block('1001', [...aorFirst('1001', 'a'), 'context+=b']));
      expect(fastReaderApplies(plus)).toBe(false);
      expect(readBoth(plus)[0]!.context).toBe('ab');
      const tpl = file(
        ['[tpl](!)', 'type=endpoint', 'context=from-template'],
        block('1001', ['[1001](tpl)', 'allow=ulaw']),
      );
      expect(fastReaderApplies(tpl)).toBe(false);
      expect(readBoth(tpl)[0]!.context).toBe('from-template');
    });
  });

  it('finds one extension as the list has it, lines leaking through a disabled block included', () => {
    const disabled = aorFirst('1002').map((l) => DISABLED_PREFIX + l);
    const text = file(
      block('1001', aorFirst('1001')),
      block('1002', disabled),
      block('1003', ['context=leaked', ...aorFirst('1003')]),
    );
    expect(readBoth(text)[0]!.context).toBe('leaked');
    expect(findExtension(text, '1001')).toEqual(readExtensions(text)[0]);
    expect(findExtension(text, '1002')).toMatchObject({ number: '1002', enabled: false });
    expect(findExtension(text, '4040')).toBeNull();
    const clean = file(block('1001', aorFirst('1001', 'office')), block('1002', disabled));
    expect(findExtension(clean, '1001')).toMatchObject({ context: 'office', managed: true });
  });

  it('reads comments, odd spacing, `=>` and upper-case keys by itself', () => {
    const text = file(
      block('1001', [
        '  [1001] ; the phone',
        'TYPE = endpoint',
        'Context=> office ; moved',
        'allow=ulaw,alaw',
        'note=a\\;b',
      ]),
    );
    expect(fastReaderApplies(text)).toBe(true);
    expect(readBoth(text)[0]).toMatchObject({ context: 'office', codecs: ['ulaw', 'alaw'] });
  });
});
