import { resolveConfig } from '../../../src/main/core/config/resolve';
import type { Fields } from './channels';
import { hex } from './channels';
import { eventTv } from './formats';

/**
 * Outbound registrations (`type=registration`, trunks) of the test AMI server, behaving like the
 * Asterisk 22.10.1 of recordings 47 and 47b:
 *  - a new registration (or one whose server/client URI changed, or one left Rejected) is tried
 *    after a reload; an unchanged one keeps its state (47 rec-6: a wrong password written and
 *    reloaded changes nothing until the next REGISTER);
 *  - `PJSIPRegister` un-REGISTERs then REGISTERs again (Registry Unregistered, then the result);
 *    `PJSIPUnregister` un-REGISTERs;
 *  - a provider that answers with the wrong password: Registry Rejected at once (401);
 *  - a provider that does not answer: Registry Rejected after the SIP timeout (~32 s), then a
 *    retry every `retry_interval` (47b and its log line).
 * The provider is this server itself when the server URI is its own SIP address (as recorded:
 * Asterisk registering to itself as endpoint 9900), or one set with `setProvider`.
 */

export type RegistryStatus = 'Registered' | 'Rejected' | 'Unregistered';

export interface RegistrationConfig {
  name: string;
  serverUri: string;
  clientUri: string;
  transport: string;
  outboundAuth: string;
  contactUser: string;
  retryInterval: number;
  forbiddenRetryInterval: number;
  expiration: number;
  maxRetries: number;
  username: string;
  password: string;
  /** The auth section's fields as AuthDetail prints them (password included: Asterisk does). */
  authName: string;
}

interface RegistrationState extends RegistrationConfig {
  status: RegistryStatus;
  timer: NodeJS.Timeout | null;
}

export interface ProviderSpec {
  /** false: nothing answers at that address (the SIP transaction times out). */
  up: boolean;
  /** username → password the provider accepts. */
  accounts: Record<string, string>;
}

export interface TrunkTiming {
  /** Multiplies Asterisk's SIP timeout (32 s) and the retry intervals: tests run them faster. */
  timeScale: number;
  /** Between the un-REGISTER and the REGISTER of a `PJSIPRegister`, and after a reload. */
  attemptDelayMs: number;
}

/** What the model needs from the server it lives in. */
export interface TrunkHost {
  broadcast(fields: Fields): void;
  /** This server's own SIP address (`127.0.0.1:5060`). */
  sipAddress(): string;
  /** Password of the local auth whose username is `user` (self as provider), if any. */
  localPassword(user: string): string | undefined;
  securityAuth(endpoint: string, sessionId: string, ok: boolean): void;
  /** The trunk's contact on this server (self as provider) appears or is refreshed. */
  registerSelfContact(user: string, uri: string, callId: string): void;
  unregisterSelfContact(user: string, uri: string, callId: string): void;
  hasSelfContact(user: string, uri: string): boolean;
  log(line: string): void;
}

const SIP_TIMEOUT_MS = 32_000;

function hostPort(uri: string): string {
  const m = /^sips?:(?:[^@]*@)?([^;>?]+)/.exec(uri.trim());
  const hp = m ? m[1]! : uri;
  return /:\d+$/.test(hp) ? hp : `${hp}:5060`;
}

function userOf(uri: string): string {
  const m = /^sips?:([^@]+)@/.exec(uri.trim());
  return m ? m[1]! : '';
}

/** The registrations of a pjsip.conf, with their outbound auth resolved. */
export function readRegistrations(text: string): Map<string, RegistrationConfig> {
  const sections = resolveConfig(text).sections.filter((s) => !s.isTemplate);
  const auths = new Map<string, Map<string, string>>();
  for (const s of sections) {
    if ((s.type ?? '').trim() !== 'auth') continue;
    auths.set(s.name, new Map(s.options.map(([k, v]) => [k.trim(), v.trim()])));
  }
  const out = new Map<string, RegistrationConfig>();
  for (const s of sections) {
    if ((s.type ?? '').trim() !== 'registration') continue;
    const o = new Map(s.options.map(([k, v]) => [k.trim(), v.trim()]));
    const authName = o.get('outbound_auth') ?? '';
    const auth = auths.get(authName);
    out.set(s.name, {
      name: s.name,
      serverUri: o.get('server_uri') ?? '',
      clientUri: o.get('client_uri') ?? '',
      transport: o.get('transport') ?? '',
      outboundAuth: authName,
      contactUser: o.get('contact_user') ?? 's',
      retryInterval: Number(o.get('retry_interval') ?? 60),
      forbiddenRetryInterval: Number(o.get('forbidden_retry_interval') ?? 0),
      expiration: Number(o.get('expiration') ?? 3600),
      maxRetries: Number(o.get('max_retries') ?? 10),
      username: auth?.get('username') ?? '',
      password: auth?.get('password') ?? '',
      authName,
    });
  }
  return out;
}

