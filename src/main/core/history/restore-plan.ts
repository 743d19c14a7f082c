import type { Extension, Trunk } from '../../../shared/types';
import { readExtensions } from '../pjsip/extensions';
import { readTrunks } from '../trunks/trunk-config';
import { serverUriOf } from '../trunks/trunk-body';
import type { VerifyStep } from '../fleet/apply-change';

const key = (v: unknown) => JSON.stringify(v);

/**
 * What Asterisk must hold once a restored pjsip.conf is loaded, for the objects the restore
 * changes: each extension and trunk that differs gets the check its own change would get.
 */
export function restoreVerifySteps(current: string, restored: string): VerifyStep[] {
  const steps: VerifyStep[] = [];
  const before = new Map(readExtensions(current).map((e) => [e.number, e]));
  const after = new Map(readExtensions(restored).map((e) => [e.number, e]));
  const live = (e: Extension | undefined) => !!e && e.enabled;
  for (const [n, e] of after)
    if (live(e) && key(e) !== key(before.get(n))) steps.push({ kind: 'endpoint', expected: e });
  for (const [n, e] of before)
    if (live(e) && !live(after.get(n))) steps.push({ kind: 'gone', number: n });
  const tb = new Map(readTrunks(current).map((t) => [t.name, t]));
  const ta = new Map(readTrunks(restored).map((t) => [t.name, t]));
  const on = (t: Trunk | undefined) => !!t && t.enabled;
  for (const [n, t] of ta)
    if (on(t) && key(t) !== key(tb.get(n)))
      steps.push({
        kind: 'trunk',
        name: n,
        serverUri: serverUriOf(t.server),
        clientUri: t.clientUri,
      });
  for (const [n, t] of tb) if (on(t) && !on(ta.get(n))) steps.push({ kind: 'trunk-gone', name: n });
  return steps;
}
