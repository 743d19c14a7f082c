/**
 * Config engine figures for `npm run bench`: parse and serialize of a pjsip.conf with 10,000
 * managed extensions (30,000 sections), reading its extensions back, and the text side of one
 * extension change (edit pjsip.conf, regenerate the dialplan from the new text). Median of
 * several runs after warm-up; the file is generated in-process (tests/support/generate-conf.ts).
 */
import { ConfigMemo } from '../src/main/core/config/config-memo';
import { parseConfig, getLine, replaceLine } from '../src/main/core/config/parse';
import { serializeConfig } from '../src/main/core/config/serialize';
import { resolveSections } from '../src/main/core/config/resolve';
import {
  addExtension,
  dialplanEntries,
  readExtensions,
  readExtensionsResolved,
} from '../src/main/core/pjsip/extensions';
import { applyInternalDialplan } from '../src/main/core/dialplan/internal';
import { generatePjsipConf } from '../tests/support/generate-conf';
import type { BenchRow } from './report';

export { generatePjsipConf };

const EXTENSIONS = 10_000;
const EXTENSIONS_CONF = [
  '[general]',
  'static=yes',
  'writeprotect=no',
  '',
  '[from-internal]',
  'exten => 100,1,Answer()',
  ' same => n,Playback(hello-world)',
  ' same => n,Hangup()',
  '',
].join('\n');
const WARMUP = 3;
const RUNS = 9;

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function measure(fn: () => unknown, runs = RUNS): number {
  for (let i = 0; i < WARMUP; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

export async function benchConfig(): Promise<BenchRow[]> {
  const text = generatePjsipConf(EXTENSIONS);
  const doc = parseConfig(text);
  if (serializeConfig(doc) !== text) throw new Error('round trip failed on the bench file');
  const lines = doc.lineCount;
  const size = `${EXTENSIONS} extensions, ${doc.sections.length} sections, ${lines} lines, ${(text.length / 1e6).toFixed(1)} MB`;

  const parseMs = measure(() => parseConfig(text));
  const serializeMs = measure(() => serializeConfig(doc));
  // One edited line forces the slice-per-run path instead of returning the untouched source.
  const edited = parseConfig(text);
  replaceLine(edited, Math.floor(lines / 2), getLine(edited, Math.floor(lines / 2)).text + ' ');
  const serializeEditedMs = measure(() => serializeConfig(edited));
  // V8 keeps concatenated slices as a rope, so "serialize" alone can be nearly free; encoding to
  // the bytes that go over SSH forces the string to be flattened: that is the honest cost.
  const serializeBytesMs = measure(() => Buffer.from(serializeConfig(edited), 'utf8'));
  // Baseline: writing every line out one by one (what a line-object model does), then encoding.
  const naiveBytesMs = measure(() => {
    let out = '';
    for (let i = 0; i < doc.lineCount; i++) {
      const l = getLine(doc, i);
      out += l.text + l.eol;
    }
    return Buffer.from(out, 'utf8');
  }, 5);
  // What a host session keeps between its changes (see ConfigMemo).
  const memo = new ConfigMemo();
  let n = 0;
  const addMs = measure(() =>
    addExtension(text, { number: String(90000 + n++), password: 'BenchPass1234' }, memo),
  );
  const resolveMs = measure(() => resolveSections(text), 5);
  const readMs = measure(() => readExtensions(text, memo));
  // The general reader (whole file resolved), which readExtensions matched before it read
  // managed blocks directly; it still reads files the fast reader does not model.
  const readResolvedMs = measure(() => readExtensionsResolved(text), 5);
  const read = readExtensions(text);
  if (JSON.stringify(read) !== JSON.stringify(readExtensionsResolved(text))) {
    throw new Error('the fast and the general extension readers disagree on the bench file');
  }
  const entriesMs = measure(() => dialplanEntries(text, memo));

  // extensions.conf as a host has it: a hand-written part and the managed dialplan of all
  // 10,000 extensions, which every change regenerates.
  const dialplan = applyInternalDialplan(EXTENSIONS_CONF, read);
  const entries = dialplanEntries(text);
  const applyMs = measure(() => applyInternalDialplan(dialplan, entries, memo));

  // One extension change as the host operations make it: the files come fresh from the PBX,
  // pjsip.conf is edited, and the dialplan is regenerated from what the new text holds.
  let m = 0;
  const changeMs = measure(() => {
    const next = addExtension(
      text,
      { number: String(80000 + m++), password: 'BenchPass1234' },
      memo,
    );
    return applyInternalDialplan(dialplan, dialplanEntries(next.text, memo), memo);
  });
  const changeViaReadMs = measure(() => {
    const next = addExtension(
      text,
      { number: String(80000 + m++), password: 'BenchPass1234' },
      memo,
    );
    return applyInternalDialplan(dialplan, readExtensions(next.text, memo), memo);
  }, 5);

  return [
    { name: 'parseConfig', value: parseMs, unit: 'ms', target: '≤ 50 ms', note: size },
    {
      name: 'serializeConfig (unedited)',
      value: serializeMs,
      unit: 'ms',
      target: '≤ 50 ms',
      note: 'unedited runs of lines are written as one slice of the source',
    },
    {
      name: 'serializeConfig (1 line edited)',
      value: serializeEditedMs,
      unit: 'ms',
      target: '≤ 50 ms',
    },
    {
      name: 'serializeConfig (1 line edited) + UTF-8 encode',
      value: serializeBytesMs,
      unit: 'ms',
      baseline: { name: 'line-by-line concatenation + encode', value: naiveBytesMs, unit: 'ms' },
      note: 'bytes ready to write over SSH',
    },
    { name: 'addExtension on that file', value: addMs, unit: 'ms', target: '≤ 50 ms' },
    { name: 'resolveSections (what Asterisk loads)', value: resolveMs, unit: 'ms' },
    {
      name: 'readExtensions (10,000 rows)',
      value: readMs,
      unit: 'ms',
      target: '≤ 50 ms',
      baseline: { name: 'whole file resolved', value: readResolvedMs, unit: 'ms' },
      note: '`ext list`; managed blocks read straight from the text',
    },
    {
      name: 'dialplanEntries (10,000 extensions)',
      value: entriesMs,
      unit: 'ms',
      note: 'number, context, enabled: all the dialplan needs',
    },
    {
      name: 'applyInternalDialplan (10,000 extensions)',
      value: applyMs,
      unit: 'ms',
      note: `replaces a ${(dialplan.length / 1e6).toFixed(1)} MB managed dialplan block`,
    },
    {
      name: 'one extension change, text side (addExtension + dialplan regeneration)',
      value: changeMs,
      unit: 'ms',
      target: '≤ 25 ms',
      baseline: { name: 'regenerated via readExtensions', value: changeViaReadMs, unit: 'ms' },
      note: 'addExtension, dialplanEntries(new text), applyInternalDialplan',
    },
  ];
}
