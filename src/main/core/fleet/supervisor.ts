import {
  healthFor,
  isSshLayer,
  phaseForLayer,
  type HostHealthState,
  type HostLayer,
} from '../../../shared/host-state';
import { backoffDelay, type BackoffOptions, type ReconnectingAmi } from '../ami/reconnecting';
import { RetrySleep } from '../ami/retry-sleep';
import type { Fleet } from './fleet';
import { failureLayer, failureReason } from './failure-layer';

export interface SupervisorOptions {
  /** SSH (and first AMI) reconnects; the AMI client keeps its own for later losses. */
  backoff?: BackoffOptions;
  /**
   * Told of every connection attempt (benchmarks count them per backoff step). `by` says whose
   * backoff the step belongs to: this loop's, or the AMI client's (which reopens SSH itself).
   */
  onAttempt?: (host: string, attempt: number, at: number, by: 'supervisor' | 'ami-client') => void;
  now?: () => number;
}

/**
 * How long an AMI loss waits before it is blamed on AMI: when SSH dies, the tunnelled AMI stream
 * often reports its end a moment before the SSH connection does, and the fault is SSH's.
 */
const BLAME_DELAY_MS = 100;

/**
 * Keeps every watched host of a fleet connected, whatever page the UI shows: SSH, AMI through
 * it, and the live picture that feeds the tray, the notifications and the call log. One watcher
 * per host; each reconnects with exponential backoff and full jitter, so twenty hosts coming
 * back together spread their attempts instead of knocking at once.
 */
export class FleetSupervisor {
  private readonly watchers = new Map<string, HostWatcher>();
  private readonly now: () => number;
  private unsubscribe: (() => void) | null = null;

  constructor(
    readonly fleet: Fleet,
    private readonly opts: SupervisorOptions = {},
  ) {
    this.now = opts.now ?? Date.now;
  }

  /** Connects every watched host, and follows hosts added, edited or removed later. */
  async start(): Promise<void> {
    this.unsubscribe ??= this.fleet.onHostChange((name, change) => {
      if (change === 'changing' || change === 'removed') void this.unwatch(name);
      else void this.watchIfWanted(name);
    });
    for (const h of await this.fleet.listHosts()) if (h.watch !== false) this.watch(h.name);
  }

  watch(name: string): void {
    if (this.watchers.has(name)) return;
    const w = new HostWatcher(name, this.fleet, this.opts, this.now);
    this.watchers.set(name, w);
    w.run();
  }

  async unwatch(name: string): Promise<void> {
    const w = this.watchers.get(name);
    this.watchers.delete(name);
    // stop() silences the watcher synchronously: it reports nothing about connections closed after.
    await w?.stop();
  }

  /** The Connect / Reconnect action: fresh connections now, without waiting for the backoff. */
  async reconnect(name: string): Promise<void> {
    await this.unwatch(name);
    await this.fleet.disconnect(name);
    this.watch(name);
  }

  /** Added or edited: connects at once with the new settings, unless watching is off. */
  private async watchIfWanted(name: string): Promise<void> {
    const h = (await this.fleet.listHosts()).find((x) => x.name === name);
    if (h && h.watch !== false) this.watch(name);
  }

  health(name: string): HostHealthState | null {
    return this.watchers.get(name)?.health ?? null;
  }

  watching(): string[] {
    return [...this.watchers.keys()];
  }

  async stop(): Promise<void> {
    this.unsubscribe?.();
    this.unsubscribe = null;
    await Promise.all([...this.watchers.keys()].map((n) => this.unwatch(n)));
  }
}

class HostWatcher {
  health: HostHealthState;
  private active = true;
  private attempt = 0;
  private readonly retry = new RetrySleep();
  private blameTimer: NodeJS.Timeout | null = null;
  private readonly cleanups: Array<() => void> = [];

  constructor(
    private readonly name: string,
    private readonly fleet: Fleet,
    private readonly opts: SupervisorOptions,
    private readonly now: () => number,
  ) {
    this.health = healthFor('connecting', now(), 'ssh');
  }

  run(): void {
    this.publish(healthFor('connecting', this.now(), 'ssh'));
    void this.loop();
  }

  async stop(): Promise<void> {
    this.active = false;
    this.clearBlame();
    for (const c of this.cleanups.splice(0)) c();
    this.retry.wake();
  }

  private async loop(): Promise<void> {
    while (this.active) {
      const failure = await this.connectOnce();
      if (!this.active) return;
      if (failure) {
        this.fail(failure.layer, failure.reason);
        await this.retry.sleep(backoffDelay(this.attempt++, this.opts.backoff));
        continue;
      }
      this.attempt = 0;
      // Connected: wait for a loss this loop has to repair (SSH gone with no AMI client to
      // bring it back, or an AMI login refused); the AMI client repairs its own losses.
      const lost = await this.untilLost();
      if (!this.active) return;
      this.fail(lost.layer, lost.reason);
      await this.retry.sleep(backoffDelay(this.attempt++, this.opts.backoff));
    }
  }

