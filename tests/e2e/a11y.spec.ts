import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { PAGE_TYPES } from './pages';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
// The rules of WCAG 2.2 A/AA whose outcome depends on colour. The themes differ only in colour
// (one set of light-dark() tokens, the same markup), so the dark pass runs these alone: the others
// would see the very page the light pass saw, at twice the cost of the slowest tests.
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

async function violations(page: Page, scheme: 'light' | 'dark' = 'light', within?: string): Promise<string[]> {
  const axe = within ? new AxeBuilder({ page }).include(within) : new AxeBuilder({ page });
  const { violations: found } = await (scheme === 'light' ? axe.withTags(WCAG_22_AA) : axe.withRules(COLOUR_RULES)).analyze();
  return found.map(
    (violation) =>
      `${violation.id}: ${violation.nodes.map((node) => `${node.target.join(' ')} (${node.failureSummary?.replace(/\s+/g, ' ')})`).join(', ')}`,
  );
}

const box = (page: Page) => page.getByRole('combobox', { name: 'Search events and arguments' });

// Kinds built from another kind's components and colours: the dark pass of that kind covers
// them (a version's table of one category is the version page's, a category page lists events as
// a module page does, the category and API indexes are lists like the module index).
const DARK_AS_ANOTHER = new Set(['version table of one category', 'category', 'category index', 'API index']);

for (const scheme of ['light', 'dark'] as const) {
  test.describe(`in ${scheme}`, () => {
    test.use({ colorScheme: scheme });

    for (const [kind, path] of PAGE_TYPES.filter(([kind]) => scheme === 'light' || !DARK_AS_ANOTHER.has(kind))) {
      test(`the ${kind} page has no WCAG 2.2 A/AA violations`, async ({ page }) => {
        await page.goto(path);
        expect(await violations(page, scheme)).toEqual([]);
      });
    }

    test('the playground, before and after a run, has no WCAG 2.2 A/AA violations', async ({ page }) => {
      test.setTimeout(180_000);
      await page.goto('try/');
      expect(await violations(page, scheme), 'before').toEqual([]);
      const playground = page.locator('try-playground');
      await playground.getByRole('button', { name: 'Run', exact: true }).click();
      await expect(playground.locator('[data-status]')).toHaveText(/^Done: \d+ events/, { timeout: 120_000 });
      // One import group open, so that its rows are checked too.
      await playground.locator('[data-events] details summary').first().click();
      expect(await violations(page, scheme), 'after').toEqual([]);
    });

    test('the search, open with results and with none, has no WCAG 2.2 A/AA violations', async ({ page }) => {
      await page.goto('./');
      await page.keyboard.press('/');
      await box(page).pressSequentially('socket');
      await expect(page.locator('#search-results').getByRole('option')).not.toHaveCount(0);
      await page.keyboard.press('ArrowDown');
      // The search and its results: the page around them is the index's, checked on its own above.
      expect(await violations(page, scheme, 'site-search'), 'with results').toEqual([]);
      await box(page).fill('socket.conectzz');
      await expect(page.getByRole('status').filter({ hasText: 'No events match' })).toBeVisible();
      expect(await violations(page, scheme, 'site-search'), 'with none').toEqual([]);
    });
  });
}

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

async function tabTo(page: Page, reached: () => Promise<boolean>) {
  for (let presses = 0; presses < 200; presses++) {
    if (await reached()) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the element');
}
