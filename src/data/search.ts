import { createHash } from 'node:crypto';
import { getCatalog } from './catalog';
import { searchSource } from '../lib/describe';
import { buildSearchData } from '../lib/search';

let search: Promise<{ json: string; version: string }> | undefined;

/** The search data as served at `/search.json`, and a digest of it for cache-busting its URL. */
export function getSearchData(): Promise<{ json: string; version: string }> {
  search ??= getCatalog().then(({ events, versions }) => {
    const json = JSON.stringify(buildSearchData(events.map(searchSource), versions));
    return { json, version: createHash('sha256').update(json).digest('hex').slice(0, 12) };
  });
  return search;
}
