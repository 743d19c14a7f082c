import { describe, expect, it } from 'vitest';
import { planAdopt } from '../../../src/main/core/adopt/adopt-plan';
import {
  editManagedBlocks,
  editManagedBody,
  listManagedBlocks,
} from '../../../src/main/core/config/managed';
import { readExtensions } from '../../../src/main/core/pjsip';
import { binaryDelta } from '../../../src/main/core/ssh/binary-delta';
import { decodeBytes, encodeText, isBinaryText } from '../../../src/main/core/ssh/byte-text';

const latin1 = (s: string) => Buffer.from(s, 'latin1');
const RULE = { minSaving: 0, edgeMinKeep: 0 };

/**
 * Every path that edits a file that is not UTF-8 keeps it a binary text (see byte-text.ts):
 * otherwise the write refuses it (UNENCODABLE_EDIT), or worse, writes its Latin-1 bytes as UTF-8.
 */
describe('edits of a pjsip.conf that is not UTF-8', () => {
  it('bulk block edits keep every other byte and write the new blocks as UTF-8', () => {
    const original = latin1(
      '; caf\xe9\n\n; BEGIN MANAGED - Extension 1001\n[1001]\ntype=aor\n; END MANAGED - Extension 1001\n; \xf1\n',
    );
    const text = decodeBytes(original);
    const next = editManagedBlocks(text, {
      replace: new Map([['Extension 1001', '[1001]\ntype=aor\n; Zoë\n']]),
      append: [{ id: 'Extension 1002', body: '[1002]\ntype=aor\n; Åsa\n' }],
    });
    expect(isBinaryText(next)).toBe(true);
    expect(encodeText(next)).toEqual(
      Buffer.concat([
        latin1('; caf\xe9\n\n'),
        Buffer.from(
          '; BEGIN MANAGED - Extension 1001\n[1001]\ntype=aor\n; Zoë\n; END MANAGED - Extension 1001\n',
        ),
        latin1('; \xf1\n'),
        Buffer.from(
          '\n; BEGIN MANAGED - Extension 1002\n[1002]\ntype=aor\n; Åsa\n; END MANAGED - Extension 1002\n',
        ),
      ]),
    );
    expect(listManagedBlocks(next).map((b) => b.body)).toEqual([
      '[1001]\ntype=aor\n; Zoë\n',
      '[1002]\ntype=aor\n; Åsa\n',
    ]);
  });

  it('line edits of a block body take offsets into the body as read (text), not into the bytes', () => {
    const original = Buffer.concat([
      latin1('; caf\xe9\n\n'),
      Buffer.from('; BEGIN MANAGED - Dialplan\na=Zoë Åsa\nb=1\n; END MANAGED - Dialplan\n'),
      latin1('; \xf1\n'),
    ]);
    const text = decodeBytes(original);
    const body = listManagedBlocks(text)[0]!.body;
    expect(body).toBe('a=Zoë Åsa\nb=1\n');
    const from = body.indexOf('b=1');
    const next = editManagedBody(text, 'Dialplan', [{ from, to: from + 4, insert: 'b=2\n' }]);
    expect(encodeText(next)).toEqual(
      Buffer.from(original.toString('latin1').replace('b=1', 'b=2'), 'latin1'),
    );
  });

  it('adopting a hand-written extension moves its lines byte for byte', () => {
    const hand =
      '[2001]\ntype=endpoint\ncontext=from-internal\nauth=2001\naors=2001\ncallerid="Jos\xe9" <2001>\n\n' +
      '[2001]\ntype=auth\nauth_type=userpass\nusername=2001\npassword=secret2001\n\n' +
      '[2001]\ntype=aor\nmax_contacts=1\n';
    const text = decodeBytes(
      latin1(`; r\xe9seau\n[transport-udp]\ntype=transport\nprotocol=udp\nbind=0.0.0.0\n\n${hand}`),
    );
    const plan = planAdopt(text, ['2001']);
    expect(plan.refused).toEqual([]);
    expect(isBinaryText(plan.text)).toBe(true);
    const bytes = encodeText(plan.text);
    expect(bytes.includes(latin1('; r\xe9seau\n'))).toBe(true);
    // The Latin-1 name is still that one byte, now inside the managed block.
    expect(bytes.includes(latin1('callerid="Jos\xe9" <2001>'))).toBe(true);
    expect(bytes.includes(Buffer.from('Jos\u00e9', 'utf8'))).toBe(false);
    const block = listManagedBlocks(plan.text).find((b) => b.id === 'Extension 2001')!;
    expect(block.body).toContain('callerid="Jos\uDCE9" <2001>');
    expect(readExtensions(plan.text).find((e) => e.number === '2001')?.managed).toBe(true);
    // …and the write can encode it: no text that is not bytes went in.
    expect(() => binaryDelta(plan.text, text, RULE)).not.toThrow();
  });
});
