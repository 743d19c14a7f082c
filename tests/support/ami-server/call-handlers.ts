import { amiGet } from '../../../src/main/core/ami/message';
import type { Fields } from './channels';
import { snapshot } from './channels';
import { channelDuration } from './cli';
import type { ActionHandler } from './sessions';
import { answerList } from './sessions';

/** The channel actions: CoreShowChannels, Originate (34) and Hangup of a live channel. */
export const callHandlers: Record<string, ActionHandler> = {
  coreshowchannels(srv, req) {
    const now = Date.now();
    const items: Fields[] = srv.calls
      .channels()
      .map((ch) => [
        ['Event', 'CoreShowChannel'],
        ...req.idField,
        ...snapshot(ch),
        ['Application', ch.application],
        ['ApplicationData', ch.appData],
        ['Duration', channelDuration(ch, now)],
        ['BridgeId', ch.bridgeId],
      ]);
    answerList(req, {
      message: 'Channels will follow',
      complete: 'CoreShowChannelsComplete',
      items,
    });
  },
  originate(srv, { msg, id, respond, error }) {
    const chan = amiGet(msg, 'Channel') ?? '';
    const m = /^PJSIP\/(.+)$/i.exec(chan);
    if (!m || !srv.pjsip.endpoints.has(m[1]!)) {
      error('Originate failed');
      return;
    }
    respond('Success', [['Message', 'Originate successfully queued']]);
    srv.calls.originate(m[1]!, {
      context: amiGet(msg, 'Context'),
      exten: amiGet(msg, 'Exten'),
      callerId: amiGet(msg, 'CallerID'),
      actionId: id ?? null,
    });
  },
  hangup(srv, { msg, respond, error }) {
    const chan = amiGet(msg, 'Channel') ?? '';
    if (!srv.calls.channels().some((c) => c.name === chan)) {
      error('No such channel');
      return;
    }
    respond('Success', [['Message', 'Channel Hungup']]);
    srv.calls.hangupChannel(chan, Number(amiGet(msg, 'Cause') ?? NaN) || undefined);
  },
};
