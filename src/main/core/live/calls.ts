import type { AmiMessage } from '../ami/message';
import type { CallDisposition, CallRecord, CallState } from '../../../shared/types';
import { channelEndpoint, eventName, field } from './fields';

export type CallChange =
  | { kind: 'ringing'; at: number; callId: string; caller: string | null; callee: string }
  | { kind: 'answered'; at: number; callId: string; caller: string | null; callee: string }
  | { kind: 'hangup'; at: number; record: CallRecord }
  | { kind: 'call-state'; at: number; number: string; callState: CallState };

interface Channel {
  uniqueid: string;
  callId: string;
  endpoint: string | null;
  /** Asterisk channel state: 0 Down, 4 Ring (the phone is dialling out), 5 Ringing, 6 Up, … */
  state: number;
  bridged: boolean;
  ringingReported: boolean;
}

interface ActiveCall {
  id: string;
  caller: string | null;
  callee: string | null;
  calleeChannel: string | null;
  start: number;
  answer: number | null;
  dialStatus: CallDisposition | null;
  /** `DIALSTATUS` from VarSet: the only verdict when Dial fails before any DialBegin (36). */
  varDialStatus: CallDisposition | null;
  cause: number | null;
  causeText: string | null;
  requestCause: number | null;
  channels: Set<string>;
  answeredReported: boolean;
}

const DIAL_STATUS: Record<string, CallDisposition> = {
  ANSWER: 'ANSWERED',
  NOANSWER: 'NO ANSWER',
  CANCEL: 'CANCEL',
  BUSY: 'BUSY',
  CHANUNAVAIL: 'CHANUNAVAIL',
  CONGESTION: 'CONGESTION',
};

const CAUSE_TEXT: Record<number, string> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  21: 'Call Rejected',
  34: 'Circuit/channel congestion',
  127: 'Interworking, unspecified',
};

/**
 * Calls of one host, from the channel events: who is ringing or talking (per extension) and one
 * record per call (a call = the channels sharing a Linkedid). Events are taken as Asterisk 22
 * sends them (transcripts 31, 33, 34, 36): an originated call's DialBegin has no caller
 * `Channel` fields, a dial to an endpoint without contact has no DialBegin at all.
 */
export class Calls {
  private channels = new Map<string, Channel>();
  private calls = new Map<string, ActiveCall>();
  private byEndpoint = new Map<string, Set<Channel>>();
  private reported = new Map<string, CallState>();

  constructor(private readonly now: () => number = Date.now) {}

  callState(number: string): CallState {
    return this.reported.get(number) ?? 'idle';
  }

  /** Calls in progress, as records with `end: null`. */
  active(): CallRecord[] {
    return [...this.calls.values()].map((c) => this.record(c, null));
  }

  apply(m: AmiMessage): CallChange[] {
    const name = eventName(m);
    if (name === undefined) return [];
    const out: CallChange[] = [];
    switch (name) {
      case 'Newchannel':
        this.onNewchannel(m, out);
        break;
      case 'Newstate':
        this.onNewstate(m, out);
        break;
      case 'DialBegin':
        this.onDialBegin(m);
        break;
      case 'DialState':
        if (field(m, 'DialStatus') === 'RINGING') {
          const ch = this.channels.get(field(m, 'DestUniqueid') ?? '');
          if (ch) this.ringing(ch, out);
        }
        break;
      case 'DialEnd':
        this.onDialEnd(m, out);
        break;
      case 'VarSet':
        if (field(m, 'Variable') === 'DIALSTATUS') {
          const call = this.callOf(m);
          const d = DIAL_STATUS[field(m, 'Value') ?? ''];
          if (call && d) call.varDialStatus = d;
        }
        break;
      case 'BridgeEnter': {
        const ch = this.channels.get(field(m, 'Uniqueid') ?? '');
        if (ch) {
          ch.bridged = true;
          this.answered(ch, out);
          this.report(ch.endpoint, out);
        }
        break;
      }
      case 'HangupRequest':
      case 'SoftHangupRequest': {
        const call = this.callOf(m);
        const cause = Number(field(m, 'Cause'));
        if (call && call.requestCause === null && Number.isInteger(cause) && cause > 0)
          call.requestCause = cause;
        break;
      }
      case 'Hangup':
        this.onHangup(m, out);
        break;
    }
    return out;
  }

