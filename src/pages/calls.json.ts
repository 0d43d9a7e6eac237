import type { APIRoute } from 'astro';
import { getBehaviour } from '../data/behaviour';
import { siteUrl } from '../data/site';
import { callsExport } from '../lib/export/calls';
import { apiPath } from '../lib/names/naming';

export const GET: APIRoute = async ({ site }) => {
  const body = callsExport(await getBehaviour(), { page: (name) => siteUrl(site, apiPath(name)), schema: siteUrl(site, 'calls.schema.json') });
  return new Response(`${JSON.stringify(body)}\n`, { headers: { 'Content-Type': 'application/json' } });
};
