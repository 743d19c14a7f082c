import type { PjsipState } from './pjsip-model';
import type { Channel } from './channels';
import { STATE_DESC, hms } from './channels';

/**
 * CLI output of the few commands the console runs, formatted like Asterisk 22's
 * `ast_sip_cli_traverse_objects` (res_pjsip/pjsip_cli.c): indent 9 + 2 per level, last tab stop
 * at column 62, 90 columns wide. Checked against recordings 22, 22b, 38d, 40e and 42e.
 */

export interface CliContact {
  aor: string;
  uri: string;
  /** The hash after `;@` in the contact id; the CLI shows its first 10 characters. */
  hash: string;
  status: 'Reachable' | 'Unreachable' | 'NonQualified' | 'Unknown';
  rttUsec: number;
}

export interface CliView {
  pjsip: PjsipState;
  contactsOf(aor: string): CliContact[];
  deviceStateText(endpoint: string): string;
  activeChannels(endpoint: string): number;
  channels(): Channel[];
}

const LAST_TABSTOP = 62;
const MAX_WIDTH = 90;
const indent = (level: number): number => 9 + 2 * level;
const SEPARATOR = '='.repeat(MAX_WIDTH);

function fit(s: string, width: number): string {
  return s.length > width ? s.slice(0, width) : s.padEnd(width);
}

function label(name: string, level: number): string {
  return name.padStart(indent(level));
}

const ENDPOINT_HEADERS = [
  ' Endpoint:  <Endpoint/CID.....................................>  <State.....>  <Channels.>',
  '    I/OAuth:  <AuthId/UserName...........................................................>',
  '        Aor:  <Aor............................................>  <MaxContact>',
  '      Contact:  <Aor/ContactUri..........................> <Hash....> <Status> <RTT(ms)..>',
  '  Transport:  <TransportId........>  <Type>  <cos>  <tos>  <BindAddress..................>',
  '   Identify:  <Identify/Endpoint.........................................................>',
  '        Match:  <criteria.........................>',
  '    Channel:  <ChannelId......................................>  <State.....>  <Time.....>',
  '        Exten: <DialedExten...........>  CLCID: <ConnectedLineCID.......>',
];

function shortStatus(status: CliContact['status']): string {
  switch (status) {
    case 'Reachable':
      return 'Avail';
    case 'Unreachable':
      return 'Unavail';
    case 'NonQualified':
      return 'NonQual';
    default:
      return 'Unknown';
  }
}

function contactLine(c: CliContact, level: number): string {
  const ind = indent(level);
  const flex = LAST_TABSTOP - ind - 9 - c.aor.length + 1;
  const rtt = c.status === 'Reachable' ? (c.rttUsec / 1000).toFixed(3) : 'nan';
  return `${label('Contact', level)}:  ${c.aor}/${fit(c.uri, flex)} ${fit(c.hash.slice(0, 10), 10)} ${fit(shortStatus(c.status), 7)} ${rtt.padStart(11)}`;
}

function transportLine(view: CliView, name: string, level: number): string | null {
  const t = view.pjsip.transports.get(name);
  if (!t) return null;
  return `${label('Transport', level)}:  ${t.name.padEnd(21)}  ${t.protocol.padStart(6)}  ${String(t.cos).padStart(5)}  ${String(t.tos).padStart(5)}  ${t.bind}`;
}

function wrap(header: string[], body: string[], count: number): string[] {
  return ['', ...header, SEPARATOR, '', ...body, '', `Objects found: ${count}`, ''];
}

export function pjsipShowEndpoints(view: CliView): string[] {
  const names = [...view.pjsip.endpoints.keys()].sort();
  if (names.length === 0) return ['', 'No objects found.', ''];
  const body: string[] = [];
  for (const name of names) {
    const ep = view.pjsip.endpoints.get(name)!;
    const printName = ep.calleridNum ? `${name}/${ep.calleridNum}` : name;
    const busyAt = ep.deviceStateBusyAt > 0 ? String(ep.deviceStateBusyAt) : 'inf';
    body.push(
      `${label('Endpoint', 0)}:  ${fit(printName, LAST_TABSTOP - indent(0) - 2)}  ${fit(view.deviceStateText(name), 12)}  ${view.activeChannels(name)} of ${busyAt}`,
    );
    for (const a of ep.auths) {
      const auth = view.pjsip.auths.get(a);
      if (auth) body.push(`${label('InAuth', 1)}:  ${auth.name}/${auth.username}`);
    }
    for (const a of ep.outboundAuths) {
      const auth = view.pjsip.auths.get(a);
      if (auth) body.push(`${label('OutAuth', 1)}:  ${auth.name}/${auth.username}`);
    }
    for (const a of ep.aors) {
      const aor = view.pjsip.aors.get(a);
      if (!aor) continue;
      body.push(
        `${label('Aor', 1)}:  ${fit(aor.name, LAST_TABSTOP - indent(1) - 12)} ${String(aor.maxContacts).padStart(12)}`,
      );
      for (const c of view.contactsOf(a)) body.push(contactLine(c, 2));
    }
    const t = transportLine(view, ep.transport, 1);
    if (t) body.push(t);
    body.push('');
  }
  return wrap(ENDPOINT_HEADERS, body, names.length);
}

export function pjsipShowContacts(view: CliView): string[] {
  const rows: string[] = [];
  for (const aor of [...view.pjsip.aors.keys()].sort())
    for (const c of view.contactsOf(aor)) rows.push(contactLine(c, 0));
  if (rows.length === 0) return ['', 'No objects found.', ''];
  const header = `${label('Contact', 0)}:  <Aor/ContactUri${'.'.repeat(LAST_TABSTOP - indent(0) - 23)}> <Hash....> <Status> <RTT(ms)..>`;
  return wrap([header], rows, rows.length);
}

export function pjsipShowTransports(view: CliView): string[] {
  const names = [...view.pjsip.transports.keys()].sort();
  if (names.length === 0) return ['', 'No objects found.', ''];
  const header = `${label('Transport', 0)}:  <TransportId........>  <Type>  <cos>  <tos>  <BindAddress${'.'.repeat(MAX_WIDTH - indent(0) - 61)}>`;
  return wrap(
    [header],
    names.map((n) => transportLine(view, n, 0)!),
    names.length,
  );
}

export function coreShowChannels(view: CliView, processedCalls: number): string[] {
  const chans = view.channels();
  const lines = [
    `${'Channel'.padEnd(64)} ${'Location'.padEnd(32)} ${'State'.padEnd(7)} ${'Application(Data)'.padEnd(30)}`,
  ];
  for (const ch of chans) {
    const location = ch.exten ? `${ch.exten}@${ch.context}:${ch.priority}` : '(None)';
    const app = `${ch.application}(${ch.appData})`;
    lines.push(
      `${ch.name.padEnd(64)} ${location.padEnd(32)} ${(STATE_DESC[ch.state] ?? '').padEnd(7)} ${fit(app, 30)}`,
    );
  }
  const calls = new Set(chans.map((c) => c.linkedid)).size;
  lines.push(`${chans.length} active channel${chans.length === 1 ? '' : 's'}`);
  lines.push(`${calls} active call${calls === 1 ? '' : 's'}`);
  lines.push(`${processedCalls} call${processedCalls === 1 ? '' : 's'} processed`);
  return lines;
}

export function channelDuration(ch: Channel, now: number): string {
  return hms((now - ch.createdAt) / 1000);
}
