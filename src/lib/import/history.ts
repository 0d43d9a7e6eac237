import { compareReleases, parseHistoryFile, type HistoryEntry, type HistoryFile, type VersionFile } from '../versions/schema';
import { pyCompare } from './table';

/** What one imported release tells the history: the names its docs list, and those its source raises (undefined where no source was read). */
export interface ReleaseFacts {
  release: string;
  documented: readonly string[];
  raised: readonly string[] | undefined;
  /** Where the release came from, for the history's own account of what it read. */
  source: string;
}

/** What adding a release did to the history. */
export interface HistoryUpdate {
  history: HistoryFile;
  text: string;
  /** False where the history already listed the release for everything this import read. */
  changed: boolean;
  /** The names whose entry changed, and the names new to the history. */
  updated: string[];
  added: string[];
}

/** The facts a version file gives of its release: every name either table lists, and every name its scanned source raises. */
export function releaseFacts(file: VersionFile, source: string, { docsOnly = false } = {}): ReleaseFacts {
  const listed = [...file.events, ...file.internal_events];
  const raised = [...listed.filter((event) => (event.raised_at?.length ?? 0) > 0).map((event) => event.name), ...file.undocumented_events.map((event) => event.name)];
  return {
    release: file.release,
    documented: listed.map((event) => event.name),
    // A docs build says nothing of the source; nor does a file whose source is another release's.
    raised: docsOnly || file.code_release !== file.release ? undefined : raised,
    source,
  };
}

/** An empty history, for an output directory that has none yet. */
export function emptyHistory(): HistoryFile {
  return {
    about: {
      description:
        'For every audit event name found in any docs table (main table or the "raised internally" table) or raised in any scanned source tree: the first and last release (by version number, not by date) whose docs list it and whose source raises it.  null = never.',
      documented_from: 'docs tables read by npm run import',
      raised_from: 'literal event names of audit calls read by npm run import',
      docs_releases: [],
      code_releases: [],
      not_available: 'only the releases listed here were read',
    },
    events: {},
  } as unknown as HistoryFile;
}

/**
 * Adds one release to the history: the release joins the releases it lists (placed by version
 * number), and every name the release documents or raises has its first and last release
 * recomputed. A release the history already lists, for docs or source, changes nothing there:
 * its first and last releases already count it. Names the release does not list keep their
 * entries, because the history keeps only the first and last release, not every one between.
 */
export function addRelease(history: HistoryFile, facts: ReleaseFacts, file = 'history.json'): HistoryUpdate {
  const about = { ...history.about, docs_releases: [...history.about.docs_releases], code_releases: [...history.about.code_releases] };
  const events: Record<string, HistoryEntry> = Object.fromEntries(Object.entries(history.events).map(([name, entry]) => [name, { ...entry }]));
  const updated = new Set<string>();
  const added: string[] = [];
  let changed = false;
  interface Kind {
    names: readonly string[];
    list: string[];
    first: 'first_documented' | 'first_raised';
    last: 'last_documented' | 'last_raised';
    from: 'documented_from' | 'raised_from';
  }
  const kinds: Kind[] = [{ names: facts.documented, list: about.docs_releases, first: 'first_documented', last: 'last_documented', from: 'documented_from' }];
  if (facts.raised) kinds.push({ names: facts.raised, list: about.code_releases, first: 'first_raised', last: 'last_raised', from: 'raised_from' });
  for (const kind of kinds) {
    if (kind.list.includes(facts.release)) continue;
    changed = true;
    kind.list.push(facts.release);
    kind.list.sort(compareReleases);
    about[kind.from] = `${about[kind.from]}; ${facts.release} (${facts.source}, by npm run import)`;
    for (const name of new Set(kind.names)) {
      let entry = events[name];
      if (!entry) {
        entry = { first_documented: null, last_documented: null, first_raised: null, last_raised: null };
        events[name] = entry;
        added.push(name);
      }
      const first = entry[kind.first];
      const last = entry[kind.last];
      if (first === null || compareReleases(facts.release, first) < 0) entry[kind.first] = facts.release;
      if (last === null || compareReleases(facts.release, last) > 0) entry[kind.last] = facts.release;
      if (entry[kind.first] !== first || entry[kind.last] !== last) updated.add(name);
    }
  }
  if (!changed) return { history, text: historyText(history), changed, updated: [], added: [] };
  const sorted = Object.fromEntries(Object.keys(events).sort(pyCompare).map((name) => [name, events[name]]));
  const text = historyText({ about, events: sorted } as HistoryFile);
  // The build's own validation: a history it would reject is never written.
  return { history: parseHistoryFile(text, file), text, changed, updated: [...updated].filter((name) => !added.includes(name)).sort(pyCompare), added: added.sort(pyCompare) };
}

/** The history as the shared file is formatted: each entry's keys in its order (sorted), whatever order they were built or parsed in. */
export function historyText(history: HistoryFile): string {
  const events = Object.fromEntries(
    Object.entries(history.events).map(([name, entry]) => [
      name,
      { first_documented: entry.first_documented, first_raised: entry.first_raised, last_documented: entry.last_documented, last_raised: entry.last_raised },
    ]),
  );
  return `${JSON.stringify({ ...history, events }, null, 2)}\n`;
}
