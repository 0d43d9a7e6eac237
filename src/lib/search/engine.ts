import Fuse, { type IFuseOptions, type RangeTuple } from 'fuse.js/basic';
import { moduleOf } from '../names/naming';
import { editDistance, nearestNames } from '../names/nearest';
import { rangeInWords } from '../versions/ranges';
import { unpackApis } from './apis';
import { haystack, markOccurrences, type Haystack } from './haystack';
import { parseQuery } from './query';
import { bestRanks, inVersion, locate, matchTokens, matchWord, merge, Tier, type Entry, type WordPlan } from './ranking';
import { API_NAME, nameParts, segmentsOf, termsOf } from './tokens';
import type { Range, SearchCategories, SearchData, SearchHit, SearchResults, SearchVersion } from './types';

/** The listing of a traced API's entry: after documented (0), internal (1) and undocumented (2) events. */
const API_LISTING = 3;

/** Whether a word is a near spelling of an entry's whole name or of one of its segments: one edit, two for words of ten letters or more. */
function nearSegment(entry: Entry, word: string): boolean {
  const allowed = word.length < 10 ? 1 : 2;
  return [entry.lower, ...entry.segments.map((segment) => segment.text)].some((text) => editDistance(word, text, allowed) <= allowed);
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

// Bitap, Fuse's fuzzy matcher, works on 32 characters at a time; no term is that long.
const MAX_FUZZY_TOKEN = 32;

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
  /** Each category's events, by index, for `category:` filters: none until `addCategories`. */
  #categories = new Map<string, Set<number>>();
  readonly #argsLower: string[];
  readonly #stable: number;
  readonly #tuning: SearchTuning;
  readonly #events: Entry[];
  // Every event's name, and every event's APIs, in one string each (events apart by a NUL, an
  // event's APIs by a line break), with where each event starts: a word's occurrences are found
  // by the engine's native substring search rather than one test per event.
  readonly #names: Haystack;
  readonly #apis: Haystack;
  // A traced API's index among the entries → the names of the events calling it raised.
  readonly #raises: Map<number, string[]>;

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
    // Traced APIs come after the events, found by their names alone: by a part, a segment
    // (`read_text` of `pathlib.Path.read_text`), a prefix or a typo, never by a filter.
    const events = this.entries.length;
    this.#raises = new Map();
    // At equal rank, the shorter name first: `read_text` means pathlib.Path.read_text before
    // importlib.resources.abc.Traversable.read_text.
    const apis = unpackApis(data.apis ?? '').sort(([a], [b]) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0));
    for (const [name, raises] of apis) {
      const index = this.entries.length;
      this.#raises.set(index, raises.map((at) => data.records[at]?.[0] ?? ''));
      this.entries.push({
        index,
        name,
        args: [],
        lower: name.toLowerCase(),
        module: moduleOf(name).toLowerCase(),
        parts: nameParts(name).map((part) => ({ text: part.text.toLowerCase(), start: part.start })),
        argsLower: [],
        synonyms: [],
        mask: 0,
        listing: API_LISTING,
        apis: [],
        apisLower: [],
        apiNames: [],
        apiParts: [],
        segments: segmentsOf(name.toLowerCase()),
        eras: [],
      });
    }
    this.#events = this.entries.slice(0, events);
    this.argumentNames = [...new Set(data.records.flatMap(([, args]) => args))].sort();
    // What filters and suggestions compare against, made once rather than on every keystroke.
    this.#nameList = this.#events.map((entry) => entry.name);
    this.#names = haystack(this.entries.map((entry) => entry.lower));
    this.#apis = haystack(this.entries.map((entry) => entry.apisLower.join('\n')));
    this.#modules = [...new Set(this.#events.map((entry) => entry.module))];
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

  /** Takes the categories (loaded apart, on the first `category:` filter); until then such a filter keeps nothing. */
  addCategories(categories: SearchCategories): void {
    this.#categories = new Map(categories.map(([name, events]) => [name, new Set(events)]));
  }

  /** Whether a query filters by category, so the categories must be loaded before it is searched. */
  static wantsCategories(query: string): boolean {
    return parseQuery(query).categories.length > 0;
  }

  /** The events (and traced APIs) matching `query`, best first; `limit` caps the hits returned, not the total. */
  search(query: string, limit = 50): SearchResults {
    const parsed = parseQuery(query);
    const filters = parsed.args.length + parsed.modules.length + parsed.versions.length + parsed.categories.length;
    if (parsed.words.length === 0 && filters === 0) {
      return { hits: [], total: 0 };
    }
    // A filter narrows the events: APIs have no versions, arguments or module of that kind.
    let candidates = filters > 0 ? this.#events : this.entries;
    for (const version of parsed.versions) {
      // Only the events that version's main table documents, with the arguments its docs give
      // them; a version the site lacks keeps none.
      const at = this.versions.findIndex((known) => known.version === version);
      const bit = at === -1 ? 0 : 1 << at;
      candidates = candidates.filter((entry) => entry.listing === 0 && (entry.mask & bit) !== 0).map((entry) => inVersion(entry, bit));
    }
    // A category the data lacks keeps no event.
    for (const category of this.#resolve(parsed.categories, [...this.#categories.keys()])) {
      const members = this.#categories.get(category);
      candidates = candidates.filter((entry) => members?.has(entry.index) ?? false);
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
          // An API found by a segment of its name (`unlink`) comes after the event whose docs
          // name that API (os.remove, by `os.unlink()`): the same rank, and events first.
          item.rank += item.entry.listing === API_LISTING && tier === Tier.ExactPart ? Tier.ApiName : tier;
          matched.push(item);
          continue;
        }
        const match = how === 0 ? undefined : matchTokens(item.entry, word.tokens);
        if (!match) continue;
        // A traced API is found by a typo of one of its segments (`urlopn`), not by near spellings
        // of several parts at once: `read_text` is not `contextlib.redirect_stdout`.
        if (item.entry.listing === API_LISTING && match.tier === Tier.Fuzzy && !nearSegment(item.entry, word.text)) continue;
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
    const raises = this.#raises.get(entry.index);
    if (raises) {
      return { kind: 'api', name: entry.name, raises, args: [], nameRanges: merge(name), argRanges: [], range: 'what calling it raises, measured', mark: 'API', argsKnown: false, api: undefined };
    }
    const stable = this.versions.findLast((version) => version.status === 'stable')?.version;
    let mark: string | undefined;
    if (entry.listing === 2) mark = 'undocumented';
    else if ((entry.mask & this.#stable) === 0) mark = stable === undefined ? undefined : `not in ${stable}`;
    return {
      kind: 'event',
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
