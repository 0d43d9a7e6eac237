import type { APIRoute, GetStaticPaths } from 'astro';
import { getCatalog } from '../../data/catalog';
import { siteUrl } from '../../data/site';
import { versionExport } from '../../lib/export/events';
import { eventPath } from '../../lib/names/naming';
import type { Version } from '../../lib/versions/events';

export const getStaticPaths = (async () => {
  const { versions } = await getCatalog();
  return versions.map((version) => ({ params: { version: version.version }, props: { version } }));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ version: Version }> = async ({ site, props }) => {
  const { events } = await getCatalog();
  const body = versionExport(events, props.version, { page: (name) => siteUrl(site, eventPath(name)), schema: siteUrl(site, 'version.schema.json') });
  return new Response(`${JSON.stringify(body, null, 1)}\n`, { headers: { 'Content-Type': 'application/json' } });
};
