import { readdirSync, readFileSync, statSync } from 'node:fs';
import { posix } from 'node:path';
import { describe, expect, it } from 'vitest';

// src/lib is read as text, not through a bundler: the rules are about what the source says, and a
// bundler would stop at the first import it could not resolve instead of naming every fault.

const LIB = 'src/lib';
const SOURCE = /\.(?:[cm]?[jt]s|astro)$/;

/** A source file of src/lib: its path from the repository's root, and its text. */
interface LibFile {
  path: string;
  text: string;
}

/**
 * The specifiers a module imports or re-exports from: `import … from`, `export … from`, a bare
 * `import '…'`, and `import('…')`. Type-only imports count: a type ties two folders as a value does.
 */
function importsOf(text: string): string[] {
  const found: string[] = [];
  // The clause between the keyword and `from` holds names, braces, commas and `*` only, so a line
  // that merely starts with `import` or `export` (a string, a declaration) is not taken for one.
  const statements = /^[ \t]*(?:import|export)\s+(?:type\s+)?[\w$*\s{},]*?\s*from\s*(['"])(.+?)\1/gm;
  const bare = /^[ \t]*import\s*(['"])(.+?)\1/gm;
  const dynamic = /\bimport\(\s*(['"])(.+?)\1\s*\)/g;
  for (const pattern of [statements, bare, dynamic]) for (const match of text.matchAll(pattern)) found.push(match[2] ?? '');
  return found;
}

/** Where a relative specifier points, from the repository's root, without its `?raw` query. */
function target(file: string, specifier: string): string {
  return posix.join(posix.dirname(file), specifier.replace(/\?.*$/, ''));
}

/** The folder of src/lib a path lies in (`versions` for `src/lib/versions/events.ts`), or undefined outside src/lib. */
function folderOf(path: string): string | undefined {
  return path.startsWith(`${LIB}/`) ? path.slice(LIB.length + 1).split('/')[0] : undefined;
}

/** The name of the package a bare specifier imports: `astro` for `astro/zod`, `@scope/name` for `@scope/name/sub`. */
function packageOf(specifier: string): string {
  const parts = specifier.split('/');
  return (specifier.startsWith('@') ? parts.slice(0, 2) : parts.slice(0, 1)).join('/');
}

/** Every import that reaches outside src/lib: into the site's data, components, pages, loaders or commands, or into a package the project does not name. */
function outsideImports(files: readonly LibFile[], packages: ReadonlySet<string>): string[] {
  const faults: string[] = [];
  for (const file of files) {
    for (const specifier of importsOf(file.text)) {
      if (specifier.startsWith('.')) {
        const to = target(file.path, specifier);
        if (folderOf(to) === undefined) faults.push(`${file.path} imports '${specifier}' (${to}), outside ${LIB}`);
      } else if (!specifier.startsWith('node:') && !packages.has(packageOf(specifier))) {
        faults.push(`${file.path} imports '${specifier}', neither a node: builtin nor a package in package.json`);
      }
    }
  }
  return faults;
}

/** Every circle of imports between the folders of src/lib, each with the imports that close it. */
function folderCycles(files: readonly LibFile[]): string[] {
  // Folder → folder it imports → the first import that says so.
  const edges = new Map<string, Map<string, string>>();
  for (const file of files) {
    const from = folderOf(file.path);
    if (from === undefined) continue;
    for (const specifier of importsOf(file.text)) {
      if (!specifier.startsWith('.')) continue;
      const to = folderOf(target(file.path, specifier));
      if (to === undefined || to === from) continue;
      const out = edges.get(from) ?? new Map<string, string>();
      if (!out.has(to)) out.set(to, `${file.path} imports '${specifier}'`);
      edges.set(from, out);
    }
  }
  const cycles = new Map<string, string>();
  const done = new Set<string>();
  const walk = (folder: string, path: string[]) => {
    if (done.has(folder)) return;
    const at = path.indexOf(folder);
    if (at !== -1) {
      const circle = path.slice(at);
      // One report per circle, whichever folder the walk entered it by.
      const first = circle.indexOf([...circle].sort()[0] ?? '');
      const turned = [...circle.slice(first), ...circle.slice(0, first)];
      const witnesses = turned.map((from, i) => edges.get(from)?.get(turned[(i + 1) % turned.length] ?? '') ?? '');
      cycles.set(turned.join(' → '), `${[...turned, turned[0]].join(' → ')}: ${witnesses.join('; ')}`);
      return;
    }
    for (const next of edges.get(folder)?.keys() ?? []) walk(next, [...path, folder]);
    if (path.length === 0) done.add(folder);
  };
  for (const folder of [...edges.keys()].sort()) walk(folder, []);
  return [...cycles.values()];
}

/** The files of src/lib that sit directly in it, beside its folders. */
function looseFiles(entries: readonly { name: string; folder: boolean }[]): string[] {
  return entries.filter((entry) => !entry.folder).map((entry) => `${LIB}/${entry.name} sits loose in ${LIB}: put it in the folder of its concern`);
}

function readLib(): LibFile[] {
  return (readdirSync(LIB, { recursive: true, encoding: 'utf8' }) as string[])
    .map((name) => posix.join(LIB, name.split('\\').join('/')))
    .filter((path) => SOURCE.test(path) && statSync(path).isFile())
    .sort()
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }));
}

const files = readLib();
const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies?: Record<string, string>; devDependencies?: Record<string, string> };
const packages = new Set([...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})]);

describe('src/lib, one folder per concern', () => {
  it('holds folders only: no module sits loose beside them', () => {
    const entries = readdirSync(LIB, { withFileTypes: true }).map((entry) => ({ name: entry.name, folder: entry.isDirectory() }));
    expect(looseFiles(entries), `a module of ${LIB} belongs in the folder of its concern`).toEqual([]);
  });

  it('imports nothing from outside src/lib but node: builtins and the packages package.json names', () => {
    expect(files.length, `no source files found under ${LIB}`).toBeGreaterThan(50);
    expect(outsideImports(files, packages), `${LIB} is pure: the site's data, components, pages, loaders and commands import it, never the other way`).toEqual([]);
  });

  it('has no circle of imports between its folders', () => {
    expect(folderCycles(files), 'two folders of src/lib that import each other, directly or round a circle, are one concern or need a third').toEqual([]);
  });
});

describe('the layout rules themselves', () => {
  it('read every form of import and re-export the code uses, and nothing that only looks like one', () => {
    const text = [
      "import { z } from 'astro/zod';",
      "import fixed from './policy.py?raw';",
      'import {',
      '  argumentEras,',
      '  type Mismatch,',
      "} from '../versions/events';",
      "import type { Categories } from '../views/categories';",
      "export { compareReleases } from './ranges';",
      "export * from './everything';",
      "import './side-effect';",
      "const { pythonHook } = await import('../hooks/python');",
      " * import the table from 'somewhere' (a comment)",
      "const code = 'import sys';",
      "export const note = 'see from \\'x\\'';",
    ].join('\n');
    expect(importsOf(text).sort()).toEqual(['../hooks/python', '../versions/events', '../views/categories', './everything', './policy.py?raw', './ranges', './side-effect', 'astro/zod'].sort());
  });

  it('name the file and the import that breaks each rule', () => {
    const fake: LibFile[] = [
      { path: 'src/lib/a/one.ts', text: "import { b } from '../b/two';\nimport { page } from '../../pages/index';\nimport { getCollection } from 'astro:content';" },
      { path: 'src/lib/b/two.ts', text: "import type { C } from '../c/three';" },
      { path: 'src/lib/c/three.ts', text: "export { a } from '../a/one';\nimport { z } from 'astro/zod';\nimport { join } from 'node:path';" },
      { path: 'src/lib/d/four.ts', text: "import { a } from '../a/one';" },
    ];
    expect(outsideImports(fake, new Set(['astro']))).toEqual([
      "src/lib/a/one.ts imports '../../pages/index' (src/pages/index), outside src/lib",
      "src/lib/a/one.ts imports 'astro:content', neither a node: builtin nor a package in package.json",
    ]);
    expect(folderCycles(fake)).toEqual([
      "a → b → c → a: src/lib/a/one.ts imports '../b/two'; src/lib/b/two.ts imports '../c/three'; src/lib/c/three.ts imports '../a/one'",
    ]);
    expect(folderCycles(fake.filter((file) => file.path !== 'src/lib/c/three.ts'))).toEqual([]);
    expect(looseFiles([{ name: 'versions.ts', folder: false }, { name: 'versions', folder: true }])).toEqual(['src/lib/versions.ts sits loose in src/lib: put it in the folder of its concern']);
  });
});
