import type { DomainEvent, NativeNotification, RegistrationState } from '../../../shared/types';

export interface NotifyPolicyOptions {
  now?: () => number;
  /**
   * Registration changes wait until the host has been quiet this long, so a flapping phone
   * (offline → online within the window) says nothing and a flood is counted before it is
   * shown. Default 1,500 ms.
   */
  settleMs?: number;
  /** …but never longer than this after the first pending change. Default 10,000 ms. */
  maxHoldMs?: number;
  /** More registration changes than this in one flush become ONE summary. Default 3. */
  maxIndividual?: number;
  /** Ringing is shown at once, up to this many per host per window; the rest join a summary. */
  ringingPerWindow?: number;
  ringingWindowMs?: number;
}

interface Pending {
  from: RegistrationState;
  to: RegistrationState;
}

interface PendingHostNotices {
  pending: Map<string, Pending>;
  extraRinging: number;
  firstAt: number | null;
  lastAt: number;
  ringTimes: number[];
}

/**
 * Decides which domain events become native (tray) notifications: an extension came online, went
 * offline or unreachable, a phone rings. Mutable per host and per extension, and rate limited so
 * that a flood (a PBX restart re-registering 400 phones) becomes one summary line instead of 400
 * pop-ups. Pure: no timers; the caller asks `nextDueAt()` when to call `due()`.
 */
export class NotifyPolicy {
  private readonly now: () => number;
  private readonly settleMs: number;
  private readonly maxHoldMs: number;
  private readonly maxIndividual: number;
  private readonly ringingPerWindow: number;
  private readonly ringingWindowMs: number;
  private readonly hosts = new Map<string, PendingHostNotices>();
  private readonly mutedHosts = new Set<string>();
  private readonly mutedExtensions = new Set<string>();

  constructor(options: NotifyPolicyOptions = {}) {
    this.now = options.now ?? Date.now;
    this.settleMs = options.settleMs ?? 1500;
    this.maxHoldMs = options.maxHoldMs ?? 10_000;
    this.maxIndividual = options.maxIndividual ?? 3;
    this.ringingPerWindow = options.ringingPerWindow ?? 3;
    this.ringingWindowMs = options.ringingWindowMs ?? 10_000;
  }

  /** Mutes a whole host (number omitted) or one extension of it. */
  setMuted(host: string, number: string | null, muted: boolean): void {
    const set = number === null ? this.mutedHosts : this.mutedExtensions;
    const key = number === null ? host : `${host}\u0000${number}`;
    if (muted) set.add(key);
    else set.delete(key);
    if (muted && number === null) this.hosts.delete(host);
    if (muted && number !== null) this.hosts.get(host)?.pending.delete(number);
  }

  isMuted(host: string, number: string | null = null): boolean {
    if (this.mutedHosts.has(host)) return true;
    return number !== null && this.mutedExtensions.has(`${host}\u0000${number}`);
  }

  /** Takes one event; returns what to show right now (only ringing is immediate). */
  offer(ev: DomainEvent): NativeNotification[] {
    if (ev.kind === 'registration') {
      const { number, registration } = ev.status;
      // Deleted, not offline: nothing to say, and whatever was held for it is no longer news.
      if (ev.removed) {
        this.hosts.get(ev.host)?.pending.delete(number);
        return [];
      }
      if (this.isMuted(ev.host, number)) return [];
      // `unknown` means "connection lost", announced by the host itself, not by 400 extensions.
      if (registration === 'unknown' || ev.previous === 'unknown') return [];
      const h = this.host(ev.host);
      const p = h.pending.get(number);
      if (p) p.to = registration;
      else if (ev.previous !== registration)
        h.pending.set(number, { from: ev.previous, to: registration });
      else return [];
      this.touch(h);
      return [];
    }
    if (ev.kind === 'ringing') {
      if (this.isMuted(ev.host, ev.callee)) return [];
      const h = this.host(ev.host);
      const now = this.now();
      while (h.ringTimes.length > 0 && (h.ringTimes[0] as number) <= now - this.ringingWindowMs)
        h.ringTimes.shift();
      if (h.ringTimes.length < this.ringingPerWindow) {
        h.ringTimes.push(now);
        return [
          {
            host: ev.host,
            kind: 'ringing',
            number: ev.callee,
            title: `${ev.caller ?? 'Unknown caller'} → ${ev.callee}`,
            body: `Ringing on ${ev.host}`,
          },
        ];
      }
      h.extraRinging++;
      this.touch(h);
      return [];
    }
    return [];
  }

