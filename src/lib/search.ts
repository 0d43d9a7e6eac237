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
  readonly #names: string[];
  readonly #modules: string[];
  readonly #argsLower: string[];
  readonly #stable: number;
  readonly #tuning: SearchTuning;

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
      eras,
    }));
    this.argumentNames = [...new Set(data.records.flatMap(([, args]) => args))].sort();
    // What filters and suggestions compare against, made once rather than on every keystroke.
    this.#names = this.entries.map((entry) => entry.name);
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
    for (const arg of wantedArgs) candidates = candidates.filter((entry) => entry.argsLower.includes(arg));

    // Each word narrows the events the next word is tried on, and only events that hold one of
    // the word's terms (or its text) are tried at all.
    const found = (entry: Entry) => ({ entry, rank: 0, score: 0, prefer: 0 });
    const words = parsed.words.map((text) => this.#plan(text));
    let matched = words.length === 0 ? candidates.map(found) : [];
    for (const [at, word] of words.entries()) {
      const possible = this.#possible(word);
      const tried = at === 0 ? candidates.filter((entry) => possible[entry.index] === 1).map(found) : matched;
      matched = [];
      for (const item of tried) {
        const match = possible[item.entry.index] === 1 ? matchWord(item.entry, word) : undefined;
        if (!match) continue;
        item.rank += match.tier;
        item.score += match.score;
        item.prefer += match.prefer ?? 0;
        matched.push(item);
      }
      if (matched.length === 0) break;
    }

    // At equal rank and score, documented events come before those raised internally, and those
    // before undocumented ones; then events the query explains more of; then name order.
    matched.sort(
      (a, b) => a.rank - b.rank || a.score - b.score || a.entry.listing - b.entry.listing || a.prefer - b.prefer || a.entry.index - b.entry.index,
    );
    return { total: matched.length, hits: matched.slice(0, limit).map(({ entry }) => this.#hit(entry, words, wantedArgs)) };
  }

  /** The event names and argument names nearest to a query that found nothing. */
  suggest(query: string, limit = 5): { events: string[]; args: string[] } {
    const { words, args, modules } = parseQuery(query);
    const wanted = [...words, ...args, ...modules].slice(0, 4);
    const nearest = (names: readonly string[]) => [...new Set(wanted.flatMap((word) => nearestNames(word, names, limit)))].slice(0, limit);
    return { events: nearest(this.#names), args: nearest(this.argumentNames) };
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
   * Marks the events `matchWord` could match: those whose name or API holds the word, those with a
   * term (part, module, argument, API name) that holds it, and those with a term for every one of
   * its tokens. Exactly the events any rule of `matchWord` can accept, found through the terms
   * instead of by trying every event: at 10,000 events this is most of a keystroke's work saved.
   */
  #possible(word: WordPlan): Uint8Array {
    const marks = new Uint8Array(this.entries.length);
    for (const entry of this.entries) {
      if (entry.lower.includes(word.text) || entry.apisLower.some((api) => api.includes(word.text))) marks[entry.index] = 1;
    }
    this.#terms.forEach((term, at) => {
      if (term.includes(word.text)) for (const index of this.#postings[at] ?? []) marks[index] = 1;
    });
    const [only] = word.tokens;
    if (word.tokens.length === 1 && only?.text === word.text) {
      // The loop above found the terms that hold the word; only its fuzzy terms are left.
      this.#terms.forEach((term, at) => {
        if (only.fuzzy.has(term)) for (const index of this.#postings[at] ?? []) marks[index] = 1;
      });
      return marks;
    }
    if (word.tokens.length === 0) return marks;
    const counts = new Uint8Array(this.entries.length);
    const seen = new Int16Array(this.entries.length).fill(-1);
    word.tokens.forEach((token, k) => {
      this.#terms.forEach((term, at) => {
        if (!term.includes(token.text) && !token.fuzzy.has(term)) return;
        for (const index of this.#postings[at] ?? []) {
          if (seen[index] === k) continue;
          seen[index] = k;
          counts[index] = (counts[index] ?? 0) + 1;
        }
      });
    });
    counts.forEach((count, index) => {
      if (count === word.tokens.length) marks[index] = 1;
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

/** The terms an event is found by: its name parts, its module, its arguments and their other spellings, and its APIs' names. */
function termsOf(entry: Pick<Entry, 'name' | 'argsLower' | 'synonyms' | 'apiNames' | 'eras'>): string[] {
  return [
    ...nameParts(entry.name).map((part) => part.text.toLowerCase()),
    moduleOf(entry.name).toLowerCase(),
    ...entry.argsLower,
    ...entry.eras.flatMap(([, args]) => args.map((arg) => arg.toLowerCase())),
    ...entry.synonyms,
    ...entry.apiNames.map((api) => api.text),
  ];
}

// Where `text` is a whole segment of a name between dots or slashes.
function segmentOf(lower: string, text: string): NamePart | undefined {
  let start = 0;
  for (const segment of lower.split(/[./]/)) {
    if (segment === text) return { text, start };
    start += segment.length + 1;
  }
  return undefined;
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

function matchWord(entry: Entry, word: WordPlan): WordMatch | undefined {
  const { text } = word;
  const span = (start: number, length: number): Range[] => [[start, start + length]];
  const none = { score: 0, name: [], args: [], api: [] };
  if (entry.lower === text) return { ...none, tier: Tier.ExactName, name: span(0, text.length) };
  if (entry.lower.startsWith(text)) return { ...none, tier: Tier.NamePrefix, name: span(0, text.length) };
  const exactArg = entry.argsLower.indexOf(text);
  if (exactArg !== -1) return { ...none, tier: Tier.ExactArgument, args: [[exactArg, [0, text.length]]] };
  if (entry.synonyms.includes(text)) return { ...none, tier: Tier.ExactArgument };
  // A part of the name, or a whole segment between its dots (`remote_exec` of `sys.remote_exec`).
  const exactPart = entry.parts.find((part) => part.text === text) ?? segmentOf(entry.lower, text);
  if (exactPart || entry.module === text) {
    return { ...none, tier: Tier.ExactPart, name: exactPart ? span(exactPart.start, text.length) : [] };
  }
  const apiName = entry.apiNames.find((api) => api.text === text);
  if (apiName) return { ...none, tier: Tier.ApiName, api: [[apiName.api, [apiName.start, apiName.start + text.length]]] };
  const partPrefix = entry.parts.find((part) => part.text.startsWith(text));
  if (partPrefix) return { ...none, tier: Tier.PartPrefix, name: span(partPrefix.start, text.length) };
  const inName = entry.lower.indexOf(text);
  if (inName !== -1) return { ...none, tier: Tier.InName, name: span(inName, text.length) };
  const inArg = entry.argsLower.findIndex((arg) => arg.includes(text));
  if (inArg !== -1) {
    const start = entry.argsLower[inArg]?.indexOf(text) ?? 0;
    return { ...none, tier: Tier.InArgument, args: [[inArg, [start, start + text.length]]] };
  }
  const inApi = entry.apisLower.findIndex((api) => api.includes(text));
  if (inApi !== -1) {
    const start = entry.apisLower[inApi]?.indexOf(text) ?? 0;
    return { ...none, tier: Tier.InApi, api: [[inApi, [start, start + text.length]]] };
  }
  return matchTokens(entry, word.tokens);
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
  for (const api of entry.apiNames) consider(api.text, api.start, 'api', api.api);
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
