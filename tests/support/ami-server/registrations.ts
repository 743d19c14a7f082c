import type { Fields } from './channels';
import { hex } from './channels';
import type { CliContact } from './cli';
import { eventTv } from './formats';
import type { AmiTestServer, ContactState, RegisterOptions } from './server';
import type { TrunkHost } from './trunks';

/**
 * The phones' registrations: contacts per AOR, the security events of a REGISTER, and the
 * PeerStatus / ContactStatus events as contacts come, go and stop answering qualify (30, 35, 37,
 * 38). Also this server's own trunk contacts (it can register to itself, 47).
 */
export class Registrations {
  /** AOR name → its contacts, oldest first. */
  readonly contacts = new Map<string, ContactState[]>();

  /** Every contact, AOR by AOR in name order (as Asterisk lists them). */
  contactsInAorOrder(): ContactState[] {
    return [...this.contacts.keys()].sort().flatMap((aor) => this.contacts.get(aor) ?? []);
  }
  private expiryTimer: NodeJS.Timeout | null = null;
  private securityMuted = false;

  constructor(private readonly srv: AmiTestServer) {}

  stop(): void {
    if (this.expiryTimer) clearInterval(this.expiryTimer);
  }

  /** A phone registers (REGISTER with digest auth): ChallengeSent, SuccessfulAuth, then state events (30, 38). */
  register(endpoint: string, opts: RegisterOptions = {}): ContactState {
    const ep = this.srv.pjsip.endpoints.get(endpoint);
    if (!ep) throw new Error(`test server: no endpoint ${endpoint}`);
    const aorName = opts.aor ?? ep.aors[0];
    const aor = aorName ? this.srv.pjsip.aors.get(aorName) : undefined;
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
      this.srv.bus.broadcast(this.contactStatus(oldest, 'Removed', 0));
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
      this.srv.bus.broadcast(this.contactStatus(contact, 'NonQualified', 0));
      if (!wasReachable) this.srv.bus.broadcast(this.peerStatus(endpoint, 'Reachable'));
      contact.status = 'Reachable';
      contact.rttUsec = opts.rttUsec ?? 178;
      this.srv.bus.broadcast(this.contactStatus(contact, 'Reachable', contact.rttUsec));
      this.srv.devices.update(endpoint);
    } else {
      this.srv.devices.update(endpoint);
      if (!wasReachable) this.srv.bus.broadcast(this.peerStatus(endpoint, 'Reachable'));
      this.srv.bus.broadcast(this.contactStatus(contact, 'NonQualified', 0));
    }
    this.ensureExpiryTimer();
    return contact;
  }

  /** A graceful un-REGISTER (Expires: 0): security events, DeviceStateChange, PeerStatus, ContactStatus Removed (35). */
  unregister(endpoint: string, uri?: string): void {
    const contact = this.findContact(endpoint, uri);
    this.securityAuth(endpoint, contact.callId, contact.viaAddr, contact.viaPort);
    this.removeContact(contact);
    this.srv.devices.update(endpoint);
    if (!this.endpointReachable(endpoint))
      this.srv.bus.broadcast(this.peerStatus(endpoint, 'Unreachable'));
    this.srv.bus.broadcast(this.contactStatus(contact, 'Removed', 0));
  }

  /** The registration runs out (phone gone without un-REGISTER): PeerStatus, ContactStatus Removed, DeviceStateChange (37, 38). */
  expire(endpoint: string, uri?: string): void {
    const contact = this.findContact(endpoint, uri);
    const wasReachable = this.endpointReachable(endpoint);
    this.removeContact(contact);
    if (wasReachable && !this.endpointReachable(endpoint))
      this.srv.bus.broadcast(this.peerStatus(endpoint, 'Unreachable'));
    this.srv.bus.broadcast(this.contactStatus(contact, 'Removed', 0));
    this.srv.devices.update(endpoint);
  }

  /** Qualify stops getting answers: PeerStatus Unreachable, ContactStatus Unreachable, DeviceStateChange (38). */
  markUnreachable(endpoint: string, uri?: string): void {
    const contact = this.findContact(endpoint, uri);
    if (contact.status === 'Unreachable') return;
    contact.status = 'Unreachable';
    contact.rttUsec = 0;
    if (!this.endpointReachable(endpoint))
      this.srv.bus.broadcast(this.peerStatus(endpoint, 'Unreachable'));
    this.srv.bus.broadcast(this.contactStatus(contact, 'Unreachable', 0));
    this.srv.devices.update(endpoint);
  }

  /** Qualify answers again. */
  markReachable(endpoint: string, uri?: string, rttUsec = 178): void {
    const contact = this.findContact(endpoint, uri);
    const wasReachable = this.endpointReachable(endpoint);
    contact.status = 'Reachable';
    contact.rttUsec = rttUsec;
    if (!wasReachable) this.srv.bus.broadcast(this.peerStatus(endpoint, 'Reachable'));
    this.srv.bus.broadcast(this.contactStatus(contact, 'Reachable', rttUsec));
    this.srv.devices.update(endpoint);
  }

  /** Registered contacts (a copy). */
  listContacts(): ContactState[] {
    return [...this.contacts.values()].flat().map((c) => ({ ...c }));
  }

  contactsOf(aor: string): CliContact[] {
    return (this.contacts.get(aor) ?? []).map((c) => ({
      aor: c.aor,
      uri: c.uri,
      hash: c.hash,
      status: c.status,
      rttUsec: c.rttUsec,
    }));
  }

  private contactCount(): number {
    let n = 0;
    for (const l of this.contacts.values()) n += l.length;
    return n;
  }

  firstContact(endpoint: string): ContactState | undefined {
    const ep = this.srv.pjsip.endpoints.get(endpoint);
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

  endpointReachable(endpoint: string): boolean {
    const ep = this.srv.pjsip.endpoints.get(endpoint);
    for (const a of ep?.aors ?? [])
      for (const c of this.contacts.get(a) ?? []) if (c.status !== 'Unreachable') return true;
    return false;
  }

  private ensureExpiryTimer(): void {
    if (this.expiryTimer) return;
    this.expiryTimer = setInterval(() => {
      const now = Date.now();
      for (const c of this.listContacts()) if (c.expiresAt <= now) this.expire(c.endpoint, c.uri);
    }, 1000);
    this.expiryTimer.unref();
  }

  sipLocal(): string {
    const t = this.srv.pjsip.transports.values().next().value;
    const bind = t ? t.bind.replace(/^0\.0\.0\.0/, '127.0.0.1') : '127.0.0.1:5060';
    const [host, port] = [bind.replace(/:\d+$/, ''), bind.split(':').pop()];
    return `IPV4/${(t?.protocol ?? 'udp').toUpperCase()}/${host}/${port}`;
  }

  trunkHost(): TrunkHost {
    return {
      broadcast: (fields) => this.srv.bus.broadcast(fields),
      sipAddress: () => this.sipLocal().split('/').slice(2).join(':'),
      localPassword: (user) => {
        for (const a of this.srv.pjsip.auths.values()) if (a.username === user) return a.password;
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
        this.quietly(() =>
          this.register(user, {
            uri,
            callId,
            viaAddr: addr,
            viaPort: Number(port),
            userAgent: `Asterisk PBX ${this.srv.options.asteriskVersion}`,
          }),
        );
      },
      unregisterSelfContact: (user, uri) => this.quietly(() => this.unregister(user, uri)),
      log: (line) => this.srv.logLines.push(line),
    };
  }

  /** A change to this server's own trunk contact (it registers to itself): the trunk model sent the security events. */
  private quietly(change: () => void): void {
    this.securityMuted = true;
    try {
      change();
    } finally {
      this.securityMuted = false;
    }
  }

  /** The fields each PJSIP security event about one REGISTER carries (recording 47). */
  private securityFields(
    endpoint: string,
    sessionId: string,
    viaAddr: string,
    viaPort: number,
  ): Fields {
    return [
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
  }

  /** A REGISTER challenged and answered with the wrong password: ChallengeSent only (47 rec-7). */
  private securityChallenge(
    endpoint: string,
    sessionId: string,
    viaAddr: string,
    viaPort: number,
  ): void {
    this.srv.bus.broadcastEvent('ChallengeSent', [
      ...this.securityFields(endpoint, sessionId, viaAddr, viaPort),
      ['Challenge', ''],
    ]);
  }

  securityAuth(endpoint: string, sessionId: string, viaAddr: string, viaPort: number): void {
    if (this.securityMuted) return;
    const common = this.securityFields(endpoint, sessionId, viaAddr, viaPort);
    this.srv.bus.broadcastEvent('ChallengeSent', [...common, ['Challenge', '']]);
    this.srv.bus.broadcastEvent('SuccessfulAuth', [...common, ['UsingPassword', '1']]);
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
}
