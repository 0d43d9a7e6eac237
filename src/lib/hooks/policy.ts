import type { Categories } from '../views/categories';
import type { Listing, Mismatch } from '../versions/events';

/**
 * A hook policy as the builder (`/hooks/`) takes it: the CPython versions the hook must run on,
 * an action per category or single event, the allow-lists, and how it reports. Its whole state
 * travels in the address, so a policy can be shared as a link.
 */

/** What the hook does with an event: report it, refuse it, or refuse it unless an allow-list matches. */
export const ACTIONS = ['log', 'deny', 'unless'] as const;
export type Action = (typeof ACTIONS)[number];

/** The allow-lists, by what they match: path prefixes, host and port patterns, programs, module names. */
export const LIST_KINDS = ['paths', 'hosts', 'programs', 'modules'] as const;
export type ListKind = (typeof LIST_KINDS)[number];

/**
 * What a hook is for. `guard`: watch and guard code you trust (catch accidents, log activity,
 * enforce a policy on your own program). `contain`: contain code you do not trust, which shares
 * the interpreter with a Python hook: the hook also denies the events that reach its objects
 * (gc's referrers and objects, other threads' frames) and native memory.
 */
export const PURPOSES = ['guard', 'contain'] as const;
export type Purpose = (typeof PURPOSES)[number];

/** What decides a "deny unless" event: an allow-list's matcher, or, under a list of programs, the environment check. */
export type Matcher = ListKind | 'environment';

/** The allow-list a rule's matcher reads: the environment check belongs to the list of programs. */
export const listOf = (rule: Pick<EventRule, 'matcher'>): ListKind | undefined => (rule.matcher === 'environment' ? 'programs' : rule.matcher);

/** The category whose events each allow-list is about: "deny unless" is offered for these alone. */
export const LIST_OF_CATEGORY: Readonly<Record<string, ListKind>> = {
  filesystem: 'paths',
  network: 'hosts',
  process: 'programs',
  import: 'modules',
};

export interface Policy {
  purpose: Purpose;
  /** The minor versions the hook must be right in, oldest first. */
  versions: string[];
  /** Category name → action. */
  categories: Record<string, Action>;
  /** Event name → action, over its categories' actions. */
  events: Record<string, Action>;
  allow: Record<ListKind, string[]>;
  /** Every deny becomes a log line saying what would have been denied. */
  reportOnly: boolean;
  /** Where the log lines go. */
  output: 'logging' | 'stderr';
}

/** An event as the builder needs it: its name, and per version the tuples it sends (a `VersionedEvent` is one). */
export interface HookEvent {
  name: string;
  appearances: readonly { version: string; listing: Listing; args: readonly string[]; earlier: readonly { args: readonly string[] }[] }[];
}

/** One event the hook acts on, with the shapes its `args` tuple has in the chosen versions. */
export interface EventRule {
  event: string;
  action: Action;
  /** For `unless`: what decides it (an allow-list's matcher, or the environment check). */
  matcher?: Matcher;
  /** What set the action: a category's name, `event` for a choice of the event itself, `contain` or `programs` for a rule the purpose or the list of programs adds. */
  from: string;
  /** Each length of the tuple in the chosen versions, with its argument names and versions. */
  shapes: { args: string[]; versions: string[] }[];
}

const STRICTNESS: Record<Action, number> = { log: 0, unless: 1, deny: 2 };

/** An empty policy for the given versions. */
export function emptyPolicy(versions: readonly string[]): Policy {
  return { purpose: 'guard', versions: [...versions], categories: {}, events: {}, allow: { paths: [], hosts: [], programs: [], modules: [] }, reportOnly: false, output: 'stderr' };
}

/**
 * The events a policy acts on, by name: an event's own action, else the strictest of its
 * categories' (deny over deny-unless over log). Only events that some chosen version lists or
 * raises; a documented name CPython raises under another name brings that name too.
 */
