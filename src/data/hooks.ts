import { getCatalog } from './catalog';
import { getCategories } from './categories';
import { getExamples } from './examples';
import { isRunnable } from '../lib/examples';
import { emptyPolicy, type Action } from '../lib/hooks';
import { packBuilderData, unpackBuilderData, writeHooks, type Builder, type BuilderData } from '../lib/hooks/data';

let data: Promise<BuilderData> | undefined;
let builder: Promise<Builder> | undefined;

/** What the hook builder works from (served as `/hooks-data.json`), packed once per build. */
export function getBuilderData(): Promise<BuilderData> {
  data ??= Promise.all([getCatalog(), getCategories(), getExamples()]).then(([{ events, versions, mismatches }, categories, examples]) => {
    const code = new Map([...examples].flatMap(([event, example]) => (isRunnable(example) ? [[event, example.code] as const] : [])));
    return packBuilderData(events, categories, mismatches, versions.map((version) => version.version), code);
  });
  return data;
}

/** The ready hooks for readers without JavaScript: per category, one that logs and one that denies its events, in every version. */
export const STATIC_ACTIONS = ['log', 'deny'] as const satisfies readonly Action[];

/** The file name of a category's ready hook: `network-deny.py`. */
export const staticHookFile = (category: string, action: (typeof STATIC_ACTIONS)[number]) => `${category}-${action}.py`;

/** The ready hook of one category and action, written as the builder would write it for that choice. */
export async function staticHook(category: string, action: (typeof STATIC_ACTIONS)[number], page: string): Promise<string> {
  // Unpacked once for all the ready hooks, from the very data the page fetches.
  builder ??= getBuilderData().then(unpackBuilderData);
  const unpacked = await builder;
  const policy = emptyPolicy(unpacked.versions);
  policy.categories = { [category]: action };
  return writeHooks(unpacked, policy, page).python;
}
