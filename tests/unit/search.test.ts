import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuditTable } from '../../src/lib/parse-table';
import { buildSearchData, EventSearch, nameParts, parseQuery } from '../../src/lib/search';
import { RELEVANCE } from '../fixtures/relevance';

const events = parseAuditTable(readFileSync('content/audit-events.txt', 'utf8'));
// Through JSON, as the browser gets it.
const search = new EventSearch(JSON.parse(JSON.stringify(buildSearchData(events))));
const names = (query: string) => search.search(query, 100).hits.map((hit) => hit.name);

describe('the relevance table', () => {
  it('has at least 40 queries of every kind', () => {
    expect(RELEVANCE.length).toBeGreaterThanOrEqual(40);
    expect(new Set(RELEVANCE.map((row) => row.kind)).size).toBe(10);
  });

  it.each(RELEVANCE)('$kind: "$query" finds $first first', ({ query, first, top, ordered, total }) => {
    const found = names(query);
    expect(found[0]).toBe(first);
    if (top) {
      const head = found.slice(0, top.length);
      if (ordered) expect(head).toEqual(top);
      else expect(new Set(head)).toEqual(new Set(top));
    }
    if (total !== undefined) expect(search.search(query).total).toBe(total);
  });
});

describe('EventSearch', () => {
  it('needs every word of a query to match', () => {
    expect(names('socket zzzz')).toEqual([]);
    expect(names('tempfile fullpath')).toHaveLength(2);
  });

  it('ranks an exact argument above a fuzzy match on a name', () => {
    const found = names('flags');
    expect(new Set(found.slice(0, 2))).toEqual(new Set(['code.__new__', 'open']));
  });

  it('highlights the characters that matched, in the name and in the arguments', () => {
    const [hit] = search.search('sokcet.conect').hits;
    expect(hit?.nameRanges.length).toBeGreaterThan(0);
    const [pathHit] = search.search('fullpath').hits;
    expect(pathHit?.argRanges).toEqual([[[0, 8]]]);
    const [prefix] = search.search('socket.con').hits;
    expect(prefix?.nameRanges).toEqual([[0, 10]]);
    const [words] = search.search('interpreter clear').hits;
    expect(words?.nameRanges).toEqual([
      [10, 21],
      [27, 32],
    ]);
  });

  it('returns at most `limit` hits but counts them all', () => {
    const results = search.search('s', 5);
    expect(results.hits).toHaveLength(5);
    expect(results.total).toBeGreaterThan(5);
  });

  it('finds nothing for an empty query or one of only spaces', () => {
    expect(search.search('').total).toBe(0);
    expect(search.search('   ').total).toBe(0);
  });

  it('suggests the nearest event and argument names', () => {
    expect(search.suggest('socket.conectx').events).toContain('socket.connect');
    expect(search.suggest('fullpaths').args).toContain('fullpath');
  });

  it.each([
    '<img src=x onerror=alert(1)>',
    '"\'`',
    '%00',
    '.*+?^${}()|[]\\',
    "'exact ^prefix !not suffix$ =equal",
    '😀🐍 socket',
    'مرحبا עברית',
    'x'.repeat(10_000),
    'a '.repeat(5_000),
    'arg: module: arg:: :',
  ])('treats the hostile query %# as text and answers quickly', (query) => {
    const started = performance.now();
    expect(() => search.search(query)).not.toThrow();
    expect(() => search.suggest(query)).not.toThrow();
    // A generous bound: the point is that nothing hangs, not a benchmark.
    expect(performance.now() - started).toBeLessThan(1000);
  });
});

describe('parseQuery', () => {
  it('reads field filters and words', () => {
    expect(parseQuery('module:Socket port  arg:self')).toEqual({ words: ['port'], args: ['self'], modules: ['socket'] });
  });

  it('drops repeated words whatever their case', () => {
    expect(parseQuery('open OPEN Open').words).toEqual(['open']);
  });
});

describe('nameParts', () => {
  it('splits at dots, underscores, slashes and case changes', () => {
    expect(nameParts('cpython.PyInterpreterState_Clear').map((part) => part.text)).toEqual([
      'cpython',
      'Py',
      'Interpreter',
      'State',
      'Clear',
    ]);
    expect(nameParts('builtins.input/result').map((part) => part.text)).toEqual(['builtins', 'input', 'result']);
    expect(nameParts('HTTPServer').map((part) => part.text)).toEqual(['HTTP', 'Server']);
  });

  it('gives where each part starts in the name', () => {
    expect(nameParts('sys.set_asyncgen_hooks_finalizer').map((part) => part.start)).toEqual([0, 4, 8, 17, 23]);
  });
});
