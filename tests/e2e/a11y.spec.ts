import { expect, test, type Page } from '@playwright/test';
import { violations } from './axe';
import { tabTo } from './keyboard';
import { PAGE_TYPES } from './pages';

const box = (page: Page) => page.getByRole('combobox', { name: 'Search events and arguments' });

// Kinds built from another kind's components and colours: the dark pass of that kind covers
// them. The event pages share one layout, and its variants differ in notices and marks, which the
// kinds kept in the dark pass show; a version's table of one category is the version page's, and an
// event's raise sites by release a table of the same parts; the
// lists of categories, APIs, arguments, modules and versions are links and counts, as the index
// of categories is. Each dark pass costs as much as a light one: colour contrast is most of axe's time.
const DARK_AS_ANOTHER = new Set([
  'event without arguments',
  'event with a slash',
  'event raised internally',
  'version table of one category',
  'raise sites by release',
  'category',
  'API index',
  'version index',
  'argument index',
  'argument',
  'module index',
  'module',
  'undocumented events',
]);

/**
 * What axe finds on the page as it is: every rule in light, then the colour rules in dark, on the
 * same page (the theme follows the system setting, which the test switches), so that each page
 * loads, and the playground runs Python, once for both.
 */
async function inBothSchemes(page: Page, { dark = true, within }: { dark?: boolean; within?: string } = {}): Promise<string[]> {
  const background = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  await page.emulateMedia({ colorScheme: 'light' });
  const light = await background();
  const found = (await violations(page, 'light', within)).map((text) => `light: ${text}`);
  if (dark) {
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await background(), 'the page turned dark').not.toBe(light);
    found.push(...(await violations(page, 'dark', within)).map((text) => `dark: ${text}`));
    await page.emulateMedia({ colorScheme: 'light' });
  }
  return found;
}

for (const [kind, path] of PAGE_TYPES) {
  const dark = !DARK_AS_ANOTHER.has(kind);
  test(`the ${kind} page has no WCAG 2.2 A/AA violations${dark ? ', in light and dark' : ''}`, async ({ page }) => {
    await page.goto(path);
    expect(await inBothSchemes(page, { dark })).toEqual([]);
  });
}

test('the playground, before and after a run, has no WCAG 2.2 A/AA violations, in light and dark', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('try/');
  expect(await inBothSchemes(page), 'before').toEqual([]);
  const playground = page.locator('try-playground');
  await playground.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(playground.locator('[data-status]')).toHaveText(/^Done: \d+ events/, { timeout: 120_000 });
  // One import group open, so that its rows are checked too.
  await playground.locator('[data-events] details summary').first().click();
  expect(await inBothSchemes(page), 'after').toEqual([]);
});

test('the search, open with results and with none, has no WCAG 2.2 A/AA violations, in light and dark', async ({ page }) => {
  await page.goto('./');
  await page.keyboard.press('/');
  await box(page).pressSequentially('socket');
  await expect(page.locator('#search-results').getByRole('option')).not.toHaveCount(0);
  await page.keyboard.press('ArrowDown');
  // The search and its results: the page around them is the index's, checked on its own above.
  expect(await inBothSchemes(page, { within: 'site-search' }), 'with results').toEqual([]);
  await box(page).fill('socket.conectzz');
  await expect(page.getByRole('status').filter({ hasText: 'No events match' })).toBeVisible();
  expect(await inBothSchemes(page, { within: 'site-search' }), 'with none').toEqual([]);
});

test('with the keyboard alone: from the index to an event, copy its hook, and back', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('./');
  await page.keyboard.press('/');
  await page.keyboard.type('tempfile.mkstemp');
  await expect(page.locator('#search-results').getByRole('option').first()).toContainText('tempfile.mkstemp');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('tempfile.mkstemp');

  const copy = page.getByRole('button', { name: 'Copy hook' });
  await tabTo(page, async () => copy.evaluate((element) => element === document.activeElement));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText('Copied to the clipboard.');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(await page.locator('#hook').textContent());

  const back = page.getByRole('navigation', { name: 'Footer' }).getByRole('link', { name: 'All events' });
  await tabTo(page, async () => back.evaluate((element) => element === document.activeElement));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('CPython audit events');
});
