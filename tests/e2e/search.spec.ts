import { expect, test, type Page } from '@playwright/test';
import { searchApis } from '../../src/lib/behaviour/calls';
import { searchSource } from '../../src/lib/views/describe';
import { eventPath } from '../../src/lib/names/naming';
import { buildSearchData, EventSearch } from '../../src/lib/search';
import { HOSTILE_QUERIES } from '../fixtures/hostile-queries';
import { behaviour, catalog } from './table';

// What the engine ranks for a query (the traced APIs after the events), to check the page shows exactly that, in that order.
const engine = new EventSearch(JSON.parse(JSON.stringify(buildSearchData(catalog.events.map(searchSource), catalog.versions, searchApis(behaviour)))));
const ranked = (query: string) => engine.search(query).hits.map((hit) => hit.name);
// A result's text starts with its name.
const named = (names: string[]) => names.map((name) => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));

const box = (page: Page) => page.getByRole('combobox', { name: 'Search events and arguments' });
// The results live in the element the box names in aria-controls.
const results = async (page: Page) => page.locator(`#${await box(page).getAttribute('aria-controls')}`);
const options = async (page: Page) => (await results(page)).getByRole('option');
const status = (page: Page) => page.getByRole('status').filter({ hasText: /result|match/ });

test('typing shows ranked results as links, with the matched characters marked', async ({ page }) => {
  await page.goto('events/open/');
  await box(page).click();
  await box(page).pressSequentially('fullpath');
  const found = await options(page);
  await expect(found).toHaveCount(2);
  await expect(found.first()).toHaveAttribute('href', `/${eventPath('tempfile.mkdtemp')}`);
  await expect(found.first().locator('mark')).toHaveText(['fullpath']);
  await expect(status(page)).toHaveText('2 results');
  await expect(box(page)).toHaveAttribute('aria-expanded', 'true');
});

test('↓ and ↑ move the active result and Enter opens it', async ({ page }) => {
  await page.goto('./');
  await box(page).click();
  await box(page).pressSequentially('socket');
  const found = await options(page);
  await expect(found).toHaveText(named(ranked('socket')));
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(box(page)).toHaveAttribute('aria-activedescendant', (await found.nth(1).getAttribute('id')) ?? 'missing');
  await expect(found.nth(1)).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowUp');
  await expect(found.nth(0)).toHaveAttribute('aria-selected', 'true');
  await expect(found.nth(1)).toHaveAttribute('aria-selected', 'false');
  await page.keyboard.press('ArrowUp');
  await expect(found.last(), '↑ from the first result wraps to the last').toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/${eventPath('socket.bind').replace(/\./g, '\\.')}$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('socket.bind');
});

test('/ and Ctrl+K focus the box, but not while the visitor types in another field', async ({ page }) => {
  await page.goto('events/open/');
  await page.keyboard.press('/');
  await expect(box(page)).toBeFocused();
  await expect(box(page), 'the / that focused the box is not typed into it').toHaveValue('');
  await box(page).pressSequentially('builtins.input/result');
  await expect(box(page), 'a / typed in the box is text').toHaveValue('builtins.input/result');
  await expect((await options(page)).first()).toContainText('builtins.input/result');

  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.locator('h1').click();
  await page.keyboard.press('ControlOrMeta+k');
  await expect(box(page)).toBeFocused();

  await page.evaluate(() => document.body.append(Object.assign(document.createElement('textarea'), { id: 'other' })));
  await page.locator('#other').click();
  await page.keyboard.type('a/b');
  await page.keyboard.press('ControlOrMeta+k');
  await expect(page.locator('#other')).toBeFocused();
  await expect(page.locator('#other')).toHaveValue('a/b');
});

test('Esc clears the box, then closes the results', async ({ page }) => {
  await page.goto('./');
  await box(page).click();
  await box(page).pressSequentially('socket');
  await expect(await options(page)).toHaveCount(ranked('socket').length);
  await page.keyboard.press('Escape');
  await expect(box(page)).toHaveValue('');
  await expect(await options(page)).toHaveCount(0);
  await expect(box(page)).toHaveAttribute('aria-expanded', 'true');
  await page.keyboard.press('Escape');
  await expect(box(page)).toHaveAttribute('aria-expanded', 'false');
  await expect(await results(page)).toBeHidden();
});

