import type { RangeTuple } from 'fuse.js/basic';
import type { NamePart, Range, SearchListing } from './types';

/** An event as the engine holds it, with everything a keystroke compares, made once. */
export interface Entry {
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
export const Tier = {
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
export type Tier = (typeof Tier)[keyof typeof Tier];

export interface WordMatch {
  tier: Tier;
  score: number;
  /** Among equal matches, how little of the name the word leaves unexplained: a last tie-break. */
  prefer?: number;
  name: Range[];
  args: [arg: number, range: Range][];
  api: [api: number, range: Range][];
}

export interface TokenPlan {
  text: string;
  // The vocabulary terms this token matches fuzzily, with Fuse's score and matched characters.
  fuzzy: Map<string, { score: number; indices: readonly RangeTuple[] }>;
}

export interface WordPlan {
  text: string;
  tokens: TokenPlan[];
}

// An event as one version's docs have it: the arguments of that version where they changed.
export function inVersion(entry: Entry, bit: number): Entry {
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
export function locate(entry: Entry, text: string): Located | undefined {
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

export function matchWord(entry: Entry, word: WordPlan): WordMatch | undefined {
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
export function bestRanks<T extends { rank: number }>(matched: T[], limit: number): T[] {
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
export function matchTokens(entry: Entry, tokens: TokenPlan[]): WordMatch | undefined {
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

export function merge(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((a, b) => a[0] - b[0]);
  const merged: Range[] = [];
  for (const range of sorted) {
    const last = merged.at(-1);
    if (last && range[0] <= last[1]) last[1] = Math.max(last[1], range[1]);
    else merged.push([...range]);
  }
  return merged;
}

