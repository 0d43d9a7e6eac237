/**
 * Measures the search's settings against the relevance table: for each Fuse threshold and
 * minimum fuzzy word length, how many rows rank right, how many events typo queries drag in,
 * and how many events words that name nothing still find. `npm run bench:tune`
 */
import { searchSource } from '../src/lib/views/describe';
import { buildSearchData, EventSearch, TUNING } from '../src/lib/search';
import { RELEVANCE, type Relevance } from '../tests/fixtures/relevance';
import { readCatalog } from '../tests/support/dataset';

const NOTHING = ['zzzz', 'qwerty', 'xyzzy', 'lorem', 'ipsum', 'banana', 'kernel', 'mouse', 'wifi', 'gpu'];

const { events, versions } = readCatalog();
const data = buildSearchData(events.map(searchSource), versions);

function passes(search: EventSearch, row: Relevance): boolean {
  const found = search.search(row.query, 100);
  const names = found.hits.map((hit) => hit.name);
  if ((names[0] ?? null) !== row.first) return false;
  if (row.total !== undefined && found.total !== row.total) return false;
  if (!row.top) return true;
  const head = names.slice(0, row.top.length);
  return row.ordered ? head.join() === row.top.join() : new Set(head).size === row.top.length && row.top.every((name) => head.includes(name));
}

const rows: string[][] = [];
for (const minFuzzyLength of [3, 4, 5]) {
  for (const threshold of [0.2, 0.25, 0.3, 0.34, 0.4, 0.45, 0.5]) {
    const search = new EventSearch(data, { threshold, minFuzzyLength });
    const failed = RELEVANCE.filter((row) => !passes(search, row)).map((row) => row.query);
    const typos = RELEVANCE.filter((row) => row.kind.includes('typo'));
    const dragged = typos.reduce((sum, row) => sum + search.search(row.query).total, 0) / typos.length;
    const strays = NOTHING.reduce((sum, word) => sum + search.search(word).total, 0);
    const chosen = threshold === TUNING.threshold && minFuzzyLength === TUNING.minFuzzyLength ? ' ←' : '';
    rows.push([
      String(threshold),
      String(minFuzzyLength),
      `${RELEVANCE.length - failed.length}/${RELEVANCE.length}`,
      dragged.toFixed(1),
      String(strays),
      failed.join(', ').slice(0, 70) + chosen,
    ]);
  }
}
const header = ['threshold', 'min fuzzy', 'right', 'events per typo query', 'strays', 'wrong'];
console.log(`| ${header.join(' | ')} |\n|${header.map(() => ' --- ').join('|')}|`);
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