export class TrunkModel {
  private readonly regs = new Map<string, RegistrationState>();
  private readonly providers = new Map<string, ProviderSpec>();
  /** One SIP Call-ID per registration, kept across attempts (as Asterisk's client keeps it). */
  private readonly callIds = new Map<string, string>();
  /** Every Registry event sent, with when: lets tests check the timeouts. */
  readonly history: Array<{ name: string; status: RegistryStatus; at: number }> = [];

  constructor(
    private readonly host: TrunkHost,
    readonly timing: TrunkTiming,
  ) {}

  setProvider(address: string, spec: ProviderSpec): void {
    this.providers.set(address, spec);
  }

  get(name: string): RegistrationState | undefined {
    return this.regs.get(name);
  }

  list(): RegistrationState[] {
    return [...this.regs.values()];
  }

  stop(): void {
    for (const r of this.regs.values()) this.clearTimer(r);
  }

  /** A pjsip reload: new, moved or rejected registrations are tried; removed ones stop. */
  load(next: Map<string, RegistrationConfig>): void {
    for (const [name, r] of this.regs) {
      if (next.has(name)) continue;
      this.clearTimer(r);
      this.regs.delete(name);
    }
    for (const [name, cfg] of next) {
      const before = this.regs.get(name);
      if (!before) {
        const r: RegistrationState = { ...cfg, status: 'Unregistered', timer: null };
        this.regs.set(name, r);
        this.schedule(r, this.timing.attemptDelayMs, () => this.attempt(r));
        continue;
      }
      const moved = before.serverUri !== cfg.serverUri || before.clientUri !== cfg.clientUri;
      const old = { ...before };
      Object.assign(before, cfg);
      if (moved) {
        this.clearTimer(before);
        // Sent by the registration thread once the reload is answered (47b rec-2).
        if (old.status === 'Registered') setImmediate(() => this.unregisterFrom(old, before));
        this.schedule(before, this.timing.attemptDelayMs, () => this.attempt(before));
      } else if (before.status === 'Rejected') {
        this.clearTimer(before);
        this.schedule(before, this.timing.attemptDelayMs, () => this.attempt(before));
      }
    }
  }

  /** `PJSIPRegister`: un-REGISTER, then REGISTER. False when there is no such registration. */
  registerNow(name: string): boolean {
    const r = this.regs.get(name);
    if (!r) return false;
    this.clearTimer(r);
    const answered = this.unregisterFrom(r, r);
    this.schedule(r, answered ? this.timing.attemptDelayMs : 0, () => this.attempt(r));
    return true;
  }

  /** `PJSIPUnregister`. False when there is no such registration. */
  unregisterNow(name: string): boolean {
    const r = this.regs.get(name);
    if (!r) return false;
    this.clearTimer(r);
    this.unregisterFrom(r, r);
    return true;
  }

  private clearTimer(r: RegistrationState): void {
    if (r.timer) clearTimeout(r.timer);
    r.timer = null;
  }

  private schedule(r: RegistrationState, ms: number, fn: () => void): void {
    this.clearTimer(r);
    r.timer = setTimeout(() => {
      r.timer = null;
      fn();
    }, ms);
    r.timer.unref?.();
  }

  private provider(r: RegistrationConfig): ProviderSpec & { self: boolean } {
    const address = hostPort(r.serverUri);
    const set = this.providers.get(address);
    if (set) return { ...set, self: false };
    if (address === this.host.sipAddress()) {
      const user = userOf(r.clientUri);
      const pw = this.host.localPassword(user);
      return { up: true, accounts: pw === undefined ? {} : { [user]: pw }, self: true };
    }
    return { up: false, accounts: {}, self: false };
  }

  private callId(r: RegistrationConfig): string {
    let id = this.callIds.get(r.name);
    if (!id) {
      id = `${hex(4)}-${hex(2)}-${hex(2)}-${hex(2)}-${hex(6)}`;
      this.callIds.set(r.name, id);
    }
    return id;
  }

  private registry(r: RegistrationConfig, status: RegistryStatus): void {
    this.history.push({ name: r.name, status, at: Date.now() });
    this.host.broadcast([
      ['Event', 'Registry'],
      ['Privilege', 'system,all'],
      ['ChannelType', 'PJSIP'],
      ['Username', r.clientUri],
      ['Domain', r.serverUri],
      ['Status', status],
    ]);
  }

  private challengeFailed(r: RegistrationConfig): void {
    const local = `IPV4/UDP/${this.host.sipAddress().replace(':', '/')}`;
    this.host.broadcast([
      ['Event', 'ChallengeResponseFailed'],
      ['Privilege', 'security,all'],
      ['EventTV', eventTv()],
      ['Severity', 'Error'],
      ['Service', 'PJSIP'],
      ['EventVersion', '1'],
      ['AccountID', userOf(r.clientUri)],
      ['SessionID', this.callId(r)],
      ['LocalAddress', local],
      ['RemoteAddress', local],
      ['Challenge', `${Math.floor(Date.now() / 1000)}/${hex(16)}`],
      ['Response', hex(16)],
      ['ExpectedResponse', ''],
    ]);
  }

