import { amiGet } from '../../../src/main/core/ami/message';
import type { Fields } from './channels';
import {
  extensionAdd,
  extensionRemove,
  extensionStatusFields,
  showDialplan,
} from './dialplan-actions';
import type { ActionHandler } from './sessions';
import { answerList } from './sessions';

/**
 * The dialplan actions as transcript 45 shows them: ShowDialPlan, live extension add/remove,
 * the hint states (ExtensionState, ExtensionStateList) and the device states behind them.
 */
export const dialplanHandlers: Record<string, ActionHandler> = {
  showdialplan(srv, req) {
    const { msg, idField, respond } = req;
    const r = showDialplan(srv.dialplan, amiGet(msg, 'Context'), amiGet(msg, 'Extension'), idField);
    if (r.error !== undefined) {
      respond('Error', [['Message', r.error]]);
      return;
    }
    answerList(req, {
      message: 'DialPlan list will follow',
      complete: 'ShowDialPlanComplete',
      items: r.items,
      extra: [
        ['ListExtensions', String(r.extensions)],
        ['ListPriorities', String(r.items.length)],
        ['ListContexts', String(r.contexts)],
      ],
    });
  },
  dialplanextensionadd(srv, { msg, respond }) {
    const r = extensionAdd(srv.dialplan, (k) => amiGet(msg, k));
    respond(r.ok ? 'Success' : 'Error', [['Message', r.message]]);
    if (r.newHint) {
      const { extension, context, application } = r.newHint;
      srv.bus.event(
        'ExtensionStatus',
        'call',
        extensionStatusFields(extension, context, application, srv.devices.ofHint(application)),
      );
    }
  },
  dialplanextensionremove(srv, { msg, respond }) {
    const r = extensionRemove(srv.dialplan, (k) => amiGet(msg, k));
    respond(r.ok ? 'Success' : 'Error', [['Message', r.message]]);
  },
  extensionstate(srv, { msg, respond }) {
    const exten = amiGet(msg, 'Exten') ?? '';
    const context = amiGet(msg, 'Context') ?? '';
    const hint = srv.dialplan.hint(context, exten)?.application ?? '';
    const state: [number, string] = hint ? srv.devices.ofHint(hint) : [-1, 'Unknown'];
    respond('Success', [
      ['Message', 'Extension Status'],
      ...extensionStatusFields(exten, context, hint, state),
    ]);
  },
  devicestatelist(srv, req) {
    const items: Fields[] = [...srv.pjsip.endpoints.keys()]
      .sort()
      .map((n) => [
        ['Event', 'DeviceStateChange'],
        ...req.idField,
        ['Device', `PJSIP/${n}`],
        ['State', srv.devices.compute(n)],
      ]);
    answerList(req, {
      message: 'Device State Changes will follow',
      complete: 'DeviceStateListComplete',
      items,
    });
  },
  extensionstatelist(srv, req) {
    // The wrapper is recording 28's (no hints there); each item has the fields of 45's
    // ExtensionStatus event, as pbx.c's action_extensionstatelist writes them.
    answerList(req, {
      message: 'Extension Statuses will follow',
      complete: 'ExtensionStateListComplete',
      items: [...srv.dialplan.exactHints()].map((h) => [
        ['Event', 'ExtensionStatus'],
        ...req.idField,
        ...extensionStatusFields(
          h.extension,
          h.context,
          h.application,
          srv.devices.ofHint(h.application),
        ),
      ]),
    });
  },
};
