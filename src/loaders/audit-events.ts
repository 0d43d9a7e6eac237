import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';
import { parseAuditTable } from '../lib/parse-table';

/** The table the site publishes: `AUDIT_EVENTS_FILE` when set (benchmarks, tests), else ours. */
export const DEFAULT_TABLE = 'content/audit-events.txt';

/**
 * Loads CPython's audit events table into a collection, one entry per event keyed by its name.
 * Unlike Astro's `file()` loader, which logs a parser's error and carries on with an empty
 * collection, this one throws: a build from a bad table fails, naming the file, line and fault.
 */
export function auditEventsLoader(file = process.env['AUDIT_EVENTS_FILE'] || DEFAULT_TABLE) {
  return {
    name: 'audit-events-loader',
    load: async (context: LoaderContext) => {
      const path = resolve(fileURLToPath(context.config.root), file);
      await sync(path, context);
      context.watcher?.add(path);
      context.watcher?.on('change', async (changed) => {
        if (resolve(changed) === path) await sync(path, context);
      });
    },
  } satisfies Loader;
}

async function sync(path: string, { config, store, parseData, generateDigest, logger }: LoaderContext) {
  const shown = relative(fileURLToPath(config.root), path) || path;
  const events = parseAuditTable(await readFile(path, 'utf8'), shown);
  store.clear();
  for (const event of events) {
    const data = await parseData({ id: event.name, data: { ...event } });
    store.set({ id: event.name, data, digest: generateDigest(data) });
  }
  logger.info(`${events.length} events from ${shown}`);
}
