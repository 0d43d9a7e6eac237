import type { Catalog } from './catalog';
import { compareReleases } from '../versions/ranges';
import type { SearchSource } from '../search';
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
} from '../versions/events';

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
 * serve both and a note gives the old ones. An earlier release of a version whose docs gave other
 * arguments (`sys.remote_exec` in 3.14.6: `pid` only) counts too: a hook written from its docs
 * must still work.
 */
export function hookShapes(event: VersionedEvent, versions: readonly Version[]): HookShape[] {
  const byLength = new Map<number, { versions: string[]; releases: string[]; args: string[]; older: string[][]; olderReleases: { args: string[]; release: string }[] }>();
  for (const era of argumentEras(event)) {
    const shape = byLength.get(era.args.length);
    if (shape) {
      shape.older.push(shape.args);
      shape.versions.push(...era.versions);
      shape.args = era.args;
    } else {
      byLength.set(era.args.length, { versions: [...era.versions], releases: [], args: era.args, older: [], olderReleases: [] });
    }
  }
  for (const { release, args } of event.appearances.flatMap((a) => a.earlier)) {
    const shape = byLength.get(args.length);
    if (!shape) byLength.set(args.length, { versions: [], releases: [release], args, older: [], olderReleases: [] });
    else if (shape.versions.length === 0) shape.releases.push(release);
    else shape.olderReleases.push({ args, release });
  }
  const renamedIn = (older: readonly string[], args: readonly string[]) => older.flatMap((name, at) => (name !== args[at] ? [`args[${at}] was called ${name}`] : []));
  return [...byLength.values()].map((shape) => {
    // Each old name, and when: "before 3.14" (an earlier version), "in 3.14.6" (an earlier release).
    const when = new Map<string, string[]>();
    const since = shape.older.length > 0 ? firstWithArgs(event, shape.args) : undefined;
    for (const note of new Set(shape.older.flatMap((older) => renamedIn(older, shape.args)))) when.set(note, [`before ${since}`]);
    const inReleases = new Map<string, string[]>();
    for (const { args, release } of shape.olderReleases) for (const note of renamedIn(args, shape.args)) inReleases.set(note, [...(inReleases.get(note) ?? []), release]);
    for (const [note, releases] of inReleases) when.set(note, [...(when.get(note) ?? []), `in ${inList(releases)}`]);
    const notes = [...when].map(([note, times]) => `${note} ${times.join(', and ')}`);
    const words = shape.versions.length > 0 ? rangeInWords(shape.versions, versions, { removal: false }) : '';
    const docs = shape.releases.length > 0 ? `${words ? `${words}, and ` : ''}the docs of ${inList(shape.releases)}` : words;
    return { args: shape.args, versions: docs, ...(notes.length > 0 ? { note: notes.join(', ') } : {}) };
  });
}

