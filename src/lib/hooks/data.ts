import type { Categories, Category } from '../views/categories';
import { bearsOn, versionRanges, type Limit } from './limits';
import type { Mismatch, VersionedEvent } from '../versions/events';
import { policyQuery, resolvePolicy, versionRun, type EventRule, type HookEvent, type Policy } from './policy';
import type { HookContext, HookLimit } from './summary';

/**
 * What the hook builder's page fetches (`/hooks-data.json`): every event's argument shapes per
 * version, the categories and the names CPython raises under another, packed small. The page
 * unpacks it into the same records `resolvePolicy` takes at build time, so the hooks the page
 * writes and the static ones the build writes come from one piece of code.
 */
export interface BuilderData {
  /** Minor versions, oldest first. */
  versions: string[];
  categories: { name: string; title: string; events: string[]; example?: string }[];
  /**
   * Event → its distinct argument tuples, and per version (in `versions`' order) which of them
   * that version sends: `""` not in that version, `"u"` undocumented there (no known tuple),
   * else the tuples' indexes joined by `.`, the version's own first, then earlier releases'.
   */
  events: Record<string, [string[][], string[]]>;
  /** A documented name CPython raises under another: [documented, raised]. */
  mismatches: [string, string][];
  /** What the red team got past a hook with: [its class, its title, versions through the Python hook, through the C hook, events that narrow it]. */
  limits: [string, string, string[], string[], string[]][];
}

/**
 * Packs the data the builder needs from every event of every version; `examples` (event → code
 * that raises it in the playground) gives each category the first of its events' examples.
 */
export function packBuilderData(
  events: readonly VersionedEvent[],
  categories: Pick<Categories, 'categories'>,
  mismatches: readonly Mismatch[],
  versions: readonly string[],
  examples: ReadonlyMap<string, string>,
  limits: readonly Limit[] = [],
): BuilderData {
  const packed: BuilderData['events'] = {};
  for (const event of events) {
    const shapes: string[][] = [];
    const index = (args: readonly string[]) => {
      const at = shapes.findIndex((shape) => shape.length === args.length && shape.every((name, i) => name === args[i]));
      return at === -1 ? shapes.push([...args]) - 1 : at;
    };
    const perVersion = versions.map((version) => {
      const appearance = event.appearances.find((a) => a.version === version);
      if (!appearance) return '';
      if (appearance.listing === 'undocumented') return 'u';
      return [appearance.args, ...appearance.earlier.map((entry) => entry.args)].map(index).join('.');
    });
    packed[event.name] = [shapes, perVersion];
  }
  return {
    versions: [...versions],
    categories: categories.categories.map(({ name, title, events: names }: Category) => {
      const example = names.map((event) => examples.get(event)).find((code) => code !== undefined);
      return { name, title, events: [...names], ...(example ? { example } : {}) };
    }),
    events: packed,
    mismatches: mismatches.flatMap(({ documented, raised }) => (raised ? [[documented, raised] as [string, string]] : [])),
    limits: limits.map((limit) => [limit.group, limit.title, limit.through.python, limit.through.c, limit.narrow]),
  };
}

/** The builder's data unpacked once, as `resolvePolicy` and the writers take it. */
export interface Builder {
  versions: string[];
  events: HookEvent[];
  categories: { of: Map<string, string[]> };
  mismatches: Pick<Mismatch, 'documented' | 'raised'>[];
  /** Each category's title, by name. */
  titles: Record<string, string>;
  /** Code that raises one of a category's events in the playground, by category. */
  examples: Record<string, string>;
  limits: Pick<Limit, 'group' | 'title' | 'through' | 'narrow'>[];
}

