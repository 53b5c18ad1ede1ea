// Runs `npm ci` at the repository root for the first build of Rostro.Client, once even when
// several builds start together: a directory lock (mkdir is atomic everywhere) serialises them,
// and whoever gets the lock second finds the tool installed and does nothing.
import { execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = process.cwd();
const cli = join(root, 'node_modules', 'nswag', 'bin', 'binaries', 'Net100', 'dotnet-nswag.dll');
// Under the project's obj/ (git-ignored), not node_modules/, which npm ci deletes.
const lock = join(dirname(fileURLToPath(import.meta.url)), '..', 'obj', 'npm-install.lock');
const stamp = join(root, 'node_modules', '.rostro-npm-ci.stamp');
const staleAfterMs = 10 * 60 * 1000;

const sleep = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);

mkdirSync(dirname(lock), { recursive: true });
for (;;) {
  try {
    mkdirSync(lock);
    break;
  } catch (e) {
    if (e.code !== 'EEXIST') throw e;
    // A lock left by a killed build must not block every later build.
    try {
      if (Date.now() - statSync(lock).mtimeMs > staleAfterMs) rmSync(lock, { recursive: true, force: true });
    } catch { /* removed meanwhile */ }
    sleep(500);
  }
}

try {
  if (!existsSync(cli)) {
    console.log('Rostro.Client: installing the pinned npm tools (npm ci) for client generation...');
    execSync('npm ci --no-audit --no-fund', { stdio: 'inherit' });
  }
  writeFileSync(stamp, `npm ci for Rostro.Client at ${new Date().toISOString()}\n`);
} finally {
  rmSync(lock, { recursive: true, force: true });
}
