import type { Fields, Channel } from './channels';
import { bridgeFields, causeText, hex, snapshot, uuid } from './channels';
import { cdrTime } from './formats';
import type { AmiTestServer, CallHandle } from './server';

/**
 * Calls between the phones and AMI originates: channels, the dialplan they run, bridges, CDRs,
 * with the events of recordings 31, 33, 34 and 36 in their order.
 */

export type CallPhase = 'ringing' | 'up' | 'ended';

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

export class Calls {
  private readonly calls = new Map<string, Call>();
  private channelSeq = 0;
  private callSeq = 0;
  /** Calls started since the server started (CoreStatus, `core show channels`). */
  processedCalls = 0;

  constructor(private readonly srv: AmiTestServer) {}

  /** Next channel number (`PJSIP/1001-00000008`), to replay a recording that names a channel. */
  setChannelSequence(next: number): void {
    this.channelSeq = next;
  }

  /**
   * `caller` dials `callee` (INVITE, Dial(PJSIP/callee,20)): the events of recording 31 up to
   * the callee ringing; or, when the callee has no reachable contact, recording 36 (CHANUNAVAIL).
   */
  ring(caller: string, callee: string): CallHandle {
    const callerEp = this.srv.pjsip.endpoints.get(caller);
    if (!callerEp) throw new Error(`test server: no endpoint ${caller}`);
    const dial = this.dialFor(callerEp.context, callee);
    const callerContact = this.srv.registrations.firstContact(caller);
    this.srv.registrations.securityAuth(
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
    this.srv.bus.event('Newchannel', 'call', snapshot(a));
    this.varSet(a, 'SIPDOMAIN', this.sipHost());
    this.srv.bus.event('Newexten', 'dialplan', [
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
    const calleeEp = this.srv.pjsip.endpoints.get(callee);
    if (!calleeEp || !this.srv.registrations.endpointReachable(callee)) {
      // Recording 36: no contact → CHANUNAVAIL, the dialplan goes on to Hangup().
      this.varSet(a, 'DIALSTATUS', 'CHANUNAVAIL');
      a.priority = 2;
      const next = this.nextPriority(callerEp.context, callee, 2);
      this.srv.bus.event('Newexten', 'dialplan', [
        ...snapshot(a),
        ['Extension', callee],
        ['Application', next.application],
        ['AppData', next.appData],
      ]);
      this.srv.bus.event('SoftHangupRequest', 'call', [...snapshot(a), ['Cause', '16']]);
      this.hangupEvent(a, 3, '404');
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
    this.srv.bus.event('Newchannel', 'call', snapshot(b));
    this.varSet(b, 'DIALEDPEERNUMBER', callee);
    b.connectedNum = a.callerNum;
    b.connectedName = a.callerName;
    b.exten = callee;
    this.srv.bus.event('Newexten', 'dialplan', [
      ...snapshot(b),
      ['Extension', callee],
      ['Application', 'AppDial'],
      ['AppData', '(Outgoing Line)'],
    ]);
    this.srv.bus.event('NewConnectedLine', 'call', snapshot(b));
    this.srv.bus.event('DialBegin', 'call', [
      ...snapshot(a),
      ...snapshot(b, 'Dest'),
      ['DialString', callee],
    ]);
    a.connectedNum = b.callerNum;
    a.connectedName = b.callerName;
    this.srv.bus.event('NewConnectedLine', 'call', snapshot(a));
    b.state = 5;
    this.srv.bus.event('Newstate', 'call', snapshot(b));
    this.srv.devices.update(callee);
    this.varSet(a, 'RINGTIME', '0');
    this.varSet(a, 'RINGTIME_MS', '0');
    this.srv.bus.event('DialState', 'call', [
      ...snapshot(a),
      ...snapshot(b, 'Dest'),
      ['DialStatus', 'RINGING'],
    ]);
    this.srv.devices.update(caller);
    return this.handle(call);
  }

  /** The callee picks up: Newstate Up, DialEnd ANSWER, bridge (recording 33). For an originate: the phone answers. */
  answer(callId: string): void {
    const call = this.requireCall(callId, 'ringing');
    if (call.originate) {
      const ch = call.callee!;
      ch.state = 6;
      this.srv.bus.event('Newstate', 'call', snapshot(ch));
      this.srv.bus.event('DialEnd', 'call', [...snapshot(ch, 'Dest'), ['DialStatus', 'ANSWER']]);
      this.originateResponse(call, 'Success', '4', ch.uniqueid);
      call.phase = 'up';
      call.answeredAt = Date.now();
      this.srv.devices.update(ch.endpoint);
      return;
    }
    const a = call.caller!;
    const b = call.callee!;
    b.state = 6;
    this.srv.bus.event('Newstate', 'call', snapshot(b));
    this.varSet(a, 'DIALSTATUS', 'ANSWER');
    this.srv.devices.update(b.endpoint);
    this.varSet(a, 'DIALEDPEERNAME', b.name);
    this.varSet(a, 'DIALEDPEERNUMBER', call.calleeEndpoint);
    b.exten = '';
    this.srv.bus.event('DialEnd', 'call', [
      ...snapshot(a),
      ...snapshot(b, 'Dest'),
      ['DialStatus', 'ANSWER'],
    ]);
    a.state = 6;
    this.srv.bus.event('Newstate', 'call', snapshot(a));
    const bridge = uuid();
    call.bridgeId = bridge;
    a.bridgeId = bridge;
    b.bridgeId = bridge;
    this.srv.bus.event('BridgeCreate', 'call', bridgeFields(bridge, 'simple_bridge', 0));
    this.srv.bus.event('Newexten', 'dialplan', [
      ...snapshot(b),
      ['Extension', ''],
      ['Application', 'AppDial'],
      ['AppData', '(Outgoing Line)'],
    ]);
    this.srv.bus.event('BridgeEnter', 'call', [
      ...bridgeFields(bridge, 'simple_bridge', 1),
      ...snapshot(b),
    ]);
    this.srv.bus.event('BridgeEnter', 'call', [
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
    this.srv.bus.event('HangupRequest', 'call', [
      ...snapshot(a),
      ['Cause', '127'],
      ['TechCause', '487'],
    ]);
    this.srv.bus.event('DialEnd', 'call', [
      ...snapshot(a),
      ...snapshot(b, 'Dest'),
      ['DialStatus', 'CANCEL'],
    ]);
    this.varSet(a, 'DIALSTATUS', 'CANCEL');
    this.srv.bus.event('SoftHangupRequest', 'call', [
      ...snapshot(a),
      ['Cause', '16'],
      ['TechCause', '487'],
    ]);
    this.hangupEvent(b, 127, '500');
    this.destroyChannel(b, true);
    this.hangupEvent(a, 127, '487');
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
    this.srv.bus.event('HangupRequest', 'call', [...snapshot(first), ['Cause', String(cause)]]);
    this.varSet(b, 'BRIDGEPEER', '');
    this.varSet(b, 'BRIDGEPVTCALLID', '');
    this.varSet(a, 'BRIDGEPEER', '');
    this.varSet(a, 'BRIDGEPVTCALLID', '');
    const bridge = call.bridgeId ?? uuid();
    this.srv.bus.event('BridgeLeave', 'call', [
      ...bridgeFields(bridge, 'native_rtp', 1),
      ...snapshot(first),
    ]);
    if (first === b) {
      this.hangupEvent(b, cause);
    }
    this.srv.bus.event('BridgeLeave', 'call', [
      ...bridgeFields(bridge, 'native_rtp', 0),
      ...snapshot(second),
    ]);
    this.srv.bus.event('BridgeDestroy', 'call', bridgeFields(bridge, 'native_rtp', 0));
    const answered = call.answeredAt ?? Date.now();
    const now = Date.now();
    this.varSet(a, 'ANSWEREDTIME', String(Math.floor((now - answered) / 1000)));
    this.varSet(a, 'ANSWEREDTIME_MS', String(now - answered));
    this.varSet(a, 'DIALEDTIME', String(Math.floor((now - call.startedAt) / 1000)));
    this.varSet(a, 'DIALEDTIME_MS', String(now - call.startedAt));
    this.varSet(a, 'DIALSTATUS', 'ANSWER');
    if (first === b) {
      this.destroyChannel(b, true);
      this.srv.bus.event('SoftHangupRequest', 'call', [...snapshot(a), ['Cause', String(cause)]]);
      this.cdr(call, 'ANSWERED');
      this.hangupEvent(a, cause);
      this.destroyChannel(a, true);
    } else {
      this.cdr(call, 'ANSWERED');
      this.hangupEvent(a, cause);
      this.destroyChannel(a, true);
      this.hangupEvent(b, cause);
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
    const ep = this.srv.pjsip.endpoints.get(endpoint);
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
    this.srv.bus.event('Newchannel', 'call', snapshot(ch));
    this.srv.bus.event('Newexten', 'dialplan', [
      ...snapshot(ch),
      ['Extension', 's'],
      ['Application', 'AppDial2'],
      ['AppData', '(Outgoing Line)'],
    ]);
    if (opts.callerId !== undefined) {
      ch.callerNum = callerIdNum;
      ch.callerName = callerIdName;
      this.srv.bus.event('NewCallerid', 'call', [
        ...snapshot(ch),
        ['CID-CallingPres', '0 (Presentation Allowed, Not Screened)'],
      ]);
      ch.connectedNum = callerIdNum;
      ch.connectedName = callerIdName;
      this.srv.bus.event('NewConnectedLine', 'call', snapshot(ch));
    }
    this.srv.bus.event('DialBegin', 'call', [...snapshot(ch, 'Dest'), ['DialString', endpoint]]);
    this.srv.bus.event('DialState', 'call', [...snapshot(ch, 'Dest'), ['DialStatus', 'RINGING']]);
    ch.state = 5;
    this.srv.bus.event('Newstate', 'call', snapshot(ch));
    this.srv.devices.update(endpoint);
    return this.handle(call);
  }

  /** Calls seen so far (ids and channel names), for tests. */
  listCalls(): Array<CallHandle & { phase: CallPhase }> {
    return [...this.calls.values()].map((c) => ({ ...this.handle(c), phase: c.phase }));
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
  /** Hangup for one channel, as Asterisk 22 sends it (recordings 31–34): its snapshot, the cause. */
  private hangupEvent(ch: Channel, cause: number, techCause?: string): void {
    this.srv.bus.event('Hangup', 'call', [
      ...snapshot(ch),
      ['Cause', String(cause)],
      ['Cause-txt', causeText(cause)],
      ...(techCause === undefined ? [] : [['TechCause', techCause] as [string, string]]),
    ]);
  }

  private destroyChannel(ch: Channel, updateDevice: boolean): void {
    ch.hungUp = true;
    if (updateDevice) this.srv.devices.update(ch.endpoint);
  }

  private decline(call: Call, cause: number): void {
    const a = call.caller!;
    const b = call.callee!;
    this.hangupEvent(b, cause);
    this.destroyChannel(b, true);
    const status = cause === 17 ? 'BUSY' : 'CONGESTION';
    this.srv.bus.event('DialEnd', 'call', [
      ...snapshot(a),
      ...snapshot(b, 'Dest'),
      ['DialStatus', status],
    ]);
    this.varSet(a, 'DIALSTATUS', status);
    a.priority = 2;
    const ep = this.srv.pjsip.endpoints.get(a.endpoint);
    const next = this.nextPriority(ep?.context ?? a.context, call.dialExten, 2);
    this.srv.bus.event('Newexten', 'dialplan', [
      ...snapshot(a),
      ['Extension', call.dialExten],
      ['Application', next.application],
      ['AppData', next.appData],
    ]);
    this.srv.bus.event('SoftHangupRequest', 'call', [...snapshot(a), ['Cause', '16']]);
    this.cdr(call, status === 'BUSY' ? 'BUSY' : 'FAILED');
    this.hangupEvent(a, cause);
    this.destroyChannel(a, true);
    call.phase = 'ended';
  }

  /** AMI Hangup of a channel (recording 34 for an originate that still rings). */
  hangupChannel(name: string, cause?: number): boolean {
    for (const call of this.calls.values()) {
      if (call.phase === 'ended') continue;
      if (call.originate && call.callee?.name === name) {
        const ch = call.callee;
        if (call.phase === 'ringing') {
          this.srv.bus.event('DialEnd', 'call', [
            ...snapshot(ch, 'Dest'),
            ['DialStatus', 'NOANSWER'],
          ]);
          this.originateResponse(call, 'Failure', '0', '<unknown>');
          const c = cause ?? 0;
          this.hangupEvent(ch, c);
        } else {
          const c = cause ?? 16;
          this.srv.bus.event('HangupRequest', 'call', [...snapshot(ch), ['Cause', String(c)]]);
          this.hangupEvent(ch, c);
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
    this.srv.bus.broadcastEvent('OriginateResponse', fields);
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
    const e = this.srv.dialplan.find(context, exten, priority);
    if (!e) return null;
    return { application: e.application, appData: e.appData.replace(/\$\{EXTEN\}/g, exten) };
  }

  private sipHost(): string {
    if (this.srv.options.sipDomain) return this.srv.options.sipDomain;
    for (const t of this.srv.pjsip.transports.values()) {
      const host = t.bind.replace(/:\d+$/, '');
      return host === '0.0.0.0' ? '127.0.0.1' : host;
    }
    return '127.0.0.1';
  }

  private varSet(ch: Channel, variable: string, value: string): void {
    this.srv.bus.event('VarSet', 'dialplan', [
      ...snapshot(ch),
      ['Variable', variable],
      ['Value', value],
    ]);
  }

  private cdr(call: Call, disposition: string): void {
    const a = call.caller!;
    const b = call.callee;
    const end = Date.now();
    const duration = Math.floor((end - call.startedAt) / 1000);
    const billable = call.answeredAt ? Math.floor((end - call.answeredAt) / 1000) : 0;
    this.srv.bus.event('Cdr', 'cdr', [
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
}
