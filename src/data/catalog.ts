import { getCollection } from 'astro:content';
import { buildCatalog, type Catalog } from '../lib/views/catalog';
import { releaseChanges, versionedEvents, versionsOf } from '../lib/versions/events';

let catalog: Promise<Catalog> | undefined;

/** Every event of every version and their groupings, read from the collections once per build. */
export function getCatalog(): Promise<Catalog> {
  catalog ??= Promise.all([getCollection('versions'), getCollection('releases'), getCollection('history')]).then(([versions, releases, [history]]) => {
    const files = versions.map((entry) => entry.data);
    const replaced = releases.map((entry) => entry.data);
    const about = history?.data.about;
    return buildCatalog(
      versionedEvents(files, history?.data, replaced),
      versionsOf(files),
      { docs: about?.docs_releases ?? [], code: about?.code_releases ?? [] },
      releaseChanges(files, replaced),
    );
  });
  return catalog;
}
