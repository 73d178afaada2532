#!/usr/bin/env node
// The JavaScript the browser needs to show the call screen, gzipped: the entry chunk, everything it imports
// statically, and the call screen's lazy chunk with its static imports (Vite's manifest of `console:build`).
//   node apps/console/tools/measure-initial-js.mjs [--json]     (budget: 250 kB, docs/console.md)
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const DIST = path.join(ROOT, 'dist/apps/console');
const CALL_SCREEN = 'src/workspaces/counsellor/new-call/new-call-page.tsx';
export const BUDGET_KB = 250;

const manifest = JSON.parse(fs.readFileSync(path.join(DIST, '.vite/manifest.json'), 'utf8'));
const files = new Set();
function collect(key) {
  const chunk = manifest[key];
  if (!chunk || files.has(chunk.file)) return;
  files.add(chunk.file);
  for (const dep of chunk.imports ?? []) collect(dep);
}
const entry = Object.keys(manifest).find((k) => manifest[k].isEntry);
collect(entry);
collect(CALL_SCREEN);
let bytes = 0;
for (const f of files) bytes += zlib.gzipSync(fs.readFileSync(path.join(DIST, f)), { level: 9 }).length;
const kb = Math.round((bytes / 1024) * 10) / 10;
if (process.argv.includes('--json'))
  process.stdout.write(JSON.stringify({ initial_js_gzip_kb: kb, files: [...files] }) + '\n');
else
  process.stdout.write(
    `call screen initial JS: ${kb} kB gzipped in ${files.size} files (budget ${BUDGET_KB} kB)\n`,
  );
process.exitCode = kb <= BUDGET_KB ? 0 : 1;
