import type { DomainEvent } from '../../../shared/types';
import type { NativeNotification } from '../../../shared/types';

const key = (host: string, name: string) => `${host}\u0000${name}`;

/**
 * Which trunk changes become tray notifications, and whether any watched trunk is down (the tray
 * turns amber). A trunk that leaves `registered` is news at once (no settling: a site without
 * its trunk has no calls), and so is its return. `unknown` (the AMI connection is lost) is the
 * host's news, not the trunk's: it neither alerts nor counts as down. Mutable per host and per
 * trunk; a muted trunk does not colour the tray either.
 */
export class TrunkAlerts {
  private readonly down = new Map<string, { host: string; name: string }>();
  private readonly mutedHosts = new Set<string>();
  private readonly mutedTrunks = new Set<string>();

  setMuted(host: string, name: string | null, muted: boolean): void {
    const set = name === null ? this.mutedHosts : this.mutedTrunks;
    const k = name === null ? host : key(host, name);
    if (muted) set.add(k);
    else set.delete(k);
  }

  isMuted(host: string, name: string): boolean {
    return this.mutedHosts.has(host) || this.mutedTrunks.has(key(host, name));
  }

  offer(ev: DomainEvent): NativeNotification[] {
    if (ev.kind === 'host-disconnected') {
      for (const [k, d] of this.down) if (d.host === ev.host) this.down.delete(k);
      return [];
    }
    if (ev.kind !== 'trunk') return [];
    const k = key(ev.host, ev.name);
    if (ev.status === 'rejected' || ev.status === 'unregistered')
      this.down.set(k, { host: ev.host, name: ev.name });
    else this.down.delete(k);
    if (this.isMuted(ev.host, ev.name) || ev.status === 'unknown') return [];
    if (ev.previous === 'registered' && ev.status !== 'registered') {
      return [
        {
          host: ev.host,
          kind: 'trunk-down',
          trunk: ev.name,
          title: `Trunk ${ev.name} is ${ev.status}`,
          body: `${ev.host}: ${ev.reason ?? 'no longer registered with the provider'}`,
        },
      ];
    }
    if (
      ev.status === 'registered' &&
      (ev.previous === 'rejected' || ev.previous === 'unregistered')
    )
      return [
        {
          host: ev.host,
          kind: 'trunk-up',
          trunk: ev.name,
          title: `Trunk ${ev.name} is registered again`,
          body: `Registered with the provider on ${ev.host}`,
        },
      ];
    return [];
  }

  /** Watched (not muted) trunks that are rejected or unregistered. */
  downTrunks(): Array<{ host: string; name: string }> {
    return [...this.down.values()].filter((d) => !this.isMuted(d.host, d.name));
  }
}
