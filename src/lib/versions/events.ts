import { moduleOf } from '../names/naming';
import type { Version } from './ranges';
import { editDistance } from '../names/nearest';
import type { SourcedEvent, LinkedReference } from '../seed/references';
import { docsUrl } from '../seed/references';
import { compareReleases, compareVersions, VersionDataError, type HistoryEntry, type HistoryFile, type RaiseSite, type VersionFile } from './schema';

/**
 * How one minor version knows an event: in its docs' audit events table, in the docs' separate
 * table of events "raised internally", or only in its source (raised, but listed in neither).
 */
export type Listing = 'documented' | 'internal' | 'undocumented';

export { rangeInWords, type Version } from './ranges';

/** An event as one version has it. */
export interface Appearance {
  version: string;
  listing: Listing;
  /** Its place in that version's list (the internal table keeps the docs' hand-written order). */
  position: number;
  /** The names of the hook's `args`, in order; empty for an undocumented event (nothing says). */
  args: string[];
  /** Other spellings of an argument in that version's docs: the same argument. */
  synonyms: Record<string, string[]>;
  /** Where that version's docs raise it, linked into that version's docs. */
  references: LinkedReference[];
  /** Where that version's source raises it; undefined where the source was not scanned. */
  raisedAt: RaiseSite[] | undefined;
  /** Earlier releases of that version whose same table gave other arguments (`3.14.6`: `pid`), oldest first. */
  earlier: EarlierArguments[];
}

/** The arguments an earlier release of a version listed for an event, where they differ from the version's own. */
export interface EarlierArguments {
  release: string;
  args: string[];
  synonyms: Record<string, string[]>;
}

/** An event across every version: the one record an event's page, index row and data come from. */
export interface VersionedEvent {
  name: string;
  module: string;
  /** Documented if any version's main table lists it; else internal if any internal table does. */
  listing: Listing;
  /** The arguments of the newest version that lists it; empty for an undocumented event. */
  args: string[];
  /** One per version that lists or raises it, oldest first. */
  appearances: Appearance[];
  /** First and last releases that document and raise it, to the patch release. */
  history: HistoryEntry | undefined;
}

/** A run of consecutive versions in which an event has the same arguments, up to synonyms. */
export interface ArgumentEra {
  versions: string[];
  args: string[];
  synonyms: Record<string, string[]>;
}

/** What happened to one argument position from one era to the next. */
export type ArgumentChange = { kind: 'same' } | { kind: 'added' } | { kind: 'renamed'; from: string } | { kind: 'removed'; from: string };

/** What changed in the tables from one version to the next. */
export interface VersionChanges {
  from: string;
  to: string;
  added: string[];
  removed: string[];
  /** Events in both whose arguments differ (synonyms are not a difference). */
  changed: { name: string; before: string[]; after: string[] }[];
  internalAdded: string[];
  internalRemoved: string[];
}

/** The arguments one minor version's tables (main or internal) list for an event; undefined where neither lists it. */
export function listedArguments(event: VersionedEvent | undefined, version: string): string[] | undefined {
  return event?.appearances.find((a) => a.version === version && a.listing !== 'undocumented')?.args;
}

/** The site's versions from a set of version files, oldest first. */
export function versionsOf(files: readonly VersionFile[]): Version[] {
  return [...files]
    .sort((a, b) => compareVersions(a.version, b.version))
    .map((file) => ({
      version: file.version,
      release: file.release,
      status: file.status,
      docsBaseUrl: file.docs_base_url,
      codeRelease: file.code_release,
    }));
}

