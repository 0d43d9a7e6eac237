import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { z } from 'astro/zod';
import type { LoaderContext } from 'astro/loaders';

/**
 * The large entries (a version's tables, a run's traces, the history) are kept out of Astro's
 * store: each is written, as the JSON text of what its loader checked, to a file of Astro's cache
 * named by that text's digest, and the store holds the file's path.
 *
 * Astro writes its whole store with devalue once a sync ends, reads it back as the next build
 * starts and again for the pages. In the store as objects, the 10,000-event bench's 17 entries of
 * this kind were 850,000 values (2.9 s to write, 1.6 s to read back); as one string each, still 32
 * MB that devalue escaped, wrote, compared with the previous store and parsed back three times a
 * build. As files, the text is written once and read once, by the pages that use it.
 *
 * A file is named by its content, so builds that share the cache but not their data (the bench's
 * sizes, a test's fixtures) never overwrite each other's files; a file no load of its collection
 * has used for a day is deleted.
 */
export const packedSchema = z.strictObject({ file: z.string() });

export type Packed = z.output<typeof packedSchema>;

/** How long a file no load has used is kept for a build that may still read it. */
const KEEP_MS = 24 * 60 * 60 * 1000;

type PackContext = Pick<LoaderContext, 'store' | 'generateDigest' | 'collection' | 'config'>;

/** Replaces the collection's entries with `entries`, each checked by the loader, written as its JSON text. */
export function storePacked(context: PackContext, entries: Iterable<readonly [id: string, data: object]>): void {
  const { store, generateDigest, collection, config } = context;
  const folder = join(fileURLToPath(config.cacheDir), 'packed', collection);
  mkdirSync(folder, { recursive: true });
  const used = new Set<string>();
  const now = new Date();
  store.clear();
  for (const [id, data] of entries) {
    const json = JSON.stringify(data);
    const digest = generateDigest(json);
    const name = `${digest}.json`;
    const file = join(folder, name);
    try {
      // Already written, by an earlier load of the same data: marked as used.
      utimesSync(file, now, now);
    } catch {
      // Written whole or not at all: a build reading the folder meanwhile never sees half a file.
      const partial = join(folder, `${name}.${process.pid}.partial`);
      writeFileSync(partial, json);
      renameSync(partial, file);
    }
    used.add(name);
    store.set({ id, data: { file }, digest });
  }
  for (const name of readdirSync(folder)) {
    if (used.has(name)) continue;
    const file = join(folder, name);
    const stat = statSync(file, { throwIfNoEntry: false });
    if (stat && now.getTime() - stat.mtimeMs > KEEP_MS) rmSync(file, { force: true });
  }
}

/** An entry's data as `storePacked` was given it, of the type its loader checked it as. */
export function unpack<T extends object>(packed: Packed): T {
  let json: string;
  try {
    json = readFileSync(packed.file, 'utf8');
  } catch (error) {
    throw new Error(`${packed.file}: the data the loaders wrote is gone from Astro's cache; run \`npx astro sync\` or build again`, { cause: error });
  }
  return JSON.parse(json) as T;
}
