/**
 * The CPythons this machine has, as the tracer runs them: each native `python3` from 3.8 on (the
 * newest release of each minor version), and CPython in WebAssembly through the playground's own
 * Pyodide under Node. Each runs the tracer's harness on a request; the hook tests run the builder's
 * hooks through the same harness in the same interpreters.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { compareReleases } from '../lib/versions/schema';

// The harness every interpreter runs.
const HARNESS = join(dirname(fileURLToPath(import.meta.url)), 'trace-harness.py');

/** Where `npm run pythons` unpacks Debian's CPython 3.13.18, 3.14.10 and 3.15.2 (their root, with usr/bin, usr/include, usr/lib). */
export const PYTHONS_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '.cache', 'pythons');

/** A CPython the tracer runs. */
export interface Interpreter {
  /** How the trace names where it ran: `native`, `Pyodide 314.0.7 under Node 22.23.3`. */
  runtime: string;
  label: string;
  release: string;
  /** Runs the harness on a request; `files` (path → text) are written first where the runtime has a file system of its own (Pyodide's). */
  run: (request: string, files?: Readonly<Record<string, string>>) => Promise<string>;
}

// The release a Python is, from 3.8 on (audit hooks began there); undefined for anything else.
function releaseOf(python: string): string | undefined {
  const probe = spawnSync(python, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3]) if sys.version_info >= (3, 8) else None'], { encoding: 'utf8', timeout: 20_000 });
  const release = probe.stdout?.trim();
  return probe.status === 0 && /^3\.\d+\.\d+$/.test(release ?? '') ? release : undefined;
}

/** A native CPython as the newest release of its minor version on this machine. */
export interface NativePython {
  path: string;
  release: string;
  minor: string;
}

/** Every native CPython from 3.8 on (pyenv's versions, `npm run pythons`' and python3.X on the PATH), the newest release of each minor version, oldest first. */
export function nativePythons(): NativePython[] {
  const candidates: string[] = [];
  const pyenv = join(homedir(), '.pyenv', 'versions');
  if (existsSync(pyenv)) for (const name of readdirSync(pyenv).sort()) candidates.push(join(pyenv, name, 'bin', 'python3'));
  for (const directory of [join(PYTHONS_ROOT, 'usr', 'bin'), ...(process.env['PATH'] ?? '').split(delimiter)]) {
    if (!directory || !existsSync(directory)) continue;
    for (const name of readdirSync(directory).sort()) if (/^python3\.\d+$/.test(name)) candidates.push(join(directory, name));
  }
  const byMinor = new Map<string, { path: string; release: string }>();
  const seen = new Set<string>();
  for (const path of candidates) {
    if (!existsSync(path)) continue;
    const real = realpathSync(path);
    if (seen.has(real)) continue;
    seen.add(real);
    const release = releaseOf(path);
    if (!release) continue;
    const minor = release.split('.').slice(0, 2).join('.');
    const held = byMinor.get(minor);
    if (!held || compareReleases(release, held.release) > 0) byMinor.set(minor, { path, release });
  }
  return [...byMinor.entries()].map(([minor, { path, release }]) => ({ path, release, minor })).sort((a, b) => compareReleases(a.release, b.release));
}

/**
 * How a program that embeds a native CPython is built and run: the compiler's and linker's flags
 * (python3-config's, for pyenv's builds; for Debian's, unpacked by `npm run pythons`, its headers
 * and libpython with sid's own loader), and the environment the program needs to find its library.
 */
