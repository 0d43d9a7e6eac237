/**
 * Writes the site's data grown to N events over the same 8 versions, for benchmarks: the real
 * version files and history, with made-up events that look like real ones added to them. Each
 * made-up event is documented from one version on (some removed later, some with their arguments
 * changed on the way, some raised internally or only raised), with references and raise sites,
 * and a history entry; and one made-up call per made-up event, traced in every version that lists
 * it, and the categories with each made-up event in those of its module. The real 3.8.0 seed
 * still agrees with the 3.8 file, so the build's checks all run.
 *
 *   npx tsx bench/generate-data.ts 10000 bench/out/versions-10000
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { VERSION_FILE } from '../src/lib/versions/dataset';
import type { z } from 'astro/zod';
import type { categoriesFileSchema } from '../src/lib/views/categories';
import type { corpusFileSchema } from '../src/lib/trace/corpus';
import type { TraceFile } from '../src/lib/trace/schema';
import { CATEGORIES_FILE } from '../src/loaders/categories';
import { TRACE_SOURCES } from '../src/loaders/traces';
import { moduleOf } from '../src/lib/names/naming';
import { byName } from '../src/lib/versions/events';
import type { HistoryFile, VersionFile } from '../src/lib/versions/schema';

type CorpusFile = z.infer<typeof corpusFileSchema>;
type CategoriesFile = z.infer<typeof categoriesFileSchema>;

const MODULES = `abc aifc argparse array ast asyncio atexit base64 bdb binascii bisect builtins bz2 calendar cmath cmd code codecs
collections colorsys compileall concurrent configparser contextlib copy copyreg cpython csv ctypes curses dataclasses datetime dbm
decimal difflib dis doctest email encodings ensurepip enum errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib
functools gc getopt getpass gettext glob graphlib grp gzip hashlib heapq hmac html http imaplib importlib inspect io ipaddress
itertools json keyword linecache locale logging lzma mailbox marshal math mimetypes mmap modulefinder msvcrt multiprocessing
netrc nntplib numbers operator optparse os pathlib pdb pickle pkgutil platform plistlib poplib posix pprint profile pstats pty
pwd py_compile pyclbr queue quopri random re readline reprlib resource rlcompleter runpy sched secrets select selectors shelve
shlex shutil signal site smtplib socket socketserver sqlite3 ssl stat statistics string struct subprocess symtable sys sysconfig
syslog tabnanny tarfile telnetlib tempfile termios textwrap threading time timeit tkinter token tokenize tomllib trace traceback
tracemalloc tty turtle types typing unicodedata unittest urllib uuid venv warnings wave weakref webbrowser winreg wsgiref xml
xmlrpc zipapp zipfile zipimport zlib zoneinfo`.split(/\s+/);
const VERBS = `open close read write send recv connect bind listen accept create delete remove rename copy move load dump parse
compile exec run start stop spawn fork kill wait lock unlock get set find lookup resolve register unregister import export
encode decode compress decompress extract archive mount sync flush seek truncate chmod chown stat scan walk glob match call
invoke hook trace profile audit sign verify hash encrypt decrypt`.split(/\s+/);
const NOUNS = `file dir path socket host port addr name key value item entry record frame thread process handle buffer stream
module class object attr token cert session request response header cookie url query user group mode flags data text bytes
config option env command shell pipe signal timer event queue lock pool cache index table row column db cursor link`.split(/\s+/);
const ARGS = `self path fd mode flags name host port address family type protocol data buffer size length offset count timeout
url method headers body key value src dst root filename source code command args env cwd executable user group uid gid
pid signal handler callback level format encoding errors newline closefd opener dir_fd follow_symlinks recursive pattern
pathname fullpath fullurl database isolation_level uri sql parameters module module-name qualname frame event arg depth
limit start stop step index item items default hook sockaddr servicename protocolname hostname ip_address backlog`.split(/\s+/);

// A small deterministic generator (mulberry32), so every run writes the same table.
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DATA = 'content/versions';

/** The real data set, read as the files are. */
function readReal(): { versions: VersionFile[]; history: HistoryFile } {
  const names = readdirSync(DATA).filter((name) => VERSION_FILE.test(name));
  const versions = names.map((name) => JSON.parse(readFileSync(join(DATA, name), 'utf8')) as VersionFile);
  versions.sort((a, b) => Number(a.version.split('.')[1]) - Number(b.version.split('.')[1]));
  return { versions, history: JSON.parse(readFileSync(join(DATA, 'history.json'), 'utf8')) as HistoryFile };
}

