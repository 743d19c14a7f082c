/**
 * Trunks ⇄ pjsip.conf text. Pure functions: text in, text out; the caller does the I/O.
 *
 * A trunk is a `type=registration` with its `outbound_auth`, plus the provider's endpoint, aor and
 * identify. Managed trunks live in `; BEGIN MANAGED - Trunk <name>` blocks; every registration
 * written by hand is listed too, `managed: false`, and never edited (issue 12, adopting
 * hand-written sections, has not landed).
 */
import type { Trunk } from '../../../shared/types';
import {
  trunkCreateInput,
  trunkNameInput,
  trunkUpdateInput,
  type TrunkCreateRequest,
} from '../../../shared/schemas';
import { listManagedBlocks, removeManagedBlock, upsertManagedBlock } from '../config/managed';
import { resolveConfig, type ResolvedSection } from '../config/resolve';
import { validateInput } from '../config/validate';
import {
  disableBody,
  enableBody,
  isDisabledBody,
  joinBody,
  splitBody,
} from '../pjsip/extension-body';
import { ReadOnlyTrunkError, TrunkExistsError, TrunkNotFoundError } from './errors';
import { renderTrunkBody, settingsOf } from './trunk-body';

export const TRUNK_BLOCK_PREFIX = 'Trunk ';

export function trunkBlockId(name: string): string {
  return `${TRUNK_BLOCK_PREFIX}${name}`;
}

type Options = Map<string, string[]>;

function optionsOf(s: ResolvedSection): Options {
  const m: Options = new Map();
  for (const [k, v] of s.options) {
    const key = k.trim().toLowerCase();
    m.set(key, [...(m.get(key) ?? []), v.trim()]);
  }
  return m;
}

const last = (o: Options | undefined, key: string): string | null => {
  const l = o?.get(key);
  return l && l.length > 0 ? l[l.length - 1]! : null;
};

function num(o: Options, key: string, dflt: number): number {
  const v = last(o, key);
  const n = v === null ? NaN : Number(v);
  return Number.isFinite(n) ? n : dflt;
}

/** `host[:port]` of a SIP URI. */
export function hostPortOf(uri: string): string {
  const m = /^sips?:(?:[^@]*@)?([^;>?]+)/.exec(uri.trim());
  return m ? m[1]! : uri;
}

function userOf(uri: string): string {
  const m = /^sips?:([^@]+)@/.exec(uri.trim());
  return m ? m[1]! : '';
}

/** Trunks of one text, all `managed` as given (the caller knows where the text came from). */
function trunksIn(text: string, managed: (name: string) => boolean, enabled: boolean): Trunk[] {
  const sections = resolveConfig(text).sections.filter((s) => !s.isTemplate);
  const byType = (type: string) =>
    sections
      .filter((s) => (s.type ?? '').trim().toLowerCase() === type)
      .map((s) => ({ name: s.name, o: optionsOf(s) }));
  const auths = new Map(byType('auth').map((a) => [a.name, a.o]));
  const endpoints = byType('endpoint');
  const identifies = byType('identify');
  const out: Trunk[] = [];
  for (const { name, o } of byType('registration')) {
    const authName = last(o, 'outbound_auth') ?? '';
    const auth = auths.get(authName);
    const serverUri = last(o, 'server_uri') ?? '';
    const clientUri = last(o, 'client_uri') ?? '';
    // The provider's endpoint: the one named like the registration, else the one that
    // authenticates with the same credentials.
    const ep =
      endpoints.find((e) => e.name === name) ??
      endpoints.find((e) => authName !== '' && last(e.o, 'outbound_auth') === authName);
    const match = ep
      ? identifies
          .filter((i) => last(i.o, 'endpoint') === ep.name)
          .flatMap((i) => i.o.get('match') ?? [])
          .flatMap((m) => m.split(',').map((x) => x.trim()))
          .filter((m) => m.length > 0)
      : [];
    const allow = ep ? (ep.o.get('allow') ?? []).flatMap((a) => a.split(',')) : [];
    out.push({
      name,
      managed: managed(name),
      enabled,
      server: hostPortOf(serverUri),
      serverUri,
      clientUri,
      username: last(auth, 'username') ?? userOf(clientUri),
      transport: last(o, 'transport') ?? '',
      contactUser: last(o, 'contact_user') ?? 's',
      fromUser: ep ? last(ep.o, 'from_user') : null,
      fromDomain: ep ? last(ep.o, 'from_domain') : null,
      expiration: num(o, 'expiration', 3600),
      retryInterval: num(o, 'retry_interval', 60),
      forbiddenRetryInterval: num(o, 'forbidden_retry_interval', 0),
      codecs: allow.map((c) => c.trim()).filter((c) => c.length > 0 && c !== 'all'),
      context: ep ? last(ep.o, 'context') : null,
      match,
      endpoint: ep?.name ?? null,
    });
  }
  return out;
}

