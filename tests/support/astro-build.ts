import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

// Every build of this project writes `.astro/` and Astro's cache in `node_modules/.astro/`, whatever
// its OUT_DIR: two at once (Vitest runs two test files at a time) remove each other's prerender
// chunks. A build takes this lock first, and waits while another process of the run holds it.
const LOCK = join('node_modules', '.astro-build-lock');
const pause = new Int32Array(new SharedArrayBuffer(4));

/** Runs a real `astro build` of this project with extra environment variables, one build at a time across the test run. */
export function astroBuild(env: Record<string, string>): SpawnSyncReturns<string> {
  lock();
  try {
    // Astro's own command, without npx: all the output is the build's.
    return spawnSync(process.execPath, ['node_modules/astro/bin/astro.mjs', 'build'], { env: { ...process.env, ...env }, encoding: 'utf8' });
  } finally {
    rmSync(LOCK, { recursive: true, force: true });
  }
}

function lock(): void {
  for (;;) {
    try {
      mkdirSync(LOCK);
      writeFileSync(join(LOCK, 'pid'), String(process.pid));
      return;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    if (!held()) rmSync(LOCK, { recursive: true, force: true });
    else Atomics.wait(pause, 0, 0, 200);
  }
}

// Whether the lock's holder still runs: a run stopped halfway leaves the folder behind.
function held(): boolean {
  let pid: number;
  try {
    pid = Number(readFileSync(join(LOCK, 'pid'), 'utf8'));
  } catch {
    // Just made, its pid not yet written; or left without one by a run stopped at that moment.
    try {
      return Date.now() - statSync(LOCK).mtimeMs < 10_000;
    } catch {
      return false;
    }
  }
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
