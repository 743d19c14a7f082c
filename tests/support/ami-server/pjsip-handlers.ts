import { amiGet } from '../../../src/main/core/ami/message';
import type { Fields } from './channels';
import type { AmiTestServer, ContactState } from './server';
import type { ActionHandler, ActionRequest } from './sessions';
import { answerList } from './sessions';
import { outboundRegistrationItems } from './trunks';

/**
 * The PJSIP actions: the endpoint, AOR, auth, contact and registration lists (22, 30, 38, 47)
 * from the loaded pjsip.conf and the live contacts, and the trunk (un)register and qualify
 * requests.
 */

function endpointList(srv: AmiTestServer, name: string, idField: Fields): Fields {
  const ep = srv.pjsip.endpoints.get(name)!;
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
      for (const c of srv.registrations.contacts.get(a) ?? []) contacts += `${a}/${c.uri},`;
    fields.push(['Contacts', contacts]);
  }
  fields.push(
    ['DeviceState', srv.deviceStateText(name)],
    ['ActiveChannels', String(srv.activeChannels(name))],
  );
  return fields;
}

function listEndpoints(srv: AmiTestServer, req: ActionRequest): void {
  const { idField } = req;
  answerList(req, {
    message: 'A listing of Endpoints follows, presented as EndpointList events',
    complete: 'EndpointListComplete',
    items: [...srv.pjsip.endpoints.keys()].sort().map((n) => endpointList(srv, n, idField)),
    empty: 'No endpoints found\n',
  });
}

