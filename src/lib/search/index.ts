// The search: types (types.ts), splitting names and words into parts (tokens.ts), reading a query
// (query.ts), the data the build writes (data.ts) with its APIs packed (apis.ts), the substring index (haystack.ts), the ranking
// tiers (ranking.ts), and the engine that holds the index and Fuse (engine.ts).
export { packApis, unpackApis } from './apis';
export { buildSearchCategories, buildSearchData } from './data';
export { EventSearch, FUSE_OPTIONS, TUNING, type SearchTuning } from './engine';
export { MAX_QUERY_LENGTH, parseQuery } from './query';
export { nameParts } from './tokens';
export type { NamePart, ParsedQuery, Range, SearchData, SearchHit, SearchListing, SearchRecord, SearchCategories, SearchResults, SearchSource, SearchVersion } from './types';
