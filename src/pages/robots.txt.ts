import type { APIRoute } from 'astro';
import { siteUrl } from '../data/site';

// Points crawlers at the sitemap, which only a build with SITE_URL has.
export const GET: APIRoute = ({ site }) => {
  const lines = ['User-agent: *', 'Allow: /'];
  if (site) lines.push(`Sitemap: ${siteUrl(site, 'sitemap-index.xml')}`);
  return new Response(`${lines.join('\n')}\n`, { headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
};
