/**
 * Reads where an `astro build` spent its time from its own log, timed as it arrived: the build's
 * phases (from the messages Astro prints between them) and, within the pages, each page kind (the
 * first segment of a page's path: `events`, `apis`, `sites` …; the site's top-level files, such as
 * `index.html` and `events.json`, are the kind `/`).
 *
 * Astro prints `├─ /events/open/index.html` as it starts a page and ` (+12ms)` when a page is
 * written. Pages render several at a time (`build.concurrency`), so the time between one written
 * page and the next is charged to the page just written: the one in flight whose start is nearest
 * to when its own figure says it started.
 */

/** Text the build printed, and when it arrived: milliseconds from the build's start. */
export interface Chunk {
  ms: number;
  text: string;
}

export interface Phase {
  phase: string;
  ms: number;
}

export interface Kind {
  kind: string;
  pages: number;
  /** Wall-clock milliseconds of the pages phase spent on this kind's pages. */
  ms: number;
}

export interface BuildProfile {
  /** In order, from the start of the build to its end; their sum is the whole build. */
  phases: Phase[];
  /** Slowest first. */
  kinds: Kind[];
  pages: number;
}

/** The phases, each from its first message to the next phase's. */
export const PHASES = [
  { phase: 'start', means: 'Astro, the config and the integrations loaded' },
  { phase: 'content', means: "the collections' loaders: the data read, checked and stored", marker: /\[content\] Syncing content/ },
  { phase: 'clear', means: "Astro emptying the previous output (off: the build writes over it, src/integrations/clear-output.ts)", marker: /\[build\] Collecting build info/ },
  { phase: 'bundle', means: 'Vite: the prerender and client bundles', marker: /\[build\] Building \w+ entrypoints/ },
  { phase: 'load', means: 'the bundle and its data loaded, and every getStaticPaths', marker: /generating static routes/ },
  { phase: 'pages', means: 'every page rendered and written', marker: /├─ / },
  { phase: 'finish', means: "the integrations' build:done hooks: Pyodide's files, _headers, what the previous output had and this build did not write removed", marker: /✓ Completed in/, after: 'pages' },
] as const;

const TOKEN = /├─ (\S+?)(?=\d\d:\d\d:\d\d|\s|$)|\(\+([\d.]+)(ms|s)\)/g;
const ANSI = /\u001b\[[0-9;]*m/g;

/** The kind of a page by its path in the output: its first folder, or `/` for a file at the top. */
export function kindOf(path: string): string {
  const parts = path.replace(/^\//, '').split('/');
  return parts.length > 1 ? (parts[0] ?? '/') : '/';
}

/** The phases and the page kinds of a build whose output arrived as `chunks`, and which ended at `endMs`. */
export function profileBuild(chunks: readonly Chunk[], endMs: number): BuildProfile {
  // Each token is timed by the chunk it ends in.
  const text: string[] = [];
  const ends: { at: number; ms: number }[] = [];
  let length = 0;
  for (const chunk of chunks) {
    const clean = chunk.text.replace(ANSI, '');
    text.push(clean);
    length += clean.length;
    ends.push({ at: length, ms: chunk.ms });
  }
  const all = text.join('');
  // When the text at `offset` arrived: the first chunk that ends past it.
  const timeAt = (offset: number) => {
    let [low, high] = [0, ends.length];
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((ends[middle]?.at ?? 0) > offset) high = middle;
      else low = middle + 1;
    }
    return ends[low]?.ms ?? endMs;
  };

  // Where each phase's first message is: `start` at once, `finish` at the first message after the pages.
  const marks = new Map<string, number>();
  for (const entry of PHASES) {
    if (!('marker' in entry)) {
      marks.set(entry.phase, 0);
      continue;
    }
    const from = 'after' in entry ? (marks.get(entry.after) ?? 0) : 0;
    const offset = all.slice(from).search(entry.marker);
    if (offset !== -1) marks.set(entry.phase, from + offset);
  }
  const found = PHASES.flatMap(({ phase }) => {
    const offset = marks.get(phase);
    return offset === undefined ? [] : [{ phase, ms: phase === 'start' ? 0 : timeAt(offset) }];
  });
  const phases = found.map(({ phase, ms }, at) => ({ phase, ms: (found[at + 1]?.ms ?? endMs) - ms }));

  // Each page's start and each write, in the order they came.
  const inFlight: { path: string; ms: number }[] = [];
  const kinds = new Map<string, Kind>();
  const kindEntry = (kind: string) => {
    const entry = kinds.get(kind) ?? { kind, pages: 0, ms: 0 };
    kinds.set(kind, entry);
    return entry;
  };
  let last: number | undefined;
  let pages = 0;
  for (const match of all.matchAll(TOKEN)) {
    const ms = timeAt((match.index ?? 0) + match[0].length - 1);
    const [, path, figure, unit] = match;
    if (path !== undefined) {
      inFlight.push({ path, ms });
      kindEntry(kindOf(path)).pages += 1;
      pages += 1;
      last ??= ms;
      continue;
    }
    const took = Number(figure) * (unit === 's' ? 1000 : 1);
    let best = 0;
    inFlight.forEach((page, at) => {
      if (Math.abs(page.ms - (ms - took)) < Math.abs((inFlight[best]?.ms ?? 0) - (ms - took))) best = at;
    });
    const [page] = inFlight.splice(best, 1);
    if (!page) continue;
    kindEntry(kindOf(page.path)).ms += ms - (last ?? ms);
    last = ms;
  }
  return { phases, kinds: [...kinds.values()].sort((a, b) => b.ms - a.ms || a.kind.localeCompare(b.kind)), pages };
}
