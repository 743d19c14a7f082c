/**
 * What a module reload costs a real Asterisk 22.10.1, as a function of the config it loads.
 * Calibrated on a host with 10,000 endpoints and 10,000 dialplan extensions (hint + 3
 * priorities each), 2 cores, loopback (INDEX.txt "Measured on that host", DESIGN.md):
 *
 *   res_pjsip.so  10,000 endpoints                    1.8 – 4.7 s
 *   pbx_config.so without hint lines                  1.5 s
 *                 10,000 hints, none loaded before    7 s
 *                 10,000 hints already loaded         25 – 48 s  (old hints merged one by one)
 *
 * The model takes the low end of each range; a time scale shrinks it for tests.
 */

export interface PjsipReloadCostInput {
  module: 'res_pjsip.so';
  endpoints: number;
  newObjects: number;
  changedObjects: number;
  unchangedObjects: number;
}

export interface DialplanReloadCostInput {
  module: 'pbx_config.so';
  /** Numbered priorities in the file being loaded. */
  priorities: number;
  /** Hint lines in the file being loaded. */
  hints: number;
  /** Hints in the dialplan Asterisk runs before the reload (file and live-added alike). */
  loadedHints: number;
}

export type ReloadCostInput = PjsipReloadCostInput | DialplanReloadCostInput;

/** 'realistic' (the calibration above), 'none' (instant), or your own milliseconds. */
export type ReloadCost = 'realistic' | 'none' | ((input: ReloadCostInput) => number);

/** PJSIP objects come three per extension (endpoint, auth, aor). */
const OBJECTS_PER_ENDPOINT = 3;

/** Milliseconds a real Asterisk needs for this reload (time scale 1). */
export function realisticReloadMs(input: ReloadCostInput): number {
  if (input.module === 'res_pjsip.so') {
    const unchanged = input.unchangedObjects / OBJECTS_PER_ENDPOINT;
    const touched = (input.newObjects + input.changedObjects) / OBJECTS_PER_ENDPOINT;
    // 10,000 unchanged: 1.8 s; 10,000 new or changed: 4.7 s.
    return 12 + 0.18 * unchanged + 0.47 * touched;
  }
  // 30,000 priorities: 1.5 s; + 10,000 new hints: 7 s; + 10,000 hints already loaded: 25 s.
  return 10 + 0.05 * input.priorities + 0.55 * input.hints + 1.8 * input.loadedHints;
}

export function reloadMs(cost: ReloadCost, input: ReloadCostInput, timeScale: number): number {
  if (cost === 'none') return 0;
  const ms = typeof cost === 'function' ? cost(input) : realisticReloadMs(input);
  return ms * timeScale;
}

/** The env var the standalone (bench) server reads its time scale from. */
export const RELOAD_TIME_SCALE_ENV = 'RAYANPBX_AMI_RELOAD_TIME_SCALE';

/** A positive finite scale from text, or `fallback`. */
export function parseTimeScale(text: string | undefined, fallback = 1): number {
  const n = Number(text);
  return text !== undefined && text.trim() !== '' && Number.isFinite(n) && n > 0 ? n : fallback;
}