  /**
   * After a reconnect: `CoreShowChannels` items are what exists now. Calls whose channels are
   * all gone ended while we were not listening; they are closed with what is known (no end time
   * is invented). Channels we did not know are adopted.
   */
  resync(items: readonly AmiMessage[]): CallChange[] {
    const out: CallChange[] = [];
    const live = new Set<string>();
    // A call's originating channel (Uniqueid = Linkedid) first, so it names the caller.
    const ordered = [...items].sort((a, b) => Number(!isOriginator(a)) - Number(!isOriginator(b)));
    for (const item of ordered) {
      const uniqueid = field(item, 'Uniqueid');
      if (!uniqueid) continue;
      live.add(uniqueid);
      const state = Number(field(item, 'ChannelState') ?? '0');
      const known = this.channels.get(uniqueid);
      if (known) {
        known.state = state;
        known.bridged = (field(item, 'BridgeId') ?? '') !== '';
        this.report(known.endpoint, out);
        continue;
      }
      const ch = this.addChannel(item, out);
      const call = this.calls.get(ch.callId);
      const since = parseDuration(field(item, 'Duration'));
      if (call && call.channels.size === 1 && since !== null) call.start = this.now() - since;
      if (call && state === 6) call.answer ??= call.start;
    }
    for (const ch of [...this.channels.values()]) {
      if (live.has(ch.uniqueid)) continue;
      this.dropChannel(ch, out);
      const call = this.calls.get(ch.callId);
      if (call && call.channels.size === 0) {
        this.calls.delete(call.id);
        call.causeText ??= 'ended while the AMI connection was down';
        // How it ended was not seen: only a known answer is stated, nothing is guessed.
        const record = this.record(call, null);
        record.disposition = call.answer !== null ? 'ANSWERED' : null;
        out.push({ kind: 'hangup', at: this.now(), record });
      }
    }
    return out;
  }

  private onNewchannel(m: AmiMessage, out: CallChange[]): void {
    this.addChannel(m, out);
  }

  private addChannel(m: AmiMessage, out: CallChange[]): Channel {
    const uniqueid = field(m, 'Uniqueid') ?? '';
    const callId = field(m, 'Linkedid') || uniqueid;
    const endpoint = channelEndpoint(field(m, 'Channel'));
    const state = Number(field(m, 'ChannelState') ?? '0');
    const ch: Channel = {
      uniqueid,
      callId,
      endpoint,
      state,
      bridged: false,
      ringingReported: false,
    };
    this.channels.set(uniqueid, ch);
    if (endpoint) {
      let set = this.byEndpoint.get(endpoint);
      if (!set) this.byEndpoint.set(endpoint, (set = new Set()));
      set.add(ch);
    }
    let call = this.calls.get(callId);
    if (!call) {
      // The first channel of a call: a phone dialling out is in state Ring (4) and its Exten is
      // what it dialled; a channel Asterisk creates itself (Originate) starts Down (0) and is
      // the one being called.
      const dialling = state !== 0;
      const exten = field(m, 'Exten') ?? '';
      call = {
        id: callId,
        caller: dialling ? (endpoint ?? nonEmpty(field(m, 'CallerIDNum'))) : null,
        callee: dialling ? (exten && exten !== 's' ? exten : null) : endpoint,
        calleeChannel: dialling ? null : uniqueid,
        start: this.now(),
        answer: null,
        dialStatus: null,
        varDialStatus: null,
        cause: null,
        causeText: null,
        requestCause: null,
        channels: new Set(),
        answeredReported: false,
      };
      this.calls.set(callId, call);
    }
    call.channels.add(uniqueid);
    this.report(endpoint, out);
    return ch;
  }

  private onNewstate(m: AmiMessage, out: CallChange[]): void {
    const ch = this.channels.get(field(m, 'Uniqueid') ?? '');
    if (!ch) return;
    ch.state = Number(field(m, 'ChannelState') ?? ch.state);
    if (ch.state === 5) this.ringing(ch, out);
    if (ch.state === 6) this.answered(ch, out);
    this.report(ch.endpoint, out);
  }

  private onDialBegin(m: AmiMessage): void {
    const dest = field(m, 'DestUniqueid') ?? '';
    const call = this.calls.get(field(m, 'DestLinkedid') || field(m, 'Linkedid') || dest);
    if (!call) return;
    if (call.calleeChannel === null || call.calleeChannel === dest) {
      call.calleeChannel = dest;
      call.callee =
        channelEndpoint(field(m, 'DestChannel')) ?? nonEmpty(field(m, 'DialString')) ?? call.callee;
    }
  }

  private onDialEnd(m: AmiMessage, out: CallChange[]): void {
    const dest = this.channels.get(field(m, 'DestUniqueid') ?? '');
    const call = this.calls.get(
      field(m, 'DestLinkedid') || field(m, 'Linkedid') || (dest?.callId ?? ''),
    );
    if (!call) return;
    const d = DIAL_STATUS[field(m, 'DialStatus') ?? ''] ?? 'FAILED';
    // Parallel dialling ends one leg ANSWER and the others CANCEL: the answer wins.
    if (call.dialStatus !== 'ANSWERED') call.dialStatus = d;
    if (d === 'ANSWERED' && dest) this.answered(dest, out);
  }

