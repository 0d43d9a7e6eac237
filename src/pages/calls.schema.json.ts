import type { APIRoute } from 'astro';
import { siteUrl } from '../data/site';
import { callsSchema } from '../lib/export/calls';

export const GET: APIRoute = ({ site }) =>
  new Response(`${JSON.stringify(callsSchema(site ? siteUrl(site, 'calls.schema.json') : undefined), null, 1)}\n`, {
    headers: { 'Content-Type': 'application/schema+json' },
  });
