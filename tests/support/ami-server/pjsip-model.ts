import { resolveConfig } from '../../../src/main/core/config/resolve';
import { ALLOWABLE_FORMATS } from './codecs';
import { lineKind, lineContent, parseConfig } from '../../../src/main/core/config/parse';
import {
  AOR_DEFAULTS,
  AUTH_DEFAULTS,
  ENDPOINT_DETAIL_DEFAULTS,
  TRANSPORT_DETAIL_DEFAULTS,
  amiFieldName,
  astTrue,
  formatLike,
} from './formats';

/**
 * What the test server's "Asterisk" has loaded from pjsip.conf, with Asterisk's reload rules:
 * - a file that cannot be parsed (`[1002` without `]`) changes nothing at all (40_*);
 * - a line without `=` is skipped, the rest applies (41_*);
 * - an object with an unknown option or a bad value keeps its previous configuration, or is
 *   not created when it is new ("Retaining existing configuration", 42_*);
 * - a transport without `allow_reload=yes` keeps its protocol/bind/TLS/ToS/CoS (not reloadable);
 *   its NAT settings (external_*_address, local_net) do apply.
 */

export interface EndpointObject {
  name: string;
  /** EndpointDetail fields in Asterisk's order, without DeviceState/ActiveChannels. */
  detail: Array<[string, string]>;
  transport: string;
  aors: string[];
  auths: string[];
  outboundAuths: string[];
  context: string;
  /** The `<num>` of `callerid = "Name" <num>`, for the CLI's `1001/1001`. */
  calleridNum: string | null;
  calleridName: string | null;
  deviceStateBusyAt: number;
  /** Fingerprint of the options, to tell unchanged objects on reload (reload cost). */
  signature: string;
}

export interface AuthObject {
  name: string;
  fields: Array<[string, string]>;
  username: string;
  password: string;
  signature: string;
}

export interface AorObject {
  name: string;
  /** AorList fields after ObjectType/ObjectName; the `Contacts` value is filled live. */
  fields: Array<[string, string]>;
  maxContacts: number;
  qualifyFrequency: number;
  qualifyTimeout: number;
  removeExisting: boolean;
  signature: string;
}

export interface TransportObject {
  name: string;
  fields: Array<[string, string]>;
  protocol: string;
  bind: string;
  tos: number;
  cos: number;
  allowReload: boolean;
  signature: string;
}

export interface PjsipState {
  endpoints: Map<string, EndpointObject>;
  auths: Map<string, AuthObject>;
  aors: Map<string, AorObject>;
  transports: Map<string, TransportObject>;
}

export interface LoadReport {
  /** False when the whole file was refused (parse error): the previous state was kept. */
  parsed: boolean;
  /** Log lines Asterisk would write (ERROR/WARNING/NOTICE), for test diagnostics. */
  log: string[];
  newObjects: number;
  changedObjects: number;
  unchangedObjects: number;
}

export function emptyState(): PjsipState {
  return { endpoints: new Map(), auths: new Map(), aors: new Map(), transports: new Map() };
}

class InvalidObject extends Error {}

// The formats `core show codecs` lists (codecs.ts): what Asterisk 22 takes in allow=.
const KNOWN_CODECS = ALLOWABLE_FORMATS;

const ENDPOINT_OPTIONS = new Set<string>([
  'type',
  'disallow',
  'allow',
  'deny',
  'permit',
  'contact_deny',
  'contact_permit',
  'aors',
  'auth',
  'outbound_auth',
  'codec_prefs_incoming_offer',
  'codec_prefs_outgoing_offer',
  'codec_prefs_incoming_answer',
  'codec_prefs_outgoing_answer',
]);
const ENDPOINT_FIELD_BY_OPTION = new Map<string, string>();
/** Fields whose option name the CamelCase does not spell back unambiguously. */
const OPTION_OVERRIDES: Record<string, string> = {
  '100rel': '100rel',
  Ignore183WithoutSdp: 'ignore_183_without_sdp',
  SrtpTag32: 'srtp_tag_32',
};
for (const [field] of ENDPOINT_DETAIL_DEFAULTS) {
  const option = OPTION_OVERRIDES[field] ?? snake(field);
  ENDPOINT_OPTIONS.add(option);
  ENDPOINT_FIELD_BY_OPTION.set(option, field);
}

function snake(field: string): string {
  return field
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/([A-Z])([A-Z][a-z])/g, '$1_$2')
    .toLowerCase();
}

