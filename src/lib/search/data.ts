import type { Version } from '../versions/ranges';
import { packApis } from './apis';
import type { SearchApi, SearchCategories, SearchData, SearchRecord, SearchSource } from './types';

const LISTINGS = { documented: 0, internal: 1, undocumented: 2 } as const;

/**
 * The search data, made at build time: the events and their versions, and the traced APIs with
 * the events they raise (by index, a few bytes each; see `packApis`). The vocabulary Fuse searches is made from
 * the records when the search loads; shipping it as well would double the data for nothing.
 */
export function buildSearchData(
  events: readonly SearchSource[],
  versions: readonly Pick<Version, 'version' | 'status' | 'codeRelease'>[],
  apis: readonly { name: string; raises: readonly string[] }[] = [],
): SearchData {
  const bit = new Map(versions.map((version, at) => [version.version, 1 << at]));
  const mask = (list: readonly string[]) => list.reduce((sum, version) => sum | (bit.get(version) ?? 0), 0);
  const index = new Map(events.map((event, at) => [event.name, at]));
  return {
    ...(apis.length > 0 ? { apis: packApis(apis.map((api): SearchApi => [api.name, api.raises.flatMap((name) => (index.has(name) ? [index.get(name) ?? 0] : []))])) } : {}),
    versions: versions.map(({ version, status, codeRelease }) => ({ version, status, scanned: codeRelease !== null })),
    records: events.map((event): SearchRecord => {
      const record: SearchRecord = [
        event.name,
        [...event.args],
        mask(event.versions),
        LISTINGS[event.listing],
        [...event.apis],
        [...event.synonyms],
        event.eras.length > 1 ? event.eras.map((era) => [mask(era.versions), [...era.args]]) : [],
      ];
      // Most events have one run of arguments, no other spellings, and undocumented ones no APIs:
      // empty tails are left off.
      while (record.length > 4 && (record.at(-1) as unknown[]).length === 0) record.pop();
      return record;
    }),
  };
}

/**
 * The categories as the search loads them, apart from `/search.json` and only once a query holds
 * a `category:` filter: each name with its events, as indexes of the records `events` gave.
 */
export function buildSearchCategories(events: readonly Pick<SearchSource, 'name'>[], categories: readonly { name: string; events: readonly string[] }[]): SearchCategories {
  const index = new Map(events.map((event, at) => [event.name, at]));
  return categories.map((category) => [category.name, category.events.flatMap((name) => (index.has(name) ? [index.get(name) ?? 0] : []))]);
}