export function embedding(python: NativePython): { cflags: string[]; ldflags: string[]; env: Record<string, string> } {
  const root = join(PYTHONS_ROOT, 'usr');
  if (python.path.startsWith(`${root}/`)) {
    const libraries = [join(root, 'lib', 'x86_64-linux-gnu'), join(PYTHONS_ROOT, 'lib', 'x86_64-linux-gnu')];
    return {
      cflags: [`-I${join(root, 'include', `python${python.minor}`)}`, `-I${join(root, 'include')}`],
      // libpython needs sid's newer C library: the linker leaves its symbols to sid's loader, which runs the program.
      ldflags: [`-L${libraries[0]}`, `-lpython${python.minor}`, '-Wl,--allow-shlib-undefined', `-Wl,--dynamic-linker=${join(PYTHONS_ROOT, 'usr', 'lib64', 'ld-linux-x86-64.so.2')}`, `-Wl,-rpath,${libraries.join(':')}`],
      env: homeOf(python.path),
    };
  }
  const config = `${python.path}-config`;
  const flags = (...options: string[]) => spawnSync(config, options, { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean);
  return { cflags: flags('--cflags'), ldflags: flags('--ldflags', '--embed'), env: {} };
}

/** The environment a native CPython needs to find its own library: none for pyenv's, PYTHONHOME for Debian's unpacked by `npm run pythons`. */
export const homeOf = (path: string): Record<string, string> => (path.startsWith(`${join(PYTHONS_ROOT, 'usr')}/`) ? { PYTHONHOME: join(PYTHONS_ROOT, 'usr') } : {});

/** Every native CPython from 3.8 on, as the tracer runs them (see `nativePythons`). */
export function nativeInterpreters(): Interpreter[] {
  return nativePythons().map(({ path, release }) => nativeInterpreter(path, release));
}

/** The native CPython at a path (`npm run trace -- --python PATH`, as CI's runners give one), 3.8 or later. */
export function interpreterAt(path: string): Interpreter {
  const release = releaseOf(path);
  if (!release) throw new Error(`${path} is not a CPython 3.8 or later that runs here`);
  return nativeInterpreter(path, release);
}

function nativeInterpreter(path: string, release: string): Interpreter {
  return {
    runtime: 'native',
    label: path,
    release,
    run: async (request) => {
      const scratch = mkdtempSync(join(tmpdir(), 'audit-trace-run-'));
      try {
        const result = spawnSync(path, [HARNESS], {
          input: request,
          encoding: 'utf8',
          cwd: scratch,
          timeout: 1_200_000,
          maxBuffer: 512 * 1024 * 1024,
          // A fixed hash seed: sets and dicts of strings list in one order from run to run. Debian's
          // interpreters, unpacked away from /usr, are told their home: a child started under
          // another name (argv[0]) must find its library as the interpreter itself does.
          env: { ...process.env, ...homeOf(path), PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1', PYTHONWARNINGS: 'ignore' },
        });
        if (result.status !== 0) throw new Error(`${path}: the harness failed (${result.error?.message ?? `exit ${result.status}`}): ${result.stderr.slice(-2000)}`);
        return result.stdout;
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    },
  };
}

/** CPython in WebAssembly, through the playground's own Pyodide under Node: no subprocesses, no real sockets. */
export async function pyodideInterpreter(): Promise<Interpreter> {
  const directory = join(process.cwd(), 'node_modules', 'pyodide');
  const { version } = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as { version: string };
  const python = (JSON.parse(readFileSync(join(directory, 'pyodide-lock.json'), 'utf8')) as { info: { python: string } }).info.python;
  return {
    runtime: `Pyodide ${version} under Node ${process.versions.node}`,
    label: `Pyodide ${version}`,
    release: python,
    run: async (request, files = {}) => {
      const { loadPyodide } = (await import(pathToFileURL(join(directory, 'pyodide.mjs')).href)) as typeof import('pyodide');
      const pyodide = await loadPyodide({ indexURL: `${directory}/` });
      pyodide.FS.writeFile('/home/pyodide/audit_trace_harness.py', readFileSync(HARNESS, 'utf8'));
      for (const [path, text] of Object.entries(files)) pyodide.FS.writeFile(path, text);
      const harness = pyodide.pyimport('audit_trace_harness') as unknown as { trace: (text: string) => string };
      return harness.trace(request);
    },
  };
}