const UINT_ENDPOINT = new Set([
  'device_state_busy_at',
  't38_udptl_maxdatagram',
  'dtls_rekey',
  'rtp_port_start',
  'rtp_port_end',
  'timers_sess_expires',
  'timers_min_se',
  'cos_audio',
  'cos_video',
  'max_audio_streams',
  'max_video_streams',
  'fax_detect_timeout',
  'rtp_timeout',
  'rtp_timeout_hold',
  'rtp_keepalive',
  'sub_min_expiry',
]);
const ENUM_ENDPOINT: Record<string, readonly string[]> = {
  dtmf_mode: ['rfc4733', 'inband', 'info', 'auto', 'auto_info'],
  direct_media_method: ['invite', 'reinvite', 'update'],
  connected_line_method: ['invite', 'reinvite', 'update'],
  direct_media_glare_mitigation: ['none', 'outgoing', 'incoming'],
  media_encryption: ['no', 'sdes', 'dtls'],
  callerid_privacy: [
    'allowed_not_screened',
    'allowed_passed_screen',
    'allowed_failed_screen',
    'allowed',
    'prohib_not_screened',
    'prohib_passed_screen',
    'prohib_failed_screen',
    'prohib',
    'unavailable',
  ],
};

function uint(option: string, value: string): number {
  const v = value.trim();
  if (!/^\d+$/.test(v)) throw new InvalidObject(`Error parsing ${option}=${value}`);
  return Number(v);
}

function sig(options: Array<[string, string]>): string {
  return options.map(([k, v]) => `${k}=${v}`).join('\n');
}

function parseCallerId(v: string): { name: string | null; num: string | null } {
  const m = /^\s*"?([^"<]*?)"?\s*<([^>]*)>\s*$/.exec(v);
  if (m) return { name: m[1]!.trim() || null, num: m[2]!.trim() || null };
  const t = v.trim();
  return /^[0-9*#+]+$/.test(t) ? { name: null, num: t } : { name: t || null, num: null };
}

const ENDPOINT_FIELD_INDEX = new Map<string, number>(
  ENDPOINT_DETAIL_DEFAULTS.map(([k], i) => [k, i]),
);
const ENDPOINT_DEFAULT_TUPLES: Array<[string, string]> = ENDPOINT_DETAIL_DEFAULTS.map(([k, v]) => [
  k,
  v,
]);
const idx = (field: string): number => ENDPOINT_FIELD_INDEX.get(field)!;
const I_ALLOW = idx('Allow');
const I_CALLERID = idx('Callerid');
const I_TRANSPORT = idx('Transport');
const I_AORS = idx('Aors');
const I_AUTH = idx('Auth');
const I_OUTBOUND_AUTH = idx('OutboundAuth');
const I_CONTEXT = idx('Context');
const I_BUSY_AT = idx('DeviceStateBusyAt');

export function buildEndpoint(name: string, options: Array<[string, string]>): EndpointObject {
  // Shares the default tuples; only fields the config sets get a tuple of their own.
  const detail = ENDPOINT_DEFAULT_TUPLES.slice();
  let codecs: string[] = [];
  for (const [rawKey, rawValue] of options) {
    const key = rawKey.toLowerCase();
    const value = rawValue.trim();
    if (!ENDPOINT_OPTIONS.has(key))
      throw new InvalidObject(
        `Could not find option suitable for category '${name}' named '${rawKey}'`,
      );
    if (key === 'type') continue;
    if (key === 'allow' || key === 'disallow') {
      for (const c of value.split(',')) {
        const codec = c.trim().toLowerCase();
        if (!codec) continue;
        if (!KNOWN_CODECS.has(codec)) throw new InvalidObject(`Error parsing ${key}=${value}`);
        if (key === 'disallow') codecs = codec === 'all' ? [] : codecs.filter((x) => x !== codec);
        else if (codec === 'all') codecs = ['all'];
        else if (!codecs.includes(codec)) codecs.push(codec);
      }
      continue;
    }
    if (UINT_ENDPOINT.has(key)) uint(key, value);
    const allowed = ENUM_ENDPOINT[key];
    if (allowed && !allowed.includes(value.toLowerCase()))
      throw new InvalidObject(`Error parsing ${key}=${value}`);
    const field = ENDPOINT_FIELD_BY_OPTION.get(key);
    if (!field) continue;
    const i = ENDPOINT_FIELD_INDEX.get(field)!;
    detail[i] = [field, formatLike(ENDPOINT_DETAIL_DEFAULTS[i]![1], value)];
  }
  detail[I_ALLOW] = ['Allow', codecs.length === 0 ? '(nothing)' : `(${codecs.join('|')})`];
  const callerid = parseCallerId(detail[I_CALLERID]![1]);
  const list = (i: number): string[] =>
    detail[i]![1].split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  return {
    name,
    detail,
    transport: detail[I_TRANSPORT]![1],
    aors: list(I_AORS),
    auths: list(I_AUTH),
    outboundAuths: list(I_OUTBOUND_AUTH),
    context: detail[I_CONTEXT]![1],
    calleridNum: callerid.num,
    calleridName: callerid.name,
    deviceStateBusyAt: Number(detail[I_BUSY_AT]![1]) || 0,
    signature: sig(options),
  };
}

