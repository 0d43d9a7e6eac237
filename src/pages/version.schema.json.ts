import type { APIRoute } from 'astro';
import { siteUrl } from '../data/site';
import { versionSchema } from '../lib/export/events';

export const GET: APIRoute = ({ site }) =>
  new Response(`${JSON.stringify(versionSchema(site ? siteUrl(site, 'version.schema.json') : undefined), null, 1)}\n`, {
    headers: { 'Content-Type': 'application/schema+json' },
  });
