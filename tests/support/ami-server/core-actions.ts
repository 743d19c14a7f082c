import { amiGet } from '../../../src/main/core/ami/message';
import type { Fields } from './channels';
import { cdrTime, eventTv, unixMicros } from './formats';
import type { AmiTestServer } from './server';
import { amiSecurityHead } from './security-head';
import type { ActionHandler, ActionRequest } from './sessions';
import { block, localAddr, remoteAddr, sleep } from './sessions';

/**
 * Login (and its security events, 01-03), and the core actions every client sends: Ping,
 * CoreSettings, CoreStatus, ListCommands.
 */

export async function login(srv: AmiTestServer, req: ActionRequest): Promise<void> {
  const { s, msg, respond } = req;
  const username = amiGet(msg, 'Username') ?? '';
  const secret = amiGet(msg, 'Secret') ?? '';
  const known = Object.prototype.hasOwnProperty.call(srv.options.users, username);
  const entry = known ? srv.options.users[username]! : undefined;
  const expected = typeof entry === 'string' ? entry : entry?.secret;
  if (!known || expected !== secret) {
    const tail: Fields = [
      ['AccountID', username],
      ['SessionID', s.sessionId],
      ['LocalAddress', localAddr(s)],
      ['RemoteAddress', remoteAddr(s)],
      ['SessionTV', '1970-01-01T00:00:00.000+0000'],
    ];
    if (known)
      srv.bus.broadcastEvent('InvalidPassword', [...amiSecurityHead('Error', '2'), ...tail]);
    else srv.bus.broadcastEvent('InvalidAccountID', [...amiSecurityHead('Error', '1'), ...tail]);
    await sleep(srv.options.authFailDelayMs);
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
        ['Uptime', String(Math.floor((Date.now() - srv.startedAt) / 1000))],
        ['LastReload', String(Math.floor((Date.now() - srv.reloads.lastReloadAt) / 1000))],
        ['Status', 'Fully Booted'],
      ]),
    );
  }
  srv.bus.broadcastEvent('SuccessfulAuth', [
    ...amiSecurityHead('Informational', '1'),
    ['AccountID', username],
    ['SessionID', s.sessionId],
    ['LocalAddress', localAddr(s)],
    ['RemoteAddress', remoteAddr(s)],
    ['UsingPassword', '0'],
    ['SessionTV', s.sessionTv],
  ]);
}

export const coreHandlers: Record<string, ActionHandler> = {
  ping(_srv, { respond }) {
    respond('Success', [
      ['Ping', 'Pong'],
      ['Timestamp', unixMicros()],
    ]);
  },
  coresettings(srv, { respond }) {
    respond('Success', [
      ['AMIversion', '11.0.0'],
      ['AsteriskVersion', srv.options.asteriskVersion],
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
  },
  corestatus(srv, { respond }) {
    const start = cdrTime(srv.startedAt).split(' ');
    const reload = cdrTime(srv.reloads.lastReloadAt).split(' ');
    respond('Success', [
      ['CoreStartupDate', start[0]!],
      ['CoreStartupTime', start[1]!],
      ['CoreReloadDate', reload[0]!],
      ['CoreReloadTime', reload[1]!],
      ['CoreCurrentCalls', String(new Set(srv.calls.channels().map((c) => c.linkedid)).size)],
      ['CoreProcessedCalls', String(srv.calls.processedCalls)],
    ]);
  },
  listcommands(_srv, { respond }) {
    respond('Success', LIST_COMMANDS);
  },
};

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