// Items in words: `a`, `a and b`, `a, b and c`.
const inList = (items: readonly string[]) => (items.length <= 2 ? items.join(' and ') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`);

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

/** Every API any version's docs name for an event, newest first: an API a later version renamed is still there. */
export function documentedApis(event: VersionedEvent): string[] {
  return [...new Set(event.appearances.toReversed().flatMap((a) => a.references.map((reference) => reference.api)))];
}

/** What the search knows of an event: the versions its listing counts, every API any version names, every spelling. */
export function searchSource(event: VersionedEvent): SearchSource {
  return {
    name: event.name,
    args: event.args,
    versions: event.listing === 'documented' ? documentedIn(event) : event.listing === 'internal' ? listedIn(event) : raisedIn(event),
    listing: event.listing,
    apis: documentedApis(event),
    synonyms: [...new Set(event.appearances.flatMap((a) => Object.values(a.synonyms).flat()))],
    eras: searchEras(event),
  };
}

/**
 * The runs of versions with their arguments, and after them the names earlier releases gave
 * (3.13.15's `secs` for `time.sleep`) as runs of no version: `arg:secs` finds the event by a
 * name it had, while a version's view (`version:3.13`) has its newest release's names.
 */
function searchEras(event: VersionedEvent): { versions: string[]; args: string[] }[] {
  const eras = argumentEras(event).map(({ versions, args }) => ({ versions, args }));
  for (const { args } of event.appearances.flatMap((appearance) => appearance.earlier)) {
    if (!eras.some((era) => era.args.join() === args.join())) eras.push({ versions: [], args });
  }
  return eras;
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
 * The release read just before `release` (in `read`, the releases a history read, oldest first)
 * where releases between the two may exist that nobody read: `3.15.0a8` before `3.15.2`, `3.9.7`
 * before `3.9.9`. Undefined where `release` comes right after the one before it (`3.8.6`,
 * `3.8.7`), starts its minor line (`3.9.0` after `3.8.20`), or is the first read.
 */
export function unreadBefore(release: string, read: readonly string[]): string | undefined {
  const sorted = [...read].sort(compareReleases);
  const previous = sorted[sorted.indexOf(release) - 1];
  if (previous === undefined || !sorted.includes(release)) return undefined;
  const now = releaseParts(release);
  const then = releaseParts(previous);
  if (!now || !then) return undefined;
  const sameLine = now.line === then.line;
  let next: boolean;
  if (now.stage === '' && now.micro > 0) next = previous === `${now.line}.${now.micro - 1}`;
  // A minor line's first final follows the line before it, or its own candidates.
  else if (now.stage === '') next = !sameLine || then.stage === 'rc';
  else if (now.serial > 1) next = sameLine && then.stage === now.stage && then.serial === now.serial - 1 && then.micro === now.micro;
  // The first alpha starts a line; the first beta follows some alpha, the first candidate some beta.
  else next = now.stage === 'a' ? !sameLine : sameLine && then.stage === (now.stage === 'b' ? 'a' : 'b');
  return next ? undefined : previous;
}

function releaseParts(release: string): { line: string; micro: number; stage: string; serial: number } | undefined {
  const match = /^(\d+\.\d+)\.(\d+)(?:(a|b|rc)(\d+))?$/.exec(release);
  if (!match) return undefined;
  return { line: match[1] ?? '', micro: Number(match[2]), stage: match[3] ?? '', serial: Number(match[4] ?? 0) };
}

/**
 * An event's history in words: since when CPython raises it and the docs list it, to the patch
 * release, with a sentence where the two differ, because a hook sees an event from the release
 * that raises it, documented or not. Where releases before a first appearance were not read, it
 * says which release was read last without it, rather than claim "since".
 */
export function sinceWhen(event: VersionedEvent, scanned: Scanned): SinceWhen | undefined {
  const history = event.history;
  if (!history) return undefined;
  const newestCode = scanned.code.at(-1);
  const newestDocs = scanned.docs.at(-1);
  const summary: string[] = [];
  const notes: string[] = [];
  const { first_raised: raised, first_documented: documented, last_raised: lastRaised, last_documented: lastDocumented } = history;
  const raisedGap = raised ? unreadBefore(raised, scanned.code) : undefined;
  const documentedGap = documented ? unreadBefore(documented, scanned.docs) : undefined;
  const since = (what: string, release: string, gap: string | undefined, read: string) =>
    gap ? `${what} in ${release}, not in ${gap} (releases between were not ${read})` : `${what} since ${release}`;
  if (raised) summary.push(since('raised', raised, raisedGap, 'scanned'));
  else if (!newestCode) summary.push('no source scanned');
  // Documented only after the newest source scanned: nothing says whether CPython raises it.
  else if (documented && compareReleases(documented, newestCode) > 0) summary.push(`raised: not known (the newest source scanned, ${newestCode}, is older)`);
  else summary.push(`never raised under this name by ${scanned.code[0]} to ${newestCode}`);
  summary.push(documented ? since('documented', documented, documentedGap, 'scanned') : 'never documented');
  if (lastRaised && lastRaised !== newestCode) summary.push(`last raised in ${lastRaised}`);
  if (lastDocumented && lastDocumented !== newestDocs) summary.push(`last documented in ${lastDocumented}`);

  const unread = (gap: string | undefined, read: string) => (gap ? ` (not in ${gap}; the releases between were not ${read})` : '');
  if (raised && documented && raised !== documented) {
    const first = compareReleases(raised, documented) < 0;
    if (first) {
      notes.push(
        `CPython raised it before the docs listed it: ${raised} raises it, but the docs list it only from ${documented}${unread(documentedGap, 'scanned')}. A hook sees an event from the release that raises it, documented or not.`,
      );
    } else {
      notes.push(`The docs listed it from ${documented}, before CPython raised it from ${raised}${unread(raisedGap, 'scanned')}: a hook on an earlier release never sees it.`);
    }
  } else if (raised && !documented) {
    notes.push(`No docs list it, but a hook sees it all the same from ${raised}${lastRaised && lastRaised !== raised ? ` to ${lastRaised === newestCode ? 'the newest release scanned' : lastRaised}` : lastRaised === raised ? ' only' : ''}.`);
  }
  if (raised && !/\.0(?:(?:a|b|rc)\d+)?$/.test(raised)) {
    const earlier = scanned.code[scanned.code.indexOf(raised) - 1];
    const zero = raised.replace(/\.\d+$/, '.0');
    if (earlier && scanned.code.includes(zero) && earlier.startsWith(raised.replace(/\.\d+$/, '.'))) {
      const without = earlier === zero ? `${zero} does not` : `${zero} to ${earlier} do not`;
      notes.push(`A patch release added it: ${raised} raises it, ${without}${raisedGap ? ' (the releases between were not scanned)' : ''}.`);
    }
  }
  if (lastRaised && newestCode && lastRaised !== newestCode) {
    const after = scanned.code[scanned.code.indexOf(lastRaised) + 1];
    if (after && unreadBefore(after, scanned.code) === lastRaised) {
      notes.push(`CPython raises it in ${lastRaised}, not in ${after} (the releases between were not scanned): from ${after} on, a hook never sees it.`);
    } else if (after) notes.push(`CPython stopped raising it after ${lastRaised}: from ${after} on, a hook never sees it.`);
  }
  return { summary, notes };
}
