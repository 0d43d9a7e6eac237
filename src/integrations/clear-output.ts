import { lstatSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** The file that marks when a build began, by the output's own file system's clock. */
export const MARKER = '.build-started';

/**
 * Removes what is in `out` but was last written before `since` (by the file system's clock): the
 * files an earlier build wrote and this one did not, then the folders that leaves empty. A `.git`
 * at the top is kept (a deploy that pushes the output as a repository keeps its history), and so
 * is every file of `written` (the pages, as Astro lists them) without asking the file system when.
 * Returns how many files went.
 */
export function removeUnwritten(out: string, since: number, written: ReadonlySet<string> = new Set()): number {
  let removed = 0;
  const sweep = (folder: string, top: boolean): boolean => {
    let kept = false;
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const path = join(folder, entry.name);
      if (top && entry.name === '.git') {
        kept = true;
      } else if (entry.isDirectory()) {
        if (sweep(path, false)) kept = true;
        else rmdirSync(path);
      } else if (!written.has(path) && lstatSync(path).mtimeMs < since) {
        unlinkSync(path);
        removed += 1;
      } else {
        kept = true;
      }
    }
    return kept;
  };
  sweep(out, true);
  return removed;
}

/**
 * Writes a build over the previous output rather than emptying the folder first, and removes at
 * the end what the build did not write. At 10,000 events the output is 30,000 files in as many
 * folders: Astro's own emptying (turned off here: `vite.build.emptyOutDir`) took 10 s before the
 * build could start, and deleting them beside the build (as this integration did before) made
 * every page slower, the file system busy with 60,000 deletions while the pages were written.
 * Written in place, a page's folder is already there, and only what no page of this build is
 * (an event gone from the data, an asset of an older bundle) is deleted, once the build is done.
 *
 * When a file was written is read from the file system itself: the build marks its start with a
 * file in the output, and what is older than that mark was not written by this build, whatever
 * the clocks of a network share or a container's mount say.
 */
export default function clearOutput(): AstroIntegration {
  let building = false;
  let out = '';
  let since = 0;
  return {
    name: 'clear-output',
    hooks: {
      'astro:config:setup': ({ command, updateConfig }) => {
        building = command === 'build';
        if (building) updateConfig({ vite: { build: { emptyOutDir: false } } });
      },
      'astro:config:done': ({ config }) => {
        if (!building) return;
        out = fileURLToPath(config.outDir);
        mkdirSync(out, { recursive: true });
        const marker = join(out, MARKER);
        writeFileSync(marker, '');
        since = statSync(marker).mtimeMs;
      },
      // Runs after the other integrations' (it is the last one): what they write is this build's too.
      'astro:build:done': ({ assets, logger }) => {
        if (!building) return;
        rmSync(join(out, MARKER), { force: true });
        const pages = new Set([...assets.values()].flat().map((url) => fileURLToPath(url)));
        const removed = removeUnwritten(out, since, pages);
        if (removed > 0) logger.info(`removed ${removed} files an earlier build wrote and this one did not`);
      },
    },
  };
}
