import { createHash } from 'node:crypto';
import { expect, test, type Page } from '@playwright/test';
import { PAGE_TYPES } from './pages';

interface Watch {
  __violations: string[];
}

// Collects every Content Security Policy violation from the first moment of each page.
test.beforeEach(async ({ page }) => {
  await page.addInitScript(() => {
    const watch = window as unknown as Watch;
    watch.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) =>
      watch.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`),
    );
  });
});

const violations = (page: Page) => page.evaluate(() => (window as unknown as Watch).__violations);

function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    // The 404 page's own status is the one error a browser logs for it, and it is meant.
    const ownStatus = message.text().includes('404') && message.location().url === page.url();
    if (message.type() === 'error' && !ownStatus) errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function policy(page: Page): Promise<Map<string, string[]>> {
  const content = (await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')) ?? '';
  return new Map(
    content
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [name, values]),
  );
}

for (const [kind, path] of PAGE_TYPES) {
  test(`the ${kind} page runs under a strict policy with no violation or console error`, async ({ page }) => {
    const errors = consoleErrors(page);
    await page.goto(path);
    const directives = await policy(page);
    const scripts = directives.get('script-src') ?? [];
    expect(scripts).toContain("'self'");
    expect(scripts.filter((value) => /unsafe|\*|data:|https?:/.test(value)), 'script-src loosened').toEqual([]);
    expect(directives.get('style-src')?.filter((value) => /unsafe|\*|https?:/.test(value)), 'style-src loosened').toEqual([]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('default-src')).toEqual(["'self'"]);
    // Only the playground may start workers from a blob: (and run WebAssembly, refused above).
    expect(directives.has('worker-src'), 'worker-src').toBe(false);
    // Every inline script on the page, the theme's no-flash start among them, is allowed by hash.
    const inline = await page.locator('script:not([src])').evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''));
    expect(inline.length).toBeGreaterThan(0);
    for (const source of inline) {
      expect(scripts, `the hash of ${source.slice(0, 60)}…`).toContain(`'sha256-${createHash('sha256').update(source).digest('base64')}'`);
    }
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
  });
}

test('the playground loads Python, runs code and lists its events with no violation or console error', async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto('try/');
  const playground = page.locator('try-playground');
  await playground.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(playground.locator('[data-status]')).toHaveText(/^Done: \d+ events/, { timeout: 120_000 });
  await expect(playground.locator('[data-events] > li[data-event="open"]')).not.toHaveCount(0);
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

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
