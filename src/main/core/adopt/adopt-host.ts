/**
 * Adopt on a live host: read both files (and what pjsip.conf includes), plan, and for a real run
 * take each endpoint's live picture, write through the normal safe apply, reload, and compare the
 * live objects with that picture; any difference rolls the files back and names the fields.
 */
import { posix } from 'node:path';
import type { AdoptResult, ApplyResult, FileDiff } from '../../../shared/types';
import type { PjsipEndpointDetail } from '../ami/actions/pjsip';
import { planDialplan } from '../dialplan';
import { unifiedDiff } from '../history/unified-diff';
import type { VerifyStep } from '../fleet/apply-change';
import type { HostFiles } from '../ssh/types';
import { dialplanEntries } from '../pjsip/extension-read';
import { maskSecrets } from '../config/mask-secrets';
import { includeDirectives, planAdopt, type AdoptPlan, type IncludedFile } from './adopt-plan';
import { AdoptRefusedError } from './errors';

export interface AdoptHost {
  configDir: string;
  pjsipPath: string;
  extensionsPath: string;
  files: Pick<HostFiles, 'readFiles'>;
  /** PJSIPShowEndpoint; null when the host has no AMI (then only a dry run is possible). */
  showEndpoint: ((name: string) => Promise<PjsipEndpointDetail | null>) | null;
  /** The host's write → reload → verify, with the managed dialplan regenerated from `text`. */
  apply(change: (pjsip: string) => { text: string; verify: VerifyStep[] }): Promise<ApplyResult>;
  /** Thrown when a real adopt is asked of a host without AMI: nothing could be verified. */
  noAmi(): Error;
}

export async function adoptOnHost(
  h: AdoptHost,
  request: string[] | 'all',
  dryRun: boolean,
): Promise<AdoptResult> {
  const [pj, ex] = await h.files.readFiles([h.pjsipPath, h.extensionsPath]);
  const included = await readIncludes(h, pj!.content);
  const plan = planAdopt(pj!.content, request, included);
  const result: AdoptResult = {
    dryRun,
    adopted: plan.adopted,
    refused: plan.refused,
    diffs: [],
    apply: null,
  };
  if (plan.adopted.length === 0) {
    if (dryRun) return result;
    throw new AdoptRefusedError(plan.refused);
  }
  result.diffs = diffsOf(h, pj!.content, ex!.exists ? ex!.content : null, plan);
  if (dryRun) return result;
  if (!h.showEndpoint) throw h.noAmi();

  // What Asterisk has now is the reference: an endpoint it has not loaded cannot be compared.
  const before = new Map<string, PjsipEndpointDetail>();
  for (const a of plan.adopted) {
    const live = await h.showEndpoint(a.number);
    if (live) before.set(a.number, live);
    else
      result.refused.push({
        number: a.number,
        reason:
          'Asterisk has no such endpoint loaded, so there is nothing to compare with: reload res_pjsip (or fix the file) first',
      });
  }
  const numbers = [...before.keys()];
  if (numbers.length === 0) throw new AdoptRefusedError(result.refused);
  let written: AdoptPlan | null = null;
  result.apply = await h.apply((pjsip) => {
    const p = planAdopt(pjsip, numbers, included);
    written = p;
    return {
      text: p.text,
      verify: p.adopted.map((a) => ({
        kind: 'unchanged-live' as const,
        number: a.number,
        before: before.get(a.number)!,
      })),
    };
  });
  const done = written as AdoptPlan | null;
  if (done) {
    result.adopted = done.adopted;
    for (const r of done.refused)
      if (!result.refused.some((x) => x.number === r.number)) result.refused.push(r);
  }
  if (done && numbers.length !== plan.adopted.length)
    result.diffs = diffsOf(h, pj!.content, ex!.exists ? ex!.content : null, done);
  return result;
}

/**
 * The files pjsip.conf includes, read in one round trip. Only names inside the config directory
 * are read (the directory is treated as hostile: read.sh, as root, refuses a symlinked file, and
 * always a fifo, a device or one over 64 MiB); any other name, a wildcard, or a failed read is
 * reported as unreadable, which refuses every adopt.
 */
async function readIncludes(h: AdoptHost, pjsip: string): Promise<IncludedFile[]> {
  const out: IncludedFile[] = [];
  const toRead: Array<{ file: IncludedFile; path: string; optional: boolean }> = [];
  for (const d of includeDirectives(pjsip)) {
    const file: IncludedFile = { name: d.name, line: d.line, content: null, problem: null };
    out.push(file);
    const full = posix.normalize(
      posix.isAbsolute(d.name) ? d.name : posix.join(h.configDir, d.name),
    );
    if (/[*?[]/.test(d.name)) file.problem = 'a wildcard include';
    else if (!full.startsWith(h.configDir.replace(/\/*$/, '/')))
      file.problem = `it is outside ${h.configDir}`;
    else toRead.push({ file, path: full, optional: d.optional });
  }
  if (toRead.length === 0) return out;
  try {
    const snaps = await h.files.readFiles(toRead.map((t) => t.path));
    snaps.forEach((s, i) => {
      const t = toRead[i]!;
      if (s.exists) t.file.content = s.content;
      else if (t.optional) t.file.content = '';
      else t.file.problem = 'it does not exist';
    });
  } catch (err) {
    for (const t of toRead) t.file.problem = (err as Error).message;
  }
  return out;
}

function diffsOf(
  h: AdoptHost,
  pjsip: string,
  extensions: string | null,
  plan: AdoptPlan,
): FileDiff[] {
  const dp = planDialplan(extensions, dialplanEntries(plan.text), null);
  const out: FileDiff[] = [
    {
      path: h.pjsipPath,
      diff: unifiedDiff(maskSecrets(pjsip), maskSecrets(plan.text), ...labels(h.pjsipPath)),
    },
  ];
  if (dp.text !== (extensions ?? ''))
    out.push({
      path: h.extensionsPath,
      diff: unifiedDiff(extensions ?? '', dp.text, ...labels(h.extensionsPath)),
    });
  return out;
}

const labels = (path: string): [string, string] => [`${path} (now)`, `${path} (adopted)`];