  /** One attempt: SSH, the config dir, then AMI and its first sync. Null when all worked. */
  private async connectOnce(): Promise<{ layer: HostLayer; reason: string } | null> {
    this.opts.onAttempt?.(this.name, this.attempt, this.now(), 'supervisor');
    let session;
    try {
      session = this.fleet.session(this.name);
    } catch (err) {
      return { layer: 'dns-tcp', reason: failureReason(err) };
    }
    let transport;
    try {
      transport = await session.transport();
    } catch (err) {
      return { layer: failureLayer(err, 'dns-tcp'), reason: failureReason(err) };
    }
    if (!this.active) return null;
    try {
      const [pjsip, extensions] = await transport.files.readFiles([
        session.pjsipPath,
        session.extensionsPath,
      ]);
      const missing = [pjsip, extensions].filter((f) => !f?.exists).map((f) => f?.path);
      if (missing.length)
        return {
          layer: 'config-dir',
          reason: `${missing.join(' and ')} not found in ${session.config.configDir}`,
        };
    } catch (err) {
      return { layer: failureLayer(err, 'config-dir'), reason: failureReason(err) };
    }
    if (!session.hasAmi) {
      this.publish(healthFor('connected', this.now(), 'ssh'));
      return null;
    }
    try {
      await this.fleet.live(this.name);
    } catch (err) {
      const layer = failureLayer(err, 'ami-tcp');
      // The tunnel's channel fails first when SSH itself went away: blame SSH then.
      return {
        layer: !session.sshUp && !isSshLayer(layer) ? 'ssh-channel' : layer,
        reason: failureReason(err),
      };
    }
    this.publish(healthFor('connected', this.now(), 'ami'));
    return null;
  }

  /**
   * Follows the connections until one is lost for good. Resolves with the layer to report
   * while this loop reconnects; losses the AMI client repairs itself (it reopens SSH as it
   * reconnects, one attempt per backoff step) only update the state.
   */
  private async untilLost(): Promise<{ layer: HostLayer; reason: string }> {
    const session = this.fleet.session(this.name);
    const ami: ReconnectingAmi | null = session.hasAmi
      ? await session.ami().catch(() => null)
      : null;
    let sshLostAt = -Infinity;
    const lost = await new Promise<{ layer: HostLayer; reason: string }>((resolve) => {
      let settled = false;
      const done = (v: { layer: HostLayer; reason: string }) => {
        if (settled) return;
        settled = true;
        for (const c of this.cleanups.splice(0)) c();
        resolve(v);
      };
      this.cleanups.push(() => done({ layer: 'ssh-channel', reason: 'stopped' }));
      if (!session.sshUp) return done({ layer: 'ssh-channel', reason: 'SSH connection lost' });
      this.cleanups.push(
        session.onSsh((up, reason) => {
          if (up) return;
          sshLostAt = this.now();
          this.clearBlame();
          const why = `SSH connection lost${reason ? ` (${reason})` : ''}`;
          if (ami && ami.state !== 'failed' && ami.state !== 'closed')
            this.fail('ssh-channel', why);
          else done({ layer: 'ssh-channel', reason: why });
        }),
      );
      if (!ami) return;
      const onLost = (err: Error) => {
        const at = this.now();
        this.clearBlame();
        this.blameTimer = setTimeout(() => {
          this.blameTimer = null;
          if (sshLostAt >= at - BLAME_DELAY_MS || !session.sshUp)
            this.fail('ssh-channel', 'SSH connection lost');
          else this.fail('ami-tcp', failureReason(err));
        }, BLAME_DELAY_MS);
      };
      const onRetryFailed = (err: Error, attempt: number) => {
        // The AMI client's own backoff step (it reopens SSH as it retries).
        this.opts.onAttempt?.(this.name, attempt, this.now(), 'ami-client');
        this.clearBlame();
        this.fail(failureLayer(err, 'ami-tcp'), failureReason(err));
      };
      const onGaveUp = (err: Error) => done({ layer: 'ami-login', reason: failureReason(err) });
      ami.on('disconnected', onLost);
      ami.on('connect-failed', onRetryFailed);
      ami.on('gave-up', onGaveUp);
      // "connected" only once the live picture is resynced (HostLive publishes host-connected
      // after its list actions), so nothing old is shown as current.
      const offEvents = this.fleet.onEvent((ev) => {
        if (ev.host !== this.name || ev.kind !== 'host-connected') return;
        this.clearBlame();
        this.publish(healthFor('connected', this.now(), 'ami'));
      });
      this.cleanups.push(() => {
        ami.off('disconnected', onLost);
        ami.off('connect-failed', onRetryFailed);
        ami.off('gave-up', onGaveUp);
        offEvents();
      });
    });
    // The next attempt starts from fresh connections.
    if (this.active) {
      if (lost.layer === 'ami-login') await this.fleet.dropLive(this.name);
      else await this.fleet.disconnect(this.name);
    }
    return lost;
  }

  private fail(layer: HostLayer, reason: string): void {
    if (!this.active) return;
    this.publish(
      healthFor(phaseForLayer(layer), this.now(), isSshLayer(layer) ? 'ssh' : 'ami', {
        layer,
        reason,
      }),
    );
  }

  private publish(h: HostHealthState): void {
    if (!this.active) return;
    this.health = h;
    this.fleet.setHealth(this.name, h);
  }

  private clearBlame(): void {
    if (this.blameTimer) clearTimeout(this.blameTimer);
    this.blameTimer = null;
  }
}
