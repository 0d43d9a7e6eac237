import type { LoaderContext } from 'astro/loaders';
import { expect, it } from 'vitest';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
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

it('stores each version file as the JSON text of what the loader checked, in a file of the cache named by its digest, and reads it back the same', async () => {
  const cache = mkdtempSync(join(tmpdir(), 'packed-'));
  const stored = new Map<string, { data: Record<string, unknown>; digest?: string | number }>();
  const context = {
    config: { root: new URL('../../', import.meta.url), cacheDir: pathToFileURL(`${cache}/`) },
    collection: 'versions',
    store: { clear: () => stored.clear(), set: (entry: { id: string; data: Record<string, unknown>; digest?: string | number }) => Boolean(stored.set(entry.id, entry)) },
    generateDigest: (text: string) => createHash('sha256').update(text).digest('hex'),
    logger: { info: () => undefined },
  } as unknown as LoaderContext;
  try {
    // A file left by a load of other data a day and more ago goes; a recent one, which a build
    // sharing the cache may still read, stays.
    const folder = join(cache, 'packed', 'versions');
    mkdirSync(folder, { recursive: true });
    writeFileSync(join(folder, 'old.json'), '{}');
    utimesSync(join(folder, 'old.json'), new Date(Date.now() - 25 * 3600_000), new Date(Date.now() - 25 * 3600_000));
    writeFileSync(join(folder, 'recent.json'), '{}');
    await dataLoaders().versions.load(context);
    const file = 'content/versions/3.14.json';
    const checked = parseVersionFile(readFileSync(new URL(`../../${file}`, import.meta.url), 'utf8'), file);
    const entry = stored.get('3.14');
    // What Astro's store holds passes the collection's schema, and names the checked file, whole.
    const packed = packedSchema.parse(entry?.data);
    expect(unpack<VersionFile>(packed)).toEqual(checked);
    // The digest follows the content and names the file: another version's entry has another.
    const text = readFileSync(packed.file, 'utf8');
    expect(entry?.digest).toBe(createHash('sha256').update(text).digest('hex'));
    expect(packed.file).toBe(join(folder, `${String(entry?.digest)}.json`));
    expect(stored.get('3.13')?.digest).not.toBe(entry?.digest);
    expect(readdirSync(folder).sort()).toEqual([...[...stored.values()].map((each) => `${String(each.digest)}.json`), 'recent.json'].sort());
    // A second load of the same data writes nothing new and stores the same entries.
    const before = new Map(stored);
    await dataLoaders().versions.load(context);
    expect(stored).toEqual(before);
    // A file gone from the cache is said to be gone, not read as no data.
    rmSync(packed.file);
    expect(() => unpack(packed)).toThrow(/gone from Astro's cache/);
  } finally {
    rmSync(cache, { recursive: true, force: true });
  }
});
