import { readFileSync, existsSync } from 'node:fs';
import { coreShowCodecs } from './codecs';
import { join } from 'node:path';
import net from 'node:net';
import { AmiParser } from '../../../src/main/core/ami/parser';
import type { AmiMessage } from '../../../src/main/core/ami/message';
import { amiGet } from '../../../src/main/core/ami/message';
import type { Fields, Channel } from './channels';
import { bridgeFields, causeText, hex, snapshot, uuid } from './channels';
import type { CliContact, CliView } from './cli';
import {
  channelDuration,
  coreShowChannels,
  pjsipShowContacts,
  pjsipShowEndpoints,
  pjsipShowTransports,
} from './cli';
import { Dialplan, loadDialplan } from './dialplan-model';
import {
  extensionAdd,
  extensionRemove,
  extensionStatusFields,
  hintState,
  showDialplan,
} from './dialplan-actions';
import type { LoadReport, PjsipState } from './pjsip-model';
import { emptyState, loadPjsip } from './pjsip-model';
import type { ProviderSpec, TrunkTiming } from './trunks';
import { TrunkModel, outboundRegistrationItems, readRegistrations } from './trunks';
import { cdrTime, eventTv, unixMicros } from './formats';
import type { ReloadCost } from './reload-cost';
import { reloadMs } from './reload-cost';
import { amiReloadAnswer, cliReloadLine, ModuleReloader } from './module-reloader';
import type { ReloadStatus } from './module-reloader';

/**
 * AMI test server: a plain TCP server on 127.0.0.1 (random port) that answers like the
 * Asterisk 22.10.1 recorded in shared/asterisk/transcripts, with its PJSIP objects and dialplan
 * read from `<configDir>/pjsip.conf` and `<configDir>/extensions.conf` (re-read on reload).
 * Tests drive "the phones" through the control methods (register, ring, answer, ...), which
 * emit the events, in the order and with the fields, that the recordings show.
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

/** Answers the current action: `Response: <r>`, its ActionID, then the fields. */
type Respond = (r: string, f?: Fields) => void;

type CallPhase = 'ringing' | 'up' | 'ended';

interface Call {
  id: string;
  phase: CallPhase;
  caller: Channel | null;
  callee: Channel | null;
  calleeEndpoint: string;
  dialExten: string;
  dialData: string;
  startedAt: number;
  answeredAt: number | null;
  bridgeId: string | null;
  originate: {
    actionId: string | null;
    context: string;
    exten: string;
    callerIdNum: string;
    callerIdName: string;
  } | null;
}

interface Session {
  socket: net.Socket;
  parser: AmiParser;
  authed: boolean;
  username: string | null;
  /** Event classes this session receives; null = none (Events: off). */
  events: Set<string> | 'all' | null;
  sessionId: string;
  sessionTv: string;
  queue: Promise<void>;
}

const KNOWN_MODULES = new Set([
  'res_pjsip.so',
  'pbx_config.so',
  'chan_pjsip.so',
  'res_pjsip_session.so',
  'res_pjsip_registrar.so',
  'res_pjsip_authenticator_digest.so',
  'res_pjsip_endpoint_identifier_ip.so',
  'res_pjsip_mwi.so',
  'res_pjsip_notify.so',
  'res_pjsip_outbound_publish.so',
  'res_pjsip_publish_asterisk.so',
  'res_pjsip_outbound_registration.so',
  'manager',
  'app_dial.so',
  'res_rtp_asterisk.so',
]);

const PJSIP_RELOAD_MODULES = [
  'res_pjsip.so',
  'res_pjsip_authenticator_digest.so',
  'res_pjsip_endpoint_identifier_ip.so',
  'res_pjsip_mwi.so',
  'res_pjsip_notify.so',
  'res_pjsip_outbound_publish.so',
  'res_pjsip_publish_asterisk.so',
  'res_pjsip_outbound_registration.so',
];

const DEVICE_TEXT: Record<string, string> = {
  UNAVAILABLE: 'Unavailable',
  NOT_INUSE: 'Not in use',
  INUSE: 'In use',
  RINGING: 'Ringing',
  RINGINUSE: 'Ring+Inuse',
  BUSY: 'Busy',
  ONHOLD: 'On Hold',
};

