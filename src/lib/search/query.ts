import type { ParsedQuery } from './types';

/** Queries longer than this are searched by their first this-many characters. */
export const MAX_QUERY_LENGTH = 256;

/** Reads a query: `arg:NAME`, `module:NAME`, `version:3.12` and `category:NAME` are filters, every other word must match. */
export function parseQuery(query: string): ParsedQuery {
  const parsed: ParsedQuery = { words: [], args: [], modules: [], versions: [], categories: [] };
  const seen = new Set<string>();
  for (const word of query.slice(0, MAX_QUERY_LENGTH).split(/\s+/)) {
    const lower = word.toLowerCase();
    const filter = /^(arg|module|version|category):(.+)$/.exec(lower);
    if (filter?.[1] === 'arg') parsed.args.push(filter[2] ?? '');
    else if (filter?.[1] === 'module') parsed.modules.push(filter[2] ?? '');
    else if (filter?.[1] === 'version') parsed.versions.push(filter[2] ?? '');
    else if (filter?.[1] === 'category') parsed.categories.push(filter[2] ?? '');
    else if (lower !== '' && !seen.has(lower)) parsed.words.push(word);
    seen.add(lower);
  }
  return parsed;
}
