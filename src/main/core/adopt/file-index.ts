/**
 * Lookups an adopt asks once per extension, built once per file: with `--all` on a host of
 * thousands of hand-written extensions, a scan of every section per question made it quadratic.
 */
import { parseConfig } from '../config/parse';
import type { ResolvedSection } from '../config/resolve';
import { lastValue } from '../pjsip/extension-body';
import type { FileModel } from './file-model';
import type { IncludedFile } from './adopt-plan';

export interface FileIndex {
  /** Loaded (non-template) objects by type and name. */
  object(type: string, name: string): ResolvedSection[];
  /** Non-template sections naming `name` in `aors` (kind 'aor') or `auth`/`outbound_auth`. */
  usersOf(kind: 'aor' | 'auth', name: string): ResolvedSection[];
  /** doc.sections indexes of the sections inheriting from `name`. */
  inheritorsOf(name: string): number[];
  /** `file.conf (line 3: [1001](+))` for the first included section of that name. */
  includedAt(name: string): string | undefined;
}

export function indexFile(m: FileModel, included: IncludedFile[]): FileIndex {
  const objects = new Map<string, ResolvedSection[]>();
  const users = new Map<string, ResolvedSection[]>();
  const push = <T>(map: Map<string, T[]>, key: string, v: T) => {
    const list = map.get(key);
    if (list) list.push(v);
    else map.set(key, [v]);
  };
  for (const r of m.resolved) {
    if (r.isTemplate) continue;
    push(objects, `${(r.type ?? '').toLowerCase()}\u0000${r.name}`, r);
    for (const [key, kind] of [
      ['aors', 'aor'],
      ['auth', 'auth'],
      ['outbound_auth', 'auth'],
    ] as const) {
      const names = new Set(
        (lastValue(r, key) ?? '')
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      );
      for (const n of names) push(users, `${kind}\u0000${n}`, r);
    }
  }
  const inheritors = new Map<string, number[]>();
  m.doc.sections.forEach((s, i) => {
    for (const n of s.inherits) push(inheritors, n, i);
  });
  const includedAt = new Map<string, string>();
  for (const f of included) {
    if (f.content === null) continue;
    for (const s of parseConfig(f.content).sections)
      if (!includedAt.has(s.name))
        includedAt.set(
          s.name,
          `${f.name} (line ${s.start + 1}: [${s.name}]${s.append ? '(+)' : ''})`,
        );
  }
  return {
    object: (type, name) => objects.get(`${type}\u0000${name}`) ?? [],
    usersOf: (kind, name) => users.get(`${kind}\u0000${name}`) ?? [],
    inheritorsOf: (name) => inheritors.get(name) ?? [],
    includedAt: (name) => includedAt.get(name),
  };
}
