import { describe, expect, it } from 'vitest';
import { releaseBuffer } from '../../../src/main/core/ssh/release-buffer';

describe('releaseBuffer', () => {
  it('gives a large buffer of its own back at once (its memory leaves the process)', () => {
    const before = process.memoryUsage().arrayBuffers;
    const big = Buffer.alloc(64 * 1024 * 1024, 1);
    expect(process.memoryUsage().arrayBuffers - before).toBeGreaterThanOrEqual(64 * 1024 * 1024);
    releaseBuffer(big);
    expect(big.length).toBe(0);
    expect(process.memoryUsage().arrayBuffers - before).toBeLessThan(1024 * 1024);
  });

  it('leaves alone a buffer that shares its memory (a pool slice, a view into a larger one)', () => {
    const pooled = Buffer.from('abc');
    releaseBuffer(pooled);
    expect(pooled.toString()).toBe('abc');
    const whole = Buffer.alloc(1 << 20, 7);
    const view = whole.subarray(0, 1024);
    releaseBuffer(view);
    expect(view.length).toBe(1024);
    expect(whole[100]).toBe(7);
  });
});
