import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { expect, test } from '@playwright/test';
import { eventsExport, versionExport } from '../../src/lib/export/events';
import { eventPath } from '../../src/lib/names/naming';
import { catalog, categories } from './table';

// Runs at the root and under BASE_PATH with SITE_URL (see playwright.config.ts).
const siteUrl = () => test.info().project.metadata['siteUrl'] as string | undefined;

test('/events.json is valid against /events.schema.json and holds the parsed table', async ({ request, baseURL }) => {
  const base = new URL(baseURL ?? '');
  const [data, schema] = await Promise.all(
    ['events.json', 'events.schema.json'].map(async (file) => {
      const response = await request.get(new URL(file, base).href);
      expect(response.status(), file).toBe(200);
      return response.json();
    }),
  );
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  expect(validate(data), JSON.stringify(validate.errors)).toBe(true);

  const site = siteUrl();
  const local = (path: string) => (site ? new URL(base.pathname + path, site).href : base.pathname + path);
  const urls = { page: (name: string) => local(eventPath(name)), version: (version: string) => local(`versions/${version}.json`), schema: local('events.schema.json') };
  expect(data).toEqual(eventsExport(catalog.events, catalog.versions, urls, (name) => categories.of.get(name) ?? []));
  expect(data.events).toHaveLength(210);
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema');
  if (site) expect(schema.$id).toBe(new URL(`${base.pathname}events.schema.json`, site).href);
});

test('each version’s table is data at /versions/<version>.json, valid against /version.schema.json', async ({ request, baseURL }) => {
  const base = new URL(baseURL ?? '');
  const schema = await (await request.get(new URL('version.schema.json', base).href)).json();
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats.default(ajv);
  const validate = ajv.compile(schema);
  const site = siteUrl();
  const local = (path: string) => (site ? new URL(base.pathname + path, site).href : base.pathname + path);
  for (const version of catalog.versions) {
    const response = await request.get(new URL(`versions/${version.version}.json`, base).href);
    expect(response.status()).toBe(200);
    const data = await response.json();
    expect(validate(data), `${version.version}: ${JSON.stringify(validate.errors)}`).toBe(true);
    expect(data).toEqual(versionExport(catalog.events, version, { page: (name) => local(eventPath(name)), schema: local('version.schema.json') }));
  }
});

test('every page links an OpenSearch description whose template searches this site', async ({ page, request, baseURL }) => {
  const base = new URL(baseURL ?? '');
  for (const path of ['', eventPath('open')]) {
    await page.goto(path);
    const link = page.locator('link[rel=search]');
    await expect(link).toHaveAttribute('type', 'application/opensearchdescription+xml');
    await expect(link).toHaveAttribute('title', 'Audit Events');
    expect(await link.getAttribute('href')).toBe(`${base.pathname}opensearch.xml`);
  }
  const response = await request.get(new URL('opensearch.xml', base).href);
  expect(response.status()).toBe(200);
  const xml = await response.text();
  const read = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, 'application/xml');
    const ns = 'http://a9.com/-/spec/opensearch/1.1/';
    return {
      error: doc.querySelector('parsererror')?.textContent ?? null,
      root: doc.documentElement.localName,
      namespace: doc.documentElement.namespaceURI,
      shortName: doc.getElementsByTagNameNS(ns, 'ShortName')[0]?.textContent,
      template: doc.getElementsByTagNameNS(ns, 'Url')[0]?.getAttribute('template'),
    };
  }, xml);
  expect(read.error, 'the description is well-formed XML').toBeNull();
  expect(read).toMatchObject({ root: 'OpenSearchDescription', namespace: 'http://a9.com/-/spec/opensearch/1.1/', shortName: 'Audit Events' });
  const site = siteUrl();
  const home = site ? new URL(base.pathname, site).href : base.pathname;
  expect(read.template).toBe(`${home}?q={searchTerms}`);

  // The template, filled in, opens the index with the query searched.
  await page.goto(new URL(`${base.pathname}?q=getaddrinfo`, base).href);
  await expect(page.getByRole('combobox', { name: 'Search events and arguments' })).toHaveValue('getaddrinfo');
  await expect(page.locator('#search-results').getByRole('option').first()).toContainText('socket.getaddrinfo');
});

test('robots.txt points at a sitemap of every page when SITE_URL is set, and names none without it', async ({ request, baseURL }) => {
  const base = new URL(baseURL ?? '');
  const robots = await request.get(new URL('robots.txt', base).href);
  expect(robots.status()).toBe(200);
  const text = await robots.text();
  expect(text).toContain('User-agent: *');
  const site = siteUrl();
  if (!site) {
    expect(text, 'no sitemap without SITE_URL').not.toContain('Sitemap:');
    expect((await request.get(new URL('sitemap-index.xml', base).href)).status()).toBe(404);
    return;
  }
  const index = new URL(`${base.pathname}sitemap-index.xml`, site).href;
  expect(text).toContain(`Sitemap: ${index}`);
  // The sitemap's URLs are the deployed ones; here they are fetched from the local server.
  const local = (url: string) => new URL(new URL(url).pathname, base).href;
  const sitemaps = [...(await (await request.get(local(index))).text()).matchAll(/<loc>([^<]+)<\/loc>/g)].map((match) => match[1] ?? '');
  expect(sitemaps.length).toBeGreaterThan(0);
  const pages = new Set<string>();
  for (const sitemap of sitemaps) {
    for (const match of (await (await request.get(local(sitemap))).text()).matchAll(/<loc>([^<]+)<\/loc>/g)) pages.add(match[1] ?? '');
  }
  for (const event of catalog.events) {
    expect(pages.has(new URL(base.pathname + eventPath(event.name), site).href), `${event.name} in the sitemap`).toBe(true);
  }
});
