/**
 * `npm run import -- <CPython source tree> [--release 3.15.0] [--source TEXT] [--out DIR] [--summary FILE]`
 * `npm run import -- --docs <HTML docs build> [--release 3.15.2] [--source TEXT] [--out DIR] [--summary FILE]`
 *
 * Adds a release to the data in `<out>` (content/versions/ by default):
 * - from a source tree, `<out>/<minor>.json` in the shape of the shared facts files: the audit
 *   events table rebuilt from the docs' `.. audit-event::` directives, the table of events raised
 *   internally, where C and Python code raise each event, and the events raised but documented
 *   nowhere;
 * - from a docs build (`--docs`, the HTML a distribution ships), the two tables as rendered in
 *   `library/audit_events.html`, keeping the raise sites of the version's earlier file;
 * - and, either way, `<out>/history.json`: the release joins the releases it lists, and every name
 *   it documents or raises has its first and last release recomputed.
 * A release older than the version's file keeps that file and only joins the history; a newer one
 * moves the file it replaces to `<out>/releases/<release>.json`. Anything it
 * cannot read is reported with the file and line, and nothing is written: files are written whole
 * or not at all. `--summary` appends what changed, in Markdown, for a pull request.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { RELEASES_DIRECTORY } from '../lib/versions/dataset';
import { importDocsBuild, TABLE_PAGE, titleRelease, type EarlierFile } from '../lib/import/docs-build';
import { addRelease, emptyHistory, releaseFacts, type ReleaseFacts } from '../lib/import/history';
import { ImportError } from '../lib/import/rst';
import { isScanned, isTestCode } from '../lib/import/sources';
import { changeSummary } from '../lib/import/summary';
import { knownLabels, type ImportedReference, type NewestArgs } from '../lib/import/table';
import { excluded, excludePatterns, importVersion } from '../lib/import/version';
import { compareReleases, compareVersions, parseHistoryFile, parseVersionFile, VersionDataError, type VersionFile } from '../lib/versions/schema';

const USAGE = [
  'usage: npm run import -- <path to a CPython source tree> [--release 3.15.0] [--source "where the tree comes from"] [--out content/versions] [--summary FILE]',
  '       npm run import -- --docs <path to a built HTML docs folder> [--release 3.15.2] [--source "where the build comes from"] [--out content/versions] [--summary FILE]',
].join('\n');

interface Options {
  tree: string;
  docs: boolean;
  release?: string;
  source?: string;
  out: string;
  summary?: string;
}

function options(argv: string[]): Options {
  const rest = [...argv];
  const found: Omit<Options, 'tree'> & { tree?: string } = { out: 'content/versions', docs: false };
  while (rest.length > 0) {
    const arg = rest.shift() ?? '';
    if (arg === '--release' || arg === '--source' || arg === '--out' || arg === '--summary') {
      const value = rest.shift();
      if (!value) throw new Error(`${arg} needs a value\n${USAGE}`);
      found[arg.slice(2) as 'release' | 'source' | 'out' | 'summary'] = value;
    } else if (arg === '--docs') {
      found.docs = true;
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}\n${USAGE}`);
    } else if (found.tree === undefined) {
      found.tree = arg;
    } else {
      throw new Error(`one source tree or docs build at a time\n${USAGE}`);
    }
  }
  if (!found.tree) throw new Error(USAGE);
  return { ...found, tree: found.tree };
}

/** Every file under `dir` (relative, `/`-separated), pruning directories `skip` refuses. */
function walk(root: string, dir: string, skip: (path: string) => boolean = () => false): string[] {
  const files: string[] = [];
  const here = join(root, dir);
  if (!existsSync(here)) return files;
  for (const name of readdirSync(here).sort()) {
    const path = dir ? `${dir}/${name}` : name;
    if (skip(path)) continue;
    const stats = statSync(join(root, path));
    if (stats.isDirectory()) files.push(...walk(root, path, skip));
    else files.push(path);
  }
  return files;
}

/** The release a tree says it is, from `Include/patchlevel.h`. */
function treeRelease(tree: string): string | undefined {
  const path = join(tree, 'Include', 'patchlevel.h');
  if (!existsSync(path)) return undefined;
  return /#define\s+PY_VERSION\s+"([^"]+)"/.exec(readFileSync(path, 'utf8'))?.[1]?.replace(/\+$/, '');
}

