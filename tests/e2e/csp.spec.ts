import { expect, test } from '@playwright/test';
import { consoleErrors, violations, watchViolations } from './policy';

// Every page kind's own policy is checked where the crawl opens one page of each (crawl.spec.ts),
// and the playground's run where its first test runs Python (try.spec.ts): here, what the visitor
// does on a page under it.
test.beforeEach(async ({ page }) => watchViolations(page));

test('searching, with results and without, runs nothing the policy blocks', async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto('events/open/');
  await page.keyboard.press('ControlOrMeta+k');
  await page.keyboard.type('sokcet');
  await expect(page.locator('#search-results').getByRole('option').first()).toContainText('socket');
  await page.keyboard.type(' zzqq');
  await expect(page.getByRole('status').filter({ hasText: 'No events match' })).toBeVisible();
  await page.goto('./?q=fullpath');
  await expect(page.locator('#search-results').getByRole('option')).toHaveCount(2);
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('the theme menu and its no-flash start work under the policy', async ({ page }) => {
  await page.emulateMedia({ colorScheme: 'light' });
  await page.goto('about/');
  await page.getByRole('combobox', { name: 'Theme' }).selectOption('dark');
  await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');
  await page.addInitScript(() => {
    new MutationObserver((_, observer) => {
      if (!document.body) return;
      (window as unknown as { themeAtBody: string }).themeAtBody = document.documentElement.dataset['theme'] ?? 'none';
      observer.disconnect();
    }).observe(document, { childList: true, subtree: true });
  });
  await page.goto('modules/');
  expect(await page.evaluate(() => (window as unknown as { themeAtBody: string }).themeAtBody)).toBe('dark');
  expect(await violations(page)).toEqual([]);
});

test('the policy is enforced: a script injected into the page does not run', async ({ page }) => {
  await page.goto('./');
  await page.evaluate(() => {
    const script = document.createElement('script');
    script.textContent = 'window.injected = true';
    document.body.append(script);
  });
  await expect.poll(() => violations(page)).toContain('script-src-elem blocked inline');
  expect(await page.evaluate(() => 'injected' in window)).toBe(false);
});
