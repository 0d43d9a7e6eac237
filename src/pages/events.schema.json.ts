import type { APIRoute } from 'astro';
import { siteUrl } from '../data/site';
import { eventsSchema } from '../lib/export/events';

export const GET: APIRoute = ({ site }) =>
  new Response(`${JSON.stringify(eventsSchema(site ? siteUrl(site, 'events.schema.json') : undefined), null, 1)}\n`, {
    headers: { 'Content-Type': 'application/schema+json' },
  });
