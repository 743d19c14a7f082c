import { describe, expect, it } from 'vitest';
import { VerifyProgress } from '../../../src/main/core/bulk/verify-progress';
import type { ApplyAmi } from '../../../src/main/core/fleet/apply-change';

/** The AMI calls a bulk change's verify makes, answered at once (no PBX needed to count them). */
const answering = {
  reload: async () => undefined,
  showEndpoint: async () => null,
  roundTrips: 0,
} as unknown as ApplyAmi;

describe("a bulk change's verify progress", () => {
  it('counts against the applied run of the edit, however many runs came before', async () => {
    const said: string[] = [];
    const p = new VerifyProgress((phase, done, total) => said.push(`${phase} ${done}/${total}`));
    const ami = p.track(answering);
    // A first run of the edit (its write refused), then the run that is applied.
    p.expect(5);
    p.expect(3);
    await ami.reload(['res_pjsip.so']);
    for (const n of ['1001', '1002', '1003']) await ami.showEndpoint(n);
    expect(said[0]).toBe('reload 0/1');
    expect(said[1]).toBe('reload 1/1');
    expect(said.at(-1)).toBe('verify 3/3');
    expect(said.filter((s) => s.startsWith('verify')).every((s) => s.endsWith('/3'))).toBe(true);
  });
});
