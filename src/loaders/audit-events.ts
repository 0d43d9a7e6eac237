import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { sourcedEvents } from '../lib/references';

/** The files the site publishes. Benchmarks and tests name others in the environment. */
export const SOURCES = {
  table: process.env['AUDIT_EVENTS_FILE'] || 'content/audit-events.txt',
  references: process.env['AUDIT_REFERENCES_FILE'] || 'content/audit-event-references.json',
  /** The docs version the references link to; the references file's own when unset. */
  docsBaseUrl: process.env['DOCS_BASE_URL'] || undefined,
};

/**
 * Loads CPython's audit events table into a collection, one entry per event keyed by its name,
 * with the places in the docs that raise it. Unlike Astro's `file()` loader, which logs a
 * parser's error and carries on with an empty collection, this one throws: a build from a bad
 * table, or from references that disagree with it, fails, naming the file, line and fault.
 */
export function auditEventsLoader(sources = SOURCES) {
  return {
    name: 'audit-events-loader',
    load: async (context: LoaderContext) => {
      const root = fileURLToPath(context.config.root);
      const paths = [resolve(root, sources.table), resolve(root, sources.references)];
      await sync(context, sources);
      for (const path of paths) context.watcher?.add(path);
      context.watcher?.on('change', async (changed) => {
        if (paths.includes(resolve(changed))) await sync(context, sources);
      });
    },
  } satisfies Loader;
}

async function sync({ config, store, parseData, generateDigest, logger }: LoaderContext, sources: typeof SOURCES) {
  const root = fileURLToPath(config.root);
  const shown = (file: string) => relative(root, resolve(root, file)) || file;
  const read = (file: string) => readFile(resolve(root, file), 'utf8');
  const files = { table: shown(sources.table), references: shown(sources.references) };
  const texts = { table: await read(sources.table), references: await read(sources.references) };
  const events = sourcedEvents(texts, files, sources.docsBaseUrl);
  store.clear();
  for (const event of events) {
    const data = await parseData({ id: event.name, data: { ...event } });
    store.set({ id: event.name, data, digest: generateDigest(data) });
  }
  const references = events.reduce((sum, event) => sum + event.sources.length, 0);
  logger.info(`${events.length} events from ${files.table}, ${references} references from ${files.references}`);
}
