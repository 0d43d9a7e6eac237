import { parseVersionFile, type VersionFile } from '../versions/schema';
import { readDocument, readInternalTable, type RstDocument } from './rst';
import { scanC, scanPython, type FoundSite } from './sources';
import { buildTable, pyCompare, type KnownLabels, type NewestArgs } from './table';

/** What the importer read from a CPython source tree, as text, with the names to report faults by. */
export interface TreeTexts {
  release: string;
  /** Docname (`library/socket`) → the document, read from `Doc/<docname>.rst`. */
  docs: Map<string, { file: string; text: string }>;
  /** The C and Python files the scan reads, by their path in the tree. */
  sources: { path: string; kind: 'C' | 'Python'; text: string }[];
  docsSource: string;
  codeSource: string;
}

/** A version file as the shared ones are, and what the import noticed on the way. */
export interface Imported {
  file: VersionFile;
  text: string;
  /** Directives that give an event other arguments than its first (Sphinx warns of these). */
  warnings: string[];
}

/**
 * A version's facts file from a source tree: the audit events table rebuilt from the docs'
 * directives, the table of events raised internally, the raise sites of C and Python code, and
 * the events raised but listed in neither table. The result is checked by the same validation the
 * build uses before it is returned, so a file that would not build is never written.
 */
export function importVersion(tree: TreeTexts, known: KnownLabels, newest: NewestArgs, file: string): Imported {
  const version = /^(3\.\d+)\./.exec(tree.release)?.[1];
  if (!version) throw new Error(`the release ${tree.release} is not a CPython 3 release (like 3.15.0 or 3.15.0a8)`);
  const documents = new Map<string, RstDocument>();
  for (const [docname, doc] of tree.docs) documents.set(docname, readDocument(doc.text, doc.file));
  const table = buildTable(documents, known, newest);
  const audit = tree.docs.get('library/audit_events');
  const internal = audit ? readInternalTable(audit.text, audit.file) : [];

  const sites = new Map<string, FoundSite[]>();
  for (const source of tree.sources) {
    const found = source.kind === 'C' ? scanC(source.text, source.path) : scanPython(source.text, source.path);
    for (const site of found) sites.set(site.event, [...(sites.get(site.event) ?? []), site]);
  }
  const raisedAt = (name: string) =>
    (sites.get(name) ?? [])
      .map(({ file: path, line, function: name }) => ({ file: path, line, function: name }))
      .sort((a, b) => pyCompare(a.file, b.file) || a.line - b.line);

  const listed = new Set([...table.map((row) => row.name), ...internal.map((row) => row.name)]);
  const result: VersionFile = {
    version,
    release: tree.release,
    status: /[a-z]/.test(tree.release) ? 'pre-release' : 'stable',
    docs_base_url: `https://docs.python.org/${version}/`,
    docs_source: tree.docsSource,
    code_release: tree.release,
    code_source: tree.codeSource,
    events: table.map((row) => ({ ...row, raised_at: raisedAt(row.name) })),
    internal_events: internal.map((row) => ({ name: row.name, args: row.args, raised_at: raisedAt(row.name) })),
    undocumented_events: [...sites.keys()]
      .filter((name) => !listed.has(name))
      .sort(pyCompare)
      .map((name) => ({ name, raised_at: raisedAt(name) })),
  };
  const text = `${JSON.stringify(result, null, 2)}\n`;
  // The build's own validation: a file it would reject is never written.
  const checked = parseVersionFile(text, file);
  const warnings: string[] = [];
  for (const [docname, document] of documents) {
    for (const directive of document.directives) {
      const row = table.find((candidate) => candidate.name === directive.name);
      if (row && directive.args.length !== row.args.length) {
        warnings.push(`${tree.docs.get(docname)?.file}:${directive.line}: "${directive.name}" has the arguments (${directive.args.join(', ')}); the table keeps the first read, (${row.args.join(', ')})`);
      }
    }
  }
  return { file: checked, text, warnings };
}

/**
 * The patterns of the docs' `conf.py` that keep files out of the build: `exclude_patterns` (its
 * literal strings, assigned, added or appended; not those computed at run time), `templates_path`
 * and `html_static_path`, as Sphinx excludes all three.
 */
export function excludePatterns(conf: string): string[] {
  const lists = new Map<string, string[]>();
  const strings = (text: string) => [...text.matchAll(/(['"])((?:\\.|(?!\1).)*)\1/g)].map((match) => match[2] ?? '');
  const code = conf.replace(/#[^\n]*/g, '');
  for (const match of code.matchAll(/^(exclude_patterns|templates_path|html_static_path)\s*(\+?=)\s*\[([^\]]*)\]/gm)) {
    const name = match[1] ?? '';
    // `=` starts the list again; `+=` adds to it.
    lists.set(name, [...(match[2] === '=' ? [] : (lists.get(name) ?? [])), ...strings(match[3] ?? '')]);
  }
  for (const match of code.matchAll(/^exclude_patterns\.(?:append|extend)\(\s*(\[[^\]]*\]|(['"])(?:\\.|(?!\2).)*\2)\s*\)/gm)) {
    lists.set('exclude_patterns', [...(lists.get('exclude_patterns') ?? []), ...strings(match[1] ?? '')]);
  }
  // Sphinx's own: never sources, editor lock files or macOS bundles.
  return [...[...lists.values()].flat(), '**/_sources', '.#*', '**/.#*', '*.lproj/**'];
}

/** Whether a path relative to `Doc/` matches one of Sphinx's exclude patterns (`*` stays within a directory, `**` does not). */
export function excluded(path: string, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => globToRegExp(pattern).test(path));
}

function globToRegExp(pattern: string): RegExp {
  let source = '';
  for (let at = 0; at < pattern.length; at++) {
    const char = pattern[at] ?? '';
    if (char === '*' && pattern[at + 1] === '*') {
      source += '.*';
      at++;
    } else if (char === '*') source += '[^/]*';
    else if (char === '?') source += '[^/]';
    else if (char === '[') {
      const end = pattern.indexOf(']', at + 1);
      if (end === -1) source += '\\[';
      else {
        const body = pattern.slice(at + 1, end);
        source += `[${body.startsWith('!') ? `^${body.slice(1)}` : body}]`;
        at = end;
      }
    } else source += char.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`);
}
