import net from 'node:net';
import { AmiParser } from '../../../src/main/core/ami/parser';
import { amiGet } from '../../../src/main/core/ami/message';
import type { Fields, Channel } from './channels';
import { hex } from './channels';
import type { CliContact, CliView } from './cli';
import { Calls, type CallPhase } from './calls';
import { ConfigReloads } from './config-reload';
import { DeviceStates } from './device-state';
import { Dialplan } from './dialplan-model';
import { handleAction } from './dispatch';
import { eventTv } from './formats';
import type { LoadReport, PjsipState } from './pjsip-model';
import { emptyState } from './pjsip-model';
import { Registrations } from './registrations';
import type { ReloadCost } from './reload-cost';
import type { Session } from './sessions';
import { EventBus, block, sleep } from './sessions';
import type { ProviderSpec, TrunkTiming } from './trunks';
import { TrunkModel } from './trunks';

/**
 * AMI test server: a plain TCP server on 127.0.0.1 (random port) that answers like the
 * Asterisk 22.10.1 recorded in shared/asterisk/transcripts, with its PJSIP objects and dialplan
 * read from `<configDir>/pjsip.conf` and `<configDir>/extensions.conf` (re-read on reload).
 * Tests drive "the phones" through the control methods (register, ring, answer, ...), which
 * emit the events, in the order and with the fields, that the recordings show.
 *
 * This class holds the PBX's state and the sessions; each family of actions lives in a file of
 * its own: core-actions (login, ping, core status), pjsip-handlers, dialplan-handlers,
 * call-handlers, config-reload (reload and CLI commands, with the reload-cost model), and the
 * models behind them: registrations, calls, device-state, trunks.
 */

export type { ReloadCostInput } from './reload-cost';

export interface AmiTestServerOptions {
  /** Directory holding pjsip.conf and extensions.conf. */
  configDir: string;
  /**
   * AMI users: name → secret, or { secret, deny } where `deny` lists actions (lower case) the
   * user lacks the privilege for ("Permission denied"). Default { admin: 'amipass' }.
   */
  users?: Record<string, string | { secret: string; deny?: string[] }>;
  host?: string;
  port?: number;
  /** Asterisk answers a refused login after about a second. Default 1000. */
  authFailDelayMs?: number;
  /** Added before each action is handled (a LAN/VPN round trip). Default 0. */
  latencyMs?: number;
  /**
   * What a res_pjsip / pbx_config reload costs. 'realistic' (default) follows a real Asterisk
   * 22.10.1 on 10,000 extensions (reload-cost.ts): res_pjsip 1.8 s for 10,000 unchanged
   * endpoints, pbx_config 25 s with 10,000 hints already loaded, 1.5 s without hints.
   * While it runs, other module reloads are refused as in transcript 46.
   */
  reloadCost?: ReloadCost;
  /** Multiplies every reload's cost: 0.01 makes a 25 s dialplan reload take 250 ms. Default 1. */
  reloadTimeScale?: number;
  asteriskVersion?: string;
  /** Address phones register through, for the SIP security events. Default the transport bind. */
  sipDomain?: string;
  /** Trunk timing: `timeScale` shrinks the 32 s SIP timeout and retry intervals. */
  trunkTiming?: Partial<TrunkTiming>;
}

export interface RegisterOptions {
  /** Defaults to the endpoint's first AOR. */
  aor?: string;
  /** Contact URI; default `sip:<ep>-0x<random>@<viaAddr>:<viaPort>`. */
  uri?: string;
  viaAddr?: string;
  viaPort?: number;
  userAgent?: string;
  /** SIP Call-ID of the registration (16 hex chars by default, like baresip). */
  callId?: string;
  /** Hash part of the contact id (`1001;@<hash>`); 32 hex chars by default. */
  hash?: string;
  expiresSec?: number;
  /** Qualify round trip reported when the AOR qualifies (qualify_frequency > 0). Default 178. */
  rttUsec?: number;
}

export interface ContactState {
  aor: string;
  endpoint: string;
  uri: string;
  hash: string;
  viaAddr: string;
  viaPort: number;
  userAgent: string;
  callId: string;
  expiresAt: number;
  status: 'Reachable' | 'Unreachable' | 'NonQualified';
  rttUsec: number;
}

export interface CallHandle {
  id: string;
  caller: string | null;
  callee: string;
  callerChannel: string | null;
  calleeChannel: string | null;
}

