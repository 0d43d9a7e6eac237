import { existsSync, mkdirSync, readdirSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { AstroIntegration } from 'astro';

/** Where previous builds' output waits to be deleted, in Astro's cache directory. */
const ASIDE = 'old-output';

// Runs in a worker thread: deletes each folder it is given. Another build may be deleting one of
// them too; whatever is left, a later build takes up.
const DELETE = `
const { rmSync } = require('node:fs');
const { workerData } = require('node:worker_threads');
for (const folder of workerData) {
  try {
    rmSync(folder, { recursive: true, force: true, maxRetries: 3 });
  } catch {}
}
`;

/** Whether a folder named `<pid>-…` was set aside by a build that is no longer running. */
export function abandoned(name: string): boolean {
  const pid = Number(name.split('-')[0]);
  if (!Number.isInteger(pid) || pid === process.pid) return false;
  try {
    process.kill(pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/**
 * Moves everything in `out` but `.git` into a new folder under `aside` (one rename per entry) and
 * returns the folders to delete: that one, if anything moved, and those of builds that are gone.
 * An entry that cannot be moved (`aside` on another file system) is deleted there and then.
 */
export function setAside(out: string, aside: string): string[] {
  const mine = join(aside, `${process.pid}-${Date.now()}`);
  let moved = 0;
  for (const entry of existsSync(out) ? readdirSync(out) : []) {
    // A deploy that pushes the output as a repository keeps its history.
    if (entry === '.git') continue;
    try {
      if (moved === 0) mkdirSync(mine, { recursive: true });
      renameSync(join(out, entry), join(mine, entry));
      moved += 1;
    } catch {
      rmSync(join(out, entry), { recursive: true, force: true, maxRetries: 3 });
    }
  }
  const left = existsSync(aside) ? readdirSync(aside).filter(abandoned).map((name) => join(aside, name)) : [];
  return [...(moved > 0 ? [mine] : []), ...left];
}

/**
 * Empties the output directory before a build, as Astro does, without making the build wait for
 * the deleting: the previous output is moved aside and a worker thread deletes it while the pages
 * render, on the core the rendering does not use. At 10,000 events that output is 30,000 files in
 * as many folders, which Astro's own emptying (turned off here: `vite.build.emptyOutDir`) took
 * 10 s to delete before the build could start. The build still ends only once it is all gone.
 */
export default function clearOutput(): AstroIntegration {
  let building = false;
  let deleting: Promise<void> | undefined;
  return {
    name: 'clear-output',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        building = command === 'build';
        if (building) updateConfig({ vite: { build: { emptyOutDir: false } } });
      },
      'astro:config:done': ({ config, logger }) => {
        if (!building) return;
        const folders = setAside(fileURLToPath(config.outDir), join(fileURLToPath(config.cacheDir), ASIDE));
        if (folders.length === 0) return;
        const worker = new Worker(DELETE, { eval: true, workerData: folders });
        deleting = new Promise((resolve) => {
          worker.on('error', (error) => {
            logger.warn(`could not delete the previous output: ${error.message}`);
            resolve();
          });
          worker.on('exit', () => resolve());
        });
      },
      'astro:build:done': async () => {
        await deleting;
      },
    },
  };
}
