import { z } from 'astro/zod';
import type { LoaderContext } from 'astro/loaders';

/**
 * The large entries (a version's tables, a run's traces, the history) are stored as their JSON
 * text, checked by their own schema in the loader before they are stored.
 *
 * Astro writes its store with devalue, which walks every object; it writes the file once a sync
 * ends and the pages read it back. As objects, the 10,000-event bench's 17 entries of this kind
 * are 850,000 values: 2.9 s to write, 1.6 s to read back and 0.6 s for the collection schemas to
 * check what the loaders had checked already. As text, the same data is one string each.
 */
export const packedSchema = z.strictObject({ json: z.string() });

export type Packed = z.output<typeof packedSchema>;

/** Stores `data`, which the loader has checked, under `id` as its JSON text. */
export function storePacked({ store, generateDigest }: Pick<LoaderContext, 'store' | 'generateDigest'>, id: string, data: object): void {
  const json = JSON.stringify(data);
  store.set({ id, data: { json }, digest: generateDigest(json) });
}

/** An entry's data as `storePacked` was given it, of the type its loader checked it as. */
export function unpack<T extends object>(packed: Packed): T {
  return JSON.parse(packed.json) as T;
}
