import { readFile } from 'node:fs/promises';
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Loader, LoaderContext } from 'astro/loaders';

/**
 * Loaders of several collections that share one read of their files per build: `read` runs once
 * (again after one of the files it names changes), and each loader stores its part of the result.
 *
 * Once every loader of the group has stored its part, the read is let go: Astro keeps the loaders
 * (and so whatever they hold) for the whole build, and the store already has what they took from
 * it. Held, the 10,000-event bench's parsed files were a second copy of the data that every
 * garbage collection of the pages phase walked through.
 */
export function sharedRead<T>(read: (root: string) => Promise<{ data: T; files: string[] }>) {
  let reading: Promise<{ data: T; files: string[] }> | undefined;
  let loaders = 0;
  let stored = 0;
  const dataset = (root: string) => (reading ??= read(root));
  const done = () => {
    stored += 1;
    if (stored < loaders) return;
    reading = undefined;
    stored = 0;
  };
  return (name: string, sync: (context: LoaderContext, data: T) => Promise<void>) => {
    loaders += 1;
    return {
      name,
      load: async (context: LoaderContext) => {
        const root = fileURLToPath(context.config.root);
        const { data, files } = await dataset(root);
        await sync(context, data);
        done();
        for (const file of files) context.watcher?.add(file);
        context.watcher?.on('change', async (changed) => {
          if (!files.includes(resolve(changed))) return;
          reading = undefined;
          await sync(context, (await dataset(root)).data);
          done();
        });
      },
    } satisfies Loader;
  };
}

/**
 * Reads files of the project by their paths from the root, each named in faults as the project
 * names it (`shown`); `maybe` gives a missing file no text instead of failing.
 */
export function projectFiles(root: string) {
  const shown = (file: string) => relative(root, resolve(root, file)) || file;
  const read = async (file: string) => ({ file: shown(file), text: await readFile(resolve(root, file), 'utf8') });
  const maybe = (file: string) => read(file).catch(() => ({ file: shown(file), text: undefined }));
  return { shown, read, maybe };
}

/**
 * The loader of a collection read from one file of the project: `entries` parses its text (a fault
 * throws, naming the file as `shown`) into the entries to store, each validated by the schema;
 * the collection is read again when the file changes.
 */
export function fileCollection(name: string, file: string, entries: (text: string, shown: string) => { id: string; data: Record<string, unknown> }[]) {
  return sharedRead(async (root) => {
    const read = await projectFiles(root).read(file);
    return { data: entries(read.text, read.file), files: [resolve(root, file)] };
  })(name, async ({ store, parseData, generateDigest }, parsed) => {
    store.clear();
    for (const { id, data: raw } of parsed) {
      const data = await parseData({ id, data: raw });
      store.set({ id, data, digest: generateDigest(data) });
    }
  });
}
