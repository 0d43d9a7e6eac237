import { expect, it } from 'vitest';
import type { LoaderContext } from 'astro/loaders';
import { sharedRead } from '../../src/loaders/shared';

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
