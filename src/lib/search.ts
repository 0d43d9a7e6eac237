import Fuse, { type FuseIndex, type IFuseOptions, type RangeTuple } from 'fuse.js/basic';
import { moduleOf } from './naming';
import { editDistance, nearestNames } from './nearest';

/** An event as the search data carries it: its name and its arguments, in table order. */
export type SearchRecord = [name: string, args: string[]];

/** What `/search.json` holds: the events, and a Fuse index over the words they are made of. */
export interface SearchData {
  records: SearchRecord[];
  /** `Fuse.createIndex` over the vocabulary: every name part, module and argument name, lower case. */
  vocabulary: ReturnType<FuseIndex<string>['toJSON']>;
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

/** The search data for a table, made at build time. */
export function buildSearchData(events: readonly { name: string; args: readonly string[] }[]): SearchData {
  const words = new Set<string>();
  for (const event of events) {
    for (const term of termsOf(event.name, event.args)) words.add(term);
  }
  const vocabulary = [...words].sort();
  return {
    records: events.map((event) => [event.name, [...event.args]]),
    vocabulary: Fuse.createIndex([], vocabulary).toJSON(),
  };
}

/** Reads a query: `arg:NAME` and `module:NAME` are filters, every other word must match. */
export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { words: [], args: [], modules: [] };
  const seen = new Set<string>();
  for (const word of query.slice(0, MAX_QUERY_LENGTH).split(/\s+/)) {
    const lower = word.toLowerCase();
    const filter = /^(arg|module):(.+)$/.exec(lower);
    if (filter?.[1] === 'arg') parsed.args.push(filter[2] ?? '');
    else if (filter?.[1] === 'module') parsed.modules.push(filter[2] ?? '');
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
}

// How a word matched an event, best first. An event's rank for a query is the sum over its words.
const Tier = {
  ExactName: 0,
  NamePrefix: 1,
  ExactArgument: 2,
  ExactPart: 3,
  PartPrefix: 4,
  InName: 5,
  InArgument: 6,
  Parts: 7,
  Fuzzy: 8,
} as const;
type Tier = (typeof Tier)[keyof typeof Tier];

interface WordMatch {
  tier: Tier;
  score: number;
  name: Range[];
  args: [arg: number, range: Range][];
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

/** Fuzzy search over a table's events, by name, name parts, module and argument names. */
export class EventSearch {
  readonly entries: Entry[];
  readonly argumentNames: string[];
  readonly #fuse: Fuse<string>;
  readonly #terms: string[];
  readonly #postings: number[][];
  readonly #names: string[];
  readonly #modules: string[];
  readonly #argsLower: string[];
  readonly #tuning: SearchTuning;

  constructor(data: SearchData, tuning: SearchTuning = TUNING) {
    this.#tuning = tuning;
    this.entries = data.records.map(([name, args], index) => ({
      index,
      name,
      args,
      lower: name.toLowerCase(),
      module: moduleOf(name).toLowerCase(),
      parts: nameParts(name).map((part) => ({ text: part.text.toLowerCase(), start: part.start })),
      argsLower: args.map((arg) => arg.toLowerCase()),
    }));
    this.argumentNames = [...new Set(data.records.flatMap(([, args]) => args))].sort();
    // What filters and suggestions compare against, made once rather than on every keystroke.
    this.#names = this.entries.map((entry) => entry.name);
    this.#modules = [...new Set(this.entries.map((entry) => entry.module))];
    this.#argsLower = this.argumentNames.map((arg) => arg.toLowerCase());
    const index = Fuse.parseIndex<string>(data.vocabulary);
    this.#terms = data.vocabulary.records.map((record) => record.v ?? '');
    // For each term, the events that hold it.
    const termAt = new Map(this.#terms.map((term, at) => [term, at]));
    this.#postings = this.#terms.map((): number[] => []);
    for (const entry of this.entries) {
      for (const term of new Set(termsOf(entry.name, entry.args))) this.#postings[termAt.get(term) ?? -1]?.push(entry.index);
    }
    this.#fuse = new Fuse(this.#terms, { ...FUSE_OPTIONS, threshold: tuning.threshold }, index);
  }

  /** The events matching `query`, best first; `limit` caps the hits returned, not the total. */
  search(query: string, limit = 50): SearchResults {
    const parsed = parseQuery(query);
    if (parsed.words.length === 0 && parsed.args.length === 0 && parsed.modules.length === 0) {
      return { hits: [], total: 0 };
    }
    let candidates = this.entries;
    for (const module of this.#resolve(parsed.modules, this.#modules)) {
      candidates = candidates.filter((entry) => entry.module === module);
    }
    const wantedArgs = this.#resolve(parsed.args, this.#argsLower);
    for (const arg of wantedArgs) candidates = candidates.filter((entry) => entry.argsLower.includes(arg));

    // Each word narrows the events the next word is tried on, and only events that hold one of
    // the word's terms (or its text) are tried at all.
    const found = (entry: Entry) => ({ entry, rank: 0, score: 0 });
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
        matched.push(item);
      }
      if (matched.length === 0) break;
    }

    matched.sort((a, b) => a.rank - b.rank || a.score - b.score || a.entry.index - b.entry.index);
    return { total: matched.length, hits: matched.slice(0, limit).map(({ entry }) => hit(entry, words, wantedArgs)) };
  }