/** Every trunk of pjsip.conf: managed ones (enabled or not) and hand-written ones. */
export function readTrunks(text: string): Trunk[] {
  const blocks = listManagedBlocks(text).filter((b) => b.id.startsWith(TRUNK_BLOCK_PREFIX));
  const managedNames = new Set(blocks.map((b) => b.id.slice(TRUNK_BLOCK_PREFIX.length)));
  const live = trunksIn(text, (n) => managedNames.has(n), true);
  const disabled = blocks
    .filter((b) => isDisabledBody(splitBody(b.body)))
    .flatMap((b) => trunksIn(joinBody(enableBody(splitBody(b.body))), () => true, false));
  return [...live, ...disabled].sort((a, b) => a.name.localeCompare(b.name));
}

export function findTrunk(text: string, name: string): Trunk | null {
  return readTrunks(text).find((t) => t.name === name) ?? null;
}

/** The password in a managed trunk's auth (never sent to the renderer; used to keep it on edits). */
function trunkPassword(body: string[]): string | null {
  let inAuth = false;
  let pw: string | null = null;
  for (const raw of body) {
    const l = raw.trim();
    if (l.startsWith('[')) inAuth = false;
    else if (/^type\s*=\s*auth$/i.test(l)) inAuth = true;
    else if (inAuth) {
      const m = /^password\s*=\s*(.*)$/i.exec(l);
      if (m) pw = m[1]!.trim();
    }
  }
  return pw;
}

function sectionNamed(text: string, name: string): boolean {
  return resolveConfig(text).sections.some((s) => s.name === name);
}

export function addTrunk(
  text: string,
  input: TrunkCreateRequest | unknown,
): { text: string; trunk: Trunk } {
  const v = validateInput(trunkCreateInput, input);
  const blocks = listManagedBlocks(text);
  const id = trunkBlockId(v.name);
  if (blocks.some((b) => b.id === id)) throw new TrunkExistsError(v.name, true);
  if (sectionNamed(text, v.name)) throw new TrunkExistsError(v.name, false);
  let body = renderTrunkBody(v, v.password);
  if (!v.enabled) body = disableBody(body);
  const next = upsertManagedBlock(text, id, joinBody(body), blocks);
  return { text: next, trunk: findTrunk(next, v.name)! };
}

function managedOrThrow(text: string, name: string) {
  const n = validateInput(trunkNameInput, name);
  const blocks = listManagedBlocks(text);
  const block = blocks.find((b) => b.id === trunkBlockId(n));
  if (!block) {
    if (readTrunks(text).some((t) => t.name === n)) throw new ReadOnlyTrunkError(n);
    throw new TrunkNotFoundError(n);
  }
  return { name: n, blocks, block };
}

/** Changes the given fields of a managed trunk (the block is rendered again from the result). */
export function updateTrunk(
  text: string,
  name: string,
  patch: unknown,
): { text: string; trunk: Trunk } {
  const p = validateInput(trunkUpdateInput, patch);
  const { name: n, blocks, block } = managedOrThrow(text, name);
  const lines = splitBody(block.body);
  const wasDisabled = isDisabledBody(lines);
  const plain = wasDisabled ? enableBody(lines) : lines;
  const current = trunksIn(joinBody(plain), () => true, true).find((t) => t.name === n);
  if (!current) throw new TrunkNotFoundError(n);
  const password = p.password ?? trunkPassword(plain) ?? '';
  const { password: _pw, enabled: _en, ...rest } = p;
  void _pw;
  void _en;
  const settings = { ...settingsOf(current), ...rest };
  // settingsOf leaves a default client URI unset, so a new server or username moves it along.
  const enabled = p.enabled ?? !wasDisabled;
  let body = renderTrunkBody(settings, password);
  if (!enabled) body = disableBody(body);
  const next = upsertManagedBlock(text, block.id, joinBody(body), blocks);
  return { text: next, trunk: findTrunk(next, n)! };
}

export function removeTrunk(text: string, name: string): string {
  const { blocks, block } = managedOrThrow(text, name);
  return removeManagedBlock(text, block.id, blocks);
}

export function setTrunkEnabled(
  text: string,
  name: string,
  enabled: boolean,
): { text: string; trunk: Trunk } {
  return updateTrunk(text, name, { enabled });
}
