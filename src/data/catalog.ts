import { getCollection } from 'astro:content';
import { buildCatalog, type Catalog } from '../lib/catalog';

let catalog: Promise<Catalog> | undefined;

/** The table's events and their groupings, read from the collection once per build. */
export function getCatalog(): Promise<Catalog> {
  catalog ??= getCollection('events').then((entries) =>
    // The store does not promise insertion order; the table's own order is its line numbers.
    buildCatalog(entries.map((entry) => entry.data).sort((a, b) => a.line - b.line)),
  );
  return catalog;
}
