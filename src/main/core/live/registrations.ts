import { type AmiItem, MessageItem, ownCopy } from '../ami/item';
import type { AmiMessage } from '../ami/message';
import type { AmiSource } from './ami-source';
import { offlineStatus } from '../../../shared/live-status';
import type { ExtensionLiveStatus, RegistrationState } from '../../../shared/types';
import { addressFromUri, deviceEndpoint, eventName, field, roundTripMs } from './fields';

type ContactState = 'online' | 'unreachable';

interface Contact {
  uri: string;
  state: ContactState;
  address: string | null;
  userAgent: string | null;
  roundTripMs: number | null;
  updatedAt: number;
}

interface Entry {
  number: string;
  /**
   * An AOR may hold several contacts (max_contacts > 1), but nearly always 0 or 1: a small array
   * searched by URI is cheaper than a Map per endpoint when 10,000 are built at once.
   */
  contacts: Contact[];
  /** What PeerStatus / DeviceStateChange last said, used only to spot a missed ContactStatus. */
  hint: 'reachable' | 'unreachable' | null;
  /** Bumped by every ContactStatus for this endpoint (see `contactVersion`). */
  version: number;
  status: ExtensionLiveStatus;
}

export interface RegistrationChange {
  status: ExtensionLiveStatus;
  previous: RegistrationState;
  /** The endpoint is no longer configured (deleted): it left the list, it did not go offline. */
  removed?: true;
}

/**
 * `ContactStatus` values. `Unknown` is a registered contact whose first qualify has not answered
 * yet: it is registered, so it counts as online like `NonQualified`.
 */
const CONTACT_STATES: Record<string, ContactState | 'removed'> = {
  created: 'online',
  updated: 'online',
  reachable: 'online',
  nonqualified: 'online',
  unknown: 'online',
  unreachable: 'unreachable',
  removed: 'removed',
  // As Asterisk spells them: looked up first, sparing a lower-cased copy per contact.
  Created: 'online',
  Updated: 'online',
  Reachable: 'online',
  NonQualified: 'online',
  Unknown: 'online',
  Unreachable: 'unreachable',
  Removed: 'removed',
};

/** Device states that only exist while the endpoint has a reachable contact. */
const DEVICE_UP = new Set(['NOT_INUSE', 'INUSE', 'BUSY', 'RINGING', 'RINGINUSE', 'ONHOLD']);

/**
 * Registration state of every endpoint of one host. Built from ONE `PJSIPShowContacts` plus ONE
 * `PJSIPShowEndpoints`, then kept current by events, each applied in O(contacts of that
 * endpoint). The PBX stays the source of truth: `rebuild` replaces everything, so after a
 * reconnect nothing stays online that Asterisk no longer lists.
 */
export class Registrations {
  private entries = new Map<string, Entry>();
  private pending = new Set<string>();
  private stale = true;
  /** Since when, and why, the picture is not trusted (null before the first sync). */
  private staleSince: number | null = null;
  private staleReason = 'not yet synced with Asterisk';
  private synced = false;
  private contactEvents = 0;

  constructor(private readonly now: () => number = Date.now) {}