  private onHangup(m: AmiMessage, out: CallChange[]): void {
    const ch = this.channels.get(field(m, 'Uniqueid') ?? '');
    if (!ch) return;
    const call = this.calls.get(ch.callId);
    this.dropChannel(ch, out);
    if (!call) return;
    const cause = Number(field(m, 'Cause'));
    if (Number.isInteger(cause) && (call.cause === null || (call.cause === 0 && cause > 0))) {
      call.cause = cause;
      call.causeText = nonEmpty(field(m, 'Cause-txt')) ?? CAUSE_TEXT[cause] ?? null;
    }
    if (call.channels.size > 0) return;
    this.calls.delete(call.id);
    out.push({ kind: 'hangup', at: this.now(), record: this.record(call, this.now()) });
  }

  private dropChannel(ch: Channel, out: CallChange[]): void {
    this.channels.delete(ch.uniqueid);
    this.calls.get(ch.callId)?.channels.delete(ch.uniqueid);
    if (ch.endpoint) {
      const set = this.byEndpoint.get(ch.endpoint);
      set?.delete(ch);
      if (set?.size === 0) this.byEndpoint.delete(ch.endpoint);
    }
    this.report(ch.endpoint, out);
  }

  private ringing(ch: Channel, out: CallChange[]): void {
    if (ch.ringingReported) return;
    ch.ringingReported = true;
    const call = this.calls.get(ch.callId);
    if (!call) return;
    const callee = ch.endpoint ?? call.callee;
    if (callee === null) return;
    out.push({ kind: 'ringing', at: this.now(), callId: call.id, caller: call.caller, callee });
  }

  private answered(ch: Channel, out: CallChange[]): void {
    const call = this.calls.get(ch.callId);
    if (!call || call.answeredReported) return;
    call.answeredReported = true;
    call.answer ??= this.now();
    const callee = call.callee ?? ch.endpoint;
    if (callee === null) return;
    out.push({ kind: 'answered', at: this.now(), callId: call.id, caller: call.caller, callee });
  }

  /** Emits a call-state change for the endpoint when its derived state differs from the last one. */
  private report(endpoint: string | null, out: CallChange[]): void {
    if (!endpoint) return;
    let state: CallState = 'idle';
    for (const ch of this.byEndpoint.get(endpoint) ?? []) {
      if (ch.bridged || (ch.state !== 0 && ch.state !== 5)) {
        state = 'in-call';
        break;
      }
      if (ch.state === 5) state = 'ringing';
    }
    if ((this.reported.get(endpoint) ?? 'idle') === state) return;
    if (state === 'idle') this.reported.delete(endpoint);
    else this.reported.set(endpoint, state);
    out.push({ kind: 'call-state', at: this.now(), number: endpoint, callState: state });
  }

  private callOf(m: AmiMessage): ActiveCall | undefined {
    const ch = this.channels.get(field(m, 'Uniqueid') ?? '');
    return ch ? this.calls.get(ch.callId) : undefined;
  }

  private record(call: ActiveCall, end: number | null): CallRecord {
    const cause = call.cause === 0 && call.requestCause ? call.requestCause : call.cause;
    return {
      id: call.id,
      caller: call.caller,
      callee: call.callee ?? '',
      start: call.start,
      answer: call.answer,
      end,
      durationSec: end === null ? null : Math.round((end - call.start) / 1000),
      disposition: end !== null ? disposition(call) : null,
      hangupCause: cause,
      hangupCauseText:
        cause === call.cause ? call.causeText : (CAUSE_TEXT[cause ?? -1] ?? call.causeText),
    };
  }
}

function disposition(call: ActiveCall): CallDisposition {
  if (call.answer !== null) return 'ANSWERED';
  if (call.dialStatus) return call.dialStatus;
  if (call.varDialStatus) return call.varDialStatus;
  // Without Dial events (or when VarSet is not in the AMI user's read classes), the hang-up
  // cause says the same thing, as app_dial maps it.
  switch (call.cause) {
    case 17:
      return 'BUSY';
    case 18:
    case 19:
    case 16:
    case 0:
    case null:
      return 'NO ANSWER';
    case 1:
    case 3:
    case 20:
    case 27:
    case 38:
    case 66:
      return 'CHANUNAVAIL';
    case 34:
    case 42:
      return 'CONGESTION';
    default:
      return 'FAILED';
  }
}

function isOriginator(m: AmiMessage): boolean {
  const id = field(m, 'Uniqueid');
  return id !== undefined && id === field(m, 'Linkedid');
}

function nonEmpty(v: string | undefined): string | null {
  return v === undefined || v === '' ? null : v;
}

/** `Duration: 00:00:04` (CoreShowChannel) → ms. */
function parseDuration(v: string | undefined): number | null {
  const m = /^(\d+):(\d\d):(\d\d)$/.exec(v ?? '');
  if (!m) return null;
  return ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000;
}