  /** When `due()` next has something to release, or null when nothing is pending. */
  nextDueAt(): number | null {
    let next: number | null = null;
    for (const h of this.hosts.values()) {
      if (h.firstAt === null) continue;
      const at = Math.min(h.lastAt + this.settleMs, h.firstAt + this.maxHoldMs);
      if (next === null || at < next) next = at;
    }
    return next;
  }

  /** Releases the held registration changes whose host has settled. */
  due(): NativeNotification[] {
    const now = this.now();
    const out: NativeNotification[] = [];
    for (const [host, h] of this.hosts) {
      if (h.firstAt === null) continue;
      if (now < h.lastAt + this.settleMs && now < h.firstAt + this.maxHoldMs) continue;
      const changes: Array<[string, Pending]> = [];
      for (const [number, p] of h.pending) if (notable(p)) changes.push([number, p]);
      if (changes.length > this.maxIndividual || (h.extraRinging > 0 && changes.length > 0)) {
        out.push(summary(host, changes, h.extraRinging));
      } else if (h.extraRinging > 0) {
        out.push({
          host,
          kind: 'summary',
          title: `${h.extraRinging} more calls rang on ${host}`,
          body: 'Open RayanPBX Console for the call log',
        });
      } else {
        for (const [number, p] of changes) out.push(single(host, number, p));
      }
      h.pending.clear();
      h.extraRinging = 0;
      h.firstAt = null;
    }
    return out;
  }

  private host(name: string): PendingHostNotices {
    let h = this.hosts.get(name);
    if (!h) {
      h = { pending: new Map(), extraRinging: 0, firstAt: null, lastAt: 0, ringTimes: [] };
      this.hosts.set(name, h);
    }
    return h;
  }

  private touch(h: PendingHostNotices): void {
    const now = this.now();
    h.firstAt ??= now;
    h.lastAt = now;
  }
}

/** Only arriving online and leaving online are news; offline ⇄ unreachable is not. */
function notable(p: Pending): boolean {
  if (p.from === p.to) return false;
  return p.to === 'online' || p.from === 'online';
}

function single(host: string, number: string, p: Pending): NativeNotification {
  if (p.to === 'online')
    return {
      host,
      kind: 'online',
      number,
      title: `${number} is online`,
      body: `Registered on ${host}`,
    };
  if (p.to === 'unreachable')
    return {
      host,
      kind: 'unreachable',
      number,
      title: `${number} is unreachable`,
      body: `Registered on ${host} but not answering qualify`,
    };
  return {
    host,
    kind: 'offline',
    number,
    title: `${number} went offline`,
    body: `No longer registered on ${host}`,
  };
}

function summary(
  host: string,
  changes: Array<[string, Pending]>,
  extraRinging: number,
): NativeNotification {
  const online = changes.filter(([, p]) => p.to === 'online').length;
  const parts = [];
  if (online > 0) parts.push(`${online} online`);
  if (changes.length - online > 0) parts.push(`${changes.length - online} offline or unreachable`);
  if (extraRinging > 0) parts.push(`${extraRinging} more calls rang`);
  return {
    host,
    kind: 'summary',
    title: `${changes.length} extensions changed state on ${host}`,
    body: parts.join(', '),
  };
}