  /** True before the first sync and after a disconnect: statuses then read `unknown`. */
  get isStale(): boolean {
    return this.stale;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The connection dropped: keep the last known picture (to diff against later) but stop trusting it. */
  markStale(reason = 'AMI connection lost'): void {
    if (!this.stale) {
      this.staleSince = this.now();
      this.staleReason = reason;
    }
    this.stale = true;
    this.pending.clear();
  }

  /**
   * What is shown while the source is lost: `unknown`, since when and why, and none of the
   * last contact's address, round trip or agent (they may no longer be true).
   */
  private unknownView(s: ExtensionLiveStatus): ExtensionLiveStatus {
    return {
      ...s,
      registration: 'unknown',
      contactUri: null,
      address: null,
      userAgent: null,
      roundTripMs: null,
      updatedAt: this.staleSince ?? s.updatedAt,
      reason: this.staleReason,
    };
  }

  /**
   * Replaces the whole picture with the list actions' answers. Returns what changed against the
   * last known state (empty on the very first sync: there is nothing to compare with).
   */
  rebuild(contacts: readonly AmiMessage[], endpoints: readonly AmiMessage[]): RegistrationChange[] {
    const sync = this.beginSync();
    for (const c of contacts) sync.contact(new MessageItem(c));
    for (const ep of endpoints) sync.endpoint(new MessageItem(ep));
    return this.finishSync(sync);
  }

  /**
   * Starts a rebuild fed item by item while the two list answers stream in (`listEach`), so no
   * answer is ever held whole; `finishSync` then replaces the picture as `rebuild` does.
   */
  beginSync(): RegistrationSync {
    return new RegistrationSync(this.now());
  }

  finishSync(sync: RegistrationSync): RegistrationChange[] {
    const old = this.entries;
    const now = sync.now;
    this.entries = new Map();
    for (const number of sync.endpoints)
      this.entries.set(number, newEntry(number, old.get(number)?.status, now));
    this.attachContacts(sync.contactNumbers, sync.contacts, now);
    this.pending.clear();

    const changes: RegistrationChange[] = [];
    const report = this.synced;
    for (const entry of this.entries.values()) {
      const before = old.get(entry.number)?.status;
      const changed = this.refresh(entry, now, before);
      // An endpoint that is new and offline is not news; a new one already registered is.
      if (report && changed && (before || changed.status.registration !== 'offline'))
        changes.push(changed);
    }
    if (report) {
      for (const [number, gone] of old) {
        if (this.entries.has(number) || gone.status.registration === 'offline') continue;
        changes.push(removedChange(gone.status, now));
      }
    }
    this.stale = false;
    this.synced = true;
    return changes;
  }

  /**
   * Drops an endpoint the PBX no longer has (a verified delete) at once rather than at the next
   * sync. Its change says `removed`; none when it was offline already, as a sync would say.
   */
  forget(number: string): RegistrationChange | null {
    const gone = this.entries.get(number);
    if (!gone) return null;
    this.entries.delete(number);
    this.pending.delete(number);
    if (gone.status.registration === 'offline') return null;
    return removedChange(gone.status, this.now());
  }

  /**
   * A counter of ContactStatus events (of one endpoint, or of all): read it before a look-up and
   * hand it back with the answer. An event that arrived meanwhile is newer than the answer, so
   * the answer then only fills in details and cannot bring back a contact the event removed.
   */
  contactVersion(number?: string): number {
    if (number === undefined) return this.contactEvents;
    return this.entries.get(number)?.version ?? 0;
  }

  /**
   * A full `PJSIPShowContacts` answer taken while live (e.g. to fill in user agents after a burst
   * of registrations): authoritative for every endpoint's contacts, endpoints are kept.
   */
  applyContactSnapshot(
    contacts: readonly AmiMessage[],
    sinceVersion = this.contactEvents,
  ): RegistrationChange[] {
    const sync = new RegistrationSync(this.now());
    for (const c of contacts) sync.contact(new MessageItem(c));
    return this.applyContactSync(sync, sinceVersion);
  }

  /** `applyContactSnapshot` for an answer streamed into a RegistrationSync (see beginSync). */
  applyContactSync(sync: RegistrationSync, sinceVersion = this.contactEvents) {
    if (sinceVersion !== this.contactEvents) return this.mergeSync(sync);
    const now = sync.now;
    const before = new Map<string, ExtensionLiveStatus>();
    for (const e of this.entries.values()) {
      before.set(e.number, e.status);
      e.contacts = [];
    }
    this.attachContacts(sync.contactNumbers, sync.contacts, now);
    const changes: RegistrationChange[] = [];
    for (const e of this.entries.values()) {
      const c = this.refresh(e, now, before.get(e.number));
      if (c) changes.push(c);
    }
    return changes;
  }

  /**
   * A snapshot older than some ContactStatus event: it may only fill in details (user agent, via
   * address) of contacts still known, never bring back or drop one.
   */
  private mergeSync(sync: RegistrationSync): RegistrationChange[] {
    const now = this.now();
    const changes: RegistrationChange[] = [];
    for (let k = 0; k < sync.contacts.length; k++) {
      const entry = this.entries.get(sync.contactNumbers[k]!);
      const got = sync.contacts[k]!;
      const contact = entry && findContact(entry.contacts, got.uri);
      if (!entry || !contact) continue;
      contact.userAgent ??= got.userAgent;
      if (sync.viaAddressed[k]) contact.address = got.address;
      const c = this.refresh(entry, now, entry.status);
      if (c) changes.push(c);
    }
    return changes;
  }

  /**
   * The items of one `PJSIPShowEndpoint` (what fills in user agent and via address, which
   * `ContactStatus` events do not carry). Only `ContactStatusDetail` items are read: the same
   * answer holds `AuthDetail` with the SIP password in clear, which must go nowhere.
   */
  applyEndpointDetail(
    number: string,
    items: readonly AmiMessage[],
    sinceVersion?: number,
  ): RegistrationChange | null {
    const entry = this.entries.get(number);
    if (!entry) return null;
    if (sinceVersion !== undefined && sinceVersion !== entry.version)
      return this.mergeDetails(items)[0] ?? null;
    const now = this.now();
    const before = entry.status;
    const next: Contact[] = [];
    for (const item of items) {
      if (eventName(item) !== 'ContactStatusDetail') continue;
      const uri = field(item, 'URI');
      const state = CONTACT_STATES[(field(item, 'Status') ?? '').toLowerCase()];
      if (!uri || !state || state === 'removed') continue;
      const known = findContact(entry.contacts, uri);
      next.push({
        uri,
        state,
        address: nonEmpty(field(item, 'ViaAddress')) ?? known?.address ?? addressFromUri(uri),
        userAgent: nonEmpty(field(item, 'UserAgent')) ?? known?.userAgent ?? null,
        roundTripMs: roundTripMs(field(item, 'RoundtripUsec')) ?? known?.roundTripMs ?? null,
        updatedAt: known && known.state === state ? known.updatedAt : now,
      });
    }
    entry.contacts = next;
    return this.refresh(entry, now, before);
  }

  /** Applies one event; anything but ContactStatus / PeerStatus / DeviceStateChange is ignored. */
  apply(m: AmiMessage): RegistrationChange | null {
    switch (eventName(m)) {
      case 'ContactStatus':
        return this.onContactStatus(m);
      case 'PeerStatus':
        this.onHint(deviceEndpoint(field(m, 'Peer')), field(m, 'PeerStatus') === 'Reachable');
        return null;
      case 'DeviceStateChange': {
        const state = field(m, 'State') ?? '';
        if (state === 'UNAVAILABLE' || DEVICE_UP.has(state))
          this.onHint(deviceEndpoint(field(m, 'Device')), state !== 'UNAVAILABLE');
        return null;
      }
      default:
        return null;
    }
  }

  /**
   * Endpoints worth one `PJSIPShowEndpoint` now: a contact that came online by event (no user
   * agent yet), or a PeerStatus/DeviceStateChange that contradicts the contacts we hold (a
   * missed ContactStatus). Checked when drained, so hints that the next event confirmed cost
   * nothing.
   */
  takePending(): string[] {
    const out: string[] = [];
    for (const number of this.pending) {
      const e = this.entries.get(number);
      if (e && needsDetail(e)) out.push(number);
    }
    this.pending.clear();
    return out;
  }

  status(number: string): ExtensionLiveStatus | undefined {
    const e = this.entries.get(number);
    if (!e) return undefined;
    return this.stale ? this.unknownView(e.status) : e.status;
  }

  statuses(): ExtensionLiveStatus[] {
    const out: ExtensionLiveStatus[] = new Array(this.entries.size);
    let i = 0;
    for (const e of this.entries.values())
      out[i++] = this.stale ? this.unknownView(e.status) : e.status;
    return out;
  }

  private onContactStatus(m: AmiMessage): RegistrationChange | null {
    const number = nonEmpty(field(m, 'EndpointName')) ?? nonEmpty(field(m, 'AOR'));
    const uri = field(m, 'URI');
    const state = CONTACT_STATES[(field(m, 'ContactStatus') ?? '').toLowerCase()];
    if (!number || !uri || !state) return null;
    const now = this.now();
    this.contactEvents++;
    let entry = this.entries.get(number);
    if (!entry) {
      if (state === 'removed') return null;
      // An endpoint created after the last sync (a reload added it): it starts offline.
      entry = newEntry(number, undefined, now);
      this.entries.set(number, entry);
    }
    entry.version++;
    const before = entry.status;
    const i = entry.contacts.findIndex((c) => c.uri === uri);
    if (state === 'removed') {
      if (i >= 0) entry.contacts.splice(i, 1);
    } else {
      const known = entry.contacts[i];
      const contact: Contact = {
        uri,
        state,
        address: known?.address ?? addressFromUri(uri),
        userAgent: known?.userAgent ?? null,
        roundTripMs:
          state === 'online'
            ? (roundTripMs(field(m, 'RoundtripUsec')) ?? known?.roundTripMs ?? null)
            : null,
        updatedAt: known && known.state === state ? known.updatedAt : now,
      };
      if (known) entry.contacts[i] = contact;
      else entry.contacts.push(contact);
      if (!known?.userAgent) this.pending.add(number);
    }
    return this.refresh(entry, now, before);
  }

  private onHint(number: string | null, reachable: boolean): void {
    if (!number) return;
    const entry = this.entries.get(number);
    if (!entry) return;
    entry.hint = reachable ? 'reachable' : 'unreachable';
    if ((entry.status.registration === 'online') !== reachable) this.pending.add(number);
  }

  /**
   * Fills user agent / via address of contacts we already hold, from ContactStatusDetail items
   * (mergeSync does the same for ContactList); never adds, removes or re-states a contact.
   */
  private mergeDetails(items: readonly AmiMessage[]): RegistrationChange[] {
    const now = this.now();
    const changes: RegistrationChange[] = [];
    for (const item of items) {
      if (eventName(item) !== 'ContactStatusDetail') continue;
      const uri = field(item, 'URI');
      const number = nonEmpty(field(item, 'EndpointName')) ?? nonEmpty(field(item, 'AOR'));
      const entry = number ? this.entries.get(number) : undefined;
      const contact = entry && uri ? findContact(entry.contacts, uri) : undefined;
      if (!entry || !contact) continue;
      const via = nonEmpty(field(item, 'ViaAddress'));
      contact.userAgent ??= nonEmpty(field(item, 'UserAgent'));
      if (via) contact.address = via;
      const c = this.refresh(entry, now, entry.status);
      if (c) changes.push(c);
    }
    return changes;
  }

  private attachContacts(numbers: readonly string[], contacts: readonly Contact[], now: number) {
    for (let k = 0; k < contacts.length; k++) {
      const number = numbers[k]!;
      const contact = contacts[k]!;
      let entry = this.entries.get(number);
      if (!entry) {
        entry = newEntry(number, undefined, now);
        this.entries.set(number, entry);
      }
      const i = entry.contacts.findIndex((x) => x.uri === contact.uri);
      if (i >= 0) entry.contacts[i] = contact;
      else entry.contacts.push(contact);
    }
  }

  /** Recomputes the entry's status; returns a change only when something a user sees differs. */
  private refresh(
    entry: Entry,
    now: number,
    before: ExtensionLiveStatus | undefined,
  ): RegistrationChange | null {
    let best: Contact | null = null;
    for (const c of entry.contacts) {
      if (
        !best ||
        (c.state === 'online' && best.state !== 'online') ||
        (c.state === best.state && c.updatedAt >= best.updatedAt)
      )
        best = c;
    }
    const registration: RegistrationState = best ? best.state : 'offline';
    const prev = before ?? entry.status;
    if (
      before &&
      prev.registration === registration &&
      prev.contactUri === (best?.uri ?? null) &&
      prev.address === (best?.address ?? null) &&
      prev.userAgent === (best?.userAgent ?? null) &&
      prev.roundTripMs === (best?.roundTripMs ?? null)
    ) {
      entry.status = prev;
      return null;
    }
    entry.status = {
      number: entry.number,
      registration,
      contactUri: best?.uri ?? null,
      address: best?.address ?? null,
      userAgent: best?.userAgent ?? null,
      roundTripMs: best?.roundTripMs ?? null,
      callState: prev.callState,
      updatedAt: now,
    };
    return { status: entry.status, previous: before ? prev.registration : 'offline' };
  }
}

/**
 * The items of one `PJSIPShowContacts` and one `PJSIPShowEndpoints`, in whatever order they
 * arrive, reduced to what the live view keeps (see Registrations.beginSync).
 */
export class RegistrationSync {
  /** Phones of one model send one user agent: one kept copy serves them all. */
  private lastUserAgent: [cut: string, own: string] | null = null;
  readonly endpoints: string[] = [];
  readonly contactNumbers: string[] = [];
  readonly contacts: Contact[] = [];
  /** Per contact: whether its address is the via address (else it was read from the URI). */
  readonly viaAddressed: boolean[] = [];

