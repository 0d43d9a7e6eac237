import type { APIRoute, GetStaticPaths } from 'astro';
import { getCategories } from '../../data/categories';
import { STATIC_ACTIONS, staticHook, staticHookFile } from '../../data/hooks';
import { siteUrl } from '../../data/site';

// A ready hook per category and action, for readers without JavaScript: `/hooks/network-deny.py`.
export const getStaticPaths = (async () => {
  const { categories } = await getCategories();
  return categories.flatMap(({ name }) => STATIC_ACTIONS.map((action) => ({ params: { file: staticHookFile(name, action) }, props: { name, action } })));
}) satisfies GetStaticPaths;

export const GET: APIRoute<{ name: string; action: (typeof STATIC_ACTIONS)[number] }> = async ({ props, site }) =>
  new Response(await staticHook(props.name, props.action, siteUrl(site, 'hooks/')), { headers: { 'Content-Type': 'text/x-python; charset=utf-8' } });
