/**
 * `npm run import -- <CPython source tree> [--release 3.15.0] [--source TEXT] [--out DIR]`
 *
 * Writes `<out>/<minor>.json` (content/versions/ by default) for the release of a CPython source
 * tree, in the shape of the shared facts files: the audit events table rebuilt from the docs'
 * `.. audit-event::` directives, the table of events raised internally, where C and Python code
 * raise each event, and the events raised but documented nowhere. Anything it cannot read is
 * reported with the file and line, and nothing is written: a file is written whole or not at all.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { ImportError } from '../lib/import/rst';
import { isScanned, isTestCode } from '../lib/import/sources';
import { knownLabels, type ImportedReference, type NewestArgs } from '../lib/import/table';
import { excluded, excludePatterns, importVersion } from '../lib/import/version';
import { compareVersions, VersionDataError } from '../lib/version-data';

const USAGE = 'usage: npm run import -- <path to a CPython source tree> [--release 3.15.0] [--source "where the tree comes from"] [--out content/versions]';

function options(argv: string[]): { tree: string; release?: string; source?: string; out: string } {
  const rest = [...argv];
  const found: { tree?: string; release?: string; source?: string; out: string } = { out: 'content/versions' };
  while (rest.length > 0) {
    const arg = rest.shift() ?? '';
    if (arg === '--release' || arg === '--source' || arg === '--out') {
      const value = rest.shift();
      if (!value) throw new Error(`${arg} needs a value\n${USAGE}`);
      found[arg.slice(2) as 'release' | 'source' | 'out'] = value;
    } else if (arg.startsWith('--')) {
      throw new Error(`unknown option ${arg}\n${USAGE}`);
    } else if (found.tree === undefined) {
      found.tree = arg;
    } else {
      throw new Error(`one source tree at a time\n${USAGE}`);
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

/** What earlier data says: labels of known references, and each event's newest spelling of its arguments. */
function earlierData(out: string, minor: string): { known: ReturnType<typeof knownLabels>; newest: NewestArgs } {
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
  return { known, newest };
}

function main(argv: string[]): number {
  const { tree, release: given, source, out } = options(argv);
  if (!existsSync(join(tree, 'Doc')) || !existsSync(join(tree, 'Doc', 'conf.py'))) {
    throw new Error(`${tree} is not a CPython source tree: it has no Doc/conf.py`);
  }
  const found = treeRelease(tree);
  if (given && found && given !== found) throw new Error(`${join(tree, 'Include', 'patchlevel.h')}: the tree is ${found}, not ${given}`);
  const release = given ?? found;
  if (!release) throw new Error(`${join(tree, 'Include', 'patchlevel.h')}: no PY_VERSION; name the release with --release`);
  const minor = /^(3\.\d+)\./.exec(release)?.[1];
  if (!minor) throw new Error(`--release ${release} is not a CPython 3 release (like 3.15.0 or 3.15.0a8)`);

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
  const target = join(out, `${minor}.json`);
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
    target,
  );
  for (const warning of imported.warnings) console.warn(`warning: ${warning}`);
  // Written whole or not at all: to a temporary file beside the target, then renamed over it.
  mkdirSync(out, { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, imported.text);
  renameSync(temporary, target);
  const { file } = imported;
  const sites = [...file.events, ...file.internal_events, ...file.undocumented_events].reduce((sum, event) => sum + (event.raised_at?.length ?? 0), 0);
  console.log(
    `${target}: ${release}, ${file.events.length} events, ${file.internal_events.length} raised internally, ${file.undocumented_events.length} undocumented, ${sites} raise sites (${docs.size} documents, ${sources.length} source files with audit calls)`,
  );
  return 0;
}

try {
  process.exitCode = main(process.argv.slice(2));
} catch (error) {
  if (error instanceof ImportError || error instanceof VersionDataError) console.error(`import: ${error.message}`);
  else console.error(`import: ${(error as Error).message}`);
  process.exitCode = 1;
}
