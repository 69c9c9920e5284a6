// Builds the web app when dist/web is missing or older than any file under web/,
// so `npm start` and `npm test` work on a fresh clone without a separate build step.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const output = join(root, 'dist', 'web', 'index.html');

function newestMtime(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(path) : statSync(path).mtimeMs);
  }
  return newest;
}

export function webIsStale() {
  if (!existsSync(output)) return true;
  return newestMtime(join(root, 'web')) > statSync(output).mtimeMs;
}

export function buildWebIfNeeded() {
  if (!existsSync(join(root, 'web', 'index.html'))) return;
  if (!webIsStale()) return;
  console.log('Building the web app (vite build)…');
  execFileSync(process.execPath, [join(root, 'node_modules', 'vite', 'bin', 'vite.js'), 'build', '--config', 'web/vite.config.ts', '--logLevel', 'warn'], {
    cwd: root,
    stdio: 'inherit',
  });
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) buildWebIfNeeded();
