import { getCollection } from 'astro:content';
import { buildCatalog, type Catalog } from '../lib/catalog';
import type { SourcedEvent } from '../lib/references';

let catalog: Promise<Catalog<SourcedEvent>> | undefined;

/** The table's events and their groupings, read from the collection once per build. */
export function getCatalog(): Promise<Catalog<SourcedEvent>> {
  catalog ??= getCollection('events').then((entries) =>
    // The store does not promise insertion order; the table's own order is its line numbers.
    buildCatalog(entries.map((entry) => entry.data).sort((a, b) => a.line - b.line)),
  );
  return catalog;
}