/** Python's order of strings (by code point), the docs' table order. */
export function byName(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Every event of every version, by name: what each version lists or raises, and its history.
 * Names the history knows from releases no version file covers (raised in 3.8.0 only) are
 * undocumented events with no appearance.
 */
export function versionedEvents(files: readonly VersionFile[], history?: HistoryFile, releases: readonly VersionFile[] = []): VersionedEvent[] {
  const versions = [...files].sort((a, b) => compareVersions(a.version, b.version));
  // What earlier releases of each version listed, by version, then event name.
  const earlierRows = new Map<string, { release: string; rows: Map<string, TableRow> }[]>();
  for (const file of [...releases].sort((a, b) => compareReleases(a.release, b.release))) {
    const list = earlierRows.get(file.version) ?? [];
    list.push({ release: file.release, rows: new Map(tableRows(file).map((row) => [row.name, row])) });
    earlierRows.set(file.version, list);
  }
  const earlier = (version: string, name: string, listing: Listing, args: string[], synonyms: Record<string, string[]>): EarlierArguments[] =>
    (earlierRows.get(version) ?? []).flatMap(({ release, rows }) => {
      const row = rows.get(name);
      return row && row.listing === listing && !sameArguments(row.args, args, row.synonyms, synonyms) ? [{ release, args: row.args, synonyms: row.synonyms }] : [];
    });
  const found = new Map<string, Appearance[]>();
  const add = (name: string, appearance: Appearance) => {
    const list = found.get(name) ?? [];
    list.push(appearance);
    found.set(name, list);
  };
  for (const file of versions) {
    const version = file.version;
    file.events.forEach((event, position) => {
      const synonyms = event.arg_synonyms ?? {};
      add(event.name, {
        version,
        listing: 'documented',
        position,
        args: event.args,
        synonyms,
        references: event.references.map((reference) => ({ ...reference, url: docsUrl(file.docs_base_url, reference) })),
        raisedAt: event.raised_at,
        earlier: earlier(version, event.name, 'documented', event.args, synonyms),
      });
    });
    file.internal_events.forEach((event, position) => {
      add(event.name, { version, listing: 'internal', position, args: event.args, synonyms: {}, references: [], raisedAt: event.raised_at, earlier: earlier(version, event.name, 'internal', event.args, {}) });
    });
    file.undocumented_events.forEach((event, position) => {
      add(event.name, { version, listing: 'undocumented', position, args: [], synonyms: {}, references: [], raisedAt: event.raised_at, earlier: [] });
    });
  }
  for (const name of Object.keys(history?.events ?? {})) if (!found.has(name)) found.set(name, []);
  return [...found.entries()]
    .sort(([a], [b]) => byName(a, b))
    .map(([name, appearances]) => {
      const listing: Listing = appearances.some((a) => a.listing === 'documented')
        ? 'documented'
        : appearances.some((a) => a.listing === 'internal')
          ? 'internal'
          : 'undocumented';
      const newest = appearances.filter((a) => a.listing === listing).at(-1);
      return { name, module: moduleOf(name), listing, args: newest?.args ?? [], appearances, history: history?.events[name] };
    });
}

/** The events one version lists in one way, each with how it has them, in that version's own order. */
export function versionList(events: readonly VersionedEvent[], version: string, listing: Listing): { event: VersionedEvent; appearance: Appearance }[] {
  return events
    .flatMap((event) => {
      const appearance = event.appearances.find((a) => a.version === version && a.listing === listing);
      return appearance ? [{ event, appearance }] : [];
    })
    .sort((a, b) => a.appearance.position - b.appearance.position);
}

/** How an earlier release of a version listed an event's arguments otherwise than its newest release. */
export interface EarlierShape {
  version: Version;
  /** The releases the data keeps that list `args`, oldest first. */
  releases: string[];
  args: string[];
  /** The arguments the version's newest release lists. */
  now: string[];
  /** The releases between the last of `releases` and the newest, which were not read: `3.13.16 and 3.13.17`, or `the releases between`; empty where there are none. */
  unread: string;
}

/** Each version's earlier shapes of an event's arguments, the releases of one shape together. */
export function earlierShapes(event: VersionedEvent, versions: readonly Version[]): EarlierShape[] {
  return event.appearances.flatMap((appearance) => {
    const version = versions.find((candidate) => candidate.version === appearance.version);
    if (!version) return [];
    const shapes: EarlierShape[] = [];
    for (const entry of appearance.earlier) {
      const held = shapes.find((shape) => shape.args.join(',') === entry.args.join(','));
      if (held) held.releases.push(entry.release);
      else shapes.push({ version, releases: [entry.release], args: [...entry.args], now: [...appearance.args], unread: '' });
    }
    for (const shape of shapes) shape.unread = unreadBetween(shape.releases.at(-1) ?? '', version.release);
    return shapes;
  });
}

// The releases between two of one minor version, as words; none where they follow each other.
function unreadBetween(from: string, to: string): string {
  const finals = /^(\d+\.\d+)\.(\d+)$/;
  const [a, b] = [finals.exec(from), finals.exec(to)];
  if (!a || !b || a[1] !== b[1]) return 'the releases between';
  const missing = [];
  for (let patch = Number(a[2]) + 1; patch < Number(b[2]); patch++) missing.push(`${a[1]}.${patch}`);
  return missing.length <= 2 ? missing.join(' and ') : `${missing[0]} to ${missing.at(-1)}`;
}

/** The versions whose main table lists the event. */
export function documentedIn(event: VersionedEvent): string[] {
  return event.appearances.filter((a) => a.listing === 'documented').map((a) => a.version);
}

/** The versions whose docs list the event in either table. */
export function listedIn(event: VersionedEvent): string[] {
  return event.appearances.filter((a) => a.listing !== 'undocumented').map((a) => a.version);
}

/** The versions whose scanned source raises the event under this name. */
export function raisedIn(event: VersionedEvent): string[] {
  return event.appearances.filter((a) => (a.raisedAt?.length ?? 0) > 0).map((a) => a.version);
}

/**
 * The appearance whose docs the site links for an event: the newest stable version that lists it,
 * or the newest pre-release where only a pre-release does.
 */
export function docsListing(event: VersionedEvent, versions: readonly Version[]): Appearance | undefined {
  const listings = event.appearances.filter((a) => a.listing !== 'undocumented');
  const stable = new Set(versions.filter((version) => version.status === 'stable').map((version) => version.version));
  return listings.filter((a) => stable.has(a.version)).at(-1) ?? listings.at(-1);
}

/** How many events each version's main table lists, and how many any version lists. */
export function tableCounts(events: readonly VersionedEvent[], versions: readonly Version[]): { all: number; byVersion: Map<string, number> } {
  const byVersion = new Map(versions.map((version) => [version.version, 0]));
  let all = 0;
  for (const event of events) {
    if (event.listing === 'documented') all++;
    for (const a of event.appearances) if (a.listing === 'documented') byVersion.set(a.version, (byVersion.get(a.version) ?? 0) + 1);
  }
  return { all, byVersion };
}

/** Whether two argument lists name the same values in the same order, up to either side's synonyms. */
export function sameArguments(
  a: readonly string[],
  b: readonly string[],
  synonymsA: Record<string, string[]> = {},
  synonymsB: Record<string, string[]> = {},
): boolean {
  return a.length === b.length && a.every((name, at) => sameArgument(name, b[at] ?? '', synonymsA, synonymsB));
}

function sameArgument(a: string, b: string, synonymsA: Record<string, string[]>, synonymsB: Record<string, string[]>): boolean {
  const spellings = (name: string, synonyms: Record<string, string[]>) => [name, ...(synonyms[name] ?? [])];
  const left = spellings(a, synonymsA);
  return spellings(b, synonymsB).some((spelling) => left.includes(spelling));
}

/** The runs of versions in which the docs give an event the same arguments, oldest first. */
export function argumentEras(event: VersionedEvent): ArgumentEra[] {
  const eras: ArgumentEra[] = [];
  for (const appearance of event.appearances) {
    if (appearance.listing === 'undocumented') continue;
    const era = eras.at(-1);
    if (era && sameArguments(era.args, appearance.args, era.synonyms, appearance.synonyms)) {
      era.versions.push(appearance.version);
      // The newest spelling names the era, as the files' own `args` do.
      era.args = appearance.args;
      era.synonyms = mergeSynonyms(era.synonyms, appearance.synonyms);
    } else {
      eras.push({ versions: [appearance.version], args: appearance.args, synonyms: appearance.synonyms });
    }
  }
  return eras;
}

function mergeSynonyms(a: Record<string, string[]>, b: Record<string, string[]>): Record<string, string[]> {
  const merged: Record<string, string[]> = { ...a };
  for (const [arg, spellings] of Object.entries(b)) merged[arg] = [...new Set([...(merged[arg] ?? []), ...spellings])];
  return merged;
}

/** What happened at each position of `after`'s arguments since `before`, and to the positions it lost. */
export function argumentChanges(before: ArgumentEra, after: ArgumentEra): ArgumentChange[] {
  const length = Math.max(before.args.length, after.args.length);
  return Array.from({ length }, (_, at): ArgumentChange => {
    const old = before.args[at];
    const now = after.args[at];
    if (old === undefined) return { kind: 'added' };
    if (now === undefined) return { kind: 'removed', from: old };
    return sameArgument(old, now, before.synonyms, after.synonyms) ? { kind: 'same' } : { kind: 'renamed', from: old };
  });
}

/** An event as one table lists it, for comparing two tables. */
interface TableRow {
  name: string;
  listing: Listing;
  args: string[];
  synonyms: Record<string, string[]>;
}

// The rows of a version file's two tables (events raised but listed in neither are no rows).
function tableRows(file: Pick<VersionFile, 'events' | 'internal_events'>): TableRow[] {
  return [
    ...file.events.map((event) => ({ name: event.name, listing: 'documented' as const, args: event.args, synonyms: event.arg_synonyms ?? {} })),
    ...file.internal_events.map((event) => ({ name: event.name, listing: 'internal' as const, args: event.args, synonyms: {} })),
  ];
}

// What changed from one table to another: one comparison for two versions, and for two releases of one.
function compareTables(from: string, to: string, names: readonly string[], before: (name: string) => TableRow | undefined, after: (name: string) => TableRow | undefined): VersionChanges {
  const changes: VersionChanges = { from, to, added: [], removed: [], changed: [], internalAdded: [], internalRemoved: [] };
  for (const name of names) {
    const old = before(name);
    const now = after(name);
    const was = old?.listing;
    const is = now?.listing;
    if (is === 'documented' && was !== 'documented') changes.added.push(name);
    if (was === 'documented' && is !== 'documented') changes.removed.push(name);
    if (is === 'internal' && was !== 'internal') changes.internalAdded.push(name);
    if (was === 'internal' && is !== 'internal') changes.internalRemoved.push(name);
    if (old && now && was === is && !sameArguments(old.args, now.args, old.synonyms, now.synonyms)) {
      changes.changed.push({ name, before: old.args, after: now.args });
    }
  }
  return changes;
}

/** What changed between two versions' tables, each list in table order. */
export function versionChanges(events: readonly VersionedEvent[], from: string, to: string): VersionChanges {
  const named = new Map(events.map((event) => [event.name, event]));
  const row = (version: string) => (name: string) => {
    const appearance = named.get(name)?.appearances.find((a) => a.version === version && a.listing !== 'undocumented');
    return appearance && { name, listing: appearance.listing, args: appearance.args, synonyms: appearance.synonyms };
  };
  return compareTables(from, to, [...named.keys()], row(from), row(to));
}

/** What changed from one file's tables to another's, each list in name order; from no file, every event is added. */
export function tableChanges(before: Pick<VersionFile, 'release' | 'events' | 'internal_events'> | undefined, after: Pick<VersionFile, 'release' | 'events' | 'internal_events'>): VersionChanges {
  const old = new Map((before ? tableRows(before) : []).map((row) => [row.name, row]));
  const now = new Map(tableRows(after).map((row) => [row.name, row]));
  const names = [...new Set([...old.keys(), ...now.keys()])].sort(byName);
  return compareTables(before?.release ?? '', after.release, names, (name) => old.get(name), (name) => now.get(name));
}

/**
 * What changed within each version, from each earlier release the data keeps to the next and
 * on to the version's own (`3.14.6` to `3.14.10`), each list in name order.
 */
export function releaseChanges(files: readonly VersionFile[], releases: readonly VersionFile[]): VersionChanges[] {
  return [...files]
    .sort((a, b) => compareVersions(a.version, b.version))
    .flatMap((file) => {
      const chain = [...releases.filter((release) => release.version === file.version).sort((a, b) => compareReleases(a.release, b.release)), file];
      return chain.slice(1).map((after, at) => tableChanges(chain[at], after));
    });
}

/**
 * The event that took over from a removed one: documented from the very version that dropped it,
 * in the same module, and raised from the same place in the docs (`ctypes.seh_exception` became
 * `ctypes.set_exception` in 3.12). Undefined for an event still documented, or simply removed.
 */
export function successorOf(events: readonly VersionedEvent[], event: VersionedEvent, all: readonly Version[]): VersionedEvent | undefined {
  const last = event.appearances.filter((a) => a.listing === 'documented').at(-1);
  if (!last) return undefined;
  const next = all[all.findIndex((version) => version.version === last.version) + 1]?.version;
  if (next === undefined || documentedIn(event).includes(next)) return undefined;
  const places = new Set(last.references.map((reference) => `${reference.page}#${reference.anchor}`));
  return events.find((other) => {
    if (other === event || other.module !== event.module) return false;
    const first = other.appearances.find((a) => a.listing === 'documented');
    return first?.version === next && first.references.some((reference) => places.has(`${reference.page}#${reference.anchor}`));
  });
}

/** A documented name that the scanned source never raises, and the raised name nearest to it. */
export interface Mismatch {
  documented: string;
  /** The nearest name those versions raise; undefined when none is within a few edits. */
  raised: string | undefined;
  /** The scanned versions that document the name and raise none by it. */
  versions: string[];
}

/**
 * The documented events that no scanned release raises under that name, each with the nearest
 * name those releases do raise (`sys.set_asyncgen_hooks_firstiter` is documented; the code raises
 * `sys.set_asyncgen_hook_firstiter`). Derived from the data: versions whose source was not scanned
 * say nothing either way, and a name the history saw raised in any release is no mismatch.
 */
export function mismatches(events: readonly VersionedEvent[]): Mismatch[] {
  const found: Mismatch[] = [];
  for (const event of events) {
    const scanned = event.appearances.filter((a) => a.listing === 'documented' && a.raisedAt !== undefined);
    if (scanned.length === 0 || scanned.some((a) => (a.raisedAt?.length ?? 0) > 0)) continue;
    if (event.history?.first_raised) continue;
    const versions = scanned.map((a) => a.version);
    const raisedThere = events.filter((other) => other.appearances.some((a) => versions.includes(a.version) && (a.raisedAt?.length ?? 0) > 0));
    // A few edits, more for longer names: a letter dropped or doubled, a word's plural.
    const budget = Math.max(2, Math.floor(event.name.length / 8));
    const nearest = raisedThere
      .map((other) => ({ name: other.name, distance: editDistance(event.name, other.name, budget) }))
      .filter(({ distance }) => distance <= budget)
      .sort((a, b) => a.distance - b.distance || byName(a.name, b.name))[0];
    found.push({ documented: event.name, raised: nearest?.name, versions });
  }
  return found;
}

/**
 * Checks the shared data against the docs' own published 3.8.0 table: each of its events must be
 * in the 3.8 file with the same arguments, up to that file's synonyms, and at least as many
 * references. Throws naming the event and both values.
 */
export function checkSeed(seed: readonly SourcedEvent[], file: VersionFile, files: { table: string; version: string }): void {
  const listed = new Map(file.events.map((event) => [event.name, event]));
  const args = (names: readonly string[]) => (names.length === 0 ? 'no arguments' : `the arguments (${names.join(', ')})`);
  for (const event of seed) {
    const where = `${files.table}:${event.line}`;
    const other = listed.get(event.name);
    if (!other) throw new VersionDataError(files.version, event.name, `missing, but ${where} lists it`);
    if (!sameArguments(event.args, other.args, {}, other.arg_synonyms ?? {})) {
      throw new VersionDataError(files.version, event.name, `has ${args(other.args)}, but ${where} has ${args(event.args)}`);
    }
    if (other.references.length < event.sources.length) {
      throw new VersionDataError(
        files.version,
        event.name,
        `has ${other.references.length} references, but ${where} has ${event.sources.length}`,
      );
    }
  }
}

/** Whether a raise site is C (`PySys_Audit()`) or Python (`sys.audit()`), by its file. */
export function siteLanguage(site: Pick<RaiseSite, 'file'>): 'C' | 'Python' {
  return site.file.endsWith('.py') ? 'Python' : 'C';
}

/** The address of a raise site's line in CPython's repository, at the release's tag. */
export function siteUrl(release: string, site: Pick<RaiseSite, 'file' | 'line'>): string {
  return `https://github.com/python/cpython/blob/v${release}/${site.file}#L${site.line}`;
}

/** One place CPython raises an event (a file and the function around the call), and its line in each release. */
export interface SiteRow {
  file: string;
  function: string;
  language: 'C' | 'Python';
  /** Release → the lines of the calls there (a function may raise an event more than once). */
  lines: Map<string, number[]>;
}

/**
 * An event's raise sites across the scanned releases: the newest release's sites, and for older
 * releases one row per distinct site (file and function) with its line in each release, so that a
 * site that only moved is shown once rather than once per release.
 */
export function raiseSites(event: VersionedEvent, versions: readonly Version[]): { newest: { release: string; sites: RaiseSite[] } | undefined; releases: string[]; rows: SiteRow[] } {
  const scanned = event.appearances.flatMap((a) => {
    const release = versions.find((version) => version.version === a.version)?.codeRelease;
    return release && a.raisedAt && a.raisedAt.length > 0 ? [{ release, sites: a.raisedAt }] : [];
  });
  const rows = new Map<string, SiteRow>();
  for (const { release, sites } of scanned) {
    for (const site of sites) {
      const key = `${site.file}\u0000${site.function}`;
      const row = rows.get(key) ?? { file: site.file, function: site.function, language: siteLanguage(site), lines: new Map<string, number[]>() };
      row.lines.set(release, [...(row.lines.get(release) ?? []), site.line]);
      rows.set(key, row);
    }
  }
  return { newest: scanned.at(-1), releases: scanned.map((entry) => entry.release), rows: [...rows.values()] };
}
