import type { AmiMessage } from '../../../src/main/core/ami/message';
import { amiGet } from '../../../src/main/core/ami/message';
import { callHandlers } from './call-handlers';
import type { Fields } from './channels';
import { coreHandlers, login } from './core-actions';
import { dialplanHandlers } from './dialplan-handlers';
import { pjsipHandlers } from './pjsip-handlers';
import { reloadHandlers } from './config-reload';
import { amiSecurityHead } from './security-head';
import type { AmiTestServer } from './server';
import type { ActionHandler, Session } from './sessions';
import { block, localAddr, remoteAddr } from './sessions';

/** Every action a logged-in session may send, by lower-cased name, from each family's table. */
const HANDLERS: Record<string, ActionHandler> = {
  ...coreHandlers,
  ...reloadHandlers,
  ...pjsipHandlers,
  ...dialplanHandlers,
  ...callHandlers,
};

/**
 * One action from a session: counted, answered with its ActionID, refused before login or
 * without the privilege, and, unknown, answered as Asterisk does with a RequestBadFormat event.
 */
export async function handleAction(srv: AmiTestServer, s: Session, msg: AmiMessage): Promise<void> {
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
  srv.actionCounts.set(name, (srv.actionCounts.get(name) ?? 0) + 1);
  const req = { s, msg, action, name, id, idField, respond, error };

  if (name === 'login') return login(srv, req);
  if (name === 'logoff') {
    respond('Goodbye', [['Message', 'Thanks for all the fish.']]);
    s.socket.end();
    return;
  }
  if (!s.authed) {
    error('Permission denied');
    return;
  }
  const user = srv.options.users[s.username ?? ''];
  if (typeof user === 'object' && user.deny?.includes(name)) {
    error('Permission denied');
    return;
  }
  const handler = Object.hasOwn(HANDLERS, name) ? HANDLERS[name] : undefined;
  if (handler) return handler(srv, req);
  error(`Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`);
  srv.bus.broadcastEvent('RequestBadFormat', [
    ...amiSecurityHead('Error', '1'),
    ['SessionID', s.sessionId],
    ['LocalAddress', localAddr(s)],
    ['RemoteAddress', remoteAddr(s)],
    ['RequestType', `Action: ${action}`],
    ['SessionTV', s.sessionTv],
    ['AccountID', s.username ?? ''],
  ]);
}
