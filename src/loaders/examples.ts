import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { parseExamples } from '../lib/examples';

/** The examples file; tests and benchmarks name another in the environment. */
export const EXAMPLES_FILE = process.env['TRY_EXAMPLES_FILE'] || 'content/try-examples.json';

/**
 * The loader of the `examples` collection: one entry per event, read from the examples file and
 * validated by its schema. A fault throws, naming the file, the event and the fault.
 */
export function examplesLoader(file = EXAMPLES_FILE) {
  return {
    name: 'examples-loader',
    load: async (context: LoaderContext) => {
      const root = fileURLToPath(context.config.root);
      const path = resolve(root, file);
      const sync = async ({ store, parseData, generateDigest }: LoaderContext) => {
        const { events } = parseExamples(await readFile(path, 'utf8'), relative(root, path) || file);
        store.clear();
        for (const [id, example] of Object.entries(events)) {
          const data = await parseData({ id, data: { ...example } });
          store.set({ id, data, digest: generateDigest(data) });
        }
      };
      await sync(context);
      context.watcher?.add(path);
      context.watcher?.on('change', async (changed) => {
        if (resolve(changed) === path) await sync(context);
      });
    },
  } satisfies Loader;
}
