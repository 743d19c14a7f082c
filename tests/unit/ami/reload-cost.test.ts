import { describe, expect, it } from 'vitest';
import { parseTimeScale, realisticReloadMs, reloadMs } from '../../support/ami-server/reload-cost';

/**
 * The test AMI server's reload cost model against the figures measured on a real Asterisk
 * 22.10.1 with 10,000 endpoints and 10,000 dialplan extensions (INDEX.txt, entries 44-46).
 */
describe('reload cost model (calibrated on a 10,000-extension Asterisk)', () => {
  // Three numbered priorities per extension, as the console writes them.
  const dialplan = (hints: number, loadedHints: number) =>
    realisticReloadMs({ module: 'pbx_config.so', priorities: 30_000, hints, loadedHints });
  const pjsip = (unchanged: number, touched: number) =>
    realisticReloadMs({
      module: 'res_pjsip.so',
      endpoints: unchanged + touched,
      newObjects: touched * 3,
      changedObjects: 0,
      unchangedObjects: unchanged * 3,
    });

  it('pbx_config: 1.5 s without hints, 7 s when 10,000 hints are new, 25 s when they are already loaded', () => {
    expect(dialplan(0, 0)).toBeGreaterThanOrEqual(1450);
    expect(dialplan(0, 0)).toBeLessThanOrEqual(1600);
    expect(dialplan(10_000, 0)).toBeGreaterThanOrEqual(6500);
    expect(dialplan(10_000, 0)).toBeLessThanOrEqual(7500);
    expect(dialplan(10_000, 10_000)).toBeGreaterThanOrEqual(25_000);
    expect(dialplan(10_000, 10_000)).toBeLessThanOrEqual(48_000);
  });

  it('pbx_config grows with each hint already loaded, not only with the file', () => {
    const perLoadedHint = (dialplan(10_000, 10_000) - dialplan(10_000, 0)) / 10_000;
    expect(perLoadedHint).toBeGreaterThan(1);
    expect(dialplan(10_000, 5_000)).toBeGreaterThan(dialplan(10_000, 0));
    expect(dialplan(10_000, 5_000)).toBeLessThan(dialplan(10_000, 10_000));
  });

  it('res_pjsip: 1.8 s for 10,000 unchanged endpoints, up to 4.7 s when all are new', () => {
    expect(pjsip(10_000, 0)).toBeGreaterThanOrEqual(1800);
    expect(pjsip(10_000, 0)).toBeLessThanOrEqual(1900);
    expect(pjsip(0, 10_000)).toBeGreaterThanOrEqual(4600);
    expect(pjsip(0, 10_000)).toBeLessThanOrEqual(4800);
    expect(pjsip(2, 0)).toBeLessThan(20);
  });

  it('a time scale shrinks every cost; "none" is instant; a function is used as given', () => {
    const input = {
      module: 'pbx_config.so',
      priorities: 30_000,
      hints: 10_000,
      loadedHints: 10_000,
    } as const;
    expect(reloadMs('realistic', input, 0.01)).toBeCloseTo(dialplan(10_000, 10_000) / 100, 6);
    expect(reloadMs('none', input, 1)).toBe(0);
    expect(reloadMs(() => 400, input, 0.5)).toBe(200);
  });

  it('reads the time scale of the standalone server from text, refusing nonsense', () => {
    expect(parseTimeScale('0.02')).toBe(0.02);
    expect(parseTimeScale(undefined)).toBe(1);
    expect(parseTimeScale('')).toBe(1);
    expect(parseTimeScale('-1')).toBe(1);
    expect(parseTimeScale('abc', 0.5)).toBe(0.5);
  });
});
