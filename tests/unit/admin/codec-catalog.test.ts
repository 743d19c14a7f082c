import { describe, expect, it } from 'vitest';
import {
  CODEC_LIST_TIMEOUT_MS,
  CodecCatalog,
  parseCoreShowCodecs,
} from '../../../src/main/core/pjsip/codec-catalog';
import { ASTERISK_22_CODECS, coreShowCodecs } from '../../support/ami-server/codecs';

/** A catalog over this Asterisk's recorded list, and how many times it asked for it. */
function countingCatalog() {
  let asked = 0;
  const catalog = new CodecCatalog(async () => ({
    command: async () => {
      asked++;
      return coreShowCodecs();
    },
  }));
  return { catalog, asked: () => asked };
}

describe('core show codecs (issue 14)', () => {
  it('reads the FORMAT column of every codec line, as allow= takes it, and `all`', () => {
    const known = parseCoreShowCodecs(coreShowCodecs());
    expect(known).toEqual(new Set(['all', ...ASTERISK_22_CODECS.map((c) => c.format)]));
    expect(known.has('slin16')).toBe(true);
    expect(known.has('ID')).toBe(false);
  });

  it('skips a codec without a cached format, and survives names wider than their column', () => {
    const lines = [
      '      ID TYPE  NAME         FORMAT           DESCRIPTION',
      '-'.repeat(96),
      '      42 audio g729         no cached format (G.729A)',
      '      43 audio averyveryverylongcodec averyveryverylongformat (Long (one))',
    ];
    expect(parseCoreShowCodecs(lines)).toEqual(new Set(['all', 'averyveryverylongformat']));
  });

  it('asks once, names the entry and a near miss, and refuses nothing when it cannot ask', async () => {
    const { catalog, asked } = countingCatalog();
    await expect(catalog.check(['ulaw', 'g729x', 'opus'])).rejects.toThrow(
      'codecs.1: "g729x" is not a codec this Asterisk knows (did you mean g729?)',
    );
    expect((await catalog.check(['g729', 'G722'])).listed).toBe(true);
    expect(asked()).toBe(1);
    catalog.forget();
    await catalog.check(['alaw']);
    expect(asked()).toBe(2);

    const noAmi = new CodecCatalog(async () => null);
    expect((await noAmi.check(['nosuchcodec'])).listed).toBe(false);
    const failing = new CodecCatalog(async () => ({
      command: async () => {
        throw new Error("No such command 'core show codecs'");
      },
    }));
    expect((await failing.check(['nosuchcodec'])).unvouched(['nosuchcodec'])).toEqual([
      'nosuchcodec',
    ]);
  });

  it('says whether it read the list; a change naming no codecs uses one already here, never asks', async () => {
    const { catalog, asked } = countingCatalog();
    const before = await catalog.check(undefined);
    expect([before.listed, asked()]).toEqual([false, 0]);
    const given = await catalog.check(['ulaw', 'g726aal2']);
    expect(given.listed).toBe(true);
    expect(given.unvouched(['ulaw', 'g726aal2'])).toEqual([]);
    const after = await catalog.check(undefined);
    expect([after.listed, asked()]).toEqual([true, 1]);
    expect(after.unvouched(['alaw', 'g729x'])).toEqual(['g729x']);
    // A new AMI connection: the old list is not vouched for any more.
    catalog.forget();
    expect((await catalog.check(undefined)).listed).toBe(false);
  });

  it("a list asked before forget() does not become the new connection's", async () => {
    let answer: (lines: string[]) => void = () => undefined;
    const catalog = new CodecCatalog(async () => ({
      command: () => new Promise<string[]>((r) => (answer = r)),
    }));
    const first = catalog.check(['ulaw']);
    await new Promise((r) => setTimeout(r, 0));
    catalog.forget();
    answer(coreShowCodecs());
    expect((await first).listed).toBe(true);
    expect((await catalog.check(undefined)).listed).toBe(false);
  });

  it('does not hold a change up: a list that does not come within the bound is skipped', async () => {
    let asked = 0;
    const slow = new CodecCatalog(async () => ({
      command: (_cli: string, options?: { timeoutMs?: number }) => {
        asked++;
        expect(options?.timeoutMs).toBe(CODEC_LIST_TIMEOUT_MS);
        return Promise.reject(new Error('AMI action Command timed out'));
      },
    }));
    await slow.check(['nosuchcodec']);
    await slow.check(['nosuchcodec']);
    expect(asked).toBe(2);
  });
});
