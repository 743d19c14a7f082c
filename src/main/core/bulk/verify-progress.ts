import type { BulkProgress } from '../../../shared/types';
import type { ApplyAmi } from '../fleet/apply-change';

type Say = (phase: BulkProgress['phase'], done: number, total: number) => void;

/**
 * A bulk change's reload and verify, said as they go. The verify total is the edit's own count
 * of objects to check, told by the edit before applyChange writes (the applied run's, when a
 * refused write made the edit run again); the count is of the objects Asterisk was asked about.
 */
export class VerifyProgress {
  private total = 0;
  private verified = 0;
  private lastSaid = 0;

  constructor(private readonly say: Say) {}

  expect(total: number): void {
    this.total = total;
    this.verified = 0;
  }

  /** The host's AMI, saying as it goes: reloading, and how many objects are verified. */
  track(ami: ApplyAmi): ApplyAmi {
    return {
      ...ami,
      reload: async (modules) => {
        this.say('reload', 0, 1);
        await ami.reload(modules);
        this.say('reload', 1, 1);
      },
      showEndpoint: async (name) => {
        const r = await ami.showEndpoint(name);
        this.checked();
        return r;
      },
      get roundTrips() {
        return ami.roundTrips;
      },
    };
  }

  private checked(): void {
    this.verified++;
    const now = performance.now();
    // At most ten lines a second, and always the last.
    if (this.verified === this.total || now - this.lastSaid > 100) {
      this.lastSaid = now;
      this.say('verify', this.verified, this.total);
    }
  }
}
