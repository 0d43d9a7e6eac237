import type { Catalog } from './catalog';
import { compareReleases } from './ranges';
import type { SearchSource } from './search';
import { eventHook, type HookShape, type HookTarget } from './snippet';
import {
  argumentEras,
  documentedIn,
  listedIn,
  rangeInWords,
  raisedIn,
  type Mismatch,
  type Version,
  type VersionedEvent,
} from './versions';

/**
 * Where an event stands, for the sentence at the top of its page and the marks beside its name:
 * documented in the newest version, no longer documented, listed only as raised internally, or
 * raised but listed nowhere.
 */
export type Standing = 'current' | 'removed' | 'internal' | 'undocumented';

/** An event's standing, and the versions behind it in words. */
export interface EventStatus {
  standing: Standing;
  /** The versions whose docs list it (either table), in words; for an undocumented event, those that raise it. */
  range: string;
  /** The first version that no longer lists it, for a removed event. */
  removedIn: string | undefined;
}

/** An event's standing across the site's versions. */
export function eventStatus(event: VersionedEvent, versions: readonly Version[]): EventStatus {
  const newest = versions.at(-1)?.version;
  if (event.listing === 'undocumented') {
    // Raised ranges count only the versions whose source was scanned: the others say nothing.
    const scanned = versions.filter((version) => version.codeRelease !== null);
    const raised = raisedIn(event);
    return { standing: 'undocumented', range: raised.length === 0 ? 'no version shown here (only early releases)' : rangeInWords(raised, scanned), removedIn: undefined };
  }
  const listed = event.listing === 'documented' ? documentedIn(event) : listedIn(event);
  const range = rangeInWords(listed, versions);
  if (event.listing === 'internal') return { standing: 'internal', range, removedIn: undefined };
  const last = versions.findIndex((version) => version.version === listed.at(-1));
  const removedIn = listed.at(-1) === newest ? undefined : versions[last + 1]?.version;
  return { standing: removedIn ? 'removed' : 'current', range, removedIn };
}

/** The version range an event is listed in, in words, as the index and search show beside it. */
export function rangeOf(event: VersionedEvent, versions: readonly Version[]): string {
  return eventStatus(event, versions).range;
}

/**
 * The shapes of an event's `args` tuple for its hook, one per length: where two versions send as
 * many values under other names (`ctypes.string_at`: `address`, then `ptr`), the newest names
 * serve both and a note gives the old ones.
 */
export function hookShapes(event: VersionedEvent, versions: readonly Version[]): HookShape[] {
  const byLength = new Map<number, { versions: string[]; args: string[]; older: string[][] }>();
  for (const era of argumentEras(event)) {
    const shape = byLength.get(era.args.length);
    if (shape) {
      shape.older.push(shape.args);
      shape.versions.push(...era.versions);
      shape.args = era.args;
    } else {
      byLength.set(era.args.length, { versions: [...era.versions], args: era.args, older: [] });
    }
  }
  return [...byLength.values()].map((shape) => {
    const renamed = shape.older.flatMap((older) =>
      older.flatMap((name, at) => (name !== shape.args[at] ? [`args[${at}] was called ${name}`] : [])),
    );
    const since = shape.older.length > 0 ? firstWithArgs(event, shape.args) : undefined;
    return {
      args: shape.args,
      versions: rangeInWords(shape.versions, versions, { removal: false }),
      ...(renamed.length > 0 ? { note: `${[...new Set(renamed)].join(', ')} before ${since}` } : {}),
    };
  });
}

// The first version whose docs give these very names.
function firstWithArgs(event: VersionedEvent, args: readonly string[]): string | undefined {
  return event.appearances.find((a) => a.listing !== 'undocumented' && a.args.join() === args.join())?.version;
}

/** What an event's hook checks for: its own name, or also the name CPython raises instead. */
export function hookTarget(event: VersionedEvent, found: readonly Mismatch[], versions: readonly Version[]): HookTarget {
  const mismatch = found.find((pair) => pair.documented === event.name);
  if (!mismatch?.raised) return { name: event.name };
  const releases = versions.filter((version) => mismatch.versions.includes(version.version)).map((version) => version.codeRelease ?? version.release);
  const span = releases.length > 1 ? `${releases[0]} to ${releases.at(-1)}` : (releases[0] ?? 'any scanned release');
  return { name: event.name, raisedAs: { name: mismatch.raised, versions: span } };
}