  constructor(readonly now: number) {}

  /**
   * Asks for both lists at once and reads their items as they arrive (never holding an answer
   * whole); resolves with how many contacts and endpoints came.
   */
  readFrom(source: Pick<AmiSource, 'listEach'>): Promise<[contacts: number, endpoints: number]> {
    return Promise.all([
      source.listEach('PJSIPShowContacts', undefined, (item) => this.contact(item)),
      source.listEach('PJSIPShowEndpoints', undefined, (item) => this.endpoint(item)),
    ]);
  }

  /** One `EndpointList` item. */
  endpoint(item: AmiItem): void {
    const number = item.get('ObjectName');
    if (number) this.endpoints.push(ownCopy(number));
  }

  private own(userAgent: string): string {
    if (this.lastUserAgent?.[0] !== userAgent) this.lastUserAgent = [userAgent, ownCopy(userAgent)];
    return this.lastUserAgent[1];
  }

  /** One `ContactList` item. */
  contact(item: AmiItem): void {
    // Asked in the order Asterisk writes them, so the item's text is read in one pass.
    const viaAddr = nonEmpty(item.next('ViaAddr'));
    const endpoint = item.next('Endpoint');
    const viaPort = nonEmpty(item.next('ViaPort'));
    const uri = item.next('Uri');
    const userAgent = nonEmpty(item.next('UserAgent'));
    const status = item.next('Status') ?? '';
    const state = CONTACT_STATES[status] ?? CONTACT_STATES[status.toLowerCase()];
    if (!uri || !state || state === 'removed') return;
    // The object name (`1001;@…`) only when the endpoint is not named: it is unique per contact.
    const number = nonEmpty(endpoint) ?? aorOf(item.get('ObjectName'));
    if (!number) return;
    this.contactNumbers.push(ownCopy(number));
    this.viaAddressed.push(viaAddr !== null);
    this.contacts.push({
      uri: ownCopy(uri),
      state,
      address: ownCopyOrNull(viaAddr ? joinHostPort(viaAddr, viaPort) : addressFromUri(uri)),
      userAgent: userAgent === null ? null : this.own(userAgent),
      roundTripMs: state === 'online' ? roundTripMs(item.next('RoundtripUsec')) : null,
      updatedAt: this.now,
    });
  }
}

function ownCopyOrNull(s: string | null): string | null {
  return s === null ? null : ownCopy(s);
}

function newEntry(number: string, previous: ExtensionLiveStatus | undefined, now: number): Entry {
  return {
    number,
    contacts: [],
    hint: null,
    version: 0,
    status: previous ?? offlineStatus(number, now),
  };
}

function needsDetail(e: Entry): boolean {
  const online = e.status.registration === 'online';
  if (e.hint === 'reachable' && !online) return true;
  if (e.hint === 'unreachable' && online) return true;
  for (const c of e.contacts) if (c.state === 'online' && !c.userAgent) return true;
  return false;
}

function findContact(contacts: readonly Contact[], uri: string): Contact | undefined {
  for (const c of contacts) if (c.uri === uri) return c;
  return undefined;
}

function nonEmpty(v: string | undefined): string | null {
  return v === undefined || v === '' ? null : v;
}

/** Contact object names look like `1001;@853fa90b…`: the part before `;@` is the AOR. */
function aorOf(objectName: string | undefined): string | null {
  if (!objectName) return null;
  const i = objectName.indexOf(';@');
  return i > 0 ? objectName.slice(0, i) : null;
}

function joinHostPort(host: string, port: string | null): string {
  const h = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return port ? `${h}:${port}` : h;
}

function removedChange(last: ExtensionLiveStatus, now: number): RegistrationChange {
  return {
    status: { ...offlineStatus(last.number, now), callState: last.callState },
    previous: last.registration,
    removed: true,
  };
}