  /**
   * Sends an un-REGISTER for `was` (the registration as it was: server and client URI) and
   * reports on `r`. Returns whether a provider answered.
   */
  private unregisterFrom(was: RegistrationConfig, r: RegistrationState): boolean {
    const p = this.provider(was);
    if (!p.up) return false;
    const user = userOf(was.clientUri);
    const ok = p.accounts[was.username] === was.password;
    if (p.self) {
      this.host.securityAuth(user, this.callId(was), ok);
      if (!ok) this.challengeFailed(was);
    }
    if (!ok) {
      r.status = 'Rejected';
      this.registry(was, 'Rejected');
      return true;
    }
    const hadContact = p.self && this.host.hasSelfContact(user, was.clientUri);
    if (hadContact) this.host.unregisterSelfContact(user, was.clientUri, this.callId(was));
    r.status = 'Unregistered';
    this.registry(was, 'Unregistered');
    return true;
  }

  private attempt(r: RegistrationState): void {
    const p = this.provider(r);
    if (!p.up) {
      // Nothing answers: the transaction times out (timer F, 32 s), then retry_interval.
      this.schedule(r, SIP_TIMEOUT_MS * this.timing.timeScale, () => {
        r.status = 'Rejected';
        this.host.log(
          `WARNING res_pjsip_outbound_registration.c: No response received from '${r.serverUri}' on registration attempt to '${r.clientUri}', retrying in '${r.retryInterval}'`,
        );
        this.registry(r, 'Rejected');
        this.schedule(r, r.retryInterval * 1000 * this.timing.timeScale, () => this.attempt(r));
      });
      return;
    }
    const user = userOf(r.clientUri);
    const ok = p.accounts[r.username] === r.password;
    if (p.self) this.host.securityAuth(user, this.callId(r), ok);
    if (!ok) {
      if (p.self) this.challengeFailed(r);
      r.status = 'Rejected';
      this.host.log(
        `WARNING res_pjsip_outbound_registration.c: Fatal response '401' received from '${r.serverUri}' on registration attempt to '${r.clientUri}', stopping outbound registration`,
      );
      this.registry(r, 'Rejected');
      return;
    }
    if (p.self) this.host.registerSelfContact(user, r.clientUri, this.callId(r));
    r.status = 'Registered';
    this.registry(r, 'Registered');
    // Refreshed before it expires; the refresh itself shows nothing but security events.
    this.schedule(r, r.expiration * 1000 * this.timing.timeScale * 0.9, () => this.attempt(r));
  }
}

/** OutboundRegistrationDetail + AuthDetail of one registration, in recorded field order. */
export function outboundRegistrationItems(r: RegistrationState, idField: Fields): Fields[] {
  return [
    [
      ['Event', 'OutboundRegistrationDetail'],
      ...idField,
      ['ObjectType', 'registration'],
      ['ObjectName', r.name],
      ['MaxRetries', String(r.maxRetries)],
      ['ClientUri', r.clientUri],
      ['SecurityNegotiation', 'no'],
      ['AuthRejectionPermanent', 'true'],
      ['ServerUri', r.serverUri],
      ['MaxRandomInitialDelay', '10'],
      ['SupportPath', 'false'],
      ['RetryInterval', String(r.retryInterval)],
      ['ContactHeaderParams', ''],
      ['Expiration', String(r.expiration)],
      ['Transport', r.transport],
      ['Line', 'false'],
      ['ContactUser', r.contactUser],
      ['Endpoint', ''],
      ['UserAgent', ''],
      ['ForbiddenRetryInterval', String(r.forbiddenRetryInterval)],
      ['OutboundAuth', r.outboundAuth],
      ['OutboundProxy', ''],
      ['FatalRetryInterval', '0'],
      ['SupportOutbound', 'no'],
      ['Status', r.status],
      // Recorded as 0 in every state (Asterisk 22.10.1 fills it only for a pending retry).
      ['NextReg', '0'],
    ],
    [
      ['Event', 'AuthDetail'],
      ...idField,
      ['ObjectType', 'auth'],
      ['ObjectName', r.authName],
      ['OauthSecret', ''],
      ['PasswordDigest', ''],
      ['SupportedAlgorithmsUas', 'MD5'],
      ['RefreshToken', ''],
      ['Username', r.username],
      ['Md5Cred', ''],
      ['Realm', ''],
      ['AuthType', 'userpass'],
      ['Password', r.password],
      ['SupportedAlgorithmsUac', 'MD5'],
      ['NonceLifetime', '32'],
      ['OauthClientid', ''],
    ],
  ];
}
