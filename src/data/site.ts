import { withBase } from '../lib/names/naming';

/** An address on this site: absolute when SITE_URL gave the site's origin, else a root-relative path. */
export function siteUrl(site: URL | undefined, path: string): string {
  const local = withBase(import.meta.env.BASE_URL, path);
  return site ? new URL(local, site).href : local;
}
