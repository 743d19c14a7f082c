import type { Pbx } from './harness';

/**
 * `run` while the PBX's pbx_config reloads take `ms` (a big host's 25-48 s, shrunk), so that
 * someone else's reload started in it is still running when the console's change reaches its
 * own; the realistic cost again afterwards, however `run` ends.
 */
export async function withSlowDialplanReloads(
  pbx: Pbx,
  ms: number,
  run: () => Promise<void>,
): Promise<void> {
  pbx.ami.setReloadCost((i) => (i.module === 'pbx_config.so' ? ms : 0));
  try {
    await run();
  } finally {
    pbx.ami.setReloadCost('realistic');
  }
}
