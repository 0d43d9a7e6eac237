import { expect, test } from '@playwright/test';
import { argumentPath, eventPath, modulePath } from '../../src/lib/naming';
import { catalog } from './table';

test('a crawl from the home page reaches every page: each answers 200, has its own title and description, and logs no error', async ({
  page,
  baseURL,
}) => {
  test.setTimeout(180_000);
  const start = new URL(baseURL ?? '');
  const problems: string[] = [];
  let current = '';
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`${current}: console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`${current}: uncaught: ${error.message}`));
  page.on('response', (response) => {
    if (response.status() >= 400) problems.push(`${current}: ${response.status()} for ${response.url()}`);
  });

  const queue = [start.href];
  const seen = new Set(queue);
  const titles = new Map<string, string>();
  const descriptions = new Map<string, string>();
  // The base-path build also sets SITE_URL (see playwright.config.ts); the root build does not.
  const site = test.info().project.metadata['siteUrl'] as string | undefined;
  while (queue.length > 0) {
    current = queue.shift() ?? '';
    // Data the pages link to (events.json, its schema) is fetched, not shown: a browser showing
    // JSON asks for /favicon.ico, which a static site need not have.
    if (/\.(json|xml)$/.test(new URL(current).pathname)) {
      expect((await page.request.get(current)).status(), `status of ${current}`).toBe(200);
      continue;
    }
    const response = await page.goto(current);
    expect(response?.status(), `status of ${current}`).toBe(200);
    const title = await page.title();
    const description = (await page.locator('meta[name=description]').getAttribute('content')) ?? '';
    expect(titles.get(title), `${current} repeats the title "${title}"`).toBeUndefined();
    expect(descriptions.get(description), `${current} repeats a description`).toBeUndefined();
    expect(description.length, `description of ${current}`).toBeGreaterThan(40);
    titles.set(title, current);
    descriptions.set(description, current);
    await expect(page.locator('html')).toHaveAttribute('lang', 'en');
    const canonical = page.locator('link[rel=canonical]');
    if (site) await expect(canonical).toHaveAttribute('href', new URL(new URL(current).pathname, site).href);
    else await expect(canonical, 'no canonical link without SITE_URL').toHaveCount(0);
    const hrefs = await page.locator('a[href]').evaluateAll((anchors) =>
      anchors.map((anchor) => (anchor as HTMLAnchorElement).href),
    );
    for (const href of hrefs) {
      const url = new URL(href);
      url.hash = '';
      if (url.origin !== start.origin) continue;
      expect(url.pathname.startsWith(start.pathname), `${current} links to ${href}, outside the base path`).toBe(true);
      if (!seen.has(url.href)) {
        seen.add(url.href);
        queue.push(url.href);
      }
    }
  }

  expect(problems, 'broken links, failed requests and console errors').toEqual([]);
  const expected = [
    '',
    'about/',
    'arguments/',
    'modules/',
    ...catalog.events.map((event) => eventPath(event.name)),
    ...catalog.arguments.map((arg) => argumentPath(arg.name)),
    ...catalog.modules.map((module) => modulePath(module.name)),
  ].map((path) => new URL(path, start).href);
  expect(expected.filter((url) => !seen.has(url)), 'pages the crawl never reached').toEqual([]);
  expect(expected).toHaveLength(1 + 3 + 69 + 64 + 25);
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
