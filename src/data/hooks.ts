import { getCollection } from 'astro:content';
import { getCatalog } from './catalog';
import { getCategories } from './categories';
import { getExamples } from './examples';
import { isRunnable } from '../lib/examples';
import { emptyPolicy, type Action } from '../lib/hooks';
import { limitsOf, type AttacksData } from '../lib/hooks/attacks';
import type { HookCosts } from '../lib/hooks/costs';
import { packBuilderData, unpackBuilderData, type Builder, type BuilderData } from '../lib/hooks/data';
import { writeHooks } from '../lib/hooks/write';

let data: Promise<BuilderData> | undefined;
let builder: Promise<Builder> | undefined;

let attacks: Promise<AttacksData> | undefined;
let costs: Promise<HookCosts> | undefined;

/** The red team's outcomes (content/attacks.json), read once per build. */
export function getAttacks(): Promise<AttacksData> {
  attacks ??= getCollection('attacks').then(([entry]) => {
    if (!entry) throw new Error('content/attacks.json holds no attacks');
    return entry.data;
  });
  return attacks;
}

/** What a hook costs per event (content/hook-costs.json), read once per build. */
export function getHookCosts(): Promise<HookCosts> {
  costs ??= getCollection('hookCosts').then(([entry]) => {
    if (!entry) throw new Error('content/hook-costs.json holds no figures');
    return entry.data;
  });
  return costs;
}

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
