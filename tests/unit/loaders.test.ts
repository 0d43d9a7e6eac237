import type { LoaderContext } from 'astro/loaders';
import { expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { packedSchema, unpack } from '../../src/loaders/packed';
import { sharedRead } from '../../src/loaders/shared';
import { dataLoaders } from '../../src/loaders/versions';
import { parseVersionFile, type VersionFile } from '../../src/lib/versions/schema';

it('reads the files once for the loaders that share them, and lets the read go once each has its part', async () => {
  const reads: { data: string[] }[] = [];
  const loader = sharedRead(async () => {
    const read = { data: ['3.13', '3.14'] };
    reads.push(read);
    return { data: read.data, files: [] };
  });
  const got: string[][] = [];
  const versions = loader('versions-loader', async (_context, data) => void got.push(data));
  const history = loader('history-loader', async (_context, data) => void got.push(data));
  const context = { config: { root: new URL('file:///project/') } } as unknown as LoaderContext;
  await Promise.all([versions.load(context), history.load(context)]);
  // One read, and both loaders stored their part of the same one.
  expect(reads).toHaveLength(1);
  expect(got[0]).toBe(got[1]);
  // Astro keeps the loaders for the whole build: a loader that still held the read would keep a
  // second copy of the data alive. A later sync (a restarted dev server) reads the files again.
  await versions.load(context);
  expect(reads).toHaveLength(2);
});

it('stores each version file as the JSON text of what the loader checked, and reads it back the same', async () => {
  const stored = new Map<string, { data: Record<string, unknown>; digest?: string | number }>();
  const context = {
    config: { root: new URL('../../', import.meta.url) },
    store: { clear: () => stored.clear(), set: (entry: { id: string; data: Record<string, unknown>; digest?: string | number }) => Boolean(stored.set(entry.id, entry)) },
    generateDigest: (text: string) => createHash('sha256').update(text).digest('hex'),
    logger: { info: () => undefined },
  } as unknown as LoaderContext;
  await dataLoaders().versions.load(context);
  const file = 'content/versions/3.14.json';
  const checked = parseVersionFile(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), file);
  const entry = stored.get('3.14');
  // What Astro's store holds passes the collection's schema, and is the checked file, whole.
  const packed = packedSchema.parse(entry?.data);
  expect(unpack<VersionFile>(packed)).toEqual(checked);
  // The digest follows the content: another version's entry has another.
  expect(entry?.digest).toBe(createHash('sha256').update(packed.json).digest('hex'));
  expect(stored.get('3.13')?.digest).not.toBe(entry?.digest);
});
