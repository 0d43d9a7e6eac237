import Fuse, { type IFuseOptions, type RangeTuple } from 'fuse.js/basic';
import { moduleOf } from './naming';
import { editDistance, nearestNames } from './nearest';
import { rangeInWords, type Version } from './ranges';

/** How the docs list an event: 0 in a main table, 1 only as raised internally, 2 nowhere (raised only). */
export type SearchListing = 0 | 1 | 2;

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

/** What `/search.json` holds: the versions, oldest first, and the events by name. */
export interface SearchData {
  versions: SearchVersion[];
  records: SearchRecord[];
}

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

/** One event found, with what to highlight in its name and in each of its arguments. */
export interface SearchHit {
  name: string;
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
}

/**
 * Fuse's options for matching a query word against the vocabulary. The threshold was chosen with
 * `npm run bench:tune` against the relevance table in tests/fixtures/relevance.ts (see README).
 */
export const FUSE_OPTIONS = {
  // About one error in three characters: "sokcet" (a swap is two errors to Fuse) and
  // "breakpointhok" find their words.
  threshold: 0.34,
  // A word may match anywhere in a term ("adrinfo" in "getaddrinfo"); terms are short.
  ignoreLocation: true,
  // Terms and queries are lower-cased once, so Fuse need not lower-case each term per query.
  isCaseSensitive: true,
  includeScore: true,
  includeMatches: true,
  // We rank events ourselves; Fuse's order of terms does not matter.
  shouldSort: false,
} as const satisfies IFuseOptions<string>;

/** Tuning knobs, measured by `npm run bench:tune`. */
export interface SearchTuning {
  threshold: number;
  /** Words shorter than this match only exactly or as a substring ("ftp" is not "smtp"). */
  minFuzzyLength: number;
}

export const TUNING: SearchTuning = { threshold: FUSE_OPTIONS.threshold, minFuzzyLength: 4 };

/** Queries longer than this are searched by their first this-many characters. */
export const MAX_QUERY_LENGTH = 256;
// Bitap, Fuse's fuzzy matcher, works on 32 characters at a time; no term is that long.
const MAX_FUZZY_TOKEN = 32;

// Splits at `.`, `_`, `/`, `-` and spaces, and where the case changes (`PyInterpreterState` →
// `Py`, `Interpreter`, `State`; `HTTPServer` → `HTTP`, `Server`).
const PART = /[A-Z]+(?![a-z])|[A-Z]?[a-z]+|[0-9]+/g;

/** The parts of a name (or of a query word): split at `.`, `_`, `/`, `-` and case changes. */
export function nameParts(name: string): NamePart[] {
  return [...name.matchAll(PART)].map((match) => ({ text: match[0], start: match.index }));
}

const LISTINGS = { documented: 0, internal: 1, undocumented: 2 } as const;

/**
 * The search data, made at build time: the events and their versions. The vocabulary Fuse
 * searches is made from the records when the search loads; shipping it as well would double the
 * data for nothing.
 */
