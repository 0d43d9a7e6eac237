import type { APIRoute } from 'astro';
import { getBuilderData } from '../data/hooks';

export const GET: APIRoute = async () => new Response(JSON.stringify(await getBuilderData()), { headers: { 'Content-Type': 'application/json' } });
