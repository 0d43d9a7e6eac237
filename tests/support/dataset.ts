import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildBehaviour } from '../../src/lib/behaviour/calls';
import { buildCatalog } from '../../src/lib/views/catalog';
import { buildCategories, parseCategories } from '../../src/lib/views/categories';
import { parseExamples } from '../../src/lib/behaviour/examples';
import { parseTraceData } from '../../src/lib/trace/data';
import { TRACE_FILE } from '../../src/lib/trace/schema';
import { parseDataset, RELEASE_FILE, RELEASES_DIRECTORY, VERSION_FILE } from '../../src/lib/versions/dataset';
import { releaseChanges, versionedEvents, versionsOf } from '../../src/lib/versions/events';

/** Where the traces and the corpus live. */
export const TRACES = { calls: 'content/calls', traces: 'content/traces', unobserved: 'content/unobserved-events.json' };

/** Where the site's data lives; tests read another set by naming its directory and seed. */
export const DATA = {
  versions: 'content/versions',
  table: 'content/audit-events.txt',
  references: 'content/audit-event-references.json',
};

/** Reads a data set as the build does (the same `parseDataset`), from a directory of version files. */
export function readDataset(sources = DATA) {
  const read = (file: string) => ({ file, text: readFileSync(file, 'utf8') });
  const names = readdirSync(sources.versions).filter((name) => VERSION_FILE.test(name)).sort();
  const releases = join(sources.versions, RELEASES_DIRECTORY);
  const releaseNames = existsSync(releases) ? readdirSync(releases).filter((name) => RELEASE_FILE.test(name)).sort() : [];
  const table = read(sources.table);
  const references = read(sources.references);
  return parseDataset({
    directory: sources.versions,
    versions: names.map((name) => read(join(sources.versions, name))),
    releases: releaseNames.map((name) => read(join(releases, name))),
    history: read(join(sources.versions, 'history.json')),
    seed: { files: { table: table.file, references: references.file }, texts: { table: table.text, references: references.text } },
  });
}

/** The catalog the site is built from, made by the same code, as the source of expected results. */
export function readCatalog(sources = DATA) {
  const { versions, releases, history } = readDataset(sources);
  return buildCatalog(
    versionedEvents(versions, history, releases),
    versionsOf(versions),
    { docs: history.about.docs_releases, code: history.about.code_releases },
    releaseChanges(versions, releases),
  );
}

/** The categories the site is built from, checked against the catalog by the same code as the build's. */
export function readCategories(catalog = readCatalog(), file = 'content/categories.json') {
  return buildCategories(parseCategories(readFileSync(file, 'utf8'), file), catalog.events.map((event) => event.name), file);
}

/** The traces the site is built from, read and checked by the same code as the build's. */
export function readBehaviour(catalog = readCatalog(), sources = TRACES) {
  const list = (directory: string, pattern: RegExp) => (existsSync(directory) ? readdirSync(directory).filter((name) => pattern.test(name)).sort().map((name) => join(directory, name)) : []);
  const read = (file: string) => ({ file, text: readFileSync(file, 'utf8') });
  const data = parseTraceData({
    calls: list(sources.calls, /\.json$/).map(read),
    traces: list(sources.traces, TRACE_FILE).map(read),
    unobserved: existsSync(sources.unobserved) ? read(sources.unobserved) : { file: sources.unobserved, text: undefined },
  });
  return buildBehaviour(data, new Set(catalog.events.map((event) => event.name)));
}

/** The playground's examples the site is built from, read by the same code as the build's. */
export function readExamples(file = 'content/try-examples.json') {
  return parseExamples(readFileSync(file, 'utf8'), file);
}
