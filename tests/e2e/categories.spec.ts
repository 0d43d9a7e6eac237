import { expect, test } from '@playwright/test';
import { categoryPath, eventPath, versionCategoryPath } from '../../src/lib/names/naming';
import { listedArguments, versionList } from '../../src/lib/versions/events';
import { catalog, categories } from './table';

const category = (name: string) => {
  const found = categories.categories.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no category ${name}`);
  return found;
};

test('an event page names its categories, each linked to the category’s page', async ({ page }) => {
  await page.goto(eventPath('sys.remote_exec'));
  const names = categories.of.get('sys.remote_exec') ?? [];
  expect(names.length).toBeGreaterThan(0);
  const linked = page.locator('main a[data-category]');
  await expect(linked).toHaveText(names.map((name) => category(name).title));
  await linked.first().click();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(category(names[0] ?? '').title);
});

test('/categories/ lists every category with its meaning and count; a category page lists its events by version with their arguments', async ({ page }) => {
  await page.goto('categories/');
  const items = page.getByRole('main').getByRole('listitem');
  await expect(items).toHaveCount(categories.categories.length);
  await expect(items.filter({ hasText: category('network').meaning })).toContainText(`${category('network').events.length} events`);
  await page.getByRole('link', { name: category('network').title, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`${categoryPath('network')}$`));
  // In 3.13: the network events that version lists, each with its 3.13 arguments.
  const in313 = page.getByRole('region', { name: /^In 3\.13/ });
  const expected = catalog.events.filter((event) => category('network').events.includes(event.name) && event.appearances.some((a) => a.version === '3.13'));
  await expect(in313.getByRole('listitem').filter({ has: page.locator('a[href^="/events/"]') })).toHaveCount(expected.length);
  const connect = in313.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'socket.connect', exact: true }) });
  const socketConnect = catalog.events.find((event) => event.name === 'socket.connect');
  if (!socketConnect) throw new Error('no socket.connect');
  for (const arg of listedArguments(socketConnect, '3.13') ?? []) await expect(connect).toContainText(`argument ${arg}`);
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('a version’s table narrows to one category through a plain link, and back to all', async ({ page }) => {
    await page.goto('versions/3.13/');
    await page.getByRole('navigation', { name: 'One category' }).getByRole('link', { name: category('network').title, exact: true }).click();
    await expect(page).toHaveURL(new RegExp(`${versionCategoryPath('3.13', 'network')}$`));
    const members = new Set(category('network').events);
    const rows = versionList(catalog.events, '3.13', 'documented').filter(({ event }) => members.has(event.name));
    const table = page.getByRole('region', { name: 'The table' });
    const shown = await table.locator('a[href^="/events/"]').allTextContents();
    expect(shown.map((text) => text.trim()).sort()).toEqual(rows.map(({ event }) => event.name).sort());
    expect(rows.length).toBeGreaterThan(0);
    await page.getByRole('navigation', { name: 'One category' }).getByRole('link', { name: 'All', exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText('Audit events of CPython 3.13');
  });
});

test('search takes category: as a filter, by name or a prefix of it', async ({ page }) => {
  await page.goto('./?q=category:network+connect');
  const options = page.locator('#search-results').getByRole('option');
  const network = new Set(category('network').events);
  await expect(options.first()).toBeVisible();
  const names = await options.evaluateAll((links) => links.map((link) => decodeURIComponent(new URL((link as HTMLAnchorElement).href).pathname.replace(/^\/events\/|\/$/g, ''))));
  expect(names.length).toBeGreaterThan(0);
  expect(names.filter((name) => !network.has(name))).toEqual([]);
  expect(names).toContain('socket.connect');
});

test('/events.json gives every event its categories', async ({ request }) => {
  const body = (await (await request.get('events.json')).json()) as { events: { name: string; categories: string[] }[] };
  expect(body.events).toHaveLength(catalog.events.length);
  for (const event of body.events) expect(event.categories, event.name).toEqual(categories.of.get(event.name));
});