const AUTH_OPTIONS = new Set([
  'type',
  'auth_type',
  'username',
  'password',
  'md5_cred',
  'realm',
  'nonce_lifetime',
  'oauth_clientid',
  'oauth_secret',
  'refresh_token',
  'password_digest',
  'supported_algorithms_uas',
  'supported_algorithms_uac',
]);

export function buildAuth(name: string, options: Array<[string, string]>): AuthObject {
  const values = new Map<string, string>(AUTH_DEFAULTS.map(([k, v]) => [k, v]));
  for (const [rawKey, rawValue] of options) {
    const key = rawKey.toLowerCase();
    const value = rawValue.trim();
    if (!AUTH_OPTIONS.has(key))
      throw new InvalidObject(
        `Could not find option suitable for category '${name}' named '${rawKey}'`,
      );
    if (key === 'type') continue;
    if (key === 'auth_type' && !['userpass', 'md5', 'google_oauth'].includes(value.toLowerCase())) {
      throw new InvalidObject(
        `Unknown authentication storage type '${value}' specified for auth_type`,
      );
    }
    if (key === 'nonce_lifetime') uint(key, value);
    values.set(amiFieldName(key), value);
  }
  const username = values.get('Username') ?? '';
  const password = values.get('Password') ?? '';
  if (!username) throw new InvalidObject(`No authentication username for auth '${name}'`);
  if ((values.get('AuthType') ?? 'userpass') === 'userpass' && !password) {
    throw new InvalidObject(
      `'userpass' authentication specified but no password specified for auth '${name}'`,
    );
  }
  return {
    name,
    fields: AUTH_DEFAULTS.map(([k]) => [k, values.get(k) ?? '']),
    username,
    password,
    signature: sig(options),
  };
}

const AOR_OPTIONS = new Set([
  'type',
  'minimum_expiration',
  'maximum_expiration',
  'default_expiration',
  'qualify_frequency',
  'qualify_timeout',
  'qualify_2xx_only',
  'authenticate_qualify',
  'max_contacts',
  'remove_existing',
  'remove_unavailable',
  'contact',
  'mailboxes',
  'voicemail_extension',
  'outbound_proxy',
  'support_path',
]);
const UINT_AOR = new Set([
  'minimum_expiration',
  'maximum_expiration',
  'default_expiration',
  'qualify_frequency',
  'max_contacts',
]);

export function buildAor(name: string, options: Array<[string, string]>): AorObject {
  const values = new Map<string, string>(AOR_DEFAULTS.map(([k, v]) => [k, v]));
  for (const [rawKey, rawValue] of options) {
    const key = rawKey.toLowerCase();
    const value = rawValue.trim();
    if (!AOR_OPTIONS.has(key))
      throw new InvalidObject(
        `Could not find option suitable for category '${name}' named '${rawKey}'`,
      );
    if (key === 'type' || key === 'contact') continue;
    if (UINT_AOR.has(key)) {
      const n = uint(key, value);
      if (key === 'qualify_frequency' && n > 86400)
        throw new InvalidObject(`Error parsing ${key}=${value}`);
    }
    if (key === 'qualify_timeout') {
      const n = Number(value);
      if (!Number.isFinite(n)) throw new InvalidObject(`Error parsing ${key}=${value}`);
      values.set('QualifyTimeout', n.toFixed(6));
      continue;
    }
    const field = key === 'qualify_2xx_only' ? 'Qualify2xxOnly' : amiFieldName(key);
    values.set(field, formatLike(values.get(field) ?? '', value));
  }
  return {
    name,
    fields: AOR_DEFAULTS.map(([k]) => [k, values.get(k) ?? '']),
    maxContacts: Number(values.get('MaxContacts')),
    qualifyFrequency: Number(values.get('QualifyFrequency')),
    qualifyTimeout: Number(values.get('QualifyTimeout')),
    removeExisting: values.get('RemoveExisting') === 'true',
    signature: sig(options),
  };
}

