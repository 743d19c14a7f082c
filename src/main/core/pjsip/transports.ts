/**
 * PJSIP transports read from pjsip.conf text, and the one transport the console may create.
 */
import type { ApplyMode, TransportInfo, TransportProtocol } from '../../../shared/types';
import { transportNameInput } from '../../../shared/schemas';
import {
  blockAtOffset,
  listManagedBlocks,
  upsertManagedBlock,
  type ManagedBlock,
} from '../config/managed';
import { parseConfig, type ConfigDocument } from '../config/parse';
import { resolveSections, type ResolvedSection } from '../config/resolve';
import { validateInput, InputValidationError } from '../config/validate';
import { TransportNameTakenError } from './errors';
import { joinBody, splitBody } from './extension-body';

export const TRANSPORT_BLOCK_ID = 'RayanPBX Transport';
const PROTOCOLS: readonly TransportProtocol[] = ['udp', 'tcp', 'tls', 'ws', 'wss'];

/** A transport with where each of its options was written (hand or managed block). */
export interface TransportDetail {
  info: TransportInfo;
  section: ResolvedSection;
  /** The managed block holding the transport's `[name]` header, null when hand-written. */
  block: ManagedBlock | null;
  /** Line (1-based) of each hand-written option, by key (lower case). */
  handWritten: Map<string, number>;
  allowReload: boolean;
  /** external_signaling_port: the port phones outside the NAT reach (a port forward). */
  externalSignalingPort: number | null;
}

export function listTransports(text: string): TransportInfo[] {
  return transportDetails(text).map((d) => d.info);
}

/**
 * The UDP transports pjsip.conf defines (templates applied; `bind` as written, '' when unset):
 * the one list the doctor and `transport ensure` agree on.
 */
export function udpTransports(text: string): TransportInfo[] {
  return listTransports(text).filter((t) => t.protocol === 'udp');
}

/** Every loaded `type=transport` object, with NAT values as Asterisk would end up with. */
export function transportDetails(text: string): TransportDetail[] {
  const doc = parseConfig(text);
  const blocks = listManagedBlocks(text);
  return resolveSections(doc)
    .filter((s) => s.type === 'transport')
    .map((s) => describe(doc, blocks, s))
    .filter((d): d is TransportDetail => d !== null);
}

function describe(
  doc: ConfigDocument,
  blocks: ManagedBlock[],
  s: ResolvedSection,
): TransportDetail | null {
  const inBlock = (line: number) => blockAtOffset(blocks, doc.starts[line - 1]!);
  let protocol: string = 'udp'; // Asterisk's default
  let bind = '';
  let media: string | null = null;
  let signaling: string | null = null;
  let allowReload = false;
  let signalingPort: number | null = null;
  const managedNets: string[] = [];
  const handNets: string[] = [];
  const handWritten = new Map<string, number>();
  s.options.forEach(([k, v], i) => {
    const key = k.toLowerCase();
    const line = s.optionLines[i]!;
    const managed = inBlock(line) !== null;
    if (!managed && !handWritten.has(key)) handWritten.set(key, line);
    // Single-valued options: the last one set wins (a `(+)` addition overrides).
    if (key === 'protocol') protocol = v.toLowerCase();
    else if (key === 'bind') bind = v;
    else if (key === 'external_media_address') media = v || null;
    else if (key === 'external_signaling_address') signaling = v || null;
    else if (key === 'allow_reload') allowReload = /^(yes|true|1|on)$/i.test(v);
    else if (key === 'external_signaling_port')
      signalingPort = /^\d{1,5}$/.test(v) && Number(v) > 0 && Number(v) < 65536 ? Number(v) : null;
    else if (key === 'local_net') (managed ? managedNets : handNets).push(v);
  });
  if (!PROTOCOLS.includes(protocol as TransportProtocol)) return null;
  const block = inBlock(s.line);
  return {
    info: {
      name: s.name,
      protocol: protocol as TransportProtocol,
      bind,
      managed: block !== null,
      nat: {
        externalMediaAddress: media,
        externalSignalingAddress: signaling,
        localNets: managedNets,
      },
      handWrittenLocalNets: handNets,
    },
    section: s,
    block,
    handWritten,
    allowReload,
    externalSignalingPort: signalingPort,
  };
}