export function resolvePolicy(
  policy: Policy,
  events: readonly HookEvent[],
  categories: Pick<Categories, 'of'>,
  mismatches: readonly Pick<Mismatch, 'documented' | 'raised'>[] = [],
): EventRule[] {
  const chosen = new Set(policy.versions);
  const rules: EventRule[] = [];
  for (const event of events) {
    const appearances = event.appearances.filter((a) => chosen.has(a.version));
    if (appearances.length === 0) continue;
    const own = policy.events[event.name];
    let action: Action | undefined = own;
    let from = own ? 'event' : '';
    if (!own) {
      for (const category of categories.of.get(event.name) ?? []) {
        const candidate = policy.categories[category];
        if (candidate && (action === undefined || STRICTNESS[candidate] > STRICTNESS[action])) {
          action = candidate;
          from = category;
        }
      }
    }
    if (!action) continue;
    const list = action === 'unless' ? listFor(from, categories.of.get(event.name) ?? []) : undefined;
    // Deny-unless with no allow-list that fits the event is a deny.
    const effective: Action = action === 'unless' && !list ? 'deny' : action;
    rules.push({ event: event.name, action: effective, ...(effective === 'unless' && list ? { matcher: list } : {}), from, shapes: shapesOf(appearances) });
  }
  const byName = new Map(events.map((event) => [event.name, event]));
  // Each rule the purpose or a list adds, where the policy is not already as strict.
  const add = (name: string, action: Action, from: string, matcher?: Matcher) => {
    const event = byName.get(name);
    const appearances = event?.appearances.filter((a) => chosen.has(a.version)) ?? [];
    if (appearances.length === 0) return;
    const at = rules.findIndex((rule) => rule.event === name);
    const held = rules[at];
    if (held && STRICTNESS[held.action] >= STRICTNESS[action]) return;
    const rule: EventRule = { event: name, action, ...(matcher ? { matcher } : {}), from, shapes: shapesOf(appearances) };
    if (held) rules[at] = rule;
    else rules.push(rule);
  };
  // Under a list of programs, a child's environment is part of what it runs: the variables that
  // load code into it or find its commands may not change.
  if (rules.some((rule) => rule.matcher === 'programs')) for (const name of ENVIRONMENT_EVENTS) add(name, 'unless', 'programs', 'environment');
  if (policy.purpose === 'contain') for (const name of containEvents(events, categories)) add(name, 'deny', 'contain');
  // A documented name that CPython raises under another: the hook must act on that one too.
  for (const { documented, raised } of mismatches) {
    const rule = rules.find((candidate) => candidate.event === documented);
    if (rule && raised && !rules.some((candidate) => candidate.event === raised)) rules.push({ ...rule, event: raised });
  }
  return rules.sort((a, b) => (a.event < b.event ? -1 : a.event > b.event ? 1 : 0));
}

/** The events that change this process's environment, which a child inherits. */
export const ENVIRONMENT_EVENTS = ['os.putenv', 'os.unsetenv', 'os._clearenv'] as const;

/**
 * The events a hook meant to contain code also denies: those that hand out any object (the
 * garbage collector's lists) or another thread's running frames, and native memory (every ctypes
 * event: a foreign call can remove any hook). `array.__new__`, in the native-memory category,
 * gives no pointer and stays.
 */
export const CONTAIN_EVENTS = ['gc.get_objects', 'gc.get_referrers', 'gc.get_referents', 'sys._current_frames', 'sys._current_exceptions'] as const;
function containEvents(events: readonly HookEvent[], categories: Pick<Categories, 'of'>): string[] {
  const native = events.filter((event) => event.name.startsWith('ctypes.') || (categories.of.get(event.name) ?? []).includes('native-memory')).map((event) => event.name);
  return [...CONTAIN_EVENTS, ...native.filter((name) => name !== 'array.__new__')];
}

function listFor(from: string, eventCategories: readonly string[]): ListKind | undefined {
  if (from !== 'event') return LIST_OF_CATEGORY[from];
  for (const category of eventCategories) if (LIST_OF_CATEGORY[category]) return LIST_OF_CATEGORY[category];
  return undefined;
}

