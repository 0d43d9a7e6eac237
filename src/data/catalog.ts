import { getCollection } from 'astro:content';
import { buildCatalog, type Catalog } from '../lib/views/catalog';
import { releaseChanges, versionedEvents, versionsOf } from '../lib/versions/events';
import type { HistoryFile, VersionFile } from '../lib/versions/schema';
import { unpack } from '../loaders/packed';

let catalog: Promise<Catalog> | undefined;

/** Every event of every version and their groupings, read from the collections once per build. */
export function getCatalog(): Promise<Catalog> {
  catalog ??= Promise.all([getCollection('versions'), getCollection('releases'), getCollection('history')]).then(([versions, releases, [history]]) => {
    const files = versions.map((entry) => unpack<VersionFile>(entry.data));
    const replaced = releases.map((entry) => unpack<VersionFile>(entry.data));
    const facts = history && unpack<HistoryFile>(history.data);
    const about = facts?.about;
    return buildCatalog(
      versionedEvents(files, facts, replaced),
      versionsOf(files),
      { docs: about?.docs_releases ?? [], code: about?.code_releases ?? [] },
      releaseChanges(files, replaced),
    );
  });
  return catalog;
}
