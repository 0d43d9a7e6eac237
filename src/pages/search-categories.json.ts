import type { APIRoute } from 'astro';
import { getSearchData } from '../data/search';

export const GET: APIRoute = async () =>
  new Response((await getSearchData()).categories, { headers: { 'Content-Type': 'application/json' } });