/** The real data with made-up events added until there are `count` names in all. */
export function generateData(count: number, seed = 578): { versions: VersionFile[]; history: HistoryFile } {
  const next = random(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)] as T;
  const { versions, history } = readReal();
  const names = new Set(Object.keys(history.events));
  const last = versions.length - 1;
  while (names.size < count) {
    const verb = pick(VERBS);
    const shape = next();
    const tail =
      shape < 0.4 ? `${verb}_${pick(NOUNS)}` : shape < 0.6 ? `${pick(NOUNS)}.${verb}` : shape < 0.75 ? `${verb}/result` : verb;
    const name = `${pick(MODULES)}.${tail}`;
    if (names.has(name)) continue;
    names.add(name);
    const args = new Set<string>();
    const wanted = Math.floor(next() * 6);
    while (args.size < wanted) args.add(pick(ARGS));
    // Most events arrive in 3.8; some later; a few leave before the newest version.
    const first = next() < 0.6 ? 0 : Math.floor(next() * versions.length);
    const end = next() < 0.1 ? first + Math.floor(next() * (last - first + 1)) : last;
    // One in ten gains an argument on the way.
    const change = next() < 0.1 ? first + 1 + Math.floor(next() * (last - first)) : Infinity;
    const kind = next();
    // Undocumented events are raised ones: only the scanned versions (all but the newest) have them.
    const listing = kind < 0.9 || first === last ? 'events' : kind < 0.95 ? 'internal_events' : 'undocumented_events';
    const stop = listing === 'undocumented_events' ? Math.min(end, last - 1) : end;
    const references = Array.from({ length: 1 + Math.floor(next() * next() * 4) }, (_, n) => ({
      page: `library/${name.split('.')[0]}.html`,
      anchor: `${name}-${n + 1}`,
      api: `${name.replace(/\/.*/, '')}()`,
    }));
    const line = 1 + Math.floor(next() * 5000);
    for (let at = first; at <= stop; at++) {
      const version = versions[at];
      if (!version) continue;
      const scanned = version.code_release !== null;
      const sites = scanned ? { raised_at: [{ file: `Modules/${name.split('.')[0]}module.c`, line: line + at, function: `${verb}_impl` }] } : {};
      const argsHere = at >= change ? [...args, 'flags'].filter((arg, index, all) => all.indexOf(arg) === index) : [...args];
      if (listing === 'events') version.events.push({ name, args: argsHere, references, ...sites });
      else if (listing === 'internal_events') version.internal_events.push({ name, args: argsHere, ...sites });
      else if (scanned) version.undocumented_events.push({ name, raised_at: sites.raised_at ?? [] });
    }
    const from = versions[first];
    const to = versions[stop];
    if (!from || !to) continue;
    const raisedTo = [...versions.slice(first, stop + 1)].reverse().find((version) => version.code_release !== null);
    const documented = listing !== 'undocumented_events';
    history.events[name] = {
      first_documented: documented ? from.release : null,
      last_documented: documented ? to.release : null,
      first_raised: from.code_release ?? raisedTo?.code_release ?? null,
      last_raised: raisedTo?.code_release ?? null,
    };
    // An event only unscanned versions list is not known to be raised.
    if (!raisedTo) history.events[name] = { ...history.events[name], first_raised: null, last_raised: null };
  }
  for (const version of versions) version.events.sort((a, b) => byName(a.name, b.name));
  return { versions, history };
}

/**
 * The real call corpus and its traces, with one made-up call per made-up documented event: the
 * call raises its event, with a `str` per argument, in every traced version that lists it, and
 * `open` after it in one call of three; where no traced version lists the event the call is not run.
 */
