import type { Version } from '../versions/ranges';

/**
 * How the docs list an event: 0 in a main table, 1 only as raised internally, 2 nowhere (raised
 * only); 3 is no event but a traced API, found by its name, that leads to what calling it raises.
 */
export type SearchListing = 0 | 1 | 2 | 3;

/**
 * An event as the search data carries it: its name, its newest arguments, the versions it is
 * listed in (a bit per version of `SearchData.versions`: documented for listing 0, in the table
 * of events raised internally for 1, raised for 2), how it is listed, and the APIs its docs name.
 */
export type SearchRecord = [
  name: string,
  args: string[],
  versions: number,
  listing: SearchListing,
  apis?: string[],
  synonyms?: string[],
  /** Only where the docs changed the arguments: each run of versions (a mask) with its own. */
  eras?: [versions: number, args: string[]][],
];

/** A version as the search knows it; `scanned` where its source was scanned for raise sites. */
export type SearchVersion = Pick<Version, 'version' | 'status'> & { scanned: boolean };

/** A traced API as the search data carries it: its name, and the events calling it raised (indexes of `records`). */
export type SearchApi = [name: string, raises: number[]];

/** What `/search.json` holds: the versions, oldest first, the events by name, and the traced APIs. */
export interface SearchData {
  versions: SearchVersion[];
  records: SearchRecord[];
  /** The traced APIs, packed into one string by `packApis`. */
  apis?: string;
}

/** What `/search-categories.json` holds: each category's name and its events (indexes of `SearchData.records`). */
export type SearchCategories = [name: string, events: number[]][];

/** What the build knows of an event, for its search record. */
export interface SearchSource {
  name: string;
  args: readonly string[];
  versions: readonly string[];
  listing: 'documented' | 'internal' | 'undocumented';
  apis: readonly string[];
  synonyms: readonly string[];
  /** Each run of versions with its own arguments, oldest first. */
  eras: readonly { versions: readonly string[]; args: readonly string[] }[];
}

/** A part of a name and where it starts, e.g. `Interpreter` at 9 in `cpython.PyInterpreterState_Clear`. */
export interface NamePart {
  text: string;
  start: number;
}

/** A half-open range of characters to highlight. */
export type Range = [start: number, end: number];

/** One event (or traced API) found, with what to highlight in its name and in each of its arguments. */
export interface SearchHit {
  kind: 'event' | 'api';
  name: string;
  /** For an API: the events calling it raised, in any traced version. */
  raises?: string[];
  args: string[];
  nameRanges: Range[];
  argRanges: Range[][];
  /** Its versions in words, with how the docs list it where they do not document it. */
  range: string;
  /** A mark where the event is not in the newest stable version's table: `not in 3.14`, `undocumented`. */
  mark: string | undefined;
  /** Whether the docs list its arguments (an undocumented event's are unknown). */
  argsKnown: boolean;
  /** The API the query found the event by, with what matched in it. */
  api: { text: string; ranges: Range[] } | undefined;
}

/** The ranked events for a query, the first `limit` of them, and how many there are in all. */
export interface SearchResults {
  hits: SearchHit[];
  total: number;
}

/** A query read into the words to match and the field filters to apply (lower case). */
export interface ParsedQuery {
  /** As typed: the case of a word tells where its parts begin (`PyInterpreterState`). */
  words: string[];
  args: string[];
  modules: string[];
  versions: string[];
  categories: string[];
}