export function buildSearchData(events: readonly SearchSource[], versions: readonly Pick<Version, 'version' | 'status' | 'codeRelease'>[]): SearchData {
  const bit = new Map(versions.map((version, at) => [version.version, 1 << at]));
  const mask = (list: readonly string[]) => list.reduce((sum, version) => sum | (bit.get(version) ?? 0), 0);
  return {
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

/** Reads a query: `arg:NAME`, `module:NAME` and `version:3.12` are filters, every other word must match. */
export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { words: [], args: [], modules: [], versions: [] };
  const seen = new Set<string>();
  for (const word of query.slice(0, MAX_QUERY_LENGTH).split(/\s+/)) {
    const lower = word.toLowerCase();
    const filter = /^(arg|module|version):(.+)$/.exec(lower);
    if (filter?.[1] === 'arg') parsed.args.push(filter[2] ?? '');
    else if (filter?.[1] === 'module') parsed.modules.push(filter[2] ?? '');
    else if (filter?.[1] === 'version') parsed.versions.push(filter[2] ?? '');
    else if (lower !== '' && !seen.has(lower)) parsed.words.push(word);
    seen.add(lower);
  }
  return parsed;
}

interface Entry {
  index: number;
  name: string;
  args: string[];
  lower: string;
  module: string;
  parts: NamePart[];
  argsLower: string[];
  /** Other spellings of its arguments: synonyms (`file` for `open`'s `path`) and earlier versions' names, lower case. */
  synonyms: string[];
  mask: number;
  listing: SearchListing;
  apis: string[];
  apisLower: string[];
  /** The name each API ends with (`unlink` in `os.unlink()`), lower case, and where it starts in the API. */
  apiNames: { text: string; api: number; start: number }[];
  /** The parts of those names (`named`, `temporary`, `file`), as name parts are, for the vocabulary and fuzzy matches. */
  apiParts: { text: string; api: number; start: number }[];
  /** The segments of the name between dots and slashes (`remote_exec` of `sys.remote_exec`). */
  segments: NamePart[];
  /** Where the docs changed the arguments: each run of versions (a mask) with its own. */
  eras: [versions: number, args: string[]][];
}

// How a word matched an event, best first. An event's rank for a query is the sum over its words.
// A word that is exactly the name of an API the docs say raises the event (`unlink`, `eval`) is
// as strong a sign as a part of the event's own name, and stronger than a piece of a longer name
// (`eval` inside `DeleteValue`).
const Tier = {
  ExactName: 0,
  NamePrefix: 1,
  ExactArgument: 2,
  ExactPart: 3,
  ApiName: 4,
  PartPrefix: 5,
  InName: 6,
  InArgument: 7,
  InApi: 8,
  Parts: 9,
  Fuzzy: 10,
} as const;
type Tier = (typeof Tier)[keyof typeof Tier];

interface WordMatch {
  tier: Tier;
  score: number;
  /** Among equal matches, how little of the name the word leaves unexplained: a last tie-break. */
  prefer?: number;
  name: Range[];
  args: [arg: number, range: Range][];
  api: [api: number, range: Range][];
}

interface TokenPlan {
  text: string;
  // The vocabulary terms this token matches fuzzily, with Fuse's score and matched characters.
  fuzzy: Map<string, { score: number; indices: readonly RangeTuple[] }>;
}

interface WordPlan {
  text: string;
  tokens: TokenPlan[];
}

/** Fuzzy search over every version's events, by name, name parts, module, argument names and the APIs that raise them. */
export class EventSearch {
  readonly entries: Entry[];
  readonly argumentNames: string[];
  readonly versions: SearchVersion[];
  readonly #fuse: Fuse<string>;
  readonly #terms: string[];
  readonly #postings: number[][];
  readonly #nameList: string[];
  readonly #modules: string[];
  readonly #argsLower: string[];
  readonly #stable: number;
  readonly #tuning: SearchTuning;
  // Every event's name, and every event's APIs, in one string each (events apart by a NUL, an
  // event's APIs by a line break), with where each event starts: a word's occurrences are found
  // by the engine's native substring search rather than one test per event.
  readonly #names: Haystack;
  readonly #apis: Haystack;

  constructor(data: SearchData, tuning: SearchTuning = TUNING) {
    this.#tuning = tuning;
    this.versions = data.versions;
    const stable = data.versions.findLastIndex((version) => version.status === 'stable');
    this.#stable = stable === -1 ? 0 : 1 << stable;
    this.entries = data.records.map(([name, args, mask, listing, apis = [], synonyms = [], eras = []], index) => ({
      index,
      name,
      args,
      lower: name.toLowerCase(),
      module: moduleOf(name).toLowerCase(),
      parts: nameParts(name).map((part) => ({ text: part.text.toLowerCase(), start: part.start })),
      argsLower: args.map((arg) => arg.toLowerCase()),
      synonyms: [...new Set([...synonyms, ...eras.flatMap(([, older]) => older).filter((arg) => !args.includes(arg))].map((spelling) => spelling.toLowerCase()))],
      mask,
      listing,
      apis,
      apisLower: apis.map((api) => api.toLowerCase()),
      apiNames: apis.flatMap((api, at) => {
        const found = API_NAME.exec(api);
        return found?.[1] ? [{ text: found[1].toLowerCase(), api: at, start: found.index }] : [];
      }),
      apiParts: apis.flatMap((api, at) => {
        const found = API_NAME.exec(api);
        return found?.[1] ? nameParts(found[1]).map((part) => ({ text: part.text.toLowerCase(), api: at, start: found.index + part.start })) : [];
      }),
      segments: segmentsOf(name.toLowerCase()),
      eras,
    }));
    this.argumentNames = [...new Set(data.records.flatMap(([, args]) => args))].sort();
    // What filters and suggestions compare against, made once rather than on every keystroke.
    this.#nameList = this.entries.map((entry) => entry.name);
    this.#names = haystack(this.entries.map((entry) => entry.lower));
    this.#apis = haystack(this.entries.map((entry) => entry.apisLower.join('\n')));
    this.#modules = [...new Set(this.entries.map((entry) => entry.module))];
    this.#argsLower = this.argumentNames.map((arg) => arg.toLowerCase());
    // The vocabulary, and for each term the events that hold it: made here from the records, once.
    const postings = new Map<string, number[]>();
    for (const entry of this.entries) {
      for (const term of new Set(termsOf(entry))) {
        const list = postings.get(term) ?? [];
        list.push(entry.index);
        postings.set(term, list);
      }
    }
    this.#terms = [...postings.keys()].sort();
    this.#postings = this.#terms.map((term) => postings.get(term) ?? []);
    this.#fuse = new Fuse(this.#terms, { ...FUSE_OPTIONS, threshold: tuning.threshold }, Fuse.createIndex([], this.#terms));
  }

  /** The events matching `query`, best first; `limit` caps the hits returned, not the total. */
  search(query: string, limit = 50): SearchResults {
    const parsed = parseQuery(query);
    if (parsed.words.length === 0 && parsed.args.length === 0 && parsed.modules.length === 0 && parsed.versions.length === 0) {
      return { hits: [], total: 0 };
    }
    let candidates = this.entries;
    for (const version of parsed.versions) {
      // Only the events that version's main table documents, with the arguments its docs give
      // them; a version the site lacks keeps none.
      const at = this.versions.findIndex((known) => known.version === version);
      const bit = at === -1 ? 0 : 1 << at;
      candidates = candidates.filter((entry) => entry.listing === 0 && (entry.mask & bit) !== 0).map((entry) => inVersion(entry, bit));
    }
    for (const module of this.#resolve(parsed.modules, this.#modules)) {
      candidates = candidates.filter((entry) => entry.module === module);
    }
    const wantedArgs = this.#resolve(parsed.args, this.#argsLower);
    // An argument under any name it has had: a synonym, or its name in an earlier version (`secs` of time.sleep).
    for (const arg of wantedArgs) candidates = candidates.filter((entry) => entry.argsLower.includes(arg) || entry.synonyms.includes(arg));

    // Each word narrows the events the next word is tried on, and only events that hold one of
    // the word's terms (or its text) are tried at all.
    const found = (entry: Entry) => ({ entry, rank: 0, score: 0, prefer: 0 });
    const words = parsed.words.map((text) => this.#plan(text));
    let matched = words.length === 0 ? candidates.map(found) : [];
    for (const [at, word] of words.entries()) {
      const possible = this.#possible(word);
      const tried = at === 0 ? candidates.filter((entry) => possible[entry.index] !== 0).map(found) : matched;
      matched = [];
      for (const item of tried) {
        const how = possible[item.entry.index];
        // The substring tiers first, without building highlights (only the hits shown need them);
        // found only through fuzzy terms or word by word, no substring tier can match.
        const tier = how === 1 ? locate(item.entry, word.text)?.tier : undefined;
        if (tier !== undefined) {
          item.rank += tier;
          matched.push(item);
          continue;
        }
        const match = how === 0 ? undefined : matchTokens(item.entry, word.tokens);
        if (!match) continue;
        item.rank += match.tier;
        item.score += match.score;
        item.prefer += match.prefer ?? 0;
        matched.push(item);
      }
      if (matched.length === 0) break;
    }

    // At equal rank and score, documented events come before those raised internally, and those
    // before undocumented ones; then events the query explains more of; then name order. Ranks
    // are whole numbers: only the events of the ranks that reach the first `limit` are sorted.
    const total = matched.length;
    const shown = bestRanks(matched, limit).sort(
      (a, b) => a.rank - b.rank || a.score - b.score || a.entry.listing - b.entry.listing || a.prefer - b.prefer || a.entry.index - b.entry.index,
    );
    return { total, hits: shown.slice(0, limit).map(({ entry }) => this.#hit(entry, words, wantedArgs)) };
  }

  /** The event names and argument names nearest to a query that found nothing. */
  suggest(query: string, limit = 5): { events: string[]; args: string[] } {
    const { words, args, modules } = parseQuery(query);
    const wanted = [...words, ...args, ...modules].slice(0, 4);
    const nearest = (names: readonly string[]) => [...new Set(wanted.flatMap((word) => nearestNames(word, names, limit)))].slice(0, limit);
    return { events: nearest(this.#nameList), args: nearest(this.argumentNames) };
  }

  /** An event's versions in words, as a hit shows them, with how the docs list it. */
  rangeOf(entry: Pick<Entry, 'mask' | 'listing'>): string {
    const present = this.versions.filter((_, at) => (entry.mask & (1 << at)) !== 0).map((version) => version.version);
    if (entry.listing === 2) {
      // Raised ranges count only the versions whose source was scanned: the others say nothing.
      const scanned = this.versions.filter((version) => version.scanned);
      return present.length === 0 ? 'undocumented, raised only by early releases' : `undocumented, raised in ${rangeInWords(present, scanned)}`;
    }
    const range = rangeInWords(present, this.versions);
    return entry.listing === 1 ? `raised internally, ${range}` : range;
  }

  // A filter value names a module or argument exactly, else by prefix, else by a near spelling.
  #resolve(values: string[], names: string[]): string[] {
    return values.map((value) => {
      if (names.includes(value)) return value;
      return names.find((name) => name.startsWith(value)) ?? nearestNames(value, names, 1)[0] ?? value;
    });
  }

  /**
   * Marks the events `matchWord` could match: 1 for those whose name or API holds the word, or
   * that have a term (part, module, argument, API name part) holding it; 2 for those found only
   * through fuzzy terms or a term for every one of its tokens, which only `matchTokens` can
   * accept. Exactly the events any rule can accept, found through the terms instead of by trying
   * every event: at 10,000 events this is most of a keystroke's work saved.
   */
  #possible(word: WordPlan): Uint8Array {
    const marks = new Uint8Array(this.entries.length);
    const text = word.text;
    markOccurrences(this.#names, text, marks);
    markOccurrences(this.#apis, text, marks);
    const terms = this.#terms;
    for (let at = 0; at < terms.length; at++) {
      if ((terms[at] ?? '').includes(text)) for (const index of this.#postings[at] ?? []) marks[index] = 1;
    }
    const mark = (index: number) => {
      if (marks[index] === 0) marks[index] = 2;
    };
    const [only] = word.tokens;
    if (word.tokens.length === 1 && only?.text === word.text) {
      // The loop above found the terms that hold the word; only its fuzzy terms are left.
      for (let at = 0; at < terms.length; at++) {
        if (only.fuzzy.has(terms[at] ?? '')) for (const index of this.#postings[at] ?? []) mark(index);
      }
      return marks;
    }
    if (word.tokens.length === 0) return marks;
    const counts = new Uint8Array(this.entries.length);
    const seen = new Int16Array(this.entries.length).fill(-1);
    word.tokens.forEach((token, k) => {
      for (let at = 0; at < terms.length; at++) {
        const term = terms[at] ?? '';
        if (!term.includes(token.text) && !token.fuzzy.has(term)) continue;
        for (const index of this.#postings[at] ?? []) {
          if (seen[index] === k) continue;
          seen[index] = k;
          counts[index] = (counts[index] ?? 0) + 1;
        }
      }
    });
    counts.forEach((count, index) => {
      if (count === word.tokens.length) mark(index);
    });
    return marks;
  }

  #plan(word: string): WordPlan {
    const tokens = nameParts(word).map(({ text }) => {
      const token = text.toLowerCase();
      const fuzzy = new Map<string, { score: number; indices: readonly RangeTuple[] }>();
      // Past 32 characters no term is within reach.
      if (token.length >= this.#tuning.minFuzzyLength && token.length <= MAX_FUZZY_TOKEN) {
        for (const result of this.#fuse.search(token)) {
          fuzzy.set(result.item, { score: result.score ?? 1, indices: result.matches?.[0]?.indices ?? [] });
        }
        // Bitap counts a swap of two letters as two errors, too many for a short word ("sned"):
        // terms one edit away, a swap included, match as well.
        for (const term of this.#terms) {
          if (!fuzzy.has(term) && editDistance(token, term, 1) === 1) {
            fuzzy.set(term, { score: 1 / token.length, indices: [[0, term.length - 1]] });
          }
        }
      }
      return { text: token, fuzzy };
    });
    return { text: word.toLowerCase(), tokens };
  }

  // What to highlight in a hit: matching again, only for the few hits shown, rather than keeping
  // ranges for every event that matched.
  #hit(entry: Entry, words: WordPlan[], args: string[]): SearchHit {
    const name: Range[] = [];
    const inArgs: [number, Range][] = [];
    const inApis: [number, Range][] = [];
    for (const word of words) {
      const match = matchWord(entry, word);
      name.push(...(match?.name ?? []));
      inArgs.push(...(match?.args ?? []));
      inApis.push(...(match?.api ?? []));
    }
    for (const arg of args) inArgs.push([entry.argsLower.indexOf(arg), [0, arg.length]]);
    const api = inApis[0]?.[0];
    const stable = this.versions.findLast((version) => version.status === 'stable')?.version;
    let mark: string | undefined;
    if (entry.listing === 2) mark = 'undocumented';
    else if ((entry.mask & this.#stable) === 0) mark = stable === undefined ? undefined : `not in ${stable}`;
    return {
      name: entry.name,
      args: entry.args,
      nameRanges: merge(name),
      argRanges: entry.args.map((_, at) => merge(inArgs.filter(([arg]) => arg === at).map(([, range]) => range))),
      range: this.rangeOf(entry),
      mark,
      argsKnown: entry.listing !== 2,
      api:
        api === undefined
          ? undefined
          : { text: entry.apis[api] ?? '', ranges: merge(inApis.filter(([at]) => at === api).map(([, range]) => range)) },
    };
  }
}

// The name an API label ends with: `connect_ex` in `socket.socket.connect_ex()`, `urlopen` in
// `urllib.request.urlopen()`, `PyConfig_Set` in `PyConfig_Set() (C API)`.
const API_NAME = /([A-Za-z_][A-Za-z0-9_]*)(?=\(\)|$| \()/;

/**
 * The terms an event is found by: its name parts, its module, its arguments and their other
 * spellings, and the parts of its APIs' names (parts rather than whole names keep the vocabulary,
 * which Fuse searches term by term on every keystroke, as small as the names' own).
 */
function termsOf(entry: Pick<Entry, 'name' | 'argsLower' | 'synonyms' | 'apiParts' | 'eras'>): string[] {
  return [
    ...nameParts(entry.name).map((part) => part.text.toLowerCase()),
    moduleOf(entry.name).toLowerCase(),
    ...entry.argsLower,
    ...entry.eras.flatMap(([, args]) => args.map((arg) => arg.toLowerCase())),
    ...entry.synonyms,
    ...entry.apiParts.map((api) => api.text),
  ];
}

/** Strings of every event, one after another, and where each event's starts. */
interface Haystack {
  text: string;
  starts: Int32Array;
}

function haystack(items: readonly string[]): Haystack {
  const starts = new Int32Array(items.length + 1);
  let at = 0;
  items.forEach((item, index) => {
    starts[index] = at;
    at += item.length + 1;
  });
  starts[items.length] = at;
  return { text: items.join('\u0000'), starts };
}

// Marks (1) every event whose string holds `text`, skipping to the next event after each find.
function markOccurrences({ text: all, starts }: Haystack, text: string, marks: Uint8Array): void {
  if (text === '' || text.includes('\u0000')) return;
  let from = 0;
  let entry = 0;
  for (;;) {
    const found = all.indexOf(text, from);
    if (found === -1) return;
    // The event the find is in: the last start at or before it, searched forward from the last.
    let low = entry;
    let high = starts.length - 2;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((starts[mid] ?? 0) <= found) low = mid;
      else high = mid - 1;
    }
    entry = low;
    marks[entry] = 1;
    from = starts[entry + 1] ?? all.length;
    entry++;
    if (entry >= starts.length - 1) return;
  }
}

// The segments of a name between dots and slashes, with where each starts.
function segmentsOf(lower: string): NamePart[] {
  let start = 0;
  return lower.split(/[./]/).map((text) => {
    const segment = { text, start };
    start += text.length + 1;
    return segment;
  });
}

// An event as one version's docs have it: the arguments of that version where they changed.
function inVersion(entry: Entry, bit: number): Entry {
  const era = entry.eras.find(([versions]) => (versions & bit) !== 0);
  if (!era) return entry;
  const [, args] = era;
  const argsLower = args.map((arg) => arg.toLowerCase());
  // Other versions' names are not this version's spellings.
  const other = new Set(entry.eras.flatMap(([, names]) => names.map((name) => name.toLowerCase())));
  return { ...entry, args, argsLower, synonyms: entry.synonyms.filter((spelling) => !other.has(spelling) || argsLower.includes(spelling)) };
}

/** Where a word matched an event by one of the substring tiers: which tier, and where. */
interface Located {
  tier: Tier;
  in: 'name' | 'arg' | 'api' | 'none';
  at: number;
  start: number;
}

/**
 * The best substring tier by which `text` matches an event, best first, or undefined when only a
 * word-by-word or fuzzy match could. It builds nothing: ranking every event of a large table on
 * every keystroke must not allocate; `matchWord` turns the place into highlights for the few shown.
 */
function locate(entry: Entry, text: string): Located | undefined {
  const at = located;
  if (entry.lower === text) return at(Tier.ExactName, 'name', 0, 0);
  if (entry.lower.startsWith(text)) return at(Tier.NamePrefix, 'name', 0, 0);
  const exactArg = entry.argsLower.indexOf(text);
  if (exactArg !== -1) return at(Tier.ExactArgument, 'arg', exactArg, 0);
  if (entry.synonyms.includes(text)) return at(Tier.ExactArgument, 'none', 0, 0);
  // A part of the name, or a whole segment between its dots (`remote_exec` of `sys.remote_exec`).
  const exactPart = findText(entry.parts, text) ?? findText(entry.segments, text);
  if (exactPart) return at(Tier.ExactPart, 'name', 0, exactPart.start);
  if (entry.module === text) return at(Tier.ExactPart, 'none', 0, 0);
  const apiName = findText(entry.apiNames, text);
  if (apiName) return at(Tier.ApiName, 'api', apiName.api, apiName.start);
  for (const part of entry.parts) if (part.text.startsWith(text)) return at(Tier.PartPrefix, 'name', 0, part.start);
  const inName = entry.lower.indexOf(text);
  if (inName !== -1) return at(Tier.InName, 'name', 0, inName);
  for (let arg = 0; arg < entry.argsLower.length; arg++) {
    const start = entry.argsLower[arg]?.indexOf(text) ?? -1;
    if (start !== -1) return at(Tier.InArgument, 'arg', arg, start);
  }
  for (let api = 0; api < entry.apisLower.length; api++) {
    const start = entry.apisLower[api]?.indexOf(text) ?? -1;
    if (start !== -1) return at(Tier.InApi, 'api', api, start);
  }
  return undefined;
}

function located(tier: Tier, where: Located['in'], index: number, start: number): Located {
  return { tier, in: where, at: index, start };
}

function matchWord(entry: Entry, word: WordPlan): WordMatch | undefined {
  const found = locate(entry, word.text);
  if (!found) return matchTokens(entry, word.tokens);
  const range: Range = [found.start, found.start + word.text.length];
  return {
    tier: found.tier,
    score: 0,
    name: found.in === 'name' ? [range] : [],
    args: found.in === 'arg' ? [[found.at, range]] : [],
    api: found.in === 'api' ? [[found.at, range]] : [],
  };
}

// The matches whose rank is among the best, enough of them to fill `limit` places: the rest
// cannot come before them, so they need no sorting.
function bestRanks<T extends { rank: number }>(matched: T[], limit: number): T[] {
  if (matched.length <= limit) return matched;
  const counts = new Map<number, number>();
  for (const item of matched) counts.set(item.rank, (counts.get(item.rank) ?? 0) + 1);
  let taken = 0;
  let worst = Number.POSITIVE_INFINITY;
  for (const rank of [...counts.keys()].sort((a, b) => a - b)) {
    taken += counts.get(rank) ?? 0;
    if (taken >= limit) {
      worst = rank;
      break;
    }
  }
  return matched.filter((item) => item.rank <= worst);
}

// The first item whose text is `text`: a plain loop, as this runs for every event on every keystroke.
function findText<T extends { text: string }>(items: readonly T[], text: string): T | undefined {
  for (const item of items) if (item.text === text) return item;
  return undefined;
}

// A word that is no single part or argument matches when each of its parts (`sokcet.conect` →
// `sokcet`, `conect`) matches a term of the event, exactly or fuzzily.
function matchTokens(entry: Entry, tokens: TokenPlan[]): WordMatch | undefined {
  if (tokens.length === 0) return undefined;
  // Among events matched part by part, prefer those the word explains most of ("oepn" is
  // `open` before `webbrowser.open`); small enough never to outweigh one error.
  const explained = tokens.reduce((sum, token) => sum + token.text.length, 0);
  const found: WordMatch = { tier: Tier.Parts, score: 0, prefer: Math.max(0, 1 - explained / entry.lower.length), name: [], args: [], api: [] };
  for (const token of tokens) {
    const best = bestTerm(entry, token);
    if (!best) return undefined;
    if (best.score > 0) found.tier = Tier.Fuzzy;
    found.score += best.score;
    const ranges = best.ranges.map((range): [number, Range] => [best.at ?? 0, range]);
    if (best.in === 'name') found.name.push(...best.ranges);
    else if (best.in === 'arg') found.args.push(...ranges);
    else found.api.push(...ranges);
  }
  return found;
}

interface TermMatch {
  score: number;
  in: 'name' | 'arg' | 'api';
  at?: number;
  ranges: Range[];
}

function bestTerm(entry: Entry, token: TokenPlan): TermMatch | undefined {
  let best: TermMatch | undefined;
  const consider = (term: string, offset: number, where: TermMatch['in'], at?: number) => {
    const found = term.indexOf(token.text);
    const candidate =
      found !== -1
        ? { score: 0, ranges: [[offset + found, offset + found + token.text.length]] as Range[] }
        : fuzzyMatch(token.fuzzy.get(term), offset, token.text.length / term.length);
    // Names before arguments before APIs, at equal scores.
    if (candidate && (!best || candidate.score < best.score)) best = { ...candidate, in: where, ...(at === undefined ? {} : { at }) };
  };
  for (const part of entry.parts) consider(part.text, part.start, 'name');
  entry.argsLower.forEach((arg, index) => consider(arg, 0, 'arg', index));
  for (const api of entry.apiParts) consider(api.text, api.start, 'api', api.api);
  return best;
}

function fuzzyMatch(
  found: { score: number; indices: readonly RangeTuple[] } | undefined,
  offset: number,
  coverage: number,
): { score: number; ranges: Range[] } | undefined {
  if (!found) return undefined;
  // Fuse scores a match inside a longer term as well as a match of the whole term ("sokett" is as
  // close to "settrace" as to "socket"); the share of the term the word covers breaks the tie.
  // Never zero, so a fuzzy match never ties with a true substring.
  return {
    score: found.score + 0.03 * Math.max(0, 1 - Math.min(coverage, 1 / coverage)) + Number.EPSILON,
    ranges: found.indices.map(([start, end]): Range => [offset + start, offset + end + 1]),
  };
}

function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}