/** What earlier data says: labels of known references, each event's newest spelling of its arguments, and the version's own file. */
function earlierData(out: string, minor: string): { known: ReturnType<typeof knownLabels>; newest: NewestArgs; own: Record<string, unknown> | undefined } {
  const versions = existsSync(out) ? readdirSync(out).filter((name) => /^3\.\d+\.json$/.test(name)) : [];
  const readJson = <T>(path: string): T => {
    try {
      return JSON.parse(readFileSync(path, 'utf8')) as T;
    } catch (error) {
      throw new Error(`${path}: earlier data the import reads, but not JSON: ${(error as Error).message}`);
    }
  };
  const files = versions
    .map((name) => readJson<{ version: string; events: { name: string; args: string[]; references: ImportedReference[] }[] }>(join(out, name)))
    .sort((a, b) => compareVersions(b.version, a.version));
  const seed = 'content/audit-event-references.json';
  const seedData = existsSync(seed) ? [readJson<{ events: { name: string; references: ImportedReference[] }[] }>(seed)] : [];
  // Labels: the 3.8.0 references first (the method's own), then this version's earlier file, then the others, newest first.
  const own = files.filter((file) => file.version === minor);
  const known = knownLabels([...seedData, ...own, ...files.filter((file) => file.version !== minor)]);
  // Spellings: the newest other version that lists each event.
  const newest: NewestArgs = new Map();
  for (const file of files) {
    if (file.version === minor) continue;
    for (const event of file.events) if (!newest.has(event.name)) newest.set(event.name, event.args);
  }
  return { known, newest, own: own[0] as Record<string, unknown> | undefined };
}

/** A release's facts, read from a source tree or a docs build, ready to be written. */
interface Imported {
  release: string;
  minor: string;
  file: VersionFile;
  text: string;
  warnings: string[];
  facts: ReleaseFacts;
  /** What was read, for the line the command prints. */
  read: string;
}

/** The release named by --release, checked against the one the input says it is. */
function releaseOf(given: string | undefined, found: string | undefined, where: string): { release: string; minor: string } {
  if (given && found && given !== found) throw new Error(`${where}: the ${where.endsWith('.h') ? 'tree' : 'build'} is ${found}, not ${given}`);
  const release = given ?? found;
  if (!release) throw new Error(`${where}: no release found; name it with --release`);
  const minor = /^(3\.\d+)\.\d+(?:(?:a|b|rc)\d+)?$/.exec(release)?.[1];
  if (!minor) throw new Error(`--release ${release} is not a CPython 3 release (like 3.15.2 or 3.16.0a1)`);
  return { release, minor };
}

function fromTree({ tree, release: given, source, out }: Options): Imported {
  if (!existsSync(join(tree, 'Doc')) || !existsSync(join(tree, 'Doc', 'conf.py'))) {
    throw new Error(`${tree} is not a CPython source tree: it has no Doc/conf.py${existsSync(join(tree, TABLE_PAGE)) ? ' (it looks like a docs build: add --docs)' : ''}`);
  }
  const { release, minor } = releaseOf(given, treeRelease(tree), join(tree, 'Include', 'patchlevel.h'));

  const docDir = join(tree, 'Doc');
  const patterns = excludePatterns(readFileSync(join(docDir, 'conf.py'), 'utf8'));
  const docs = new Map<string, { file: string; text: string }>();
  for (const path of walk(docDir, '', (candidate) => excluded(candidate, patterns))) {
    if (!path.endsWith('.rst') || excluded(path, patterns)) continue;
    docs.set(path.slice(0, -'.rst'.length), { file: join(docDir, path), text: readFileSync(join(docDir, path), 'utf8') });
  }
  const sources: { path: string; kind: 'C' | 'Python'; text: string }[] = [];
  for (const top of ['Modules', 'Objects', 'Python', 'Parser', 'PC', 'Include', 'Lib']) {
    for (const path of walk(tree, top, isTestCode)) {
      const kind = isScanned(path);
      if (!kind) continue;
      const text = readFileSync(join(tree, path), 'utf8');
      // Only files that name an audit call can hold one.
      if (kind === 'C' ? text.includes('PySys_Audit') : text.includes('audit')) sources.push({ path, kind, text });
    }
  }

  const where = source ?? `${basename(resolve(tree))} (${release})`;
  const { known, newest } = earlierData(out, minor);
  const imported = importVersion(
    {
      release,
      docs,
      sources,
      docsSource: `${where}, Doc/**/*.rst; table rebuilt from the .. audit-event:: directives emulating CPython's Sphinx extension (serial read in sorted docname order)`,
      codeSource: `${where}; literal event names of PySys_Audit/PySys_AuditTuple/_PySys_Audit calls in Modules/ Objects/ Python/ Parser/ PC/ Include/ and of sys.audit calls in Lib/**/*.py (test code excluded); enclosing function from CPython's C layout / Python's nesting of def and class`,
    },
    known,
    newest,
    join(out, `${minor}.json`),
  );
  return {
    release,
    minor,
    ...imported,
    facts: releaseFacts(imported.file, where),
    read: `${docs.size} documents, ${sources.length} source files with audit calls`,
  };
}