export class AmiTestServer implements CliView {
  readonly options: Required<
    Omit<AmiTestServerOptions, 'reloadCost' | 'sipDomain' | 'trunkTiming'>
  > & {
    reloadCost: NonNullable<AmiTestServerOptions['reloadCost']>;
    sipDomain: string | undefined;
  };
  pjsip: PjsipState = emptyState();
  dialplan: Dialplan = new Dialplan();
  /** Per dialplan load (startup first): what pbx_config would have logged, e.g. refused duplicates. */
  readonly dialplanReports: string[][] = [];
  /** Reports of every PJSIP load (startup first): what Asterisk would have logged. */
  readonly reloadReports: LoadReport[] = [];
  /** Actions received, by lower-cased name (Login included): lets tests count round trips. */
  readonly actionCounts = new Map<string, number>();
  /**
   * False: `core show codecs` is an unknown command, as on a build without it; a client cannot
   * check codecs before writing, and a bad one is caught only by the verify after reload.
   */
  answersCoreShowCodecs = true;
  /** CLI commands received through the Command action, lower-cased: lets tests see caching. */
  readonly commandCounts = new Map<string, number>();
  /** Completed loads per module ('res_pjsip.so', 'pbx_config.so'; `dialplan reload` counts as pbx_config). */
  readonly reloadCounts = new Map<string, number>();
  /** Lines Asterisk would have written to its log (trunk failures: 47b). */
  readonly logLines: string[] = [];
  readonly startedAt = Date.now();

  /** The sessions and the events sent to them. */
  readonly bus = new EventBus();
  readonly registrations = new Registrations(this);
  readonly devices = new DeviceStates(this);
  readonly calls = new Calls(this);
  readonly reloads = new ConfigReloads(this);
  /** Outbound registrations (trunks): see trunks.ts. */
  readonly trunks: TrunkModel;

  private server: net.Server | null = null;
  private accepting = true;
  private unresponsive = false;

  private constructor(options: AmiTestServerOptions) {
    this.options = {
      configDir: options.configDir,
      users: options.users ?? { admin: 'amipass' },
      host: options.host ?? '127.0.0.1',
      port: options.port ?? 0,
      authFailDelayMs: options.authFailDelayMs ?? 1000,
      latencyMs: options.latencyMs ?? 0,
      reloadCost: options.reloadCost ?? 'realistic',
      reloadTimeScale: options.reloadTimeScale ?? 1,
      asteriskVersion: options.asteriskVersion ?? '22.10.1',
      sipDomain: options.sipDomain,
    };
    this.trunks = new TrunkModel(this.registrations.trunkHost(), {
      timeScale: options.trunkTiming?.timeScale ?? 1,
      attemptDelayMs: options.trunkTiming?.attemptDelayMs ?? 300,
    });
  }

  static async start(options: AmiTestServerOptions): Promise<AmiTestServer> {
    const s = new AmiTestServer(options);
    s.reloads.loadPjsipFile();
    s.reloads.loadDialplanFile();
    await s.listen();
    return s;
  }

  get port(): number {
    const addr = this.server?.address();
    return addr && typeof addr === 'object' ? addr.port : 0;
  }

  get host(): string {
    return this.options.host;
  }

  /** Open AMI sessions (connected sockets). */
  get sessionCount(): number {
    return this.bus.sessions.size;
  }

  async stop(): Promise<void> {
    this.registrations.stop();
    this.trunks.stop();
    this.dropConnections();
    const srv = this.server;
    this.server = null;
    if (srv) await new Promise<void>((r) => srv.close(() => r()));
  }

  /**
   * Stops listening and drops every session, keeping the PBX's state (contacts, dialplan): AMI
   * down while the phones stay registered. `resume()` listens again on the same port.
   */
  async pause(): Promise<void> {
    const port = this.port;
    this.dropConnections();
    const srv = this.server;
    this.server = null;
    if (srv) await new Promise<void>((r) => srv.close(() => r()));
    this.options.port = port;
  }

  async resume(): Promise<void> {
    if (!this.server) await this.listen();
  }

  // ───────────────────────────── control API ─────────────────────────────

  /** Closes every AMI connection at once (AMI restart, broken link). */
  dropConnections(): void {
    this.bus.dropAll();
  }

  /** false: accept TCP connections and close them at once (Asterisk down), e.g. to test backoff. */
  setAccepting(accepting: boolean): void {
    this.accepting = accepting;
  }

  /** true: read actions but never answer (a link that died silently); tests the heartbeat. */
  setUnresponsive(unresponsive: boolean): void {
    this.unresponsive = unresponsive;
  }

  setLatency(ms: number): void {
    this.options.latencyMs = ms;
  }

  /** Next channel number (`PJSIP/1001-00000008`), to replay a recording that names a channel. */
  setChannelSequence(next: number): void {
    this.calls.setChannelSequence(next);
  }

  setReloadCost(cost: NonNullable<AmiTestServerOptions['reloadCost']>): void {
    this.options.reloadCost = cost;
  }

  setReloadTimeScale(scale: number): void {
    this.options.reloadTimeScale = scale;
  }

  /** True while a module reload (res_pjsip, pbx_config, all) holds Asterisk's reload lock. */
  get reloadInProgress(): boolean {
    return this.reloads.reloader.inProgress;
  }

  /** True while extensions.conf is being loaded (module reload or `dialplan reload`). */
  get dialplanReloadInProgress(): boolean {
    return this.reloads.dialplanLoadInProgress;
  }

  /** What the SIP provider at `address` (`host:port`) does with a trunk's REGISTER. */
  setTrunkProvider(address: string, spec: ProviderSpec): void {
    this.trunks.setProvider(address, spec);
  }

