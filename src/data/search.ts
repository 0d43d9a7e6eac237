import { createHash } from 'node:crypto';
import { getBehaviour } from './behaviour';
import { getCatalog } from './catalog';
import { getCategories } from './categories';
import { searchApis } from '../lib/behaviour/calls';
import { searchSource } from '../lib/views/describe';
import { buildSearchCategories, buildSearchData } from '../lib/search';

let search: Promise<{ json: string; categories: string; version: string }> | undefined;

/**
 * The search data as served at `/search.json`, the categories as served apart at
 * `/search-categories.json`, and a digest of both for cache-busting their URLs.
 */
export function getSearchData(): Promise<{ json: string; categories: string; version: string }> {
  search ??= Promise.all([getCatalog(), getBehaviour(), getCategories()]).then(([{ events, versions }, behaviour, { categories }]) => {
    const json = JSON.stringify(buildSearchData(events.map(searchSource), versions, searchApis(behaviour)));
    const lists = JSON.stringify(buildSearchCategories(events, categories));
    return { json, categories: lists, version: createHash('sha256').update(json).update(lists).digest('hex').slice(0, 12) };
  });
  return search;
}