function fromDocs({ tree: folder, release: given, source, out }: Options): Imported {
  const read = (page: string) => {
    const path = join(folder, page);
    return existsSync(path) ? readFileSync(path, 'utf8') : undefined;
  };
  const table = read(TABLE_PAGE);
  if (table === undefined) {
    throw new Error(`${folder} is not a docs build: it has no ${TABLE_PAGE}${existsSync(join(folder, 'Doc', 'conf.py')) ? ' (it looks like a source tree: drop --docs)' : ''}`);
  }
  const { release, minor } = releaseOf(given, titleRelease(table), join(folder, TABLE_PAGE));
  const where = source ?? `${basename(resolve(folder))} (${release})`;
  const target = join(out, `${minor}.json`);
  const { known, own } = earlierData(out, minor);
  // The raise sites a docs build cannot give are those of the version's earlier file.
  const earlier: EarlierFile = own && own['code_release'] !== undefined ? parseVersionFile(JSON.stringify(own), target) : undefined;
  const docsSource = `${where}, the HTML build of the release's docs (${TABLE_PAGE}); main table and the table of events raised internally as rendered; API labels from the same event and anchor in earlier data, else from the object description around the anchor in the page`;
  const imported = importDocsBuild({ root: folder, read }, release, known, earlier, docsSource, target);
  return { release, minor, ...imported, facts: releaseFacts(imported.file, where, { docsOnly: true }), read: `the HTML build's ${TABLE_PAGE} and the pages it links` };
}

/** Writes files whole or not at all: each to a temporary file beside it, then all renamed over their targets. */
function writeAll(files: { path: string; text: string }[]): void {
  const temporary = files.map((file) => ({ ...file, temporary: `${file.path}.${process.pid}.tmp` }));
  for (const file of temporary) writeFileSync(file.temporary, file.text);
  for (const file of temporary) renameSync(file.temporary, file.path);
}

function main(argv: string[]): number {
  const opts = options(argv);
  const { out } = opts;
  const imported = opts.docs ? fromDocs(opts) : fromTree(opts);
  for (const warning of imported.warnings) console.warn(`warning: ${warning}`);
  const { release, minor, file } = imported;
  const target = join(out, `${minor}.json`);
  const historyPath = join(out, 'history.json');
  const before = existsSync(target) ? (JSON.parse(readFileSync(target, 'utf8')) as Partial<VersionFile>) : undefined;
  // The site shows each version's newest release: an older one only joins the history.
  const older = typeof before?.release === 'string' && compareReleases(release, before.release) < 0;
  const history = existsSync(historyPath) ? parseHistoryFile(readFileSync(historyPath, 'utf8'), historyPath) : emptyHistory();
  const update = addRelease(history, imported.facts, historyPath);

  // The release a newer one replaces is kept, so that what its docs said stays known.
  const replaced = !older && typeof before?.release === 'string' && before.release !== release ? join(out, RELEASES_DIRECTORY, `${before.release}.json`) : undefined;
  mkdirSync(replaced ? dirname(replaced) : out, { recursive: true });
  writeAll([
    ...(replaced && !existsSync(replaced) ? [{ path: replaced, text: readFileSync(target, 'utf8') }] : []),
    ...(older ? [] : [{ path: target, text: imported.text }]),
    ...(update.changed ? [{ path: historyPath, text: update.text }] : []),
  ]);
  if (replaced) console.log(`${replaced}: ${before?.release}, the release ${release} replaces, kept`);

  const sites = [...file.events, ...file.internal_events, ...file.undocumented_events].reduce((sum, event) => sum + (event.raised_at?.length ?? 0), 0);
  const counts = `${release}, ${file.events.length} events, ${file.internal_events.length} raised internally, ${file.undocumented_events.length} undocumented, ${sites} raise sites (${imported.read})`;
  console.log(older ? `${target}: kept, its ${before?.release} is newer than ${counts}` : `${target}: ${counts}`);
  console.log(
    update.changed
      ? `${historyPath}: ${release} added; ${update.added.length} new names, ${update.updated.length} entries recomputed`
      : `${historyPath}: unchanged, it already lists ${release}`,
  );
  if (opts.summary) {
    const previous = before?.events && typeof before.release === 'string' ? { release: before.release, events: before.events, internal_events: before.internal_events ?? [] } : undefined;
    appendFileSync(opts.summary, changeSummary(previous, older ? undefined : file, release, update));
  }
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ImportError || error instanceof VersionDataError) console.error(`import: ${error.message}`);
  else console.error(`import: ${(error as Error).message}`);
  process.exitCode = 1;
}