test('/?q= opens the index with the query searched and its results in rank order', async ({ page }) => {
  for (const query of ['getadrinfo', 'arg:self module:socket', 'name']) {
    await page.goto(`./?q=${encodeURIComponent(query)}`);
    await expect(box(page)).toHaveValue(query);
    const expected = ranked(query);
    expect(expected.length).toBeGreaterThan(0);
    await expect(await options(page)).toHaveCount(expected.length);
    const shown = await (await options(page)).evaluateAll((links) => links.map((link) => link.querySelector('span')?.textContent));
    expect(shown).toEqual(expected);
  }
});

test('typing updates q in the address bar, so Back and Forward return to the query and its results', async ({ page }) => {
  await page.goto('./');
  await box(page).click();
  await box(page).pressSequentially('tempfile');
  await expect(page).toHaveURL(/\?q=tempfile$/);
  await (await options(page)).first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('tempfile.mkdtemp');
  await page.goBack();
  await expect(page).toHaveURL(/\?q=tempfile$/);
  await expect(box(page)).toHaveValue('tempfile');
  // The two events first, then the module's traced APIs.
  await expect(await options(page)).toHaveText(named(ranked('tempfile')));
  expect(ranked('tempfile').slice(0, 2)).toEqual(['tempfile.mkdtemp', 'tempfile.mkstemp']);
  await page.goForward();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('tempfile.mkdtemp');
});

test('no results: says so, shows the query back, and offers the nearest names as links', async ({ page }) => {
  await page.goto('./');
  await box(page).click();
  await box(page).pressSequentially('socket.conectzz');
  await expect(status(page)).toHaveText('No events match “socket.conectzz”.');
  await expect(page.getByRole('link', { name: 'socket.connect', exact: true }).first()).toBeVisible();
  await box(page).fill('adresss zzzz');
  await expect(status(page)).toHaveText('No events match “adresss zzzz”.');
  const argument = page.getByRole('link', { name: 'address', exact: true }).first();
  await expect(argument).toHaveAttribute('href', '/arguments/address/');
  await argument.click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('address');
});

test('a result found through an API shows that API with the match marked, and every result its versions', async ({ page }) => {
  await page.goto('./');
  await box(page).click();
  await box(page).pressSequentially('unlink');
  const first = (await options(page)).first();
  await expect(first).toHaveAttribute('href', `/${eventPath('os.remove')}`);
  await expect(first).toContainText('raised by os.unlink()');
  await expect(first.locator('code mark')).toHaveText('unlink');
  await expect(first).toContainText('3.8 and later');
  await box(page).fill('nntplib.connect');
  const removed = (await options(page)).first();
  await expect(removed).toContainText('not in 3.15');
  await expect(removed).toContainText('3.8 to 3.12, removed in 3.13');
});

test('version:3.9 keeps only the events 3.9 documents, combined with words and filters', async ({ page }) => {
  await page.goto(`./?q=${encodeURIComponent('version:3.9 module:marshal')}`);
  await expect(await options(page)).toHaveText([/^marshal\.dumps/, /^marshal\.load/, /^marshal\.loads/]);
  await box(page).fill('version:3.8 marshal');
  await expect(status(page)).toHaveText('No events match “version:3.8 marshal”.');
  await box(page).fill('version:3.10 string_at');
  await expect((await options(page)).first(), 'the arguments of 3.10').toContainText('address, size');
});

test('a hostile query is shown as text and runs nothing, typed or passed in the URL', async ({ page }) => {
  const hostile = '<img src=x onerror=alert(1)>';
  const alerts: string[] = [];
  const errors: string[] = [];
  page.on('dialog', async (dialog) => {
    alerts.push(dialog.message());
    await dialog.dismiss();
  });
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`./?q=${encodeURIComponent(hostile)}`);
  await expect(status(page)).toHaveText(`No events match “${hostile}”.`);
  await box(page).fill('');
  await box(page).pressSequentially(hostile);
  await expect(status(page)).toHaveText(`No events match “${hostile}”.`);
  expect(await page.locator('site-search img').count(), 'the query became an element').toBe(0);
  expect(alerts).toEqual([]);
  expect(errors).toEqual([]);
});