export interface EnsureUdpOptions {
  /** Section name for a created transport; default `transport-udp`. */
  name?: string;
  /** `ip:port` to bind a created transport to; default `0.0.0.0:5060`. */
  bind?: string;
}

export interface EnsureUdpResult {
  text: string;
  created: boolean;
  /** Name of the UDP transport that exists now. */
  transport: string;
  applyMode: ApplyMode;
}

/**
 * Makes sure a UDP transport exists. When none does, `[transport-udp]` (protocol=udp,
 * bind=0.0.0.0:5060) is written in the managed block `RayanPBX Transport`. A new transport is
 * created by a PJSIP reload (only changing an existing one's bind/protocol needs a restart).
 */
export function ensureUdpTransport(text: string, opts: EnsureUdpOptions = {}): EnsureUdpResult {
  const name = validateInput(transportNameInput, opts.name ?? 'transport-udp');
  const bind = opts.bind ?? '0.0.0.0:5060';
  if (!isBindAddress(bind)) {
    throw new InputValidationError(
      'bind: must be an IPv4 address with port (0.0.0.0:5060) or [IPv6]:port',
      ['bind'],
    );
  }
  const existing = transportDetails(text).find((d) => d.info.protocol === 'udp');
  if (existing) return { text, created: false, transport: existing.info.name, applyMode: 'reload' };

  const doc = parseConfig(text);
  if (doc.sections.some((s) => s.name === name && !s.template))
    throw new TransportNameTakenError(name);

  const section = [`[${name}]`, 'type=transport', 'protocol=udp', `bind=${bind}`];
  const blocks = listManagedBlocks(text);
  const current = blocks.find((b) => b.id === TRANSPORT_BLOCK_ID);
  const body = current ? [...splitBody(current.body)] : [];
  if (body.length && body[body.length - 1]!.trim() !== '') body.push('');
  body.push(...section);
  return {
    text: upsertManagedBlock(text, TRANSPORT_BLOCK_ID, joinBody(body), blocks),
    created: true,
    transport: name,
    applyMode: 'reload',
  };
}

const NOT_RELOADABLE = new Set([
  'protocol',
  'bind',
  'async_operations',
  'ca_list_file',
  'ca_list_path',
  'cert_file',
  'priv_key_file',
  'password',
  'method',
  'cipher',
  'verify_client',
  'verify_server',
  'require_client_cert',
  'tos',
  'cos',
]);

/**
 * Which Asterisk action makes a transport change live. external_*_address and local_net are
 * applied by a PJSIP reload; protocol, bind, TLS, ToS and CoS are "not fully reloadable" unless
 * the transport has allow_reload=yes (DESIGN.md, "Asterisk facts").
 */
export function transportApplyMode(changedKeys: Iterable<string>, allowReload: boolean): ApplyMode {
  if (allowReload) return 'reload';
  for (const k of changedKeys) if (NOT_RELOADABLE.has(k.toLowerCase())) return 'restart';
  return 'reload';
}

function isBindAddress(s: string): boolean {
  const v4 =
    /^(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(\.(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)){3}(:\d{1,5})?$/;
  const v6 = /^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/;
  if (!v4.test(s) && !v6.test(s)) return false;
  const port = /:(\d{1,5})$/.exec(s.replace(/^\[.*\]/, (m) => m.replace(/:/g, '')));
  return !port || (Number(port[1]) >= 1 && Number(port[1]) <= 65535);
}

/**
 * Where a softphone registers through `transportName` (an endpoint's transport; empty: the first
 * UDP transport): behind NAT the address the transport announces to the outside
 * and its external port (external_signaling_address / _port, a port forward), not the address
 * this console reaches the PBX at over SSH (often a LAN or VPN address); else `fallbackHost` and
 * the port the transport binds.
 */
export function softphoneServer(
  text: string,
  transportName: string,
  fallbackHost: string,
): { server: string; port: number; protocol: TransportProtocol } {
  const all = transportDetails(text);
  const t = transportName
    ? all.find((d) => d.info.name === transportName)
    : all.find((d) => d.info.protocol === 'udp');
  const bindPort = Number(/:(\d+)$/.exec(t?.info.bind ?? '')?.[1] ?? 5060);
  const external = t?.info.nat.externalSignalingAddress ?? null;
  return {
    server: external ?? fallbackHost,
    port: external !== null && t?.externalSignalingPort ? t.externalSignalingPort : bindPort,
    protocol: t?.info.protocol ?? 'udp',
  };
}
