import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseDataset, RELEASE_FILE, RELEASES_DIRECTORY, VERSION_FILE, type Dataset } from '../lib/versions/dataset';
import { storePacked } from './packed';
import { projectFiles, sharedRead } from './shared';

/** The files the site is built from. Benchmarks and tests name others in the environment. */
export const SOURCES = {
  /** The docs' own published 3.8.0 table and its references: the shared data is checked against them. */
  table: process.env['AUDIT_EVENTS_FILE'] || 'content/audit-events.txt',
  references: process.env['AUDIT_REFERENCES_FILE'] || 'content/audit-event-references.json',
  /** One facts file per minor version (`3.12.json`) and `history.json`. */
  versions: process.env['AUDIT_VERSIONS_DIR'] || 'content/versions',
};

/**
 * The loaders of the `versions`, `releases` and `history` collections. They share one read of the files per
 * build, checked by `parseDataset`, and store each file packed (`packed.ts`). Unlike Astro's `file()` loader, which logs a parser's error
 * and carries on with an empty collection, a fault throws: the build fails, naming the file, the
 * event and the fault.
 */
export function dataLoaders(sources = SOURCES) {
  const loader = sharedRead((root) => readDataset(root, sources));

  return {
    versions: loader('versions-loader', async (context, { versions }) => {
      storePacked(context, versions.map((file) => [file.version, file]));
      const counts = versions.map((file) => `${file.version}: ${file.events.length}`).join(', ');
      context.logger.info(`${versions.length} versions from ${sources.versions} (events per table: ${counts})`);
    }),
    releases: loader('releases-loader', async (context, { releases }) => {
      storePacked(context, releases.map((file) => [file.release, file]));
    }),
    history: loader('history-loader', async (context, { history }) => {
      storePacked(context, [['history', history]]);
    }),
  };
}

async function readDataset(root: string, sources: typeof SOURCES): Promise<{ data: Dataset; files: string[] }> {
  const { shown, read, maybe } = projectFiles(root);
  // A missing history is reported by parseDataset, after the version files' own faults.
  const names = (await readdir(resolve(root, sources.versions))).filter((name) => VERSION_FILE.test(name)).sort();
  // The releases newer ones replaced, where the data keeps any.
  const releasesDirectory = join(sources.versions, RELEASES_DIRECTORY);
  const releaseNames = (await readdir(resolve(root, releasesDirectory)).catch(() => [])).filter((name) => RELEASE_FILE.test(name)).sort();
  const historyFile = join(sources.versions, 'history.json');
  const paths = [...names.map((name) => join(sources.versions, name)), ...releaseNames.map((name) => join(releasesDirectory, name)), historyFile, sources.table, sources.references];
  const [history, table, references] = await Promise.all([maybe(historyFile), read(sources.table), read(sources.references)]);
  const data = parseDataset({
    directory: shown(sources.versions),
    versions: await Promise.all(names.map((name) => read(join(sources.versions, name)))),
    releases: await Promise.all(releaseNames.map((name) => read(join(releasesDirectory, name)))),
    history,
    seed: { files: { table: table.file, references: references.file }, texts: { table: table.text, references: references.text } },
  });
  return { data, files: paths.map((file) => resolve(root, file)) };
}