function block(fields: Fields): string {
  let s = '';
  for (const [k, v] of fields) s += `${k}: ${v}\r\n`;
  return s + '\r\n';
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
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

  private server: net.Server | null = null;
  private readonly sessions = new Set<Session>();
  private readonly contacts = new Map<string, ContactState[]>();
  private readonly calls = new Map<string, Call>();
  private readonly deviceStates = new Map<string, string>();
  private channelSeq = 0;
  private callSeq = 0;
  private processedCalls = 0;
  private readonly startedAt = Date.now();
  private lastReloadAt = Date.now();
  /** Completed loads per module ('res_pjsip.so', 'pbx_config.so'; `dialplan reload` counts as pbx_config). */
  readonly reloadCounts = new Map<string, number>();
  private readonly reloader = new ModuleReloader(
    (m) => KNOWN_MODULES.has(m),
    (m) => this.runModuleReload(m),
  );
  /** Dialplan loads run one after the other (pbx.c's context_merge_lock). */
  private dialplanChain: Promise<unknown> = Promise.resolve();
  private dialplanLoads = 0;
  private accepting = true;
  private unresponsive = false;
  private expiryTimer: NodeJS.Timeout | null = null;
  /** Outbound registrations (trunks): see trunks.ts. */
  readonly trunks: TrunkModel;
  private securityMuted = false;
  /** Lines Asterisk would have written to its log (trunk failures: 47b). */
  readonly logLines: string[] = [];

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
    this.trunks = new TrunkModel(this.trunkHost(), {
      timeScale: options.trunkTiming?.timeScale ?? 1,
      attemptDelayMs: options.trunkTiming?.attemptDelayMs ?? 300,
    });
  }

  static async start(options: AmiTestServerOptions): Promise<AmiTestServer> {
    const s = new AmiTestServer(options);
    s.loadPjsipFile();
    s.loadDialplanFile();
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
    return this.sessions.size;
  }

  async stop(): Promise<void> {
    if (this.expiryTimer) clearInterval(this.expiryTimer);
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
    for (const s of this.sessions) s.socket.destroy();
    this.sessions.clear();
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
    this.channelSeq = next;
  }

  setReloadCost(cost: NonNullable<AmiTestServerOptions['reloadCost']>): void {
    this.options.reloadCost = cost;
  }

  setReloadTimeScale(scale: number): void {
    this.options.reloadTimeScale = scale;
  }

  /** True while a module reload (res_pjsip, pbx_config, all) holds Asterisk's reload lock. */
  get reloadInProgress(): boolean {
    return this.reloader.inProgress;
  }

  /** True while extensions.conf is being loaded (module reload or `dialplan reload`). */
  get dialplanReloadInProgress(): boolean {
    return this.dialplanLoads > 0;
  }

  /** What the SIP provider at `address` (`host:port`) does with a trunk's REGISTER. */
  setTrunkProvider(address: string, spec: ProviderSpec): void {
    this.trunks.setProvider(address, spec);
  }

  /** A phone registers (REGISTER with digest auth): ChallengeSent, SuccessfulAuth, then state events (30, 38). */
  register(endpoint: string, opts: RegisterOptions = {}): ContactState {
    const ep = this.pjsip.endpoints.get(endpoint);
    if (!ep) throw new Error(`test server: no endpoint ${endpoint}`);
    const aorName = opts.aor ?? ep.aors[0];
    const aor = aorName ? this.pjsip.aors.get(aorName) : undefined;
    if (!aorName || !aor)
      throw new Error(`test server: endpoint ${endpoint} has no AOR to register to`);
    if (aor.maxContacts <= 0)
      throw new Error(`test server: AOR ${aorName} has max_contacts=0 (REGISTER refused)`);
    const viaAddr = opts.viaAddr ?? '127.0.0.1';
    const viaPort = opts.viaPort ?? 5060 + 11 + (this.contactCount() % 100) * 2;
    const uri = opts.uri ?? `sip:${endpoint}-0x${hex(6)}@${viaAddr}:${viaPort}`;
    const list = this.contacts.get(aorName) ?? [];
    const callId = opts.callId ?? hex(8);
    this.securityAuth(endpoint, callId, viaAddr, viaPort);

    const existing = list.find((c) => c.uri === uri);
    // A simulated phone keeps refreshing its registration: it only expires when told to
    // (expire()) or when a test gives it a short `expiresSec`.
    const expiresAt = Date.now() + (opts.expiresSec ?? 3600) * 1000;
    if (existing) {
      // A refresh: only the security events (what the recordings show for periodic re-REGISTERs).
      existing.expiresAt = expiresAt;
      return existing;
    }
    if (list.length >= aor.maxContacts) {
      if (!aor.removeExisting)
        throw new Error(`test server: AOR ${aorName} is full (max_contacts=${aor.maxContacts})`);
      const oldest = list.shift()!;
      this.broadcast(this.contactStatus(oldest, 'Removed', 0));
    }
    const qualify = aor.qualifyFrequency > 0;
    const contact: ContactState = {
      aor: aorName,
      endpoint,
      uri,
      hash: opts.hash ?? hex(16),
      viaAddr,
      viaPort,
      userAgent: opts.userAgent ?? 'baresip v1.0.0 (x86_64/linux)',
      callId,
      expiresAt,
      status: 'NonQualified',
      rttUsec: 0,
    };
    const wasReachable = this.endpointReachable(endpoint);
    list.push(contact);
    this.contacts.set(aorName, list);
    if (qualify) {
      this.broadcast(this.contactStatus(contact, 'NonQualified', 0));
      if (!wasReachable) this.broadcast(this.peerStatus(endpoint, 'Reachable'));
      contact.status = 'Reachable';
      contact.rttUsec = opts.rttUsec ?? 178;
      this.broadcast(this.contactStatus(contact, 'Reachable', contact.rttUsec));
      this.updateDeviceState(endpoint);
    } else {
      this.updateDeviceState(endpoint);
      if (!wasReachable) this.broadcast(this.peerStatus(endpoint, 'Reachable'));
      this.broadcast(this.contactStatus(contact, 'NonQualified', 0));
    }
    this.ensureExpiryTimer();
    return contact;
  }

  /** A graceful un-REGISTER (Expires: 0): security events, DeviceStateChange, PeerStatus, ContactStatus Removed (35). */
  unregister(endpoint: string, uri?: string): void {
    const contact = this.findContact(endpoint, uri);
    this.securityAuth(endpoint, contact.callId, contact.viaAddr, contact.viaPort);
    this.removeContact(contact);
    this.updateDeviceState(endpoint);
    if (!this.endpointReachable(endpoint)) this.broadcast(this.peerStatus(endpoint, 'Unreachable'));
    this.broadcast(this.contactStatus(contact, 'Removed', 0));
  }

  /** The registration runs out (phone gone without un-REGISTER): PeerStatus, ContactStatus Removed, DeviceStateChange (37, 38). */
  expire(endpoint: string, uri?: string): void {
    const contact = this.findContact(endpoint, uri);
    const wasReachable = this.endpointReachable(endpoint);
    this.removeContact(contact);
    if (wasReachable && !this.endpointReachable(endpoint))
      this.broadcast(this.peerStatus(endpoint, 'Unreachable'));
    this.broadcast(this.contactStatus(contact, 'Removed', 0));
    this.updateDeviceState(endpoint);
  }

  /** Qualify stops getting answers: PeerStatus Unreachable, ContactStatus Unreachable, DeviceStateChange (38). */
  markUnreachable(endpoint: string, uri?: string): void {
    const contact = this.findContact(endpoint, uri);
    if (contact.status === 'Unreachable') return;
    contact.status = 'Unreachable';
    contact.rttUsec = 0;
    if (!this.endpointReachable(endpoint)) this.broadcast(this.peerStatus(endpoint, 'Unreachable'));
    this.broadcast(this.contactStatus(contact, 'Unreachable', 0));
    this.updateDeviceState(endpoint);
  }

  /** Qualify answers again. */
  markReachable(endpoint: string, uri?: string, rttUsec = 178): void {
    const contact = this.findContact(endpoint, uri);
    const wasReachable = this.endpointReachable(endpoint);
    contact.status = 'Reachable';
    contact.rttUsec = rttUsec;
    if (!wasReachable) this.broadcast(this.peerStatus(endpoint, 'Reachable'));
    this.broadcast(this.contactStatus(contact, 'Reachable', rttUsec));
    this.updateDeviceState(endpoint);
  }

  /** Registered contacts (a copy). */
  listContacts(): ContactState[] {
    return [...this.contacts.values()].flat().map((c) => ({ ...c }));
  }

  /**
   * `caller` dials `callee` (INVITE, Dial(PJSIP/callee,20)): the events of recording 31 up to
   * the callee ringing; or, when the callee has no reachable contact, recording 36 (CHANUNAVAIL).
   */
  ring(caller: string, callee: string): CallHandle {
    const callerEp = this.pjsip.endpoints.get(caller);
    if (!callerEp) throw new Error(`test server: no endpoint ${caller}`);
    const dial = this.dialFor(callerEp.context, callee);
    const callerContact = this.firstContact(caller);
    this.securityAuth(
      caller,
      hex(8),
      callerContact?.viaAddr ?? '127.0.0.1',
      callerContact?.viaPort ?? 5071,
    );
    const a = this.newChannel(caller, {
      state: 4,
      callerNum: callerEp.calleridNum ?? caller,
      callerName: callerEp.calleridName ?? '',
      context: callerEp.context,
      exten: callee,
    });
    a.application = dial.application;
    a.appData = dial.appData;
    const call: Call = {
      id: `call-${++this.callSeq}`,
      phase: 'ringing',
      caller: a,
      callee: null,
      calleeEndpoint: callee,
      dialExten: callee,
      dialData: dial.appData,
      startedAt: Date.now(),
      answeredAt: null,
      bridgeId: null,
      originate: null,
    };
    this.calls.set(call.id, call);
    this.processedCalls++;
    this.event('Newchannel', 'call', snapshot(a));
    this.varSet(a, 'SIPDOMAIN', this.sipHost());
    this.event('Newexten', 'dialplan', [
      ...snapshot(a),
      ['Extension', callee],
      ['Application', dial.application],
      ['AppData', dial.appData],
    ]);
    for (const v of [
      'DIALSTATUS',
      'DIALEDPEERNUMBER',
      'DIALEDPEERNAME',
      'ANSWEREDTIME',
      'ANSWEREDTIME_MS',
      'DIALEDTIME',
      'DIALEDTIME_MS',
      'RINGTIME',
      'RINGTIME_MS',
      'PROGRESSTIME',
      'PROGRESSTIME_MS',
    ]) {
      this.varSet(a, v, '');
    }
    const calleeEp = this.pjsip.endpoints.get(callee);
    if (!calleeEp || !this.endpointReachable(callee)) {
      // Recording 36: no contact → CHANUNAVAIL, the dialplan goes on to Hangup().
      this.varSet(a, 'DIALSTATUS', 'CHANUNAVAIL');
      a.priority = 2;
      const next = this.nextPriority(callerEp.context, callee, 2);
      this.event('Newexten', 'dialplan', [
        ...snapshot(a),
        ['Extension', callee],
        ['Application', next.application],
        ['AppData', next.appData],
      ]);
      this.event('SoftHangupRequest', 'call', [...snapshot(a), ['Cause', '16']]);
      this.event('Hangup', 'call', [
        ...snapshot(a),
        ['Cause', '3'],
        ['Cause-txt', causeText(3)],
        ['TechCause', '404'],
      ]);
      this.destroyChannel(a, false);
      call.phase = 'ended';
      return this.handle(call);
    }
    const b = this.newChannel(callee, {
      state: 0,
      callerNum: calleeEp.calleridNum ?? callee,
      callerName: calleeEp.calleridName ?? '',
      context: calleeEp.context,
      exten: 's',
      linkedid: a.uniqueid,
    });
    b.application = 'AppDial';
    b.appData = '(Outgoing Line)';
    call.callee = b;
    this.event('Newchannel', 'call', snapshot(b));
    this.varSet(b, 'DIALEDPEERNUMBER', callee);
    b.connectedNum = a.callerNum;
    b.connectedName = a.callerName;
    b.exten = callee;
    this.event('Newexten', 'dialplan', [
      ...snapshot(b),
      ['Extension', callee],
      ['Application', 'AppDial'],
      ['AppData', '(Outgoing Line)'],
    ]);
    this.event('NewConnectedLine', 'call', snapshot(b));
    this.event('DialBegin', 'call', [
      ...snapshot(a),
      ...snapshot(b, 'Dest'),
      ['DialString', callee],
    ]);
    a.connectedNum = b.callerNum;
    a.connectedName = b.callerName;
    this.event('NewConnectedLine', 'call', snapshot(a));
    b.state = 5;
    this.event('Newstate', 'call', snapshot(b));
    this.updateDeviceState(callee);
    this.varSet(a, 'RINGTIME', '0');
    this.varSet(a, 'RINGTIME_MS', '0');
    this.event('DialState', 'call', [
      ...snapshot(a),
      ...snapshot(b, 'Dest'),
      ['DialStatus', 'RINGING'],
    ]);
    this.updateDeviceState(caller);
    return this.handle(call);
  }

  /** The callee picks up: Newstate Up, DialEnd ANSWER, bridge (recording 33). For an originate: the phone answers. */
  answer(callId: string): void {
    const call = this.requireCall(callId, 'ringing');
    if (call.originate) {
      const ch = call.callee!;
      ch.state = 6;
      this.event('Newstate', 'call', snapshot(ch));
      this.event('DialEnd', 'call', [...snapshot(ch, 'Dest'), ['DialStatus', 'ANSWER']]);
      this.originateResponse(call, 'Success', '4', ch.uniqueid);
      call.phase = 'up';
      call.answeredAt = Date.now();
      this.updateDeviceState(ch.endpoint);
      return;
    }
    const a = call.caller!;
    const b = call.callee!;
    b.state = 6;
    this.event('Newstate', 'call', snapshot(b));
    this.varSet(a, 'DIALSTATUS', 'ANSWER');
    this.updateDeviceState(b.endpoint);
    this.varSet(a, 'DIALEDPEERNAME', b.name);
    this.varSet(a, 'DIALEDPEERNUMBER', call.calleeEndpoint);
    b.exten = '';
    this.event('DialEnd', 'call', [
      ...snapshot(a),
      ...snapshot(b, 'Dest'),
      ['DialStatus', 'ANSWER'],
    ]);
    a.state = 6;
    this.event('Newstate', 'call', snapshot(a));
    const bridge = uuid();
    call.bridgeId = bridge;
    a.bridgeId = bridge;
    b.bridgeId = bridge;
    this.event('BridgeCreate', 'call', bridgeFields(bridge, 'simple_bridge', 0));
    this.event('Newexten', 'dialplan', [
      ...snapshot(b),
      ['Extension', ''],
      ['Application', 'AppDial'],
      ['AppData', '(Outgoing Line)'],
    ]);
    this.event('BridgeEnter', 'call', [
      ...bridgeFields(bridge, 'simple_bridge', 1),
      ...snapshot(b),
    ]);
    this.event('BridgeEnter', 'call', [
      ...bridgeFields(bridge, 'simple_bridge', 2),
      ...snapshot(a),
    ]);
    // Asterisk sets the bridge peer variables once per bridge technology change (three times here).
    for (let i = 0; i < 3; i++) {
      this.varSet(a, 'BRIDGEPEER', b.name);
      this.varSet(a, 'BRIDGEPVTCALLID', a.sipCallId);
      this.varSet(b, 'BRIDGEPEER', a.name);
      this.varSet(b, 'BRIDGEPVTCALLID', b.sipCallId);
    }
    call.phase = 'up';
    call.answeredAt = Date.now();
  }

  /** The caller gives up while it rings (CANCEL): recording 31. */
  cancel(callId: string): void {
    const call = this.requireCall(callId, 'ringing');
    if (call.originate) {
      this.hangupChannel(call.callee!.name);
      return;
    }
    const a = call.caller!;
    const b = call.callee!;
    this.event('HangupRequest', 'call', [...snapshot(a), ['Cause', '127'], ['TechCause', '487']]);
    this.event('DialEnd', 'call', [
      ...snapshot(a),
      ...snapshot(b, 'Dest'),
      ['DialStatus', 'CANCEL'],
    ]);
    this.varSet(a, 'DIALSTATUS', 'CANCEL');
    this.event('SoftHangupRequest', 'call', [
      ...snapshot(a),
      ['Cause', '16'],
      ['TechCause', '487'],
    ]);
    this.event('Hangup', 'call', [
      ...snapshot(b),
      ['Cause', '127'],
      ['Cause-txt', causeText(127)],
      ['TechCause', '500'],
    ]);
    this.destroyChannel(b, true);
    this.event('Hangup', 'call', [
      ...snapshot(a),
      ['Cause', '127'],
      ['Cause-txt', causeText(127)],
      ['TechCause', '487'],
    ]);
    this.cdr(call, 'NO ANSWER');
    this.destroyChannel(a, true);
    call.phase = 'ended';
  }

  /**
   * Ends a call. Answered: `by` side hangs up (default callee; recording 33 for the callee).
   * Ringing: `by: 'callee'` declines (BUSY, cause 17 by default), `by: 'caller'` is `cancel`.
   */
  hangup(callId: string, opts: { by?: 'caller' | 'callee'; cause?: number } = {}): void {
    const call = this.calls.get(callId);
    if (!call || call.phase === 'ended') throw new Error(`test server: no active call ${callId}`);
    const by = opts.by ?? 'callee';
    if (call.originate) {
      this.hangupChannel(call.callee!.name, opts.cause);
      return;
    }
    if (call.phase === 'ringing') {
      if (by === 'caller') return this.cancel(callId);
      return this.decline(call, opts.cause ?? 17);
    }
    const cause = opts.cause ?? 16;
    const a = call.caller!;
    const b = call.callee!;
    const first = by === 'callee' ? b : a;
    const second = by === 'callee' ? a : b;
    this.event('HangupRequest', 'call', [...snapshot(first), ['Cause', String(cause)]]);
    this.varSet(b, 'BRIDGEPEER', '');
    this.varSet(b, 'BRIDGEPVTCALLID', '');
    this.varSet(a, 'BRIDGEPEER', '');
    this.varSet(a, 'BRIDGEPVTCALLID', '');
    const bridge = call.bridgeId ?? uuid();
    this.event('BridgeLeave', 'call', [
      ...bridgeFields(bridge, 'native_rtp', 1),
      ...snapshot(first),
    ]);
    if (first === b) {
      this.event('Hangup', 'call', [
        ...snapshot(b),
        ['Cause', String(cause)],
        ['Cause-txt', causeText(cause)],
      ]);
    }
    this.event('BridgeLeave', 'call', [
      ...bridgeFields(bridge, 'native_rtp', 0),
      ...snapshot(second),
    ]);
    this.event('BridgeDestroy', 'call', bridgeFields(bridge, 'native_rtp', 0));
    const answered = call.answeredAt ?? Date.now();
    const now = Date.now();
    this.varSet(a, 'ANSWEREDTIME', String(Math.floor((now - answered) / 1000)));
    this.varSet(a, 'ANSWEREDTIME_MS', String(now - answered));
    this.varSet(a, 'DIALEDTIME', String(Math.floor((now - call.startedAt) / 1000)));
    this.varSet(a, 'DIALEDTIME_MS', String(now - call.startedAt));
    this.varSet(a, 'DIALSTATUS', 'ANSWER');
    if (first === b) {
      this.destroyChannel(b, true);
      this.event('SoftHangupRequest', 'call', [...snapshot(a), ['Cause', String(cause)]]);
      this.cdr(call, 'ANSWERED');
      this.event('Hangup', 'call', [
        ...snapshot(a),
        ['Cause', String(cause)],
        ['Cause-txt', causeText(cause)],
      ]);
      this.destroyChannel(a, true);
    } else {
      this.cdr(call, 'ANSWERED');
      this.event('Hangup', 'call', [
        ...snapshot(a),
        ['Cause', String(cause)],
        ['Cause-txt', causeText(cause)],
      ]);
      this.destroyChannel(a, true);
      this.event('Hangup', 'call', [
        ...snapshot(b),
        ['Cause', String(cause)],
        ['Cause-txt', causeText(cause)],
      ]);
      this.destroyChannel(b, true);
    }
    call.phase = 'ended';
  }

  /**
   * What AMI `Originate` (Async, Channel PJSIP/<endpoint>) does (recording 34): the phone rings,
   * and `DialBegin`/`DialState` carry only the Dest* fields (there is no calling channel).
   */
  originate(
    endpoint: string,
    opts: { context?: string; exten?: string; callerId?: string; actionId?: string | null } = {},
  ): CallHandle {
    const ep = this.pjsip.endpoints.get(endpoint);
    if (!ep) throw new Error(`test server: no endpoint ${endpoint}`);
    const cid = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(opts.callerId ?? '');
    const callerIdName = cid ? cid[1]!.trim() : '';
    const callerIdNum = cid ? cid[2]!.trim() : (opts.callerId ?? '');
    const context = opts.context ?? ep.context;
    const exten = opts.exten ?? 's';
    const ch = this.newChannel(endpoint, {
      state: 0,
      callerNum: ep.calleridNum ?? endpoint,
      callerName: ep.calleridName ?? '',
      context,
      exten: 's',
    });
    ch.application = 'AppDial2';
    ch.appData = '(Outgoing Line)';
    const call: Call = {
      id: `call-${++this.callSeq}`,
      phase: 'ringing',
      caller: null,
      callee: ch,
      calleeEndpoint: endpoint,
      dialExten: exten,
      dialData: '',
      startedAt: Date.now(),
      answeredAt: null,
      bridgeId: null,
      originate: { actionId: opts.actionId ?? null, context, exten, callerIdNum, callerIdName },
    };
    this.calls.set(call.id, call);
    this.processedCalls++;
    this.event('Newchannel', 'call', snapshot(ch));
    this.event('Newexten', 'dialplan', [
      ...snapshot(ch),
      ['Extension', 's'],
      ['Application', 'AppDial2'],
      ['AppData', '(Outgoing Line)'],
    ]);
    if (opts.callerId !== undefined) {
      ch.callerNum = callerIdNum;
      ch.callerName = callerIdName;
      this.event('NewCallerid', 'call', [
        ...snapshot(ch),
        ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
      ]);
      ch.connectedNum = callerIdNum;
      ch.connectedName = callerIdName;
      this.event('NewConnectedLine', 'call', snapshot(ch));
    }
    this.event('DialBegin', 'call', [...snapshot(ch, 'Dest'), ['DialString', endpoint]]);
    this.event('DialState', 'call', [...snapshot(ch, 'Dest'), ['DialStatus', 'RINGING']]);
    ch.state = 5;
    this.event('Newstate', 'call', snapshot(ch));
    this.updateDeviceState(endpoint);
    return this.handle(call);
  }

  /** Calls seen so far (ids and channel names), for tests. */
  listCalls(): Array<CallHandle & { phase: CallPhase }> {
    return [...this.calls.values()].map((c) => ({ ...this.handle(c), phase: c.phase }));
  }

  /** Re-reads both config files as `core reload` would (no AMI session involved). */
  reloadAll(): void {
    this.loadPjsipFile();
    this.loadDialplanFile();
    this.lastReloadAt = Date.now();
  }

  // ───────────────────────────── CliView ─────────────────────────────

  contactsOf(aor: string): CliContact[] {
    return (this.contacts.get(aor) ?? []).map((c) => ({
      aor: c.aor,
      uri: c.uri,
      hash: c.hash,
      status: c.status,
      rttUsec: c.rttUsec,
    }));
  }

  deviceStateText(endpoint: string): string {
    return DEVICE_TEXT[this.computeDeviceState(endpoint)] ?? 'Unknown';
  }

  activeChannels(endpoint: string): number {
    return this.channels().filter((c) => c.endpoint === endpoint).length;
  }

  channels(): Channel[] {
    const out: Channel[] = [];
    for (const call of this.calls.values()) {
      if (call.phase === 'ended') continue;
      if (call.callee && !call.callee.hungUp) out.push(call.callee);
      if (call.caller && !call.caller.hungUp) out.push(call.caller);
    }
    return out;
  }

  // ───────────────────────────── internals: config ─────────────────────────────

  private loadPjsipFile(): LoadReport {
    const file = join(this.options.configDir, 'pjsip.conf');
    const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
    const { state, report } = loadPjsip(text, this.reloadReports.length === 0 ? null : this.pjsip);
    this.pjsip = state;
    this.reloadReports.push(report);
    // Contacts of AORs that no longer exist go away with them.
    for (const aor of [...this.contacts.keys()])
      if (!state.aors.has(aor)) this.contacts.delete(aor);
    // A second parse only where there are trunks: a 10,000-extension reload stays as cheap as measured.
    if (report.parsed)
      this.trunks.load(
        /^\s*type\s*=\s*registration\b/m.test(text) ? readRegistrations(text) : new Map(),
      );
    return report;
  }

  private loadDialplanFile(): boolean {
    const file = join(this.options.configDir, 'extensions.conf');
    if (!existsSync(file)) return false;
    const load = loadDialplan(readFileSync(file, 'utf8'));
    if (!load) return false;
    this.dialplan = load.dialplan;
    this.dialplanReports.push(load.warnings);
    return true;
  }

  private async reloadPjsip(): Promise<void> {
    const t0 = Date.now();
    const report = this.loadPjsipFile();
    this.lastReloadAt = Date.now();
    const ms = reloadMs(
      this.options.reloadCost,
      {
        module: 'res_pjsip.so',
        endpoints: this.pjsip.endpoints.size,
        newObjects: report.newObjects,
        changedObjects: report.changedObjects,
        unchangedObjects: report.unchangedObjects,
      },
      this.options.reloadTimeScale,
    );
    // The simulated cost includes what reading the file took here, so a reload of a big file
    // costs what it does on a real Asterisk, not that plus our own parsing.
    const wait = ms - (Date.now() - t0);
    if (wait > 0) await sleep(wait);
    this.countReload('res_pjsip.so');
  }

  /**
   * A pbx_config load: extensions.conf is read when it starts, and the dialplan it gives
   * replaces the running one (live edits included) when it ends — so a live edit made while
   * it runs is lost unless the file read at the start already had it. Costs grow with the
   * hints already loaded (reload-cost.ts). An unparsable file keeps the old dialplan (43).
   */
  private reloadDialplan(): Promise<void> {
    const run = this.dialplanChain.then(() => this.loadDialplanTimed());
    this.dialplanChain = run.catch(() => undefined);
    return run;
  }

  private async loadDialplanTimed(): Promise<void> {
    this.dialplanLoads++;
    try {
      const t0 = Date.now();
      const file = join(this.options.configDir, 'extensions.conf');
      const load = existsSync(file) ? loadDialplan(readFileSync(file, 'utf8')) : null;
      const ms = reloadMs(
        this.options.reloadCost,
        {
          module: 'pbx_config.so',
          priorities: load?.dialplan.priorityCount ?? 0,
          hints: load?.dialplan.hintCount ?? 0,
          loadedHints: this.dialplan.hintCount,
        },
        this.options.reloadTimeScale,
      );
      const wait = ms - (Date.now() - t0);
      if (wait > 0) await sleep(wait);
      if (load) {
        this.dialplan = load.dialplan;
        this.dialplanReports.push(load.warnings);
      }
      this.countReload('pbx_config.so');
    } finally {
      this.dialplanLoads--;
    }
  }

  private countReload(module: string): void {
    this.reloadCounts.set(module, (this.reloadCounts.get(module) ?? 0) + 1);
  }

  /** What one module reload does once it holds the lock (null: every module). */
  private async runModuleReload(canonical: string | null): Promise<void> {
    this.lastReloadAt = Date.now();
    if (canonical === null || canonical === 'res_pjsip.so') await this.reloadPjsip();
    if (canonical === null || canonical === 'pbx_config.so') await this.reloadDialplan();
  }

  // ───────────────────────────── internals: state ─────────────────────────────

  private contactCount(): number {
    let n = 0;
    for (const l of this.contacts.values()) n += l.length;
    return n;
  }

  private firstContact(endpoint: string): ContactState | undefined {
    const ep = this.pjsip.endpoints.get(endpoint);
    for (const a of ep?.aors ?? []) {
      const c = this.contacts.get(a)?.[0];
      if (c) return c;
    }
    return undefined;
  }

  private findContact(endpoint: string, uri?: string): ContactState {
    for (const list of this.contacts.values()) {
      const c = list.find((x) => x.endpoint === endpoint && (uri === undefined || x.uri === uri));
      if (c) return c;
    }
    throw new Error(`test server: endpoint ${endpoint} has no contact${uri ? ` ${uri}` : ''}`);
  }

  private removeContact(contact: ContactState): void {
    const list = this.contacts.get(contact.aor) ?? [];
    const i = list.indexOf(contact);
    if (i >= 0) list.splice(i, 1);
    if (list.length === 0) this.contacts.delete(contact.aor);
  }

  private endpointReachable(endpoint: string): boolean {
    const ep = this.pjsip.endpoints.get(endpoint);
    for (const a of ep?.aors ?? [])
      for (const c of this.contacts.get(a) ?? []) if (c.status !== 'Unreachable') return true;
    return false;
  }

  private computeDeviceState(endpoint: string): string {
    const mine = this.channels().filter((c) => c.endpoint === endpoint);
    if (!this.endpointReachable(endpoint) && mine.length === 0) return 'UNAVAILABLE';
    const ringing = mine.some((c) => c.state === 5);
    const busy = mine.some((c) => c.state !== 5);
    if (ringing && busy) return 'RINGINUSE';
    if (ringing) return 'RINGING';
    if (busy) return 'INUSE';
    return this.endpointReachable(endpoint) ? 'NOT_INUSE' : 'UNAVAILABLE';
  }

  private updateDeviceState(endpoint: string): void {
    const state = this.computeDeviceState(endpoint);
    const before = this.deviceStates.get(endpoint) ?? 'UNAVAILABLE';
    if (state === before) return;
    this.deviceStates.set(endpoint, state);
    this.event('DeviceStateChange', 'call', [
      ['Device', `PJSIP/${endpoint}`],
      ['State', state],
    ]);
  }

  private ensureExpiryTimer(): void {
    if (this.expiryTimer) return;
    this.expiryTimer = setInterval(() => {
      const now = Date.now();
      for (const c of this.listContacts()) if (c.expiresAt <= now) this.expire(c.endpoint, c.uri);
    }, 1000);
    this.expiryTimer.unref();
  }

  private newChannel(
    endpoint: string,
    init: {
      state: number;
      callerNum: string;
      callerName: string;
      context: string;
      exten: string;
      linkedid?: string;
    },
  ): Channel {
    const seq = this.channelSeq++;
    const uniqueid = `${Math.floor(Date.now() / 1000)}.${seq}`;
    return {
      name: `PJSIP/${endpoint}-${seq.toString(16).padStart(8, '0')}`,
      endpoint,
      uniqueid,
      linkedid: init.linkedid ?? uniqueid,
      state: init.state,
      callerNum: init.callerNum,
      callerName: init.callerName,
      connectedNum: '<unknown>',
      connectedName: '<unknown>',
      context: init.context,
      exten: init.exten,
      priority: 1,
      application: '',
      appData: '',
      bridgeId: '',
      sipCallId: uuid(),
      createdAt: Date.now(),
      hungUp: false,
    };
  }

  /** Marks a channel hung up (out of live lists; kept on its call for CDRs) and updates its device. */
  private destroyChannel(ch: Channel, updateDevice: boolean): void {
    ch.hungUp = true;
    if (updateDevice) this.updateDeviceState(ch.endpoint);
  }

  private decline(call: Call, cause: number): void {
    const a = call.caller!;
    const b = call.callee!;
    this.event('Hangup', 'call', [
      ...snapshot(b),
      ['Cause', String(cause)],
      ['Cause-txt', causeText(cause)],
    ]);
    this.destroyChannel(b, true);
    const status = cause === 17 ? 'BUSY' : 'CONGESTION';
    this.event('DialEnd', 'call', [...snapshot(a), ...snapshot(b, 'Dest'), ['DialStatus', status]]);
    this.varSet(a, 'DIALSTATUS', status);
    a.priority = 2;
    const ep = this.pjsip.endpoints.get(a.endpoint);
    const next = this.nextPriority(ep?.context ?? a.context, call.dialExten, 2);
    this.event('Newexten', 'dialplan', [
      ...snapshot(a),
      ['Extension', call.dialExten],
      ['Application', next.application],
      ['AppData', next.appData],
    ]);
    this.event('SoftHangupRequest', 'call', [...snapshot(a), ['Cause', '16']]);
    this.cdr(call, status === 'BUSY' ? 'BUSY' : 'FAILED');
    this.event('Hangup', 'call', [
      ...snapshot(a),
      ['Cause', String(cause)],
      ['Cause-txt', causeText(cause)],
    ]);
    this.destroyChannel(a, true);
    call.phase = 'ended';
  }

  /** AMI Hangup of a channel (recording 34 for an originate that still rings). */
  private hangupChannel(name: string, cause?: number): boolean {
    for (const call of this.calls.values()) {
      if (call.phase === 'ended') continue;
      if (call.originate && call.callee?.name === name) {
        const ch = call.callee;
        if (call.phase === 'ringing') {
          this.event('DialEnd', 'call', [...snapshot(ch, 'Dest'), ['DialStatus', 'NOANSWER']]);
          this.originateResponse(call, 'Failure', '0', '<unknown>');
          const c = cause ?? 0;
          this.event('Hangup', 'call', [
            ...snapshot(ch),
            ['Cause', String(c)],
            ['Cause-txt', causeText(c)],
          ]);
        } else {
          const c = cause ?? 16;
          this.event('HangupRequest', 'call', [...snapshot(ch), ['Cause', String(c)]]);
          this.event('Hangup', 'call', [
            ...snapshot(ch),
            ['Cause', String(c)],
            ['Cause-txt', causeText(c)],
          ]);
        }
        this.destroyChannel(ch, true);
        call.phase = 'ended';
        return true;
      }
      if (call.caller?.name === name && !call.caller.hungUp) {
        this.hangup(call.id, { by: 'caller', cause });
        return true;
      }
      if (call.callee?.name === name && !call.callee.hungUp) {
        this.hangup(call.id, { by: 'callee', cause });
        return true;
      }
    }
    return false;
  }

  private originateResponse(call: Call, response: string, reason: string, uniqueid: string): void {
    const o = call.originate!;
    const fields: Fields = [['Privilege', 'call,all']];
    if (o.actionId !== null) fields.push(['ActionID', o.actionId]);
    fields.push(
      ['Response', response],
      ['Channel', `PJSIP/${call.calleeEndpoint}`],
      ['Context', o.context],
      ['Exten', o.exten],
      ['Reason', reason],
      ['Uniqueid', uniqueid],
      ['CallerIDNum', o.callerIdNum],
      ['CallerIDName', o.callerIdName],
    );
    this.broadcastEvent('OriginateResponse', fields);
  }

  private requireCall(callId: string, phase: CallPhase): Call {
    const call = this.calls.get(callId);
    if (!call || call.phase !== phase)
      throw new Error(`test server: call ${callId} is not ${phase}`);
    return call;
  }

  private handle(call: Call): CallHandle {
    const callerCh = call.caller ?? null;
    return {
      id: call.id,
      caller: call.originate ? null : (callerCh?.endpoint ?? null),
      callee: call.calleeEndpoint,
      callerChannel: callerCh?.name ?? null,
      calleeChannel: call.callee?.name ?? null,
    };
  }

  private dialFor(context: string, exten: string): { application: string; appData: string } {
    const entry = this.findExten(context, exten, 1);
    if (entry) return entry;
    return { application: 'Dial', appData: `PJSIP/${exten},20` };
  }

  private nextPriority(
    context: string,
    exten: string,
    priority: number,
  ): { application: string; appData: string } {
    return this.findExten(context, exten, priority) ?? { application: 'Hangup', appData: '' };
  }

  private findExten(
    context: string,
    exten: string,
    priority: number,
  ): { application: string; appData: string } | null {
    const e = this.dialplan.find(context, exten, priority);
    if (!e) return null;
    return { application: e.application, appData: e.appData.replace(/\$\{EXTEN\}/g, exten) };
  }

  private sipHost(): string {
    if (this.options.sipDomain) return this.options.sipDomain;
    for (const t of this.pjsip.transports.values()) {
      const host = t.bind.replace(/:\d+$/, '');
      return host === '0.0.0.0' ? '127.0.0.1' : host;
    }
    return '127.0.0.1';
  }

  private sipLocal(): string {
    const t = this.pjsip.transports.values().next().value;
    const bind = t ? t.bind.replace(/^0\.0\.0\.0/, '127.0.0.1') : '127.0.0.1:5060';
    const [host, port] = [bind.replace(/:\d+$/, ''), bind.split(':').pop()];
    return `IPV4/${(t?.protocol ?? 'udp').toUpperCase()}/${host}/${port}`;
  }

  // ───────────────────────────── internals: events ─────────────────────────────

  private event(name: string, klass: string, fields: Fields): void {
    this.broadcastEvent(name, [['Privilege', `${klass},all`], ...fields]);
  }

  private broadcastEvent(name: string, fields: Fields): void {
    this.broadcast([['Event', name], ...fields]);
  }

  private broadcast(fields: Fields): void {
    const privilege = fields.find(([k]) => k === 'Privilege')?.[1] ?? 'all';
    const classes = privilege.split(',');
    const text = block(fields);
    for (const s of this.sessions) {
      if (!s.authed || s.events === null) continue;
      if (s.events !== 'all' && !classes.some((c) => (s.events as Set<string>).has(c))) continue;
      s.socket.write(text);
    }
  }

  private varSet(ch: Channel, variable: string, value: string): void {
    this.event('VarSet', 'dialplan', [...snapshot(ch), ['Variable', variable], ['Value', value]]);
  }

  private trunkHost(): import('./trunks').TrunkHost {
    return {
      broadcast: (fields) => this.broadcast(fields),
      sipAddress: () => this.sipLocal().split('/').slice(2).join(':'),
      localPassword: (user) => {
        for (const a of this.pjsip.auths.values()) if (a.username === user) return a.password;
        return undefined;
      },
      securityAuth: (endpoint, sessionId, ok) => {
        const [addr, port] = this.sipLocal().split('/').slice(2);
        if (ok) this.securityAuth(endpoint, sessionId, addr!, Number(port));
        else this.securityChallenge(endpoint, sessionId, addr!, Number(port));
      },
      hasSelfContact: (user, uri) =>
        this.listContacts().some((c) => c.endpoint === user && c.uri === uri),
      registerSelfContact: (user, uri, callId) => {
        const [addr, port] = this.sipLocal().split('/').slice(2);
        const before = this.listContacts().some((c) => c.endpoint === user && c.uri === uri);
        // A refresh of a contact still there shows only the security events (47 rec-10).
        if (before) return;
        this.registerQuiet(user, {
          uri,
          callId,
          viaAddr: addr,
          viaPort: Number(port),
          userAgent: `Asterisk PBX ${this.options.asteriskVersion}`,
        });
      },
      unregisterSelfContact: (user, uri) => this.unregisterQuiet(user, uri),
      log: (line) => this.logLines.push(line),
    };
  }

  /** A contact of this server's own trunk (it registers to itself): the trunk model sent the security events. */
  private registerQuiet(endpoint: string, opts: RegisterOptions): void {
    this.securityMuted = true;
    try {
      this.register(endpoint, opts);
    } finally {
      this.securityMuted = false;
    }
  }

  private unregisterQuiet(endpoint: string, uri: string): void {
    this.securityMuted = true;
    try {
      this.unregister(endpoint, uri);
    } finally {
      this.securityMuted = false;
    }
  }

  /** A REGISTER challenged and answered with the wrong password: ChallengeSent only (47 rec-7). */
  private securityChallenge(
    endpoint: string,
    sessionId: string,
    viaAddr: string,
    viaPort: number,
  ): void {
    this.broadcastEvent('ChallengeSent', [
      ['Privilege', 'security,all'],
      ['EventTV', eventTv()],
      ['Severity', 'Informational'],
      ['Service', 'PJSIP'],
      ['EventVersion', '1'],
      ['AccountID', endpoint],
      ['SessionID', sessionId],
      ['LocalAddress', this.sipLocal()],
      ['RemoteAddress', `IPV4/UDP/${viaAddr}/${viaPort}`],
      ['Challenge', ''],
    ]);
  }

  private securityAuth(
    endpoint: string,
    sessionId: string,
    viaAddr: string,
    viaPort: number,
  ): void {
    if (this.securityMuted) return;
    const common: Fields = [
      ['Privilege', 'security,all'],
      ['EventTV', eventTv()],
      ['Severity', 'Informational'],
      ['Service', 'PJSIP'],
      ['EventVersion', '1'],
      ['AccountID', endpoint],
      ['SessionID', sessionId],
      ['LocalAddress', this.sipLocal()],
      ['RemoteAddress', `IPV4/UDP/${viaAddr}/${viaPort}`],
    ];
    this.broadcastEvent('ChallengeSent', [...common, ['Challenge', '']]);
    this.broadcastEvent('SuccessfulAuth', [...common, ['UsingPassword', '1']]);
  }

  private peerStatus(endpoint: string, status: string): Fields {
    return [
      ['Event', 'PeerStatus'],
      ['Privilege', 'system,all'],
      ['ChannelType', 'PJSIP'],
      ['Peer', `PJSIP/${endpoint}`],
      ['PeerStatus', status],
    ];
  }

  private contactStatus(c: ContactState, status: string, rtt: number): Fields {
    return [
      ['Event', 'ContactStatus'],
      ['Privilege', 'system,all'],
      ['URI', c.uri],
      ['ContactStatus', status],
      ['AOR', c.aor],
      ['EndpointName', c.endpoint],
      ['RoundtripUsec', String(rtt)],
    ];
  }

  private cdr(call: Call, disposition: string): void {
    const a = call.caller!;
    const b = call.callee;
    const end = Date.now();
    const duration = Math.floor((end - call.startedAt) / 1000);
    const billable = call.answeredAt ? Math.floor((end - call.answeredAt) / 1000) : 0;
    this.event('Cdr', 'cdr', [
      ['AccountCode', ''],
      ['Source', a.callerNum],
      ['Destination', call.dialExten],
      ['DestinationContext', a.context],
      ['CallerID', `"${a.callerName}" <${a.callerNum}>`],
      ['Channel', a.name],
      ['DestinationChannel', b?.name ?? ''],
      ['LastApplication', a.application],
      ['LastData', a.appData],
      ['StartTime', cdrTime(call.startedAt)],
      ['AnswerTime', call.answeredAt ? cdrTime(call.answeredAt) : ''],
      ['EndTime', cdrTime(end)],
      ['Duration', String(duration)],
      ['BillableSeconds', String(billable)],
      ['Disposition', disposition],
      ['AMAFlags', 'DOCUMENTATION'],
      ['UniqueID', a.uniqueid],
      ['UserField', ''],
    ]);
  }

  // ───────────────────────────── internals: sessions ─────────────────────────────

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
    this.sessions.add(session);
    socket.on('error', () => {});
    socket.on('close', () => this.sessions.delete(session));
    socket.on('data', (chunk: Buffer) => {
      const readyAt = Date.now() + this.options.latencyMs;
      for (const msg of session.parser.push(chunk)) {
        session.queue = session.queue.then(async () => {
          const wait = readyAt - Date.now();
          if (wait > 0) await sleep(wait);
          if (this.unresponsive || socket.destroyed) return;
          try {
            await this.handleAction(session, msg);
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

  private localAddr(s: Session): string {
    return `IPV4/TCP/${s.socket.localAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1'}/${s.socket.localPort ?? 0}`;
  }

  private remoteAddr(s: Session): string {
    return `IPV4/TCP/${s.socket.remoteAddress?.replace(/^::ffff:/, '') ?? '127.0.0.1'}/${s.socket.remotePort ?? 0}`;
  }

  private async handleAction(s: Session, msg: AmiMessage): Promise<void> {
    const action = amiGet(msg, 'Action');
    const id = amiGet(msg, 'ActionID');
    const idField: Fields = id !== undefined ? [['ActionID', id]] : [];
    const respond = (response: string, fields: Fields = []): void => {
      s.socket.write(block([['Response', response], ...idField, ...fields]));
    };
    const error = (message: string): void => respond('Error', [['Message', message]]);
    if (action === undefined) {
      error('Missing action in request');
      return;
    }
    const name = action.toLowerCase();
    this.actionCounts.set(name, (this.actionCounts.get(name) ?? 0) + 1);

    if (name === 'login') return this.login(s, msg, respond);
    if (name === 'logoff') {
      respond('Goodbye', [['Message', 'Thanks for all the fish.']]);
      s.socket.end();
      return;
    }
    if (!s.authed) {
      error('Permission denied');
      return;
    }
    const user = this.options.users[s.username ?? ''];
    if (typeof user === 'object' && user.deny?.includes(name)) {
      error('Permission denied');
      return;
    }

    switch (name) {
      case 'ping':
        respond('Success', [
          ['Ping', 'Pong'],
          ['Timestamp', unixMicros()],
        ]);
        return;
      case 'coresettings':
        respond('Success', [
          ['AMIversion', '11.0.0'],
          ['AsteriskVersion', this.options.asteriskVersion],
          ['SystemName', ''],
          ['CoreMaxCalls', '0'],
          ['CoreMaxLoadAvg', '0.000000'],
          ['CoreRunUser', ''],
          ['CoreRunGroup', ''],
          ['CoreMaxFilehandles', '0'],
          ['CoreRealTimeEnabled', 'No'],
          ['CoreCDRenabled', 'Yes'],
          ['CoreHTTPenabled', 'No'],
          ['SoundsSearchCustomDir', 'No'],
        ]);
        return;
      case 'corestatus': {
        const start = cdrTime(this.startedAt).split(' ');
        const reload = cdrTime(this.lastReloadAt).split(' ');
        respond('Success', [
          ['CoreStartupDate', start[0]!],
          ['CoreStartupTime', start[1]!],
          ['CoreReloadDate', reload[0]!],
          ['CoreReloadTime', reload[1]!],
          ['CoreCurrentCalls', String(new Set(this.channels().map((c) => c.linkedid)).size)],
          ['CoreProcessedCalls', String(this.processedCalls)],
        ]);
        return;
      }
      case 'command':
        return this.command(s, amiGet(msg, 'Command') ?? '', respond);
      case 'reload':
        return this.reloadAction(amiGet(msg, 'Module'), respond);
      case 'pjsipshowendpoints':
        return this.listEndpoints(s, idField, respond);
      case 'pjsipshowendpoint':
        return this.showEndpoint(s, amiGet(msg, 'Endpoint') ?? '', idField, respond);
      case 'pjsipshowcontacts':
        return this.listContactsAction(s, idField, respond);
      case 'pjsipshowaors':
        return this.listAors(s, idField, respond);
      case 'pjsipshowauths':
        return this.listAuths(s, idField, respond);
      case 'pjsipshowregistrationsinbound':
        return this.listInboundRegistrations(s, idField, respond);
      case 'pjsipshowregistrationinboundcontactstatuses':
        return this.listContactStatuses(s, idField, respond);
      case 'pjsipshowregistrationsoutbound': {
        const regs = this.trunks.list();
        const registered = regs.filter((r) => r.status === 'Registered').length;
        // ListItems counts registrations, not the AuthDetail events between them (47).
        return this.answerList(s, idField, respond, {
          message: 'Following are Events for each Outbound registration',
          complete: 'OutboundRegistrationDetailComplete',
          items: regs.flatMap((r) => outboundRegistrationItems(r, idField)),
          count: regs.length,
          extra: [
            ['Registered', String(registered)],
            ['NotRegistered', String(regs.length - registered)],
          ],
        });
      }
      case 'pjsipregister':
      case 'pjsipunregister': {
        const reg = amiGet(msg, 'Registration') ?? '';
        const register = name === 'pjsipregister';
        if (!this.trunks.get(reg)) return error('Unable to retrieve registration entry\n');
        // Asterisk answers once the request is queued; the SIP exchange follows (47 rec-7).
        respond('Success', [['Message', register ? 'Reregistration sent' : 'Unregistration sent']]);
        if (register) this.trunks.registerNow(reg);
        else this.trunks.unregisterNow(reg);
        return;
      }
      case 'pjsipshowsubscriptionsinbound':
      case 'pjsipshowsubscriptionsoutbound': {
        const dir = name.endsWith('inbound') ? 'inbound' : 'outbound';
        return this.answerList(s, idField, respond, {
          message: `Following are Events for each ${dir} Subscription`,
          complete: `${dir === 'inbound' ? 'Inbound' : 'Outbound'}SubscriptionDetailComplete`,
          items: [],
        });
      }
      case 'pjsipshowmaintenance':
        return this.answerList(s, idField, respond, {
          message: 'Maintenance status events follow',
          complete: 'PJSIPMaintenanceStatusComplete',
          items: [],
        });
      case 'pjsipshowresourcelists':
        error('No resource lists found\n');
        return;
      case 'pjsipqualify': {
        const ep = amiGet(msg, 'Endpoint') ?? '';
        if (!this.pjsip.endpoints.has(ep)) error(`Unable to retrieve endpoint ${ep}\n`);
        else respond('Success', [['Message', 'Endpoint found, will qualify']]);
        return;
      }
      case 'coreshowchannels':
        return this.listChannels(s, idField, respond);
      case 'showdialplan':
        return this.showDialplanAction(s, msg, idField, respond);
      case 'dialplanextensionadd': {
        const r = extensionAdd(this.dialplan, (k) => amiGet(msg, k));
        respond(r.ok ? 'Success' : 'Error', [['Message', r.message]]);
        if (r.newHint) {
          const { extension, context, application } = r.newHint;
          this.event(
            'ExtensionStatus',
            'call',
            extensionStatusFields(extension, context, application, this.hintStateOf(application)),
          );
        }
        return;
      }
      case 'dialplanextensionremove': {
        const r = extensionRemove(this.dialplan, (k) => amiGet(msg, k));
        respond(r.ok ? 'Success' : 'Error', [['Message', r.message]]);
        return;
      }
      case 'extensionstate': {
        const exten = amiGet(msg, 'Exten') ?? '';
        const context = amiGet(msg, 'Context') ?? '';
        const hint = this.dialplan.hint(context, exten)?.application ?? '';
        const state: [number, string] = hint ? this.hintStateOf(hint) : [-1, 'Unknown'];
        respond('Success', [
          ['Message', 'Extension Status'],
          ...extensionStatusFields(exten, context, hint, state),
        ]);
        return;
      }
      case 'devicestatelist':
        return this.deviceStateList(s, idField, respond);
      case 'extensionstatelist':
        // The wrapper is recording 28's (no hints there); each item has the fields of 45's
        // ExtensionStatus event, as pbx.c's action_extensionstatelist writes them.
        return this.answerList(s, idField, respond, {
          message: 'Extension Statuses will follow',
          complete: 'ExtensionStateListComplete',
          items: [...this.dialplan.exactHints()].map((h) => [
            ['Event', 'ExtensionStatus'],
            ...idField,
            ...extensionStatusFields(
              h.extension,
              h.context,
              h.application,
              this.hintStateOf(h.application),
            ),
          ]),
        });
      case 'originate': {
        const chan = amiGet(msg, 'Channel') ?? '';
        const m = /^PJSIP\/(.+)$/i.exec(chan);
        if (!m || !this.pjsip.endpoints.has(m[1]!)) {
          error('Originate failed');
          return;
        }
        respond('Success', [['Message', 'Originate successfully queued']]);
        this.originate(m[1]!, {
          context: amiGet(msg, 'Context'),
          exten: amiGet(msg, 'Exten'),
          callerId: amiGet(msg, 'CallerID'),
          actionId: id ?? null,
        });
        return;
      }
      case 'hangup': {
        const chan = amiGet(msg, 'Channel') ?? '';
        if (!this.channels().some((c) => c.name === chan)) {
          error('No such channel');
          return;
        }
        respond('Success', [['Message', 'Channel Hungup']]);
        this.hangupChannel(chan, Number(amiGet(msg, 'Cause') ?? NaN) || undefined);
        return;
      }
      case 'listcommands':
        respond('Success', LIST_COMMANDS);
        return;
      default:
        error(
          `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`,
        );
        this.broadcastEvent('RequestBadFormat', [
          ['Privilege', 'security,all'],
          ['EventTV', eventTv()],
          ['Severity', 'Error'],
          ['Service', 'AMI'],
          ['EventVersion', '1'],
          ['SessionID', s.sessionId],
          ['LocalAddress', this.localAddr(s)],
          ['RemoteAddress', this.remoteAddr(s)],
          ['RequestType', `Action: ${action}`],
          ['SessionTV', s.sessionTv],
          ['AccountID', s.username ?? ''],
        ]);
    }
  }

  private async login(s: Session, msg: AmiMessage, respond: Respond): Promise<void> {
    const username = amiGet(msg, 'Username') ?? '';
    const secret = amiGet(msg, 'Secret') ?? '';
    const known = Object.prototype.hasOwnProperty.call(this.options.users, username);
    const entry = known ? this.options.users[username]! : undefined;
    const expected = typeof entry === 'string' ? entry : entry?.secret;
    if (!known || expected !== secret) {
      const common: Fields = [
        ['Privilege', 'security,all'],
        ['EventTV', eventTv()],
        ['Severity', 'Error'],
        ['Service', 'AMI'],
      ];
      const tail: Fields = [
        ['AccountID', username],
        ['SessionID', s.sessionId],
        ['LocalAddress', this.localAddr(s)],
        ['RemoteAddress', this.remoteAddr(s)],
        ['SessionTV', '1970-01-01T00:00:00.000+0000'],
      ];
      if (known)
        this.broadcastEvent('InvalidPassword', [...common, ['EventVersion', '2'], ...tail]);
      else this.broadcastEvent('InvalidAccountID', [...common, ['EventVersion', '1'], ...tail]);
      await sleep(this.options.authFailDelayMs);
      respond('Error', [['Message', 'Authentication failed']]);
      s.socket.end();
      s.socket.destroySoon?.();
      return;
    }
    const events = (amiGet(msg, 'Events') ?? 'on').trim().toLowerCase();
    s.authed = true;
    s.username = username;
    s.sessionTv = eventTv();
    s.events =
      events === 'off' || events === 'no' || events === 'false'
        ? null
        : events === 'on' || events === 'yes' || events === 'true' || events === 'all'
          ? 'all'
          : new Set(events.split(',').map((e) => e.trim()));
    respond('Success', [['Message', 'Authentication accepted']]);
    if (s.events !== null) {
      s.socket.write(
        block([
          ['Event', 'FullyBooted'],
          ['Privilege', 'system,all'],
          ['Uptime', String(Math.floor((Date.now() - this.startedAt) / 1000))],
          ['LastReload', String(Math.floor((Date.now() - this.lastReloadAt) / 1000))],
          ['Status', 'Fully Booted'],
        ]),
      );
    }
    this.broadcastEvent('SuccessfulAuth', [
      ['Privilege', 'security,all'],
      ['EventTV', eventTv()],
      ['Severity', 'Informational'],
      ['Service', 'AMI'],
      ['EventVersion', '1'],
      ['AccountID', username],
      ['SessionID', s.sessionId],
      ['LocalAddress', this.localAddr(s)],
      ['RemoteAddress', this.remoteAddr(s)],
      ['UsingPassword', '0'],
      ['SessionTV', s.sessionTv],
    ]);
  }

  private async command(s: Session, cli: string, respond: Respond): Promise<void> {
    const cmd = cli.trim().replace(/\s+/g, ' ');
    const lower = cmd.toLowerCase();
    this.commandCounts.set(lower, (this.commandCounts.get(lower) ?? 0) + 1);
    const output = (lines: string[]): void =>
      respond('Success', [
        ['Message', 'Command output follows'],
        ...lines.map((l): [string, string] => ['Output', l]),
      ]);
    if (lower === 'pjsip show endpoints') return output(pjsipShowEndpoints(this));
    if (lower === 'pjsip show contacts') return output(pjsipShowContacts(this));
    if (lower === 'pjsip show transports') return output(pjsipShowTransports(this));
    if (lower === 'core show channels') return output(coreShowChannels(this, this.processedCalls));
    if (lower === 'core show codecs' && this.answersCoreShowCodecs) return output(coreShowCodecs());
    if (lower === 'core show version') {
      return output([
        `Asterisk ${this.options.asteriskVersion} built by root @ vm on a x86_64 running Linux on ${cdrTime(this.startedAt)} UTC`,
      ]);
    }
    if (lower === 'dialplan reload') {
      await this.reloadDialplan();
      return output(['Dialplan reloaded.']);
    }
    // `module reload a [b …]`: Asterisk's CLI reloads each named module in turn, one line each;
    // `pjsip reload` is an alias for the eight PJSIP modules (24c).
    const mod = /^module reload (\S+(?: \S+)*)$/i.exec(cmd);
    if (mod || lower === 'pjsip reload') {
      const names = mod ? mod[1]!.split(' ') : PJSIP_RELOAD_MODULES;
      const outcomes: Array<[string, ReloadStatus]> = [];
      for (const m of names) outcomes.push([m, await this.reloader.reload(m)]);
      output(outcomes.map(([m, st]) => cliReloadLine(m, st)));
      // ast_module_reload publishes every outcome, a refusal or an unknown module too.
      for (const [m, st] of outcomes) this.reloadEvent(m, String(st));
      return;
    }
    respond('Error', [
      ['Message', 'Command output follows'],
      [
        'Output',
        `No such command '${cmd}' (type 'core show help ${cmd}' for other possible commands)`,
      ],
    ]);
  }

  private reloadEvent(module: string, status: string): void {
    this.broadcastEvent('Reload', [
      ['Privilege', 'system,all'],
      ['Module', module],
      ['Status', status],
    ]);
  }

  private async reloadAction(module: string | undefined, respond: Respond): Promise<void> {
    const name = module === undefined || module.trim() === '' ? null : module;
    const status = await this.reloader.reload(name);
    const answer = amiReloadAnswer(status);
    respond(answer.response, [['Message', answer.message]]);
    this.reloadEvent(name ?? 'All', String(status));
  }

  /** Writes a whole list in one socket write: 10,000 events are one buffer, as Asterisk's are a few. */
  private writeList(s: Session, items: Fields[]): void {
    let out = '';
    for (const f of items) out += block(f);
    if (out) s.socket.write(out);
  }

  /**
   * A list action's answer as Asterisk gives it: the `EventList: start` response with `message`,
   * the items, then the `complete` event with `ListItems` (and `extra` fields). `empty` is the
   * error some actions answer instead when there is nothing to list ("No Contacts found\n").
   */
  private answerList(
    s: Session,
    idField: Fields,
    respond: Respond,
    list: {
      message: string;
      complete: string;
      items: Fields[];
      empty?: string;
      extra?: Fields;
      /** ListItems when it is not the number of events (a registration comes with its auth). */
      count?: number;
    },
  ): void {
    if (list.empty !== undefined && list.items.length === 0) {
      respond('Error', [['Message', list.empty]]);
      return;
    }
    respond('Success', [
      ['EventList', 'start'],
      ['Message', list.message],
    ]);
    this.writeList(s, [
      ...list.items,
      [
        ['Event', list.complete],
        ...idField,
        ['EventList', 'Complete'],
        ['ListItems', String(list.count ?? list.items.length)],
        ...(list.extra ?? []),
      ],
    ]);
  }

  private endpointList(name: string, idField: Fields): Fields {
    const ep = this.pjsip.endpoints.get(name)!;
    const fields: Fields = [
      ['Event', 'EndpointList'],
      ...idField,
      ['ObjectType', 'endpoint'],
      ['ObjectName', name],
      ['Transport', ep.transport],
      ['Aor', ep.aors.join(',')],
      ['Auths', ep.auths.join(',')],
      ['OutboundAuths', ep.outboundAuths.join(',')],
    ];
    if (ep.aors.length > 0) {
      let contacts = '';
      for (const a of ep.aors)
        for (const c of this.contacts.get(a) ?? []) contacts += `${a}/${c.uri},`;
      fields.push(['Contacts', contacts]);
    }
    fields.push(
      ['DeviceState', this.deviceStateText(name)],
      ['ActiveChannels', String(this.activeChannels(name))],
    );
    return fields;
  }

  private listEndpoints(s: Session, idField: Fields, respond: Respond): void {
    this.answerList(s, idField, respond, {
      message: 'A listing of Endpoints follows, presented as EndpointList events',
      complete: 'EndpointListComplete',
      items: [...this.pjsip.endpoints.keys()].sort().map((n) => this.endpointList(n, idField)),
      empty: 'No endpoints found\n',
    });
  }

  private aorFields(aorName: string, variant: 'list' | 'detail' | 'inbound'): Fields {
    const aor = this.pjsip.aors.get(aorName)!;
    const contacts = this.contacts.get(aorName) ?? [];
    const joined = contacts.map((c) => `${aorName}/${c.uri}`).join(',');
    const out: Fields = [
      ['ObjectType', 'aor'],
      ['ObjectName', aorName],
    ];
    for (const [k, v] of aor.fields) {
      if (k === 'Contacts') out.push([variant === 'inbound' ? 'Contact' : 'Contacts', joined]);
      else out.push([k, v]);
    }
    if (variant === 'inbound')
      out.push(['Contacts', contacts.map((c) => `${aorName}/${c.uri},`).join('')]);
    if (variant === 'detail') {
      out.push(
        ['TotalContacts', String(contacts.length)],
        ['ContactsRegistered', String(contacts.length)],
      );
    }
    return out;
  }

  private contactStatusDetail(c: ContactState, idField: Fields): Fields {
    const aor = this.pjsip.aors.get(c.aor);
    return [
      ['Event', 'ContactStatusDetail'],
      ...idField,
      ['AOR', c.aor],
      ['URI', c.uri],
      ['UserAgent', c.userAgent],
      ['RegExpire', String(Math.floor(c.expiresAt / 1000))],
      ['ViaAddress', `${c.viaAddr}:${c.viaPort}`],
      ['CallID', c.callId],
      ['Status', c.status],
      ['RoundtripUsec', c.status === 'Reachable' ? String(c.rttUsec) : 'N/A'],
      ['EndpointName', c.endpoint],
      ['ID', `${c.aor};@${c.hash}`],
      ['AuthenticateQualify', '0'],
      ['OutboundProxy', ''],
      ['Path', ''],
      ['QualifyFrequency', String(aor?.qualifyFrequency ?? 0)],
      ['QualifyTimeout', (aor?.qualifyTimeout ?? 3).toFixed(3)],
      ['Qualify2xxOnly', '0'],
    ];
  }

  private showEndpoint(s: Session, name: string, idField: Fields, respond: Respond): void {
    const endpointName = name.replace(/^pjsip\//i, '');
    if (!endpointName) {
      respond('Error', [['Message', 'PJSIPShowEndpoint requires an endpoint name\n']]);
      return;
    }
    const ep = this.pjsip.endpoints.get(endpointName);
    if (!ep) {
      respond('Error', [['Message', `Unable to retrieve endpoint ${endpointName}\n`]]);
      return;
    }
    const items: Fields[] = [];
    items.push([
      ['Event', 'EndpointDetail'],
      ...idField,
      ['ObjectType', 'endpoint'],
      ['ObjectName', endpointName],
      ...ep.detail,
      ['DeviceState', this.deviceStateText(endpointName)],
      ['ActiveChannels', String(this.activeChannels(endpointName))],
    ]);
    for (const a of [...ep.auths, ...ep.outboundAuths]) {
      const auth = this.pjsip.auths.get(a);
      if (!auth) continue;
      items.push([
        ['Event', 'AuthDetail'],
        ...idField,
        ['ObjectType', 'auth'],
        ['ObjectName', a],
        ...auth.fields,
        ['EndpointName', endpointName],
      ]);
    }
    const tr = this.pjsip.transports.get(ep.transport);
    if (tr) {
      items.push([
        ['Event', 'TransportDetail'],
        ...idField,
        ['ObjectType', 'transport'],
        ['ObjectName', tr.name],
        ...tr.fields,
        ['EndpointName', endpointName],
      ]);
    }
    for (const a of ep.aors) {
      if (!this.pjsip.aors.has(a)) continue;
      items.push([
        ['Event', 'AorDetail'],
        ...idField,
        ...this.aorFields(a, 'detail'),
        ['EndpointName', endpointName],
      ]);
      for (const c of this.contacts.get(a) ?? []) items.push(this.contactStatusDetail(c, idField));
    }
    this.answerList(s, idField, respond, {
      message: 'Following are Events for each object associated with the Endpoint',
      complete: 'EndpointDetailComplete',
      items,
    });
  }

  private listContactsAction(s: Session, idField: Fields, respond: Respond): void {
    const all: ContactState[] = [];
    for (const aor of [...this.contacts.keys()].sort()) all.push(...(this.contacts.get(aor) ?? []));
    const items: Fields[] = all.map((c) => {
      const aor = this.pjsip.aors.get(c.aor);
      return [
        ['Event', 'ContactList'],
        ...idField,
        ['ObjectType', 'contact'],
        ['ObjectName', `${c.aor};@${c.hash}`],
        ['ViaAddr', c.viaAddr],
        ['QualifyTimeout', (aor?.qualifyTimeout ?? 3).toFixed(6)],
        ['Qualify2xxOnly', 'false'],
        ['CallId', c.callId],
        ['RegServer', ''],
        ['PruneOnBoot', 'no'],
        ['Path', ''],
        ['Endpoint', c.endpoint],
        ['ViaPort', String(c.viaPort)],
        ['AuthenticateQualify', 'no'],
        ['Uri', c.uri],
        ['QualifyFrequency', String(aor?.qualifyFrequency ?? 0)],
        ['UserAgent', c.userAgent],
        ['ExpirationTime', String(Math.floor(c.expiresAt / 1000))],
        ['OutboundProxy', ''],
        ['Status', c.status],
        ['RoundtripUsec', c.status === 'Reachable' ? String(c.rttUsec) : 'N/A'],
      ];
    });
    this.answerList(s, idField, respond, {
      message: 'A listing of Contacts follows, presented as ContactList events',
      complete: 'ContactListComplete',
      items,
      empty: 'No Contacts found\n',
    });
  }

  private listAors(s: Session, idField: Fields, respond: Respond): void {
    this.answerList(s, idField, respond, {
      message: 'A listing of AORs follows, presented as AorList events',
      complete: 'AorListComplete',
      items: [...this.pjsip.aors.keys()]
        .sort()
        .map((n) => [['Event', 'AorList'], ...idField, ...this.aorFields(n, 'list')]),
      empty: 'No AORs found\n',
    });
  }

  private listAuths(s: Session, idField: Fields, respond: Respond): void {
    const items: Fields[] = [...this.pjsip.auths.keys()]
      .sort()
      .map((n) => [
        ['Event', 'AuthList'],
        ...idField,
        ['ObjectType', 'auth'],
        ['ObjectName', n],
        ...this.pjsip.auths.get(n)!.fields,
      ]);
    this.answerList(s, idField, respond, {
      message: 'A listing of Auths follows, presented as AuthList events',
      complete: 'AuthListComplete',
      items,
      empty: 'No Auths found\n',
    });
  }

  private listInboundRegistrations(s: Session, idField: Fields, respond: Respond): void {
    const items: Fields[] = [];
    for (const name of [...this.pjsip.endpoints.keys()].sort()) {
      for (const a of this.pjsip.endpoints.get(name)!.aors) {
        if (!this.pjsip.aors.has(a)) continue;
        items.push([
          ['Event', 'InboundRegistrationDetail'],
          ...idField,
          ...this.aorFields(a, 'inbound'),
        ]);
      }
    }
    this.answerList(s, idField, respond, {
      message: 'Following are Events for each Inbound registration',
      complete: 'InboundRegistrationDetailComplete',
      items,
    });
  }

  private listContactStatuses(s: Session, idField: Fields, respond: Respond): void {
    const items: Fields[] = [];
    for (const aor of [...this.contacts.keys()].sort())
      for (const c of this.contacts.get(aor) ?? [])
        items.push(this.contactStatusDetail(c, idField));
    this.answerList(s, idField, respond, {
      message: 'Following are ContactStatusEvents for each Inbound registration',
      complete: 'ContactStatusDetailComplete',
      items,
    });
  }

  private listChannels(s: Session, idField: Fields, respond: Respond): void {
    const now = Date.now();
    const items: Fields[] = this.channels().map((ch) => [
      ['Event', 'CoreShowChannel'],
      ...idField,
      ...snapshot(ch),
      ['Application', ch.application],
      ['ApplicationData', ch.appData],
      ['Duration', channelDuration(ch, now)],
      ['BridgeId', ch.bridgeId],
    ]);
    this.answerList(s, idField, respond, {
      message: 'Channels will follow',
      complete: 'CoreShowChannelsComplete',
      items,
    });
  }

  private showDialplanAction(s: Session, msg: AmiMessage, idField: Fields, respond: Respond): void {
    const r = showDialplan(
      this.dialplan,
      amiGet(msg, 'Context'),
      amiGet(msg, 'Extension'),
      idField,
    );
    if (r.error !== undefined) {
      respond('Error', [['Message', r.error]]);
      return;
    }
    this.answerList(s, idField, respond, {
      message: 'DialPlan list will follow',
      complete: 'ShowDialPlanComplete',
      items: r.items,
      extra: [
        ['ListExtensions', String(r.extensions)],
        ['ListPriorities', String(r.items.length)],
        ['ListContexts', String(r.contexts)],
      ],
    });
  }

  private hintStateOf(hint: string): [number, string] {
    return hintState(hint, (ep) =>
      this.pjsip.endpoints.has(ep) ? this.computeDeviceState(ep) : null,
    );
  }

  private deviceStateList(s: Session, idField: Fields, respond: Respond): void {
    const items: Fields[] = [...this.pjsip.endpoints.keys()]
      .sort()
      .map((n) => [
        ['Event', 'DeviceStateChange'],
        ...idField,
        ['Device', `PJSIP/${n}`],
        ['State', this.computeDeviceState(n)],
      ]);
    this.answerList(s, idField, respond, {
      message: 'Device State Changes will follow',
      complete: 'DeviceStateListComplete',
      items,
    });
  }
}

const LIST_COMMANDS: Fields = [
  ['Command', 'Execute Asterisk CLI Command.  (Priv: command,all)'],
  ['CoreSettings', 'Show PBX core settings (version etc).  (Priv: system,reporting,all)'],
  ['CoreShowChannels', 'List currently active channels.  (Priv: system,reporting,all)'],
  ['CoreStatus', 'Show PBX core status variables.  (Priv: system,reporting,all)'],
  ['Hangup', 'Hangup channel.  (Priv: system,call,all)'],
  ['ListCommands', 'List available manager commands.  (Priv: <none>)'],
  ['Login', 'Login Manager.  (Priv: <none>)'],
  ['Logoff', 'Logoff Manager.  (Priv: <none>)'],
  ['Originate', 'Originate a call.  (Priv: originate,all)'],
  ['Ping', 'Keepalive command.  (Priv: <none>)'],
  ['PJSIPQualify', 'Qualify a chan_pjsip endpoint.  (Priv: system,reporting,all)'],
  ['PJSIPShowAors', 'Lists PJSIP AORs.  (Priv: system,reporting,all)'],
  ['PJSIPShowAuths', 'Lists PJSIP Auths.  (Priv: system,reporting,all)'],
  ['PJSIPShowContacts', 'Lists PJSIP Contacts.  (Priv: system,reporting,all)'],
  [
    'PJSIPShowEndpoint',
    'Detail listing of an endpoint and its objects.  (Priv: system,reporting,all)',
  ],
  ['PJSIPShowEndpoints', 'Lists PJSIP endpoints.  (Priv: system,reporting,all)'],
  [
    'PJSIPShowRegistrationsInbound',
    'Lists PJSIP inbound registrations.  (Priv: system,reporting,all)',
  ],
  ['Reload', 'Send a reload event.  (Priv: system,config,all)'],
  ['ShowDialPlan', 'Show dialplan contexts and extensions  (Priv: config,reporting,all)'],
];
