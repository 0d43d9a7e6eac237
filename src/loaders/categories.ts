import { parseCategories } from '../lib/views/categories';
import { fileCollection } from './shared';

/** The categories file; tests and benchmarks name another in the environment. */
export const CATEGORIES_FILE = process.env['AUDIT_CATEGORIES_FILE'] || 'content/categories.json';

/**
 * The loader of the `categories` collection: one entry per category, in the file's order, read
 * and validated by its schema. A fault throws, naming the file, the category and the fault;
 * whether every event has a category is checked against the data by `getCategories`.
 */
export function categoriesLoader(file = CATEGORIES_FILE) {
  return fileCollection('categories-loader', file, (text, shown) =>
    parseCategories(text, shown).map((category, order) => ({ id: category.name, data: { ...category, order, file: shown } })),
  );
}