const TRANSPORT_OPTIONS = new Set<string>([
  'type',
  'protocol',
  'bind',
  'local_net',
  'external_media_address',
  'external_signaling_address',
  'external_signaling_port',
  'allow_reload',
  'tos',
  'cos',
  'ca_list_file',
  'ca_list_path',
  'cert_file',
  'priv_key_file',
  'password',
  'method',
  'verify_client',
  'verify_server',
  'require_client_cert',
  'cipher',
  'domain',
  'async_operations',
  'websocket_write_timeout',
  'symmetric_transport',
  'allow_wildcard_certs',
  'tcp_keepalive_enable',
  'tcp_keepalive_idle_time',
  'tcp_keepalive_interval_time',
  'tcp_keepalive_probe_count',
]);
/** Changes to these need a restart unless allow_reload=yes ("not fully reloadable"). */
const TRANSPORT_FIXED = new Set([
  'Protocol',
  'Bind',
  'Tos',
  'Cos',
  'CaListFile',
  'CaListPath',
  'CertFile',
  'PrivKeyFile',
  'Password',
  'Method',
  'Cipher',
  'VerifyClient',
  'VerifyServer',
  'RequireClientCert',
  'TcpKeepaliveEnable',
]);

function netmaskFromPrefix(prefix: number): string {
  const bits = prefix === 0 ? 0 : (0xffffffff << (32 - prefix)) >>> 0;
  return [24, 16, 8, 0].map((s) => (bits >>> s) & 255).join('.');
}

const IPV4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

function isIpv4(v: string): boolean {
  const m = IPV4.exec(v);
  return m !== null && m.slice(1).every((o) => Number(o) <= 255);
}

/** `192.168.0.0/16` → `192.168.0.0/255.255.0.0`, as Asterisk's `ast_ha_join` prints a local_net. */
function localNetEntry(v: string): string {
  const [addr, mask] = v.trim().split('/');
  if (!addr || !isIpv4(addr)) throw new InvalidObject(`Error parsing local_net=${v}`);
  if (mask === undefined) return `${addr}/255.255.255.255`;
  if (/^\d+$/.test(mask)) {
    const p = Number(mask);
    if (p > 32) throw new InvalidObject(`Error parsing local_net=${v}`);
    const nm = netmaskFromPrefix(p);
    const masked = addr
      .split('.')
      .map((o, i) => Number(o) & Number(nm.split('.')[i]))
      .join('.');
    return `${masked}/${nm}`;
  }
  if (!isIpv4(mask)) throw new InvalidObject(`Error parsing local_net=${v}`);
  return `${addr}/${mask}`;
}

function normaliseBind(v: string, protocol: string): string {
  const t = v.trim();
  const m = /^(\[[^\]]+\]|[^:]+)(?::(\d+))?$/.exec(t);
  if (!m) throw new InvalidObject(`Error parsing bind=${v}`);
  const host = m[1]!;
  if (!host.startsWith('[') && !isIpv4(host)) throw new InvalidObject(`Error parsing bind=${v}`);
  const port = m[2] ?? (protocol === 'tls' || protocol === 'wss' ? '5061' : '5060');
  if (Number(port) > 65535) throw new InvalidObject(`Error parsing bind=${v}`);
  return `${host}:${port}`;
}

export function buildTransport(
  name: string,
  options: Array<[string, string]>,
  previous?: TransportObject,
): TransportObject {
  const values = new Map<string, string>(TRANSPORT_DETAIL_DEFAULTS.map(([k, v]) => [k, v]));
  const localNets: string[] = [];
  let bindRaw = '0.0.0.0';
  for (const [rawKey, rawValue] of options) {
    const key = rawKey.toLowerCase();
    const value = rawValue.trim();
    if (!TRANSPORT_OPTIONS.has(key))
      throw new InvalidObject(
        `Could not find option suitable for category '${name}' named '${rawKey}'`,
      );
    if (key === 'type') continue;
    if (key === 'protocol') {
      if (!['udp', 'tcp', 'tls', 'ws', 'wss', 'flow'].includes(value.toLowerCase())) {
        throw new InvalidObject(`Error parsing protocol=${value}`);
      }
      values.set('Protocol', value.toLowerCase());
      continue;
    }
    if (key === 'bind') {
      bindRaw = value;
      continue;
    }
    if (key === 'local_net') {
      localNets.push(localNetEntry(value));
      continue;
    }
    if (key === 'tos' || key === 'cos' || key === 'external_signaling_port') uint(key, value);
    const field = amiFieldName(key);
    values.set(field, formatLike(values.get(field) ?? '', value));
  }
  const protocol = values.get('Protocol') ?? 'udp';
  values.set('Bind', normaliseBind(bindRaw, protocol));
  values.set('LocalNet', localNets.join(','));
  const allowReload = values.get('AllowReload') === 'true';
  let fields: Array<[string, string]> = TRANSPORT_DETAIL_DEFAULTS.map(([k]) => [
    k,
    values.get(k) ?? '',
  ]);
  if (previous && !previous.allowReload) {
    // Asterisk: "Transport 'x' is not fully reloadable, not reloading: protocol, bind, TLS, TCP, ToS, or CoS options."
    const old = new Map(previous.fields);
    fields = fields.map(([k, v]) => [k, TRANSPORT_FIXED.has(k) ? (old.get(k) ?? v) : v]);
  }
  const get = (k: string): string => fields.find(([f]) => f === k)?.[1] ?? '';
  return {
    name,
    fields,
    protocol: get('Protocol'),
    bind: get('Bind'),
    tos: Number(get('Tos')) || 0,
    cos: Number(get('Cos')) || 0,
    allowReload,
    signature: sig(options),
  };
}

