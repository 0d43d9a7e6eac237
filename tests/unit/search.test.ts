import { describe, expect, it } from 'vitest';
import { searchApis } from '../../src/lib/behaviour/calls';
import { searchSource } from '../../src/lib/views/describe';
import { buildSearchCategories, buildSearchData, EventSearch, nameParts, packApis, parseQuery, unpackApis } from '../../src/lib/search';
import { HOSTILE_QUERIES } from '../fixtures/hostile-queries';
import { RELEVANCE } from '../fixtures/relevance';
import { readBehaviour, readCatalog } from '../support/dataset';

const { events, versions } = readCatalog();
// Through JSON, as the browser gets it.
const search = new EventSearch(JSON.parse(JSON.stringify(buildSearchData(events.map(searchSource), versions))));
const names = (query: string) => search.search(query, 100).hits.map((hit) => hit.name);

describe('the relevance table', () => {
  it('has the 70 rows written for the 3.8.0 table and at least 40 more, of every kind', () => {
    expect(RELEVANCE.length).toBeGreaterThanOrEqual(110);
    expect(new Set(RELEVANCE.map((row) => row.kind)).size).toBe(17);
  });

  it.each(RELEVANCE)('$kind: "$query" finds $first first', ({ query, first, top, ordered, total }) => {
    const found = names(query);
    expect(found[0] ?? null).toBe(first);
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

  it('ranks an exact argument above a piece of an argument', () => {
    const found = names('flags');
    const withFlags = events.filter((event) => event.listing === 'documented' && event.args.includes('flags')).map((event) => event.name);
    expect(withFlags.length).toBeGreaterThan(2);
    expect(new Set(found.slice(0, withFlags.length))).toEqual(new Set(withFlags));
    // flags_and_attributes holds the word but is not it.
    expect(found.indexOf('_winapi.CreateFile')).toBeGreaterThanOrEqual(withFlags.length);
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

  it('shows the API a result was found by, with what matched marked', () => {
    const [hit] = search.search('connect_ex').hits;
    expect(hit?.name).toBe('socket.connect');
    expect(hit?.api).toEqual({ text: 'socket.socket.connect_ex()', ranges: [[14, 24]] });
    const [byName] = search.search('socket.connect').hits;
    expect(byName?.api, 'a result found by its own name names no API').toBeUndefined();
  });

  it('gives every result its versions in words, and marks those the newest stable version does not document', () => {
    const hit = (query: string) => search.search(query).hits[0];
    expect(hit('sys._getframe')).toMatchObject({ range: '3.8 and later', mark: undefined });
    // The newest stable version is the data's: 3.15 since 3.15.0 came out.
    const stable = versions.filter((version) => version.status === 'stable').at(-1)?.version;
    expect(stable).toBe('3.15');
    expect(hit('nntplib.connect')).toMatchObject({ range: '3.8 to 3.12, removed in 3.13', mark: `not in ${stable}` });
    expect(hit('winreg.DeleteTree')).toMatchObject({ range: '3.15 and later', mark: undefined });
    expect(hit('_winapi.CreateFile')).toMatchObject({ range: 'raised internally, 3.8 and later', mark: undefined });
    expect(hit('_winapi.CopyFile2')).toMatchObject({ range: 'undocumented, raised in 3.12 and later', mark: 'undocumented', argsKnown: false });
  });

  it('combines version:, arg: and module: filters with words, each narrowing the others', () => {
    const documented38 = events.filter((event) => event.appearances.some((a) => a.version === '3.8' && a.listing === 'documented'));
    expect(search.search('version:3.8', 1000).total).toBe(documented38.length);
    expect(names('version:3.9 module:marshal')).toEqual(['marshal.dumps', 'marshal.load', 'marshal.loads']);
    expect(names('version:3.9 module:marshal loads')[0]).toBe('marshal.loads');
    expect(names('version:3.12 version:3.13 telnetlib')).toEqual([]);
    expect(names('version:3.10 arg:path rmtree')).toEqual(['shutil.rmtree']);
    // In 3.10 shutil.rmtree has no dir_fd; from 3.11 it has.
    expect(names('version:3.10 arg:dir_fd rmtree')).toEqual([]);
    expect(names('version:3.11 arg:dir_fd rmtree')).toEqual(['shutil.rmtree']);
  });

  it('shows a version’s own arguments when filtered to it', () => {
    expect(search.search('version:3.11 string_at').hits[0]?.args).toEqual(['address', 'size']);
    expect(search.search('version:3.12 string_at').hits[0]?.args).toEqual(['ptr', 'size']);
  });

  it('suggests the nearest event and argument names', () => {
    expect(search.suggest('socket.conectx').events).toContain('socket.connect');
    expect(search.suggest('fullpaths').args).toContain('fullpath');
  });

  it.each(HOSTILE_QUERIES)('treats the hostile query %# as text: nothing in it but its words finds events', (query) => {
    expect(() => search.suggest(query)).not.toThrow();
    // Read as a regex or as Fuse's extended search, `.*` or `!not` would find nearly every event.
    const words = query.replace(/[^\p{L}\p{N}\s]/gu, '');
    expect(search.search(query).total).toBeLessThanOrEqual(search.search(words).total);
  });
});

describe('parseQuery', () => {
  it('reads field filters and words', () => {
    expect(parseQuery('module:Socket port  arg:self version:3.12 category:Network')).toEqual({ words: ['port'], args: ['self'], modules: ['socket'], versions: ['3.12'], categories: ['network'] });
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

describe('traced APIs in the search', () => {
  const apis = [
    { name: 'pathlib.Path.read_text', raises: ['open'] },
    { name: 'shutil.copytree', raises: ['shutil.copytree', 'os.scandir', 'os.mkdir'] },
    { name: 'urllib.request.urlopen', raises: ['urllib.Request', 'socket.connect'] },
    { name: 'os.path.join', raises: [] },
    { name: 'importlib.resources.abc.Traversable.read_text', raises: ['open'] },
    { name: 'contextlib.redirect_stdout', raises: [] },
    { name: 're.Pattern.fullmatch', raises: [] },
    { name: 'os.unlink', raises: ['os.remove'] },
  ];
  const withApis = new EventSearch(JSON.parse(JSON.stringify(buildSearchData(events.map(searchSource), versions, apis))));
  const first = (query: string) => withApis.search(query).hits[0];

  it('finds an API by its name or its last part, its page first where no event has that name', () => {
    expect(first('read_text')).toMatchObject({ kind: 'api', name: 'pathlib.Path.read_text', raises: ['open'], mark: 'API' });
    expect(first('pathlib.Path.read_text')?.name).toBe('pathlib.Path.read_text');
    expect(first('os.path.join')).toMatchObject({ kind: 'api', raises: [] });
  });

  it('puts the event first where the docs name the API or the event has its name, the API right after', () => {
    expect(first('copytree')).toMatchObject({ kind: 'event', name: 'shutil.copytree' });
    expect(withApis.search('copytree').hits.map((hit) => `${hit.kind} ${hit.name}`).slice(0, 2)).toEqual(['event shutil.copytree', 'api shutil.copytree']);
    expect(withApis.search('unlink').hits.map((hit) => `${hit.kind} ${hit.name}`).slice(0, 2)).toEqual(['event os.remove', 'api os.unlink']);
    const urlopen = withApis.search('urlopen').hits.map((hit) => hit.name);
    expect(urlopen.slice(0, 2).sort()).toEqual(['urllib.Request', 'urllib.request.urlopen']);
  });

  it('puts the shorter of two APIs that match alike first, and finds an API by a typo of its name or one segment only', () => {
    expect(withApis.search('read_text').hits.map((hit) => hit.name).slice(0, 2)).toEqual(['pathlib.Path.read_text', 'importlib.resources.abc.Traversable.read_text']);
    expect(withApis.search('read_text').hits.map((hit) => hit.name)).not.toContain('contextlib.redirect_stdout');
    expect(withApis.search('fullpath').hits.map((hit) => hit.name)).not.toContain('re.Pattern.fullmatch');
    expect(withApis.search('urlopn').hits.map((hit) => hit.name)).toContain('urllib.request.urlopen');
    expect(withApis.search('shutil.copytre').hits.map((hit) => hit.name)).toContain('shutil.copytree');
  });

  it('carries the APIs packed by module, and unpacks every name and its events as the build gave them', () => {
    const packed: [string, number[]][] = [['open', [3]], ['print', []], ['os.path.exists', [1, 12]], ['os.path.join', []], ['pathlib.Path.read_text', [3]], ['os.listdir', [4]]];
    expect(packApis(packed)).toBe(' open=3 print\nos.path exists=1.12 join\npathlib.Path read_text=3\nos listdir=4');
    expect(unpackApis(packApis(packed))).toEqual(packed);
    expect(unpackApis('')).toEqual([]);
  });

  it('leaves APIs out of filtered searches, which are about events', () => {
    expect(withApis.search('module:shutil', 100).hits.every((hit) => hit.kind === 'event')).toBe(true);
    expect(withApis.search('version:3.12 copytree').hits.map((hit) => hit.name)).toEqual(['shutil.copytree']);
  });

  it('finds no more events for any row of the relevance table than without APIs', () => {
    for (const row of RELEVANCE) {
      const events = withApis.search(row.query, 1000).hits.filter((hit) => hit.kind === 'event').map((hit) => hit.name);
      expect(events, row.query).toEqual(names(row.query).slice(0, events.length));
    }
  });
});

describe('API queries on the real data, the traced APIs after the events', () => {
  const catalog = readCatalog();
  const real = new EventSearch(JSON.parse(JSON.stringify(buildSearchData(catalog.events.map(searchSource), catalog.versions, searchApis(readBehaviour(catalog))))));
  const top = (query: string, count: number) => real.search(query).hits.slice(0, count).map((hit) => `${hit.kind} ${hit.name}`);

  // What a hook author typing the query means, written by hand: the API's page, or the event
  // whose name or docs give it, with the API right after.
  it.each([
    ['read_text', ['api pathlib.Path.read_text']],
    ['Path.read_text', ['api pathlib.Path.read_text']],
    ['shutil.copy', ['api shutil.copy']],
    ['import_module', ['api importlib.import_module']],
    ['copytree', ['event shutil.copytree', 'api shutil.copytree']],
    ['getaddrinfo', ['event socket.getaddrinfo', 'api socket.getaddrinfo']],
    ['unlink', ['event os.remove', 'api os.unlink']],
    ['urlopen', ['event urllib.Request', 'api urllib.request.urlopen']],
    ['urlopn', ['event urllib.Request', 'api urllib.request.urlopen']],
  ])('"%s" finds %j first', (query, expected) => {
    expect(top(query, expected.length)).toEqual(expected);
  });

  it('shows what an API raises, and says so when it raises nothing', () => {
    expect(real.search('os.environ.get').hits[0]).toMatchObject({ kind: 'api', name: 'os.environ.get', raises: [] });
    expect(real.search('read_text').hits[0]).toMatchObject({ raises: ['open'] });
  });
});

describe('category: filters', () => {
  const categories = [
    { name: 'network', events: ['socket.connect', 'socket.bind', 'urllib.Request'] },
    { name: 'filesystem', events: ['open', 'os.remove', 'shutil.copytree'] },
  ];
  const withCategories = new EventSearch(JSON.parse(JSON.stringify(buildSearchData(events.map(searchSource), versions, [{ name: 'socket.create_connection', raises: ['socket.connect'] }]))));
  // Until the categories arrive (they load apart, on the first category: filter), the filter keeps nothing.
  const before = withCategories.search('category:network').total;
  withCategories.addCategories(JSON.parse(JSON.stringify(buildSearchCategories(events, categories))));
  const found = (query: string) => withCategories.search(query, 1000).hits.map((hit) => hit.name).sort();

  it('keeps only the category’s events, by its name, a prefix of it or a near spelling', () => {
    expect(found('category:network')).toEqual(['socket.bind', 'socket.connect', 'urllib.Request']);
    expect(found('category:net')).toEqual(found('category:network'));
    expect(found('category:netwrk')).toEqual(found('category:network'));
  });

  it('knows a query that needs the categories, and finds nothing by category before they load', () => {
    expect(before).toBe(0);
    expect(EventSearch.wantsCategories('connect category:network')).toBe(true);
    expect(EventSearch.wantsCategories('connect module:socket')).toBe(false);
  });

  it('combines with words and other filters, and a category the data lacks keeps nothing', () => {
    expect(found('category:network connect')).toEqual(['socket.connect']);
    expect(found('category:filesystem module:os')).toEqual(['os.remove']);
    expect(found('category:nothing-like-this')).toEqual([]);
  });
});