function aorFields(
  srv: AmiTestServer,
  aorName: string,
  variant: 'list' | 'detail' | 'inbound',
): Fields {
  const aor = srv.pjsip.aors.get(aorName)!;
  const contacts = srv.registrations.contacts.get(aorName) ?? [];
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

function contactStatusDetail(srv: AmiTestServer, c: ContactState, idField: Fields): Fields {
  const aor = srv.pjsip.aors.get(c.aor);
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

function showEndpoint(srv: AmiTestServer, req: ActionRequest): void {
  const { idField, respond } = req;
  const name = amiGet(req.msg, 'Endpoint') ?? '';
  const endpointName = name.replace(/^pjsip\//i, '');
  if (!endpointName) {
    respond('Error', [['Message', 'PJSIPShowEndpoint requires an endpoint name\n']]);
    return;
  }
  const ep = srv.pjsip.endpoints.get(endpointName);
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
    ['DeviceState', srv.deviceStateText(endpointName)],
    ['ActiveChannels', String(srv.activeChannels(endpointName))],
  ]);
  for (const a of [...ep.auths, ...ep.outboundAuths]) {
    const auth = srv.pjsip.auths.get(a);
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
  const tr = srv.pjsip.transports.get(ep.transport);
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
    if (!srv.pjsip.aors.has(a)) continue;
    items.push([
      ['Event', 'AorDetail'],
      ...idField,
      ...aorFields(srv, a, 'detail'),
      ['EndpointName', endpointName],
    ]);
    for (const c of srv.registrations.contacts.get(a) ?? [])
      items.push(contactStatusDetail(srv, c, idField));
  }
  answerList(req, {
    message: 'Following are Events for each object associated with the Endpoint',
    complete: 'EndpointDetailComplete',
    items,
  });
}

function listContactsAction(srv: AmiTestServer, req: ActionRequest): void {
  const { idField } = req;
  const items: Fields[] = srv.registrations.contactsInAorOrder().map((c) => {
    const aor = srv.pjsip.aors.get(c.aor);
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
  answerList(req, {
    message: 'A listing of Contacts follows, presented as ContactList events',
    complete: 'ContactListComplete',
    items,
    empty: 'No Contacts found\n',
  });
}

function listAors(srv: AmiTestServer, req: ActionRequest): void {
  const { idField } = req;
  answerList(req, {
    message: 'A listing of AORs follows, presented as AorList events',
    complete: 'AorListComplete',
    items: [...srv.pjsip.aors.keys()]
      .sort()
      .map((n) => [['Event', 'AorList'], ...idField, ...aorFields(srv, n, 'list')]),
    empty: 'No AORs found\n',
  });
}

function listAuths(srv: AmiTestServer, req: ActionRequest): void {
  const { idField } = req;
  const items: Fields[] = [...srv.pjsip.auths.keys()]
    .sort()
    .map((n) => [
      ['Event', 'AuthList'],
      ...idField,
      ['ObjectType', 'auth'],
      ['ObjectName', n],
      ...srv.pjsip.auths.get(n)!.fields,
    ]);
  answerList(req, {
    message: 'A listing of Auths follows, presented as AuthList events',
    complete: 'AuthListComplete',
    items,
    empty: 'No Auths found\n',
  });
}

function listInboundRegistrations(srv: AmiTestServer, req: ActionRequest): void {
  const { idField } = req;
  const items: Fields[] = [];
  for (const name of [...srv.pjsip.endpoints.keys()].sort()) {
    for (const a of srv.pjsip.endpoints.get(name)!.aors) {
      if (!srv.pjsip.aors.has(a)) continue;
      items.push([
        ['Event', 'InboundRegistrationDetail'],
        ...idField,
        ...aorFields(srv, a, 'inbound'),
      ]);
    }
  }
  answerList(req, {
    message: 'Following are Events for each Inbound registration',
    complete: 'InboundRegistrationDetailComplete',
    items,
  });
}

function listContactStatuses(srv: AmiTestServer, req: ActionRequest): void {
  const { idField } = req;
  const items: Fields[] = srv.registrations
    .contactsInAorOrder()
    .map((c) => contactStatusDetail(srv, c, idField));
  answerList(req, {
    message: 'Following are ContactStatusEvents for each Inbound registration',
    complete: 'ContactStatusDetailComplete',
    items,
  });
}

const emptyList =
  (message: string, complete: string): ActionHandler =>
  (_srv, req) =>
    answerList(req, { message, complete, items: [] });

export const pjsipHandlers: Record<string, ActionHandler> = {
  pjsipshowendpoints: listEndpoints,
  pjsipshowendpoint: showEndpoint,
  pjsipshowcontacts: listContactsAction,
  pjsipshowaors: listAors,
  pjsipshowauths: listAuths,
  pjsipshowregistrationsinbound: listInboundRegistrations,
  pjsipshowregistrationinboundcontactstatuses: listContactStatuses,
  pjsipshowregistrationsoutbound(srv, req) {
    const { idField } = req;
    const regs = srv.trunks.list();
    const registered = regs.filter((r) => r.status === 'Registered').length;
    // ListItems counts registrations, not the AuthDetail events between them (47).
    answerList(req, {
      message: 'Following are Events for each Outbound registration',
      complete: 'OutboundRegistrationDetailComplete',
      items: regs.flatMap((r) => outboundRegistrationItems(r, idField)),
      count: regs.length,
      extra: [
        ['Registered', String(registered)],
        ['NotRegistered', String(regs.length - registered)],
      ],
    });
  },
  pjsipregister: registerOrUnregister,
  pjsipunregister: registerOrUnregister,
  pjsipshowsubscriptionsinbound: emptyList(
    'Following are Events for each inbound Subscription',
    'InboundSubscriptionDetailComplete',
  ),
  pjsipshowsubscriptionsoutbound: emptyList(
    'Following are Events for each outbound Subscription',
    'OutboundSubscriptionDetailComplete',
  ),
  pjsipshowmaintenance: emptyList(
    'Maintenance status events follow',
    'PJSIPMaintenanceStatusComplete',
  ),
  pjsipshowresourcelists(_srv, { error }) {
    error('No resource lists found\n');
  },
  pjsipqualify(srv, { msg, respond, error }) {
    const ep = amiGet(msg, 'Endpoint') ?? '';
    if (!srv.pjsip.endpoints.has(ep)) error(`Unable to retrieve endpoint ${ep}\n`);
    else respond('Success', [['Message', 'Endpoint found, will qualify']]);
  },
};

function registerOrUnregister(srv: AmiTestServer, req: ActionRequest): void {
  const reg = amiGet(req.msg, 'Registration') ?? '';
  const register = req.name === 'pjsipregister';
  if (!srv.trunks.get(reg)) return req.error('Unable to retrieve registration entry\n');
  // Asterisk answers once the request is queued; the SIP exchange follows (47 rec-7).
  req.respond('Success', [['Message', register ? 'Reregistration sent' : 'Unregistration sent']]);
  if (register) srv.trunks.registerNow(reg);
  else srv.trunks.unregisterNow(reg);
}
