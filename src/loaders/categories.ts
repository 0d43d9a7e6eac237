import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { parseCategories } from '../lib/categories';

/** The categories file; tests and benchmarks name another in the environment. */
export const CATEGORIES_FILE = process.env['AUDIT_CATEGORIES_FILE'] || 'content/categories.json';

/**
 * The loader of the `categories` collection: one entry per category, in the file's order, read
 * and validated by its schema. A fault throws, naming the file, the category and the fault;
 * whether every event has a category is checked against the data by `getCategories`.
 */
export function categoriesLoader(file = CATEGORIES_FILE) {
  return {
    name: 'categories-loader',
    load: async (context: LoaderContext) => {
      const root = fileURLToPath(context.config.root);
      const path = resolve(root, file);
      const sync = async ({ store, parseData, generateDigest }: LoaderContext) => {
        const categories = parseCategories(await readFile(path, 'utf8'), relative(root, path) || file);
        store.clear();
        for (const [order, category] of categories.entries()) {
          const data = await parseData({ id: category.name, data: { ...category, order, file: relative(root, path) || file } });
          store.set({ id: category.name, data, digest: generateDigest(data) });
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
