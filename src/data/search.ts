import { createHash } from 'node:crypto';
import { getBehaviour } from './behaviour';
import { getCatalog } from './catalog';
import { searchApis } from '../lib/behaviour';
import { searchSource } from '../lib/describe';
import { buildSearchData } from '../lib/search';

let search: Promise<{ json: string; version: string }> | undefined;

/** The search data as served at `/search.json`, and a digest of it for cache-busting its URL. */
export function getSearchData(): Promise<{ json: string; version: string }> {
  search ??= Promise.all([getCatalog(), getBehaviour()]).then(([{ events, versions }, behaviour]) => {
    const json = JSON.stringify(buildSearchData(events.map(searchSource), versions, searchApis(behaviour)));
    return { json, version: createHash('sha256').update(json).digest('hex').slice(0, 12) };
  });
  return search;
}
