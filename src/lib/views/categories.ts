import { z } from 'astro/zod';
import { parseJson, VersionDataError } from '../versions/schema';

/**
 * `content/categories.json`: what each event is about (filesystem, process, network …), the kinds
 * of activity a hook's policy is written over. An event may be in more than one; every event of
 * every version is in at least one.
 */

/** A category's name: lowercase words joined by hyphens, as its address and `category:` filter use it. */
export const CATEGORY_NAME = /^[a-z]+(?:-[a-z]+)*$/;

const categorySchema = z.strictObject({
  name: z.string().regex(CATEGORY_NAME, 'a category is named in lowercase words joined by hyphens, like native-memory'),
  /** How pages title it: `Importing and native code`. */
  title: z.string().min(1),
  /** What it covers, in one sentence. */
  meaning: z.string().regex(/^[A-Z][^\n]*\.$/u, 'a meaning is one sentence, from a capital to a full stop, on one line'),
  events: z.array(z.string().regex(/^\S+$/, 'an event name has no spaces')).min(1, 'a category needs at least one event'),
});

export const categoriesFileSchema = z.strictObject({
  about: z.string().min(1),
  categories: z.array(categorySchema).min(1),
});

export type Category = z.infer<typeof categorySchema>;

/** The categories, in the file's order, and each event's categories in that order. */
export interface Categories {
  categories: Category[];
  /** Event name → the names of its categories. */
  of: Map<string, string[]>;
}

/** Reads the categories file with its schema; a fault names the file, the category or event, and the fault. */
export function parseCategories(text: string, file: string): Category[] {
  const data = parseJson(text, file);
  const result = categoriesFileSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const path = issue?.path ?? [];
    const message = issue?.message ?? 'does not match the schema';
    // A fault inside a category names it: `category "network": meaning: …`.
    const index = path[0] === 'categories' && typeof path[1] === 'number' ? path[1] : undefined;
    const name = index === undefined ? undefined : (data as { categories: { name?: unknown }[] }).categories[index]?.name;
    const field = path.slice(index === undefined ? 0 : 2).join('.');
    const where = typeof name === 'string' ? `category "${name}"` : index !== undefined ? `category ${index + 1}` : undefined;
    throw new VersionDataError(file, undefined, [where, field, message].filter(Boolean).join(': '));
  }
  return result.data.categories;
}

/**
 * The categories checked against the events of the data: every name unique, every event named
 * known to some version, and every known event in at least one category. A fault throws, naming
 * the file, the event or category, and what is wrong.
 */
export function buildCategories(categories: readonly Category[], known: readonly string[], file: string): Categories {
  const names = new Set<string>();
  const of = new Map<string, string[]>();
  const knownSet = new Set(known);
  for (const category of categories) {
    if (names.has(category.name)) throw new VersionDataError(file, undefined, `category "${category.name}" is listed twice`);
    names.add(category.name);
    for (const event of category.events) {
      if (!knownSet.has(event)) throw new VersionDataError(file, event, `is in category "${category.name}", but no version of the data knows the event`);
      const held = of.get(event) ?? [];
      if (held.includes(category.name)) throw new VersionDataError(file, event, `is listed twice in category "${category.name}"`);
      of.set(event, [...held, category.name]);
    }
  }
  for (const event of known) {
    if (!of.has(event)) throw new VersionDataError(file, event, 'is in no category: every event needs at least one');
  }
  return { categories: [...categories], of };
}
