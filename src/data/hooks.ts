import { getCollection, type CollectionEntry } from 'astro:content';
import { getCatalog } from './catalog';
import { getCategories } from './categories';
import { getExamples } from './examples';
import { isRunnable } from '../lib/behaviour/examples';
import { emptyPolicy, type Action } from '../lib/hooks';
import { ATTACKS_FILE, limitsOf, type AttacksData } from '../lib/hooks/attacks';
import { HOOK_COSTS_FILE, type HookCosts } from '../lib/hooks/costs';
import { STARTUP_FILE, type Startup } from '../lib/behaviour/startup';
import { packBuilderData, unpackBuilderData, type Builder, type BuilderData } from '../lib/hooks/data';
import { writeHooks } from '../lib/hooks/write';

let data: Promise<BuilderData> | undefined;
let builder: Promise<Builder> | undefined;

/** The one entry of a collection read from one file, read once per build. */
function onlyEntry<C extends 'attacks' | 'hookCosts' | 'startup'>(collection: C, file: string): () => Promise<CollectionEntry<C>['data']> {
  let entry: Promise<CollectionEntry<C>['data']> | undefined;
  return () =>
    (entry ??= getCollection(collection).then(([first]) => {
      if (!first) throw new Error(`${file} holds nothing`);
      return first.data;
    }));
}

/** The red team's outcomes (content/attacks.json). */
export const getAttacks: () => Promise<AttacksData> = onlyEntry('attacks', ATTACKS_FILE);

/** What a hook costs per event (content/hook-costs.json). */
export const getHookCosts: () => Promise<HookCosts> = onlyEntry('hookCosts', HOOK_COSTS_FILE);

/** What a hook sees as each native CPython starts (content/startup.json). */
export const getStartup: () => Promise<Startup> = onlyEntry('startup', STARTUP_FILE);

/** What the hook builder works from (served as `/hooks-data.json`), packed once per build. */
export function getBuilderData(): Promise<BuilderData> {
  data ??= Promise.all([getCatalog(), getCategories(), getExamples(), getAttacks()]).then(([{ events, versions, mismatches }, categories, examples, measured]) => {
    const code = new Map([...examples].flatMap(([event, example]) => (isRunnable(example) ? [[event, example.code] as const] : [])));
    return packBuilderData(events, categories, mismatches, versions.map((version) => version.version), code, limitsOf(measured));
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
