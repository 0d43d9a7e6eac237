import { copyFileSync, existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';

/** The module through which Astro's build hands the content layer's data store to the pages. */
export const DATA_STORE_MODULE = '\0astro:data-layer-content';

/** Where each build keeps its copy of the store, in Astro's cache directory. */
const COPIES = 'build-data-stores';

/** The module the pages import instead of Astro's: the store read from `copy` and revived. */
export function storeModule(copy: string): string {
  return [
    "import { readFileSync } from 'node:fs';",
    "import { unflatten } from 'devalue';",
    `export default unflatten(JSON.parse(readFileSync(${JSON.stringify(copy)}, 'utf8')));`,
    '',
  ].join('\n');
}

/**
 * Lets a static build's pages read the content layer's data store from a file instead of from the
 * bundle. Astro bundles the whole store as one string literal (`export default JSON.parse("…")`)
 * and keeps that parsed array for the whole build beside the store revived from it. At 10,000
 * events the literal was 32 MB, which Vite carried through the bundle (5 s) and V8 compiled before
 * the first page rendered (5 s more whenever the data changed); the array was a second copy of the
 * data that every garbage collection walked. The largest entries have since left the store for
 * files of their own (loaders/packed.ts): what remains is 2 MB, still kept out of the bundle.
 *
 * Here the bundle reads a copy of the store taken when Astro would have read it (so builds that
 * share the cache directory each render their own data) and exports the revived store itself (a
 * `Map`, which Astro takes as it is), so nothing else holds the parsed text. The copy is deleted
 * when the build is done. Other builds (`astro dev`, a chunked store, no store yet) are left to
 * Astro, and a build in which Astro never asked for the module by this name says so.
 */
export default function dataStoreFromFile(): AstroIntegration {
  const copies: string[] = [];
  let store: string | undefined;
  return {
    name: 'data-store-from-file',
    hooks: {
      'astro:config:setup': ({ command, config, updateConfig }) => {
        if (command !== 'build' || config.experimental.collectionStorage !== 'single-file') return;
        const cache = fileURLToPath(config.cacheDir);
        // Astro's own path for a build's store (astro/dist/content/paths.js: getDataStoreFile).
        const file = join(cache, 'data-store.json');
        store = file;
        const folder = join(cache, COPIES);
        updateConfig({
          vite: {
            plugins: [
              {
                name: 'data-store-from-file',
                apply: 'build',
                load: {
                  // Before Astro's own loader of the module.
                  order: 'pre',
                  handler(id) {
                    if (id !== DATA_STORE_MODULE || !existsSync(file)) return undefined;
                    const copy = join(folder, `${process.pid}-${copies.length}.json`);
                    mkdirSync(folder, { recursive: true });
                    copyFileSync(file, copy);
                    copies.push(copy);
                    return storeModule(copy);
                  },
                },
              },
            ],
          },
        });
      },
      'astro:build:done': ({ logger }) => {
        if (store && existsSync(store) && copies.length === 0) {
          logger.warn(`Astro never loaded ${JSON.stringify(DATA_STORE_MODULE.slice(1))}: the pages read the data store from the bundle (has Astro renamed the module?)`);
        }
        for (const copy of copies.splice(0)) rmSync(copy, { force: true });
      },
    },
  };
}