  /** A phone registers (REGISTER with digest auth): ChallengeSent, SuccessfulAuth, then state events (30, 38). */
  register(endpoint: string, opts: RegisterOptions = {}): ContactState {
    return this.registrations.register(endpoint, opts);
  }

  /** A graceful un-REGISTER (Expires: 0): security events, DeviceStateChange, PeerStatus, ContactStatus Removed (35). */
  unregister(endpoint: string, uri?: string): void {
    this.registrations.unregister(endpoint, uri);
  }

  /** The registration runs out (phone gone without un-REGISTER): PeerStatus, ContactStatus Removed, DeviceStateChange (37, 38). */
  expire(endpoint: string, uri?: string): void {
    this.registrations.expire(endpoint, uri);
  }

  /** Qualify stops getting answers: PeerStatus Unreachable, ContactStatus Unreachable, DeviceStateChange (38). */
  markUnreachable(endpoint: string, uri?: string): void {
    this.registrations.markUnreachable(endpoint, uri);
  }

  /** Qualify answers again. */
  markReachable(endpoint: string, uri?: string, rttUsec = 178): void {
    this.registrations.markReachable(endpoint, uri, rttUsec);
  }

  /** Registered contacts (a copy). */
  listContacts(): ContactState[] {
    return this.registrations.listContacts();
  }

  /**
   * `caller` dials `callee` (INVITE, Dial(PJSIP/callee,20)): the events of recording 31 up to
   * the callee ringing; or, when the callee has no reachable contact, recording 36 (CHANUNAVAIL).
   */
  ring(caller: string, callee: string): CallHandle {
    return this.calls.ring(caller, callee);
  }

  /** The callee picks up: Newstate Up, DialEnd ANSWER, bridge (recording 33). For an originate: the phone answers. */
  answer(callId: string): void {
    this.calls.answer(callId);
  }

  /** The caller gives up while it rings (CANCEL): recording 31. */
  cancel(callId: string): void {
    this.calls.cancel(callId);
  }

  /**
   * Ends a call. Answered: `by` side hangs up (default callee; recording 33 for the callee).
   * Ringing: `by: 'callee'` declines (BUSY, cause 17 by default), `by: 'caller'` is `cancel`.
   */
  hangup(callId: string, opts: { by?: 'caller' | 'callee'; cause?: number } = {}): void {
    this.calls.hangup(callId, opts);
  }

  /**
   * What AMI `Originate` (Async, Channel PJSIP/<endpoint>) does (recording 34): the phone rings,
   * and `DialBegin`/`DialState` carry only the Dest* fields (there is no calling channel).
   */
  originate(
    endpoint: string,
    opts: { context?: string; exten?: string; callerId?: string; actionId?: string | null } = {},
  ): CallHandle {
    return this.calls.originate(endpoint, opts);
  }

  /** Calls seen so far (ids and channel names), for tests. */
  listCalls(): Array<CallHandle & { phase: CallPhase }> {
    return this.calls.listCalls();
  }

  /** Re-reads both config files as `core reload` would (no AMI session involved). */
  reloadAll(): void {
    this.reloads.reloadAll();
  }

  // ───────────────────────────── CliView ─────────────────────────────

  contactsOf(aor: string): CliContact[] {
    return this.registrations.contactsOf(aor);
  }

  deviceStateText(endpoint: string): string {
    return this.devices.text(endpoint);
  }

  activeChannels(endpoint: string): number {
    return this.calls.activeChannels(endpoint);
  }

  channels(): Channel[] {
    return this.calls.channels();
  }

  // ───────────────────────────── sessions ─────────────────────────────

  private listen(): Promise<void> {
    const server = net.createServer((socket) => this.onConnection(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port, this.options.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  }

  private onConnection(socket: net.Socket): void {
    socket.setNoDelay(true);
    if (!this.accepting) {
      socket.destroy();
      return;
    }
    const session: Session = {
      socket,
      parser: new AmiParser({ expectBanner: false }),
      authed: false,
      username: null,
      events: null,
      sessionId: `0x${hex(6)}`,
      sessionTv: eventTv(),
      queue: Promise.resolve(),
    };
    this.bus.sessions.add(session);
    socket.on('error', () => {});
    socket.on('close', () => this.bus.sessions.delete(session));
    socket.on('data', (chunk: Buffer) => {
      const readyAt = Date.now() + this.options.latencyMs;
      for (const msg of session.parser.push(chunk)) {
        session.queue = session.queue.then(async () => {
          const wait = readyAt - Date.now();
          if (wait > 0) await sleep(wait);
          if (this.unresponsive || socket.destroyed) return;
          try {
            await handleAction(this, session, msg);
          } catch (err) {
            // A bug in the test server must not look like a silent AMI: answer with an error.
            const id = amiGet(msg, 'ActionID');
            socket.write(
              block([
                ['Response', 'Error'],
                ...(id !== undefined ? ([['ActionID', id]] as Fields) : []),
                ['Message', `test server: ${(err as Error).message}`],
              ]),
            );
          }
        });
      }
    });
    socket.write('Asterisk Call Manager/11.0.0\r\n');
  }
}
