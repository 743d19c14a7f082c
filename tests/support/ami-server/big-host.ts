import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { applyInternalDialplan } from '../../../src/main/core/dialplan/internal';
import { generatePjsipConf } from '../generate-conf';
import { RECORDING_CONFIG_DIR } from './fixture-dir';

/** Numbers of the managed extensions `bigHostFiles(n)` holds: 10000, 10001, ... */
export function bigHostNumbers(n: number): string[] {
  return Array.from({ length: n }, (_, i) => String(10000 + i));
}

/**
 * The config of the host of transcript 46, `n` extensions big: pjsip.conf from
 * generatePjsipConf(n), and the recording host's extensions.conf with the console's managed
 * block (a hint and three priorities per extension, as the console writes it). With
 * `hints: false` the same dialplan without the hint lines (the 1.5 s case).
 */
export function bigHostFiles(
  n: number,
  opts: { hints?: boolean } = {},
): { 'pjsip.conf': string; 'extensions.conf': string } {
  const base = readFileSync(join(RECORDING_CONFIG_DIR, 'extensions.conf'), 'utf8');
  let ext = applyInternalDialplan(
    base,
    bigHostNumbers(n).map((number) => ({ number, context: 'from-internal', enabled: true })),
  );
  if (opts.hints === false) ext = ext.replace(/^exten => \d+,hint,.*\n/gm, '');
  return { 'pjsip.conf': generatePjsipConf(n), 'extensions.conf': ext };
}
