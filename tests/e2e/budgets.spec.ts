import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';
import { expect, test } from '@playwright/test';
import { apiPath, eventPath } from '../../src/lib/names/naming';
import { behaviour, catalog } from './table';

// Byte sizes of the built site (`dist/`, built at the root by playwright.config.ts), gzip -9.
const DIST = 'dist';
const gzipped = (file: string) => gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;

/** The files a page loads before anyone touches it: its HTML, stylesheets, scripts and their static imports. */
function atLoad(page: string): string[] {
  const html = readFileSync(join(DIST, page), 'utf8');
  const files = new Set([page]);
  const assets = [
    ...html.matchAll(/<link[^>]+rel="(?:stylesheet|modulepreload)"[^>]*href="([^"]+)"/g),
    ...html.matchAll(/<script[^>]+src="([^"]+)"/g),
  ].map((match) => match[1] ?? '');
  const queue = assets.map((href) => href.replace(/^\//, ''));
  while (queue.length > 0) {
    const file = queue.shift() ?? '';
    if (files.has(file)) continue;
    files.add(file);
    if (!file.endsWith('.js')) continue;
    // Static imports load with the module; `import(…)` waits until the code asks for it.
    const code = readFileSync(join(DIST, file), 'utf8');
    for (const match of code.matchAll(/(?:import|export)\s*(?:[\w$*{},\s]*?\s*from\s*)?["']([^"']+\.js)["']/g)) {
      queue.push(posix.join(posix.dirname(file), match[1] ?? ''));
    }
  }
  return [...files];
}

const weight = (files: string[]) => files.reduce((sum, file) => sum + gzipped(file), 0);

test('the index weighs at most 24 KB at load (HTML, CSS and JS, gzip -9) with every event of every version', () => {
  const files = atLoad('index.html');
  expect(files.some((file) => file.endsWith('.css')), 'its stylesheet is counted').toBe(true);
  expect(files.some((file) => file.endsWith('.js')), 'its scripts are counted').toBe(true);
  expect(weight(files), files.join(', ')).toBeLessThanOrEqual(24_000);
});

// The raise sites of every release have a page of their own, which keeps the event pages within
// 14 KB now that they show what the traced calls raise ("Raised when you call").
test('every event page weighs at most 14 KB at load', () => {
  const heaviest = catalog.events
    .map((event) => {
      const files = atLoad(`${eventPath(event.name)}index.html`);
      return { name: event.name, bytes: weight(files) };
    })
    .sort((a, b) => b.bytes - a.bytes)[0];
  expect(heaviest?.bytes, `the heaviest, ${heaviest?.name}`).toBeLessThanOrEqual(14_000);
});

test('every API page weighs at most 14 KB at load', () => {
  const heaviest = behaviour.apis
    .map((api) => ({ name: api.name, bytes: weight(atLoad(`${apiPath(api.name)}index.html`)) }))
    .sort((a, b) => b.bytes - a.bytes)[0];
  expect(heaviest?.bytes, `the heaviest, ${heaviest?.name}`).toBeLessThanOrEqual(14_000);
});

// The list of every traced API, each with what it raises, is the one page over the index's budget.
test('the API index weighs at most 32 KB at load', () => {
  expect(weight(atLoad('apis/index.html'))).toBeLessThanOrEqual(32_000);
});

test('every other page keeps within the index’s budget at load', () => {
  const pages = ['versions/index.html', ...catalog.versions.map((version) => `versions/${version.version}/index.html`), 'undocumented/index.html', 'arguments/index.html', 'modules/index.html', 'behaviour/index.html', 'sites/open/index.html'];
  const heaviest = pages.map((page) => ({ page, bytes: weight(atLoad(page)) })).sort((a, b) => b.bytes - a.bytes)[0];
  expect(heaviest?.bytes, `the heaviest, ${heaviest?.page}`).toBeLessThanOrEqual(24_000);
});

test('the search code and data loaded on first use, traced APIs included, weigh at most 24 KB', async ({ page }) => {
  const loaded: string[] = [];
  await page.goto('./');
  await page.waitForLoadState('networkidle');
  page.on('request', (request) => loaded.push(new URL(request.url()).pathname.replace(/^\//, '')));
  await page.keyboard.press('/');
  await page.keyboard.type('socket');
  await expect(page.locator('#search-results').getByRole('option')).not.toHaveCount(0);
  const files = [...new Set(loaded)].filter((file) => /\.(js|json)$/.test(file));
  expect(files.some((file) => file.startsWith('search.json')), 'the data is counted').toBe(true);
  expect(files.filter((file) => file.endsWith('.js')).length, 'the code is counted').toBeGreaterThan(0);
  expect(weight(files), files.join(', ')).toBeLessThanOrEqual(24_000);
});

test('the site uses no web fonts and no image over 10 KB', () => {
  const all = (dir: string): string[] =>
    readdirSync(join(DIST, dir)).flatMap((name) => {
      const path = posix.join(dir, name);
      return statSync(join(DIST, path)).isDirectory() ? all(path) : [path];
    });
  const files = all('');
  expect(files.filter((file) => /\.(woff2?|ttf|otf|eot)$/i.test(file)), 'font files').toEqual([]);
  const css = files.filter((file) => file.endsWith('.css')).map((file) => readFileSync(join(DIST, file), 'utf8'));
  expect(css.length).toBeGreaterThan(0);
  expect(css.filter((text) => text.includes('@font-face')), 'stylesheets declaring fonts').toEqual([]);
  const images = files.filter((file) => /\.(svg|png|jpe?g|gif|webp|avif|ico)$/i.test(file));
  expect(images.length).toBeGreaterThan(0);
  for (const image of images) expect(statSync(join(DIST, image)).size, image).toBeLessThanOrEqual(10_000);
});

test('the editor and Python load on the playground’s page only, and it weighs at most 150 KB before Python loads', () => {
  const playground = atLoad('try/index.html');
  const others = ['index.html', `${eventPath('open')}index.html`, 'versions/index.html', 'about/index.html', '404.html'];
  const shared = new Set(others.flatMap((page) => atLoad(page)));
  const own = playground.filter((file) => !shared.has(file) && file.endsWith('.js'));
  // CodeMirror and the playground's code: on no other page.
  expect(own.length, 'the playground’s own scripts').toBeGreaterThan(0);
  expect(own.some((file) => readFileSync(join(DIST, file), 'utf8').includes('cm-content'))).toBe(true);
  for (const page of others) expect(readFileSync(join(DIST, page), 'utf8'), page).not.toContain('pyodide');
  expect(weight(playground), playground.join(', ')).toBeLessThanOrEqual(150_000);
});

test('the hook builder weighs at most 40 KB before any choice, its events’ data included, and loads its code on its page only', async ({ page }) => {
  const loaded = new Set<string>();
  page.on('request', (request) => loaded.add(new URL(request.url()).pathname.replace(/^\//, '').replace(/(^|\/)$/, '$1index.html')));
  await page.goto('hooks/');
  await expect(page.locator('[data-summary]')).toContainText('Nothing covered yet');
  await page.waitForLoadState('networkidle');
  const files = [...loaded].filter((file) => /\.(html|css|js|json)$/.test(file));
  expect(files, 'the page and its data are counted').toEqual(expect.arrayContaining(['hooks/index.html', 'hooks-data.json']));
  expect(weight(files), files.join(', ')).toBeLessThanOrEqual(40_000);
  const own = atLoad('hooks/index.html').filter((file) => file.endsWith('.js') && readFileSync(join(DIST, file), 'utf8').includes('hook-builder'));
  expect(own.length, 'the builder’s code').toBeGreaterThan(0);
  // The writers wait for a policy that covers something (Python, with the hook's fixed part) and
  // for the C output to be opened.
  const loadedCode = (marker: string) => files.filter((file) => file.endsWith('.js') && readFileSync(join(DIST, file), 'utf8').includes(marker));
  expect(loadedCode('def _audit_policy('), 'the Python writer').toEqual([]);
  expect(loadedCode('#include <Python.h>'), 'the C writer').toEqual([]);
  await page.getByRole('combobox', { name: 'Network', exact: true }).selectOption('deny');
  await expect(page.locator('#hook-python')).toContainText('def _audit_policy(');
  for (const other of ['index.html', `${eventPath('open')}index.html`, 'try/index.html', 'categories/network/index.html']) {
    expect(atLoad(other).filter((file) => own.includes(file)), other).toEqual([]);
  }
});