/**
 * The audit hook an event's page offers: right for every version's shape of `args`; for a
 * documented name CPython never raises, checking the raised name too; for the raised side of such
 * a pair, reading `args` as its documented twin's docs say.
 */
export function hookFor(event: VersionedEvent, catalog: Pick<Catalog, 'events' | 'versions' | 'mismatches'>): string {
  const mismatch = catalog.mismatches.find((pair) => pair.raised === event.name);
  const twin = mismatch ? catalog.events.find((other) => other.name === mismatch.documented) : undefined;
  return eventHook(hookTarget(event, catalog.mismatches, catalog.versions), hookShapes(twin ?? event, catalog.versions));
}

/** What the search knows of an event: the versions its listing counts, every API any version names, every spelling. */
export function searchSource(event: VersionedEvent): SearchSource {
  return {
    name: event.name,
    args: event.args,
    versions: event.listing === 'documented' ? documentedIn(event) : event.listing === 'internal' ? listedIn(event) : raisedIn(event),
    listing: event.listing,
    // Newest first: an API a later version renamed is still found.
    apis: [...new Set(event.appearances.toReversed().flatMap((a) => a.references.map((reference) => reference.api)))],
    synonyms: [...new Set(event.appearances.flatMap((a) => Object.values(a.synonyms).flat()))],
    eras: argumentEras(event),
  };
}

/** The releases the history covers: those whose docs were read, and those whose source was scanned. */
export interface Scanned {
  docs: readonly string[];
  code: readonly string[];
}

/** When an event began and stopped being raised and documented, to the patch release, in words. */
export interface SinceWhen {
  /** "raised since 3.8.0 · documented since 3.8.7 · last raised in 3.12.6" */
  summary: string[];
  /** A sentence where raising and documenting differ, or where a patch release added the event. */
  notes: string[];
}

/**
 * An event's history in words: since when CPython raises it and the docs list it, to the patch
 * release, with a sentence where the two differ, because a hook sees an event from the release
 * that raises it, documented or not.
 */
export function sinceWhen(event: VersionedEvent, scanned: Scanned): SinceWhen | undefined {
  const history = event.history;
  if (!history) return undefined;
  const newestCode = scanned.code.at(-1);
  const newestDocs = scanned.docs.at(-1);
  const summary: string[] = [];
  const notes: string[] = [];
  const { first_raised: raised, first_documented: documented, last_raised: lastRaised, last_documented: lastDocumented } = history;
  if (raised) summary.push(`raised since ${raised}`);
  else summary.push(newestCode ? `never raised under this name by ${scanned.code[0]} to ${newestCode}` : 'no source scanned');
  summary.push(documented ? `documented since ${documented}` : 'never documented');
  if (lastRaised && lastRaised !== newestCode) summary.push(`last raised in ${lastRaised}`);
  if (lastDocumented && lastDocumented !== newestDocs) summary.push(`last documented in ${lastDocumented}`);

  const before = (release: string, list: readonly string[]) => list[list.indexOf(release) - 1];
  if (raised && documented && raised !== documented) {
    const first = compareReleases(raised, documented) < 0;
    if (first) {
      notes.push(
        `CPython raised it before the docs listed it: ${raised} raises it, but the docs list it only from ${documented}. A hook sees an event from the release that raises it, documented or not.`,
      );
    } else {
      notes.push(`The docs listed it from ${documented}, before CPython raised it from ${raised}: a hook on an earlier release never sees it.`);
    }
  } else if (raised && !documented) {
    notes.push(`No docs list it, but a hook sees it all the same from ${raised}${lastRaised && lastRaised !== raised ? ` to ${lastRaised === newestCode ? 'the newest release scanned' : lastRaised}` : lastRaised === raised ? ' only' : ''}.`);
  }
  if (raised && !/\.0(?:(?:a|b|rc)\d+)?$/.test(raised)) {
    const earlier = before(raised, scanned.code);
    const zero = raised.replace(/\.\d+$/, '.0');
    if (earlier && scanned.code.includes(zero) && earlier.startsWith(raised.replace(/\.\d+$/, '.'))) {
      notes.push(`A patch release added it: ${raised} raises it, ${zero} to ${earlier} do not.`);
    }
  }
  if (lastRaised && newestCode && lastRaised !== newestCode) {
    const after = scanned.code[scanned.code.indexOf(lastRaised) + 1];
    if (after) notes.push(`CPython stopped raising it after ${lastRaised}: from ${after} on, a hook never sees it.`);
  }
  return { summary, notes };
}
