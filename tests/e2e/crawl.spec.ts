import { expect, test, type Page } from '@playwright/test';
import { apiPath, argumentPath, categoryPath, eventPath, modulePath, sitesPath, startupPath, versionCategoryPath, versionPath } from '../../src/lib/names/naming';
import { raiseSites } from '../../src/lib/versions/events';
import { PAGE_TYPES } from './pages';
import { expectStrictPolicy, violations, watchViolations } from './policy';
import { behaviour, catalog, categories } from './table';

// The events whose raise sites in each release have a page: those raised in more than one release scanned.
const withEarlierSites = catalog.events.filter((event) => raiseSites(event, catalog.versions).releases.length > 1);

/** What the crawl reads of a page, as the browser parses it. */
interface Read {
  url: string;
  status: number;
  type: string;
  title: string;
  description: string;
  lang: string;
  canonical: string | null;
  links: string[];
  assets: string[];
}

/**
 * Fetches pages from inside the browser and reads them with its own HTML parser: every link,
 * stylesheet and script, resolved against the page's address. Without rendering, so that the
 * crawl of every page stays fast however many there are; a hundred at a time, since Chromium
 * fails fetches ("Failed to fetch") when a page starts too many at once (a level of 1,400 did).
 */
async function readPages(page: Page, urls: string[]): Promise<Read[]> {
  const read: Read[] = [];
  for (let at = 0; at < urls.length; at += 100) read.push(...(await readBatch(page, urls.slice(at, at + 100))));
  return read;
}

function readBatch(page: Page, urls: string[]): Promise<Read[]> {
  return page.evaluate(async (list) => {
    const parser = new DOMParser();
    return Promise.all(
      list.map(async (url) => {
        const response = await fetch(url);
        const type = response.headers.get('content-type') ?? '';
        const read = { url, status: response.status, type, title: '', description: '', lang: '', canonical: null as string | null, links: [] as string[], assets: [] as string[] };
        if (!type.includes('text/html')) return read;
        const doc = parser.parseFromString(await response.text(), 'text/html');
        const resolve = (value: string | null) => new URL(value ?? '', url).href;
        return {
          ...read,
          title: doc.title,
          description: doc.querySelector('meta[name=description]')?.getAttribute('content') ?? '',
          lang: doc.documentElement.lang,
          canonical: doc.querySelector('link[rel=canonical]')?.getAttribute('href') ?? null,
          links: [...doc.querySelectorAll('a[href]')].map((a) => resolve(a.getAttribute('href'))),
          assets: [
            ...[...doc.querySelectorAll('script[src]')].map((node) => resolve(node.getAttribute('src'))),
            ...[...doc.querySelectorAll('link[rel=stylesheet], link[rel=modulepreload], link[rel=icon]')].map((node) => resolve(node.getAttribute('href'))),
            // The playground's worker and the runtime it loads, which no tag names.
            ...[...doc.querySelectorAll<HTMLElement>('[data-worker][data-pyodide]')].flatMap((node) => [
              resolve(node.dataset['worker'] ?? ''),
              ...['pyodide.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip'].map((file) => new URL(file, resolve(node.dataset['pyodide'] ?? '')).href),
            ]),
          ],
        };
      }),
    );
  }, urls);
}