/**
 * Loads pjsip.conf text on top of `previous` (null at startup) following Asterisk's rules.
 * Returns the new state and what happened.
 */
export function loadPjsip(
  text: string,
  previous: PjsipState | null,
): { state: PjsipState; report: LoadReport } {
  const prev = previous ?? emptyState();
  const report: LoadReport = {
    parsed: true,
    log: [],
    newObjects: 0,
    changedObjects: 0,
    unchangedObjects: 0,
  };
  const doc = parseConfig(text);
  for (let i = 0; i < doc.lineCount; i++) {
    if (lineKind(doc, i) === 'unknown') {
      const content = lineContent(doc, i).trim();
      if (content.startsWith('[')) {
        report.parsed = false;
        report.log.push(
          `WARNING config.c: parse error: no closing ']', line ${i + 1} of pjsip.conf`,
        );
        report.log.push(
          `ERROR res_sorcery_config.c: Contents of config file 'pjsip.conf' are invalid and cannot be parsed`,
        );
        return { state: prev, report };
      }
      if (content.length > 0)
        report.log.push(`WARNING config.c: No '=' (equal sign) in line ${i + 1} of pjsip.conf`);
    }
  }
  const resolved = resolveConfig(doc);
  if (resolved.problems.some((p) => p.message.includes('(+)') || p.message.includes('inherits'))) {
    report.parsed = false;
    for (const p of resolved.problems)
      report.log.push(`ERROR config.c: ${p.message} (line ${p.line})`);
    return { state: prev, report };
  }

  const next = emptyState();
  for (const section of resolved.sections) {
    const type = (section.type ?? '').trim().toLowerCase();
    const kind =
      type === 'endpoint'
        ? 'endpoints'
        : type === 'auth'
          ? 'auths'
          : type === 'aor'
            ? 'aors'
            : type === 'transport'
              ? 'transports'
              : null;
    if (!kind) continue;
    const map = next[kind] as Map<string, { signature: string }>;
    const before = (prev[kind] as Map<string, { signature: string }>).get(section.name);
    if (before && before.signature === sig(section.options) && kind !== 'transports') {
      // Unchanged options: sorcery would build the same object; keep the one we have.
      map.set(section.name, before);
      report.unchangedObjects++;
      continue;
    }
    try {
      let obj: EndpointObject | AuthObject | AorObject | TransportObject;
      if (kind === 'endpoints') obj = buildEndpoint(section.name, section.options);
      else if (kind === 'auths') obj = buildAuth(section.name, section.options);
      else if (kind === 'aors') obj = buildAor(section.name, section.options);
      else obj = buildTransport(section.name, section.options, prev.transports.get(section.name));
      map.set(section.name, obj);
      if (!before) report.newObjects++;
      else if (before.signature === obj.signature) report.unchangedObjects++;
      else report.changedObjects++;
    } catch (err) {
      if (!(err instanceof InvalidObject)) throw err;
      report.log.push(`ERROR config_options.c: ${err.message}`);
      report.log.push(
        `ERROR res_sorcery_config.c: Could not create an object of type '${type}' with id '${section.name}' from configuration file 'pjsip.conf'`,
      );
      if (before) {
        report.log.push(
          `NOTICE res_sorcery_config.c: Retaining existing configuration for object of type '${type}' with id '${section.name}'`,
        );
        map.set(section.name, before);
        report.unchangedObjects++;
      }
    }
  }
  return { state: next, report };
}

/** True when any contact-bearing field says the AOR qualifies its contacts. */
export function aorQualifies(aor: AorObject | undefined): boolean {
  return aor !== undefined && aor.qualifyFrequency > 0;
}

export function isYes(v: string): boolean {
  return astTrue(v);
}