export function generateTraces(versions: readonly VersionFile[]): { calls: CorpusFile; traces: Map<string, TraceFile> } {
  const traces = new Map<string, TraceFile>();
  for (const name of readdirSync(TRACE_SOURCES.traces).filter((file) => file.endsWith('.json'))) {
    traces.set(name.replace(/\.json$/, ''), JSON.parse(readFileSync(join(TRACE_SOURCES.traces, name), 'utf8')) as TraceFile);
  }
  const real = new Set(readdirSync(TRACE_SOURCES.calls).filter((file) => file.endsWith('.json'))
    .flatMap((file) => (JSON.parse(readFileSync(join(TRACE_SOURCES.calls, file), 'utf8')) as CorpusFile).calls.map((call) => call.api)));
  const calls: CorpusFile['calls'] = [];
  const made = new Set<string>();
  for (const version of versions) {
    for (const event of version.events) {
      const api = event.name.replace(/\//g, '_');
      if (real.has(api) || made.has(api) || !/^[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)*$/.test(api)) continue;
      made.add(api);
      calls.push({ id: api, api, setup: `import ${api.split('.')[0]}`, call: `${api}()` });
    }
  }
  for (const [minor, trace] of traces) {
    const listed = new Map((versions.find((version) => version.version === minor)?.events ?? []).map((event) => [event.name.replace(/\//g, '_'), event]));
    calls.forEach((call, at) => {
      const event = listed.get(call.api);
      trace.calls[call.id] = event
        ? {
            status: 'ok',
            events: [
              { name: event.name, args: event.args.length, types: event.args.map(() => 'str'), repr: `(${event.args.map((arg) => `'${arg}'`).join(', ')}${event.args.length === 1 ? ',' : ''})` },
              ...(at % 3 === 0 ? [{ name: 'open', args: 3, types: ['str', 'str', 'int'], repr: "('data.txt', 'r', 524288)" }] : []),
            ],
          }
        : { status: 'not run', error: `AttributeError: no ${call.api} in ${minor}` };
    });
  }
  return { calls: { about: 'Made-up calls, one per made-up event, for benchmarks.', calls }, traces };
}

/**
 * Writes a generated data set's files into `dir`, named as the site's own: the version files and
 * history, `calls/` (the real corpus and the made-up calls) and `traces/`. The build reads them
 * through the variables `sourcesOf` gives.
 */
export function writeGenerated(count: number, dir: string): void {
  const { versions, history } = generateData(count);
  mkdirSync(join(dir, 'calls'), { recursive: true });
  mkdirSync(join(dir, 'traces'), { recursive: true });
  for (const version of versions) writeFileSync(join(dir, `${version.version}.json`), `${JSON.stringify(version)}\n`);
  writeFileSync(join(dir, 'history.json'), `${JSON.stringify(history)}\n`);
  const { calls, traces } = generateTraces(versions);
  for (const file of readdirSync(TRACE_SOURCES.calls).filter((name) => name.endsWith('.json'))) copyFileSync(join(TRACE_SOURCES.calls, file), join(dir, 'calls', file));
  writeFileSync(join(dir, 'calls', 'generated.json'), `${JSON.stringify(calls)}\n`);
  for (const [minor, trace] of traces) writeFileSync(join(dir, 'traces', `${minor}.json`), `${JSON.stringify(trace)}\n`);
  writeFileSync(join(dir, 'categories.json'), `${JSON.stringify(generateCategories(versions))}\n`);
}

/**
 * The real categories with every made-up event added to the categories of a real event of its
 * module (`os.` events join filesystem and the rest of os's), or to the first category where its
 * module has none.
 */
export function generateCategories(versions: readonly VersionFile[]): CategoriesFile {
  const file = JSON.parse(readFileSync(CATEGORIES_FILE, 'utf8')) as CategoriesFile;
  const placed = new Set(file.categories.flatMap((category) => category.events));
  const byModule = new Map<string, Set<string>>();
  for (const category of file.categories) {
    for (const event of category.events) byModule.set(moduleOf(event), (byModule.get(moduleOf(event)) ?? new Set()).add(category.name));
  }
  const names = new Set(versions.flatMap((version) => [...version.events, ...version.internal_events, ...version.undocumented_events].map((event) => event.name)));
  for (const name of [...names].filter((event) => !placed.has(event)).sort()) {
    const homes = byModule.get(moduleOf(name)) ?? new Set([file.categories[0]?.name ?? '']);
    for (const category of file.categories) if (homes.has(category.name)) category.events.push(name);
  }
  return file;
}

/** The environment a build of the data set in `dir` reads it through. */
export function sourcesOf(dir: string): Record<string, string> {
  return { AUDIT_VERSIONS_DIR: dir, AUDIT_CALLS_DIR: join(dir, 'calls'), AUDIT_TRACES_DIR: join(dir, 'traces'), AUDIT_CATEGORIES_FILE: join(dir, 'categories.json') };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const [count, dir] = [Number(process.argv[2]), process.argv[3]];
  if (!Number.isInteger(count) || count < 1 || !dir) throw new Error('usage: generate-data.ts COUNT DIRECTORY');
  writeGenerated(count, dir);
}