test('a crawl from the home page reaches every page: each answers 200, has its own title and description, and loads every asset it names', async ({
  page,
  baseURL,
}) => {
  const start = new URL(baseURL ?? '');
  // The base-path build also sets SITE_URL (see playwright.config.ts); the root build does not.
  const site = test.info().project.metadata['siteUrl'] as string | undefined;
  await page.goto(start.href);
  const problems: string[] = [];
  const seen = new Set([start.href]);
  const titles = new Map<string, string>();
  const descriptions = new Map<string, string>();
  const assets = new Map<string, string>();
  let level = [start.href];
  while (level.length > 0) {
    const next: string[] = [];
    for (const read of await readPages(page, level)) {
      if (read.status !== 200) problems.push(`${read.url}: status ${read.status}`);
      if (!read.type.includes('text/html')) continue;
      const { url } = read;
      if (titles.has(read.title)) problems.push(`${url} repeats the title "${read.title}" of ${titles.get(read.title)}`);
      if (descriptions.has(read.description)) problems.push(`${url} repeats the description of ${descriptions.get(read.description)}`);
      if (read.description.length <= 40) problems.push(`${url} has a description of ${read.description.length} characters`);
      if (read.lang !== 'en') problems.push(`${url} has lang="${read.lang}"`);
      const canonical = site ? new URL(new URL(url).pathname, site).href : null;
      if (read.canonical !== canonical) problems.push(`${url} has the canonical link ${read.canonical}, not ${canonical}`);
      titles.set(read.title, url);
      descriptions.set(read.description, url);
      for (const asset of read.assets) assets.set(asset, url);
      for (const href of read.links) {
        // A query only fills a page in (the playground's ?code=): it is the same page.
        const target = new URL(href);
        target.hash = '';
        target.search = '';
        if (target.origin !== start.origin) continue;
        if (!target.pathname.startsWith(start.pathname)) problems.push(`${url} links to ${href}, outside the base path`);
        if (!seen.has(target.href)) {
          seen.add(target.href);
          next.push(target.href);
        }
      }
    }
    level = next;
  }
  for (const [asset, from] of assets) {
    const response = await page.request.get(asset);
    if (response.status() !== 200) problems.push(`${from} names ${asset}, which answers ${response.status()}`);
  }
  expect(problems, 'broken links, pages and assets').toEqual([]);

  const expected = [
    '',
    'about/',
    'arguments/',
    'modules/',
    'versions/',
    'undocumented/',
    'try/',
    'apis/',
    'behaviour/',
    'categories/',
    'hooks/',
    'hooks/limits/',
    'startup/',
    'events.json',
    'calls.json',
    ...catalog.versions.flatMap((version) => [versionPath(version.version), `versions/${version.version}.json`]),
    // What a hook sees as each version starts: every stable version is measured.
    ...catalog.versions.filter((version) => version.status === 'stable').map((version) => startupPath(version.version)),
    ...catalog.events.map((event) => eventPath(event.name)),
    ...withEarlierSites.map((event) => sitesPath(event.name)),
    ...catalog.arguments.map((arg) => argumentPath(arg.name)),
    ...catalog.modules.map((module) => modulePath(module.name)),
    ...behaviour.apis.map((api) => apiPath(api.name)),
    ...categories.categories.flatMap((category) => [categoryPath(category.name), ...catalog.versions.map((version) => versionCategoryPath(version.version, category.name))]),
    // The builder's ready hooks, one that logs and one that denies per category.
    ...categories.categories.flatMap((category) => [`hooks/${category.name}-log.py`, `hooks/${category.name}-deny.py`]),
  ].map((path) => new URL(path, start).href);
  expect(expected.filter((url) => !seen.has(url)), 'pages the crawl never reached').toEqual([]);
  // 190 documented events, 9 only raised internally, 11 undocumented; 8 versions.
  expect(catalog.events).toHaveLength(190 + 9 + 11);
  // Every event raised in more than one scanned release has its sites by release: most of them.
  expect(withEarlierSites.length).toBeGreaterThan(150);
  expect(expected).toHaveLength(15 + 8 * 3 + 210 + withEarlierSites.length + catalog.arguments.length + catalog.modules.length + behaviour.apis.length + categories.categories.length * 11);
});

// One page of each kind, and the pages only one of a kind has, loaded for real: its scripts run
// under its own policy, and nothing may violate it or log an error.
const KINDS = [...PAGE_TYPES.map(([, path]) => path), 'try/'];
// Under the base path the pages are the same but for their links: one of each script's pages.
const BASE_KINDS = ['', 'events/socket.connect/', 'apis/shutil.copy/', 'try/', 'hooks/'];

test('one page of every kind loads under a strict policy with its scripts, violates none and logs no error, and search runs on it', async ({ page, baseURL }) => {
  await watchViolations(page);
  const problems: string[] = [];
  let current = '';
  page.on('console', (message) => {
    // A 404 page's own status is the one error a browser logs for it, and it is meant.
    if (message.type() === 'error' && !(message.text().includes('404') && message.location().url === current)) problems.push(`${current}: console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${current}: uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400 && response.url() !== current) problems.push(`${current}: ${response.status()} for ${response.url()}`);
  });
  for (const path of test.info().project.name === 'base-path' ? BASE_KINDS : KINDS) {
    current = new URL(path, baseURL).href;
    await page.goto(current);
    await expectStrictPolicy(page, { playground: path === 'try/' });
    await page.keyboard.press('/');
    await page.keyboard.type('sokcet');
    await expect(page.locator('#search-results').getByRole('option').first()).toContainText('socket');
    await expect(page.locator('#search-results a').first()).toHaveAttribute('href', new RegExp(`^${new URL(baseURL ?? '').pathname}events/`));
    expect(await violations(page), current).toEqual([]);
  }
  expect(problems, 'failed requests and console errors').toEqual([]);
});

test('the 404 page answers an unknown address and suggests the event a typo meant', async ({ page, baseURL }) => {
  const response = await page.goto(new URL('events/sokcet.conect/', baseURL).href);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole('heading', { level: 1, name: 'Page not found' })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Did you mean' })).toBeVisible();
  const suggestion = page.getByRole('link', { name: 'socket.connect', exact: true });
  await expect(suggestion).toHaveAttribute('href', new URL(eventPath('socket.connect'), baseURL).pathname);
  await suggestion.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('socket.connect');
});
