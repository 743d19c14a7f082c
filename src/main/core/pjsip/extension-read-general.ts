/**
 * The general reader of extensions: the whole of pjsip.conf resolved as Asterisk loads it
 * (templates, `(+)` additions, block comments). It is the specification: the fast reader
 * (extension-read-fast.ts) is tested against it and hands it every file it does not model.
 */
import type { Extension } from '../../../shared/types';
import { blockAtOffset, type ManagedBlock } from '../config/managed';
import { parseConfig } from '../config/parse';
import { resolveSections, type ResolvedSection } from '../config/resolve';
import { numberOfBlock } from './extension-block-id';
import { extensionFrom, lastValue, readExtensionBody, splitBody } from './extension-body';

/** Managed extensions (file order), then hand-written endpoints (read-only). */
export function readExtensionsResolved(pjsipText: string, blocks: ManagedBlock[]): Extension[] {
  const doc = parseConfig(pjsipText);
  const sections = resolveSections(doc);
  // Group the loaded sections by the managed block their header sits in (one resolve for the
  // whole file, instead of one small parse per block).
  const perBlock = new Map<ManagedBlock, ResolvedSection[]>();
  const outside: ResolvedSection[] = [];
  for (const s of sections) {
    const b = blockAtOffset(blocks, doc.starts[s.line - 1]!);
    if (!b) {
      outside.push(s);
      continue;
    }
    let list = perBlock.get(b);
    if (!list) perBlock.set(b, (list = []));
    list.push(s);
  }

  const out: Extension[] = [];
  const managedNumbers = new Set<string>();
  for (const b of blocks) {
    const number = numberOfBlock(b);
    if (number === null) continue;
    managedNumbers.add(number);
    const own = perBlock.get(b);
    // Disabled blocks are all comments: nothing loaded, read their body instead.
    const r = own
      ? readFromSections(number, own, true)
      : readExtensionBody(number, splitBody(b.body))?.extension;
    if (r) out.push(r);
  }
  for (const u of endpointsAmong(outside)) {
    if (!managedNumbers.has(u.endpoint.name)) out.push(u.extension);
  }
  return out;
}

function readFromSections(
  number: string,
  own: ResolvedSection[],
  enabled: boolean,
): Extension | null {
  const endpoint =
    own.find((s) => s.type === 'endpoint' && s.name === number) ??
    own.find((s) => s.type === 'endpoint');
  if (!endpoint) return null;
  const aorName = (lastValue(endpoint, 'aors') ?? number).split(',')[0]!.trim();
  const aor =
    own.find((s) => s.type === 'aor' && s.name === aorName) ?? own.find((s) => s.type === 'aor');
  return extensionFrom(number, endpoint, aor, true, enabled);
}

export interface UnmanagedEndpoint {
  endpoint: ResolvedSection;
  auth: ResolvedSection | undefined;
  extension: Extension;
}

/** Endpoints whose header is outside every managed block, resolved as Asterisk would load them. */
export function unmanagedEndpoints(text: string, blocks: ManagedBlock[]): UnmanagedEndpoint[] {
  const doc = parseConfig(text);
  const outside = resolveSections(doc).filter(
    (s) => blockAtOffset(blocks, doc.starts[s.line - 1]!) === null,
  );
  return endpointsAmong(outside);
}

function endpointsAmong(sections: ResolvedSection[]): UnmanagedEndpoint[] {
  const byTypeName = new Map<string, ResolvedSection>();
  for (const s of sections) {
    const key = `${s.type}\u0000${s.name}`;
    if (!byTypeName.has(key)) byTypeName.set(key, s);
  }
  const out: UnmanagedEndpoint[] = [];
  for (const s of sections) {
    if (s.type !== 'endpoint') continue;
    const aorName = (lastValue(s, 'aors') ?? '').split(',')[0]!.trim();
    const authName = (lastValue(s, 'auth') ?? '').split(',')[0]!.trim();
    const aor = aorName ? byTypeName.get(`aor\u0000${aorName}`) : undefined;
    const auth = authName ? byTypeName.get(`auth\u0000${authName}`) : undefined;
    out.push({ endpoint: s, auth, extension: extensionFrom(s.name, s, aor, false, true) });
  }
  return out;
}
