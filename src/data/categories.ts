import { getCollection } from 'astro:content';
import { getCatalog } from './catalog';
import { buildCategories, type Categories } from '../lib/views/categories';
import { CATEGORIES_FILE } from '../loaders/categories';

let categories: Promise<Categories> | undefined;

/** The categories, checked against every event of every version, read once per build. */
export function getCategories(): Promise<Categories> {
  categories ??= Promise.all([getCollection('categories'), getCatalog()]).then(([entries, { events }]) => {
    const ordered = entries.map((entry) => entry.data).sort((a, b) => a.order - b.order);
    const file = ordered[0]?.file ?? CATEGORIES_FILE;
    return buildCategories(
      ordered.map(({ name, title, meaning, events: names }) => ({ name, title, meaning, events: names })),
      events.map((event) => event.name),
      file,
    );
  });
  return categories;
}
