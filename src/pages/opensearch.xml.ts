import type { APIRoute } from 'astro';
import { siteUrl } from '../data/site';

// An OpenSearch description, so browsers can search the site from the address bar.
export const GET: APIRoute = ({ site }) => {
  const home = siteUrl(site, '');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/" xmlns:moz="http://www.mozilla.org/2006/browser/search/">
  <ShortName>Audit Events</ShortName>
  <Description>Search CPython's runtime audit events by name or argument</Description>
  <InputEncoding>UTF-8</InputEncoding>
  <Image width="16" height="16" type="image/svg+xml">${escapeXml(siteUrl(site, 'favicon.svg'))}</Image>
  <Url type="text/html" method="get" template="${escapeXml(`${home}?q={searchTerms}`)}"/>
  <moz:SearchForm>${escapeXml(home)}</moz:SearchForm>
</OpenSearchDescription>
`;
  return new Response(xml, { headers: { 'Content-Type': 'application/opensearchdescription+xml' } });
};

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (char) => `&#${char.charCodeAt(0)};`);
}
