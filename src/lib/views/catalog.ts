import { argumentEras, byName, mismatches, successorOf, tableCounts, type Mismatch, type Version, type VersionChanges, type VersionedEvent } from '../versions/events';

/** The events of one module, by name. */
export interface ModuleGroup {
  name: string;
  events: VersionedEvent[];
}

/** One event that carries an argument: where in its `args` tuple, and in which versions. */
export interface ArgumentUse {
  event: VersionedEvent;
  position: number;
  versions: string[];
}

/** An argument name and every event that carries it, by event name. */
export interface ArgumentGroup {
  name: string;
  uses: ArgumentUse[];
}

/** An argument an event carries: the first of the other events that carry one of that name, and how many do. */
export interface SharedArgument extends ArgumentGroup {
  count: number;
}

/** Every event of every version and the views the site shows of them. */
export interface Catalog {
  /** Oldest first. */
  versions: Version[];
  /** By name, as the docs' table sorts them. */
  events: VersionedEvent[];
  /** The same events, looked up by name: a page asks this rather than walking every event. */
  byName: Map<string, VersionedEvent>;
  /** How many events each listing counts, every version's together. */
  counts: Record<VersionedEvent['listing'], number>;
  /** How many events each version's docs table lists, and how many the tables list in all: the version picker's figures. */
  tables: ReturnType<typeof tableCounts>;
  modules: ModuleGroup[];
  arguments: ArgumentGroup[];
  /** The same groups, looked up by argument name. */
  argumentsByName: Map<string, ArgumentGroup>;
  /** The newest version that is not a pre-release: the one a visitor most likely runs. */
  newestStable: Version | undefined;
  /** Removed events and the events that took over from them (`ctypes.seh_exception` → `ctypes.set_exception`). */
  successors: Map<string, VersionedEvent>;
  /** The other way round: an event and the removed one it took over from. */
  predecessors: Map<string, VersionedEvent>;
  /** Documented names no scanned release raises, with the name raised instead. */
  mismatches: Mismatch[];
  /** Every release the history read the docs of, and every release whose source it scanned, oldest first. */
  scanned: { docs: string[]; code: string[] };
  /** What changed within each version, from an earlier release the data keeps to the next (`3.14.6` to `3.14.10`). */
  withinVersions: VersionChanges[];
}

/** Groups the events by module and by argument; each argument use says in which versions it exists. */
export function buildCatalog(events: VersionedEvent[], versions: Version[], scanned: Catalog['scanned'] = { docs: [], code: [] }, withinVersions: VersionChanges[] = []): Catalog {
  const modules = new Map<string, ModuleGroup>();
  const args = new Map<string, Map<string, ArgumentUse>>();
  for (const event of events) {
    const group = modules.get(event.module) ?? { name: event.module, events: [] };
    group.events.push(event);
    modules.set(event.module, group);
    for (const era of argumentEras(event)) {
      era.args.forEach((name, position) => {
        const uses = args.get(name) ?? new Map<string, ArgumentUse>();
        const key = `${event.name}\u0000${position}`;
        const use = uses.get(key) ?? { event, position, versions: [] };
        use.versions.push(...era.versions);
        uses.set(key, use);
        args.set(name, uses);
      });
    }
  }
  const successors = new Map<string, VersionedEvent>();
  const predecessors = new Map<string, VersionedEvent>();
  for (const event of events) {
    const successor = successorOf(events, event, versions);
    if (!successor) continue;
    successors.set(event.name, successor);
    predecessors.set(successor.name, event);
  }
  const counts: Catalog['counts'] = { documented: 0, internal: 0, undocumented: 0 };
  for (const event of events) counts[event.listing] += 1;
  const groups = [...args.entries()].map(([name, uses]) => ({ name, uses: [...uses.values()] })).sort((a, b) => a.name.localeCompare(b.name, 'en'));
  return {
    versions,
    events,
    byName: new Map(events.map((event) => [event.name, event])),
    counts,
    tables: tableCounts(events, versions),
    modules: [...modules.values()].sort((a, b) => byName(a.name, b.name)),
    arguments: groups,
    argumentsByName: new Map(groups.map((group) => [group.name, group])),
    newestStable: versions.filter((version) => version.status === 'stable').at(-1),
    successors,
    predecessors,
    mismatches: mismatches(events),
    scanned,
    withinVersions,
  };
}

/** The event a removed one became, and the one a renamed event used to be. */
export function renames(catalog: Catalog, event: VersionedEvent): { successor: VersionedEvent | undefined; predecessor: VersionedEvent | undefined } {
  return { successor: catalog.successors.get(event.name), predecessor: catalog.predecessors.get(event.name) };
}

/** The events before and after `event` in name order. */
export function neighbours<E>(events: readonly E[], event: E): { previous: E | undefined; next: E | undefined } {
  const index = events.indexOf(event);
  return { previous: events[index - 1], next: events[index + 1] };
}

/**
 * For each argument `event` has carried in any version, the other events that carry one of that
 * name: the first `limit` of them, and how many there are. An event page shows a few of thousands
 * (`path` at 10,000 events), so only those are walked.
 */
export function sharedArguments(catalog: Catalog, event: VersionedEvent, limit = Infinity): SharedArgument[] {
  const eras = argumentEras(event);
  const names = [...new Set(eras.flatMap((era) => era.args))];
  return names.flatMap((name) => {
    const uses = catalog.argumentsByName.get(name)?.uses ?? [];
    // The event's own uses of the name: one per position it has carried it at (buildCatalog's key).
    const own = new Set(eras.flatMap((era) => era.args.flatMap((arg, position) => (arg === name ? [position] : [])))).size;
    const others: ArgumentUse[] = [];
    for (const use of uses) {
      if (others.length >= limit) break;
      if (use.event !== event) others.push(use);
    }
    const count = uses.length - own;
    return count > 0 ? [{ name, uses: others, count }] : [];
  });
}

/** The other events of the module `event` belongs to. */
export function moduleSiblings(catalog: Catalog, event: VersionedEvent): VersionedEvent[] {
  const group = catalog.modules.find((module) => module.name === event.module);
  return (group?.events ?? []).filter((other) => other !== event);
}