// Each length of the tuple in the chosen versions (and their earlier releases), newest names first.
function shapesOf(appearances: HookEvent['appearances']): EventRule['shapes'] {
  const byLength = new Map<number, { args: string[]; versions: string[] }>();
  for (const a of [...appearances].reverse()) {
    // An undocumented event's arguments are not known: its tuple has no documented shape.
    if (a.listing === 'undocumented') continue;
    for (const args of [a.args, ...a.earlier.map((entry) => entry.args)]) {
      const shape = byLength.get(args.length);
      if (shape) {
        if (!shape.versions.includes(a.version)) shape.versions.unshift(a.version);
      } else byLength.set(args.length, { args: [...args], versions: [a.version] });
    }
  }
  return [...byLength.values()].sort((a, b) => a.args.length - b.args.length);
}

// The address: `purpose=contain`, `versions=3.11-3.13`, `log=network`, `deny=process,import`, `unless=filesystem`,
// `deny-event=os.system`, a `path=` (or `host=`, `program=`, `module=`) per allow-list entry,
// `report=1`, `output=logging`.
const LIST_PARAMS: Record<ListKind, string> = { paths: 'path', hosts: 'host', programs: 'program', modules: 'module' };

/**
 * The chosen versions in the site's order (`all`, oldest first), and whether they are one run of
 * consecutive versions, more than one: `3.11-3.13` in an address, `3.11 to 3.13` in words.
 */
export function versionRun(chosen: readonly string[], all: readonly string[]): { versions: string[]; run: boolean } {
  const versions = all.filter((version) => chosen.includes(version));
  const first = all.indexOf(versions[0] ?? '');
  return { versions, run: versions.length > 1 && versions.every((version, at) => all[first + at] === version) };
}

/** The policy as the query string of `/hooks/`: the same policy comes back from `parsePolicy`. */
export function policyQuery(policy: Policy, all: readonly string[]): string {
  const params = new URLSearchParams();
  const { versions, run } = versionRun(policy.versions, all);
  if (policy.purpose !== 'guard') params.set('purpose', policy.purpose);
  if (versions.length !== all.length) params.set('versions', run ? `${versions[0]}-${versions.at(-1)}` : versions.join(','));
  for (const action of ACTIONS) {
    const names = Object.keys(policy.categories).filter((name) => policy.categories[name] === action).sort();
    if (names.length > 0) params.set(action, names.join(','));
    const events = Object.keys(policy.events).filter((name) => policy.events[name] === action).sort();
    if (events.length > 0) params.set(`${action}-event`, events.join(','));
  }
  for (const kind of LIST_KINDS) for (const entry of policy.allow[kind]) params.append(LIST_PARAMS[kind], entry);
  if (policy.reportOnly) params.set('report', '1');
  if (policy.output !== 'stderr') params.set('output', policy.output);
  return params.toString();
}

/**
 * A policy from the query string of `/hooks/`, against the versions, categories and events the
 * site knows: unknown names and values are left out, never guessed.
 */
export function parsePolicy(query: string, all: readonly string[], knownCategories: ReadonlySet<string>, knownEvents: ReadonlySet<string>): Policy {
  const params = new URLSearchParams(query);
  const policy = emptyPolicy(all);
  policy.purpose = params.get('purpose') === 'contain' ? 'contain' : 'guard';
  const versions = params.get('versions');
  if (versions) {
    const range = /^(\d+\.\d+)-(\d+\.\d+)$/.exec(versions);
    const from = range ? all.indexOf(range[1] ?? '') : -1;
    const to = range ? all.indexOf(range[2] ?? '') : -1;
    const picked = range ? (from !== -1 && to >= from ? all.slice(from, to + 1) : []) : versions.split(',').filter((version) => all.includes(version));
    if (picked.length > 0) policy.versions = all.filter((version) => picked.includes(version));
  }
  for (const action of ACTIONS) {
    for (const name of (params.get(action) ?? '').split(',')) if (knownCategories.has(name)) policy.categories[name] = action;
    for (const name of (params.get(`${action}-event`) ?? '').split(',')) if (knownEvents.has(name)) policy.events[name] = action;
  }
  for (const kind of LIST_KINDS) policy.allow[kind] = params.getAll(LIST_PARAMS[kind]).filter((entry) => entry !== '');
  policy.reportOnly = params.get('report') === '1';
  policy.output = params.get('output') === 'logging' ? 'logging' : 'stderr';
  return policy;
}