  /** The event names and argument names nearest to a query that found nothing. */
  suggest(query: string, limit = 5): { events: string[]; args: string[] } {
    const { words, args, modules } = parseQuery(query);
    const wanted = [...words, ...args, ...modules].slice(0, 4);
    const nearest = (names: readonly string[]) => [...new Set(wanted.flatMap((word) => nearestNames(word, names, limit)))].slice(0, limit);
    return { events: nearest(this.#names), args: nearest(this.argumentNames) };
  }

  // A filter value names a module or argument exactly, else by prefix, else by a near spelling.
  #resolve(values: string[], names: string[]): string[] {
    return values.map((value) => {
      if (names.includes(value)) return value;
      return names.find((name) => name.startsWith(value)) ?? nearestNames(value, names, 1)[0] ?? value;
    });
  }

  /**
   * Marks the events `matchWord` could match: those whose name holds the word, those with a term
   * (part, module, argument) that holds it, and those with a term for every one of its tokens.
   * Exactly the events any rule of `matchWord` can accept, found through the terms instead of by
   * trying every event: at 10,000 events this is most of a keystroke's work saved.
   */
  #possible(word: WordPlan): Uint8Array {
    const marks = new Uint8Array(this.entries.length);
    for (const entry of this.entries) if (entry.lower.includes(word.text)) marks[entry.index] = 1;
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
}

/** The terms an event is found by: its name parts, its module and its argument names. */
function termsOf(name: string, args: readonly string[]): string[] {
  return [...nameParts(name).map((part) => part.text), moduleOf(name), ...args].map((term) => term.toLowerCase());
}

// What to highlight in a hit: matching again, only for the few hits shown, rather than keeping
// ranges for every event that matched.
function hit(entry: Entry, words: WordPlan[], args: string[]): SearchHit {
  const name: Range[] = [];
  const inArgs: [number, Range][] = [];
  for (const word of words) {
    const match = matchWord(entry, word);
    name.push(...(match?.name ?? []));
    inArgs.push(...(match?.args ?? []));
  }
  for (const arg of args) inArgs.push([entry.argsLower.indexOf(arg), [0, arg.length]]);
  return {
    name: entry.name,
    args: entry.args,
    nameRanges: merge(name),
    argRanges: entry.args.map((_, at) => merge(inArgs.filter(([arg]) => arg === at).map(([, range]) => range))),
  };
}

function matchWord(entry: Entry, word: WordPlan): WordMatch | undefined {
  const { text } = word;
  const span = (start: number, length: number): Range[] => [[start, start + length]];
  if (entry.lower === text) return { tier: Tier.ExactName, score: 0, name: span(0, text.length), args: [] };
  if (entry.lower.startsWith(text)) return { tier: Tier.NamePrefix, score: 0, name: span(0, text.length), args: [] };
  const exactArg = entry.argsLower.indexOf(text);
  if (exactArg !== -1) return { tier: Tier.ExactArgument, score: 0, name: [], args: [[exactArg, [0, text.length]]] };
  const exactPart = entry.parts.find((part) => part.text === text);
  if (exactPart || entry.module === text) {
    return { tier: Tier.ExactPart, score: 0, name: exactPart ? span(exactPart.start, text.length) : [], args: [] };
  }
  const partPrefix = entry.parts.find((part) => part.text.startsWith(text));
  if (partPrefix) return { tier: Tier.PartPrefix, score: 0, name: span(partPrefix.start, text.length), args: [] };
  const inName = entry.lower.indexOf(text);
  if (inName !== -1) return { tier: Tier.InName, score: 0, name: span(inName, text.length), args: [] };
  const inArg = entry.argsLower.findIndex((arg) => arg.includes(text));
  if (inArg !== -1) {
    const start = entry.argsLower[inArg]?.indexOf(text) ?? 0;
    return { tier: Tier.InArgument, score: 0, name: [], args: [[inArg, [start, start + text.length]]] };
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
  const found: WordMatch = { tier: Tier.Parts, score: 0.01 * Math.max(0, 1 - explained / entry.lower.length), name: [], args: [] };
  for (const token of tokens) {
    const best = bestTerm(entry, token);
    if (!best) return undefined;
    if (best.score > 0) found.tier = Tier.Fuzzy;
    found.score += best.score;
    if (best.arg === undefined) found.name.push(...best.ranges);
    else found.args.push(...best.ranges.map((range): [number, Range] => [best.arg ?? 0, range]));
  }
  return found;
}

interface TermMatch {
  score: number;
  arg?: number;
  ranges: Range[];
}

function bestTerm(entry: Entry, token: TokenPlan): TermMatch | undefined {
  let best: TermMatch | undefined;
  const consider = (term: string, offset: number, arg?: number) => {
    const at = term.indexOf(token.text);
    const candidate: TermMatch | undefined =
      at !== -1
        ? { score: 0, ranges: [[offset + at, offset + at + token.text.length]] }
        : fuzzyMatch(token.fuzzy.get(term), offset, token.text.length / term.length);
    if (candidate && (!best || candidate.score < best.score)) best = arg === undefined ? candidate : { ...candidate, arg };
  };
  for (const part of entry.parts) consider(part.text, part.start);
  entry.argsLower.forEach((arg, index) => consider(arg, 0, index));
  return best;
}

function fuzzyMatch(
  found: { score: number; indices: readonly RangeTuple[] } | undefined,
  offset: number,
  coverage: number,
): TermMatch | undefined {
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