/** The builder's data as `resolvePolicy` takes it: events with their appearances, each event's categories, the mismatched names. */
export function unpackBuilderData(data: BuilderData): Builder {
  const events = Object.entries(data.events).map(([name, [shapes, perVersion]]): HookEvent => ({
    name,
    appearances: perVersion.flatMap((code, at): HookEvent['appearances'][number][] => {
      const version = data.versions[at] ?? '';
      if (code === '') return [];
      if (code === 'u') return [{ version, listing: 'undocumented' as const, args: [], earlier: [] }];
      const [own = [], ...earlier] = code.split('.').map((index) => shapes[Number(index)] ?? []);
      return [{ version, listing: 'documented' as const, args: own, earlier: earlier.map((args) => ({ args })) }];
    }),
  }));
  const of = new Map<string, string[]>();
  for (const category of data.categories) for (const event of category.events) of.set(event, [...(of.get(event) ?? []), category.name]);
  return {
    versions: [...data.versions],
    events,
    categories: { of },
    mismatches: data.mismatches.map(([documented, raised]) => ({ documented, raised })),
    titles: Object.fromEntries(data.categories.map((category) => [category.name, category.title])),
    examples: Object.fromEntries(data.categories.flatMap((category) => (category.example ? [[category.name, category.example]] : []))),
    limits: data.limits.map(([group, title, python, c, narrow]) => ({ group, title, through: { python, c }, narrow })),
  };
}

/** The limits a policy's hook names in its header: those whose class bears on the policy, in the versions chosen. */
export function limitsFor(builder: Pick<Builder, 'limits' | 'versions'>, policy: Policy): HookLimit[] {
  const denied = new Set([...Object.entries(policy.categories), ...Object.entries(policy.events)].filter(([, action]) => action !== 'log').map(([name]) => name));
  const chosen = (versions: readonly string[]) => versionRanges(versions.filter((version) => policy.versions.includes(version)), builder.versions);
  return builder.limits
    .filter((limit) => bearsOn(limit, denied, policy.purpose))
    .map((limit) => ({ title: limit.title, python: chosen(limit.through.python), c: chosen(limit.through.c), narrow: limit.narrow }))
    .filter((limit) => limit.python !== '' || limit.c !== '');
}

/**
 * What both writers take for a policy, as the page and the build work it out: the rules, the
 * address's query and the hook's context; `page` is the builder's own address. The writers
 * themselves (`pythonHook`, `cHook`) are loaded apart, the page's only when it has a hook to write.
 */
export function planHooks(builder: Builder, policy: Policy, page: string): { rules: EventRule[]; query: string; context: HookContext } {
  const rules = resolvePolicy(policy, builder.events, builder.categories, builder.mismatches);
  const query = policyQuery(policy, builder.versions);
  const context = {
    versions: versionsInWords(policy.versions, builder.versions),
    url: query ? `${page}?${query}` : page,
    titles: builder.titles,
    nativeMemory: page.replace(/hooks\/$/, 'categories/native-memory/'),
    limitsPage: `${page}limits/`,
    limits: limitsFor(builder, policy),
  };
  return { rules, query, context };
}

/**
 * Code to try a policy on in the playground: an example of each category the policy covers (a
 * single event's first category's), each on its own, so that one refusal does not hide the next.
 */
export function tryCode(builder: Builder, policy: Policy): string {
  const covered = [...Object.keys(policy.categories), ...Object.keys(policy.events).map((event) => builder.categories.of.get(event)?.[0] ?? '')];
  const examples = [...new Set(covered)].flatMap((category) => {
    const code = builder.examples[category];
    return code ? [{ category, code }] : [];
  });
  if (examples.length === 0) return '';
  return [
    '# The hook from the builder is installed before this code: each part shows what it does to one category.',
    ...examples.flatMap(({ category, code }) => [
      '',
      `# ${builder.titles[category] ?? category}`,
      'try:',
      ...code.trimEnd().split('\n').map((line) => (line ? `    ${line}` : '')),
      'except Exception as error:',
      '    print(type(error).__name__ + ":", error)',
    ]),
    '',
  ].join('\n');
}

/** A caveat as a sentence of its own: `Denying open also stops …`. */
export const sentence = (caveat: string) => `${caveat.charAt(0).toUpperCase()}${caveat.slice(1)}.`;

/** The chosen versions in words, for a hook's comment: `3.12`, `3.11 to 3.13`, `3.8, 3.10 and 3.12`. */
export function versionsInWords(chosen: readonly string[], all: readonly string[]): string {
  const { versions, run } = versionRun(chosen, all);
  if (versions.length === 0) return 'no version';
  if (run) return `${versions[0]} to ${versions.at(-1)}`;
  return versions.length === 1 ? (versions[0] ?? '') : `${versions.slice(0, -1).join(', ')} and ${versions.at(-1)}`;
}
