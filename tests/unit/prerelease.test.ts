import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventStatus, searchSource } from '../../src/lib/views/describe';
import { addRelease, releaseFacts } from '../../src/lib/import/history';
import { buildSearchData, EventSearch } from '../../src/lib/search';
import { parseHistoryFile, parseVersionFile, type VersionFile } from '../../src/lib/versions/schema';
import { docsListing, rangeInWords } from '../../src/lib/versions/events';
import { DATA, readCatalog } from '../support/dataset';
import { astroBuild } from '../support/astro-build';

// Two data sets the site must serve: today's, where no version is a pre-release (3.15 is final),
// and a future one that adds 3.16 as a pre-release. The second is made from the first as a
// release would be: 3.15's table with one event more and one less, and the history extended by
// the importer's own function.
const scratch = mkdtempSync(join(tmpdir(), 'audit-events-prerelease-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const NEW_EVENT = 'sys.fixture_new_in_316';
const CATEGORIES = join(scratch, 'categories.json');
const DROPPED = 'winreg.DeleteTree';

function futureData(): string {
  const directory = join(scratch, 'versions');
  cpSync(DATA.versions, directory, { recursive: true });
  const base = parseVersionFile(readFileSync(join(DATA.versions, '3.15.json'), 'utf8'), '3.15.json');
  const file: VersionFile = {
    ...base,
    version: '3.16',
    release: '3.16.0a1',
    status: 'pre-release',
    docs_base_url: 'https://docs.python.org/3.16/',
    docs_source: 'a test: 3.15.2\u2019s table with one event more and one less',
    events: [
      ...base.events.filter((event) => event.name !== DROPPED),
      { name: NEW_EVENT, args: ['value'], references: [{ page: 'library/sys.html', anchor: 'sys.fixture', api: 'sys.fixture()' }] },
    ].sort((a, b) => (a.name < b.name ? -1 : 1)),
  };
  const text = `${JSON.stringify(file, null, 2)}\n`;
  writeFileSync(join(directory, '3.16.json'), text);
  const history = parseHistoryFile(readFileSync(join(directory, 'history.json'), 'utf8'), 'history.json');
  writeFileSync(join(directory, 'history.json'), addRelease(history, releaseFacts(parseVersionFile(text, '3.16.json'), 'a test', { docsOnly: true })).text);
  // The new event joins the categories of sys.remote_exec, as a release's would.
  const categories = JSON.parse(readFileSync('content/categories.json', 'utf8')) as { categories: { events: string[] }[] };
  for (const category of categories.categories) if (category.events.includes('sys.remote_exec')) category.events.push(NEW_EVENT);
  writeFileSync(CATEGORIES, JSON.stringify(categories));
  return directory;
}

const future = futureData();
const today = readCatalog();
const tomorrow = readCatalog({ ...DATA, versions: future });
const find = (catalog: typeof today, name: string) => {
  const found = catalog.events.find((event) => event.name === name);
  if (!found) throw new Error(`no event ${name}`);
  return found;
};
const marks = (catalog: typeof today) => new EventSearch(JSON.parse(JSON.stringify(buildSearchData(catalog.events.map(searchSource), catalog.versions))));

describe('no version is a pre-release (the data of today)', () => {
  it('calls every version stable, and the newest of them 3.15', () => {
    expect(today.versions.map((version) => version.status)).toEqual(Array(8).fill('stable'));
    expect(today.newestStable?.version).toBe('3.15');
  });

  it('says "and later" and "only" with no pre-release in the words', () => {
    expect(eventStatus(find(today, 'os._clearenv'), today.versions).range).toBe('3.15 and later');
    expect(rangeInWords(['3.15'], today.versions, { removal: false })).toBe('3.15 and later');
    expect(rangeInWords(['3.14'], today.versions)).toBe('3.14 only, removed in 3.15');
    expect(today.events.map((event) => eventStatus(event, today.versions).range).filter((range) => range.includes('pre-release'))).toEqual([]);
  });

  it('links the newest version’s docs, and search marks what it lacks', () => {
    expect(docsListing(find(today, 'open'), today.versions)?.version).toBe('3.15');
    expect(marks(today).search('nntplib.connect').hits[0]?.mark).toBe('not in 3.15');
    expect(marks(today).search('os._clearenv').hits[0]?.mark).toBeUndefined();
  });
});

describe('a future data set adds 3.16 as a pre-release', () => {
  it('reads the new version as a pre-release after eight stable ones', () => {
    expect(tomorrow.versions.map((version) => `${version.version} ${version.status}`).slice(-2)).toEqual(['3.15 stable', '3.16 pre-release']);
    expect(tomorrow.newestStable?.version).toBe('3.15');
  });

  it('says what only the pre-release lists, what it drops, and what goes on', () => {
    expect(eventStatus(find(tomorrow, NEW_EVENT), tomorrow.versions)).toEqual({ standing: 'current', range: '3.16 pre-release only', removedIn: undefined });
    expect(eventStatus(find(tomorrow, DROPPED), tomorrow.versions)).toEqual({ standing: 'removed', range: '3.15 only, removed in 3.16 (pre-release)', removedIn: '3.16' });
    expect(eventStatus(find(tomorrow, 'open'), tomorrow.versions).range).toBe('3.8 and later');
  });

  it('links the newest stable docs where they list the event, the pre-release’s only where nothing else does', () => {
    expect(docsListing(find(tomorrow, 'open'), tomorrow.versions)?.version).toBe('3.15');
    expect(docsListing(find(tomorrow, NEW_EVENT), tomorrow.versions)?.version).toBe('3.16');
  });

  it('marks in search what the newest stable version lacks', () => {
    expect(marks(tomorrow).search(NEW_EVENT).hits[0]).toMatchObject({ range: '3.16 pre-release only', mark: 'not in 3.15' });
  });

  it('builds: the picker, the version page and the event pages say pre-release where it is one, and only there', () => {
    const out = join(scratch, 'dist');
    const result = astroBuild({ AUDIT_VERSIONS_DIR: future, AUDIT_CATEGORIES_FILE: CATEGORIES, OUT_DIR: out });
    expect(result.status, result.stderr).toBe(0);
    const page = (path: string) => readFileSync(join(out, path, 'index.html'), 'utf8');
    const text = (html: string) => html.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    const picker = text(/<nav aria-labelledby="version-choice-title"[\s\S]*?<\/nav>/.exec(page(''))?.[0] ?? '');
    expect(picker.match(/pre-release/g), 'one badge, on 3.16').toHaveLength(1);
    expect(picker).toMatch(/3\.16\s*:\s*\d+\s*pre-release/);
    const heading = (html: string) => text(/<h1[\s\S]*?<\/h1>/.exec(html)?.[0] ?? '').trim();
    expect(heading(page('versions/3.16'))).toBe('Audit events of CPython 3.16 (pre-release)');
    expect(text(page('versions/3.16'))).toContain('as of 3.16.0a1, a pre-release: the table may still change');
    expect(heading(page('versions/3.15'))).toBe('Audit events of CPython 3.15');
    expect(text(page('versions/3.15'))).not.toContain('the table may still change');
    const added = text(page(`events/${NEW_EVENT}`));
    expect(added).toContain('Documented in 3.16 pre-release only.');
    expect(added).toContain('Pre-release only so far: only the 3.16 pre-release (3.16.0a1) documents it');
    const open = page('events/open');
    expect(open).toContain('href="https://docs.python.org/3.15/builtins/functions.html#open"');
    expect(text(open)).not.toContain('Pre-release only');
  });
});