test('hostile queries, typed or in the URL, run nothing, throw nothing and each gets its answer', async ({ page }) => {
  const errors: string[] = [];
  const alerts: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('dialog', async (dialog) => {
    alerts.push(dialog.message());
    await dialog.dismiss();
  });
  for (const query of HOSTILE_QUERIES) {
    await page.goto(`./?q=${encodeURIComponent(query)}`);
    const list = await results(page);
    await expect(list, `the query ${query.slice(0, 20)} from the URL answers`).toHaveAttribute('data-query', query);
    await expect(box(page)).toHaveValue(query);
    for (const typed of [query, `${query} socket`]) {
      // Pasted whole; how fast each answers is `npm run bench`'s to measure.
      await box(page).fill(typed);
      await expect(list, `answering ${typed.slice(0, 20)}…`).toHaveAttribute('data-query', typed);
    }
  }
  expect(await page.locator('site-search img, site-search svg, site-search script').count(), 'a query became markup').toBe(0);
  expect(alerts).toEqual([]);
  expect(errors).toEqual([]);
});

test('no search code or data is requested before the visitor reaches for the box, and only once after', async ({ page }) => {
  const requested: string[] = [];
  page.on('request', (request) => requested.push(new URL(request.url()).pathname));
  await page.goto('./');
  await page.waitForLoadState('networkidle');
  const atLoad = [...requested];
  expect(atLoad.filter((path) => path.endsWith('/search.json')), 'search data at load').toEqual([]);

  const data = page.waitForRequest((request) => request.url().includes('/search.json'));
  await page.keyboard.press('/');
  await data;
  await page.waitForLoadState('networkidle');
  const searchCode = requested.slice(atLoad.length).filter((path) => path.endsWith('.js'));
  expect(searchCode.length, 'search code loaded when the box was reached for').toBeGreaterThan(0);
  expect(atLoad.filter((path) => searchCode.includes(path)), 'the same code at load').toEqual([]);

  const before = requested.length;
  await box(page).blur();
  await box(page).focus();
  await box(page).pressSequentially('open');
  await expect(await options(page)).not.toHaveCount(0);
  // The browser may still ask for the page's icon; no script or data may load twice.
  expect(requested.slice(before).filter((path) => /\.(js|json)$/.test(path)), 'loaded again').toEqual([]);
});

test('a query typed before the search’s script has run is searched once it runs', async ({ page }) => {
  // Hold the header's scripts back, as a slow connection would, until the visitor has typed.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route(/\/_astro\/.*\.js$/, async (route) => {
    await held;
    await route.continue();
  });
  // Module scripts hold back DOMContentLoaded, so wait only for the page to start arriving.
  await page.goto('events/open/', { waitUntil: 'commit' });
  await box(page).fill('CopyFile2');
  await expect(box(page), 'nothing answered the typing yet').toHaveAttribute('aria-expanded', 'false');
  release();
  const found = await options(page);
  await expect(found).toHaveText(named(ranked('CopyFile2')));
  await expect(box(page)).toHaveAttribute('aria-expanded', 'true');
});

test('results are real links: Ctrl/Cmd-click opens one in a new tab', async ({ page, context }) => {
  await page.goto('./');
  await box(page).click();
  await box(page).pressSequentially('mkstemp');
  const opened = context.waitForEvent('page');
  await (await options(page)).first().click({ modifiers: ['ControlOrMeta'] });
  const tab = await opened;
  await tab.waitForLoadState();
  expect(new URL(tab.url()).pathname).toBe(`/${eventPath('tempfile.mkstemp')}`);
  await expect(page, 'the first tab stays where it was').toHaveURL(/\?q=mkstemp$/);
});

test.describe('on a touch screen', () => {
  test.use({ hasTouch: true, viewport: { width: 375, height: 740 } });

  test('the open results fit the screen', async ({ page }) => {
    await page.goto('./?q=socket');
    await expect(await options(page)).toHaveCount(ranked('socket').length);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(375);
    await expect((await options(page)).first()).toBeInViewport();
  });

  test('a tap on a result opens it', async ({ page }) => {
    await page.goto('./');
    await box(page).tap();
    await box(page).pressSequentially('webbrowser');
    await (await options(page)).first().tap();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('webbrowser.open');
  });
});
