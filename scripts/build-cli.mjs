#!/usr/bin/env node
// Bundles the CLI into out/cli/rayanpbx.mjs so `rayanpbx` starts without compiling TypeScript.
// Plain .mjs (no tsx) and esbuild only: it runs from `prepare`, offline, right after install.
import { build } from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const root = path.resolve(import.meta.dirname, '..');
const outdir = path.join(root, 'out/cli');
// Chunks carry content hashes: old ones would pile up and sources.json must match this build.
fs.rmSync(outdir, { recursive: true, force: true });

const result = await build({
  entryPoints: [path.join(root, 'src/cli/main.ts')],
  outdir,
  entryNames: 'rayanpbx',
  outExtension: { '.js': '.mjs' },
  // Each command (and the core behind it) in its own chunk, loaded when that command runs.
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  // Dependencies load from node_modules as they are: native addons (keychain, ssh2's crypto
  // binding) cannot be bundled, and bundling zod measured no faster.
  packages: 'external',
  metafile: true,
  logLevel: 'warning',
});

// The bin runs the bundle only while no source it was built from is newer (see bin/rayanpbx.js).
const sources = Object.keys(result.metafile.inputs).filter((f) => !f.includes('node_modules'));
fs.writeFileSync(
  path.join(root, 'out/cli/sources.json'),
  JSON.stringify(sources.map((f) => path.relative(root, path.resolve(root, f)))),
);
console.log(`built out/cli/rayanpbx.mjs from ${sources.length} sources`);
