// Which CLI entry `bin/rayanpbx.js` runs. Plain JS: it must decide before anything is compiled.
import fs from 'node:fs';
import path from 'node:path';

/**
 * The bundle when it is there and no source it was built from (out/cli/sources.json) is newer or
 * gone; else the TypeScript entry. A stale bundle would run code that is no longer in the tree.
 */
export function pickEntry(root, env = process.env) {
  const bundle = path.join(root, 'out/cli/rayanpbx.mjs');
  const source = { kind: 'source', file: path.join(root, 'src/cli/main.ts') };
  if (env.RAYANPBX_CLI_FROM_SOURCE === '1') return source;
  try {
    const built = fs.statSync(bundle).mtimeMs;
    const sources = JSON.parse(fs.readFileSync(path.join(root, 'out/cli/sources.json'), 'utf8'));
    if (!Array.isArray(sources) || sources.length === 0) return source;
    const current = sources.every((f) => fs.statSync(path.join(root, f)).mtimeMs <= built);
    return current ? { kind: 'bundle', file: bundle } : source;
  } catch {
    return source;
  }
}
