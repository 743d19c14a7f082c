#!/usr/bin/env node
// Runs the CLI bundle (`npm run build`, or `prepare` on install) while it matches the sources,
// else the TypeScript sources through tsx, as a source checkout always could.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { pickEntry } from './pick-entry.js';

const entry = pickEntry(path.resolve(import.meta.dirname, '..'));
if (entry.kind === 'source') {
  const { register } = await import('tsx/esm/api');
  register();
}
await import(pathToFileURL(entry.file).href);
