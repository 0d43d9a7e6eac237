import type { APIRoute } from 'astro';
import { getCatalog } from '../data/catalog';
import { getCategories } from '../data/categories';
import { siteUrl } from '../data/site';
import { eventsExport } from '../lib/export/events';
import { eventPath } from '../lib/names/naming';

export const GET: APIRoute = async ({ site }) => {
  const { events, versions } = await getCatalog();
  const categories = await getCategories();
  const body = eventsExport(
    events,
    versions,
    {
      page: (name) => siteUrl(site, eventPath(name)),
      version: (version) => siteUrl(site, `versions/${version}.json`),
      schema: siteUrl(site, 'events.schema.json'),
    },
    (name) => categories.of.get(name) ?? [],
  );
  return new Response(`${JSON.stringify(body, null, 1)}\n`, { headers: { 'Content-Type': 'application/json' } });
};
