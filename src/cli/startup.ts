/**
 * `npm run startup`: what a hook sees before a program's own code runs, in every native CPython
 * here (pyenv's and `npm run pythons`'), for three ways of starting (`python -c pass`, `python -m`
 * a small module, `python script.py`), each in a fresh virtual environment of it (so that no
 * site-packages of this machine adds its own): the events a hook installed from sitecustomize sees
 * (startup/sitecustomize.py), and what a C hook added before Py_Initialize() sees on top
 * (startup/embed.c, which starts Python as the python command does). Writes content/startup.json;
 * run-specific values (the folder, the interpreter, its prefix) become the tracer's placeholders,
 * so measuring twice writes the same file.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { embedding, homeOf, nativePythons, type NativePython } from './interpreters';
import { beyond, seenOf, STARTUP_FILE, WAYS, type RawStartupEvent, type Startup } from '../lib/behaviour/startup';

const HERE = join(dirname(fileURLToPath(import.meta.url)), 'startup');

function events(file: string): RawStartupEvent[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RawStartupEvent);
}

/**
 * A folder laid out for one recorder's runs: `site/` on PYTHONPATH with the module `-m` runs (and,
 * for the Python recorder, its sitecustomize.py), and the script. Both recorders' folders look the
 * same, and both are shown as `<tmp>`, so that the arguments each hook saw compare as text.
 */
function runFolder(folder: string, sitecustomize: boolean): string {
  mkdirSync(join(folder, 'site'), { recursive: true });
  if (sitecustomize) copyFileSync(join(HERE, 'sitecustomize.py'), join(folder, 'site', 'sitecustomize.py'));
  writeFileSync(join(folder, 'site', 'startup_probe.py'), 'probe = 1\n');
  writeFileSync(join(folder, 'script.py'), 'script = 1\n');
  return folder;
}

function measure(python: NativePython, scratch: string): Startup['runs'][number] {
  const root = join(scratch, python.minor);
  // A fresh virtual environment: no site-packages of this machine (its .pth files) adds its events.
  const venv = join(root, 'venv');
  const made = spawnSync(python.path, ['-m', 'venv', '--without-pip', venv], { encoding: 'utf8', env: { ...process.env, ...homeOf(python.path) } });
  if (made.status !== 0) throw new Error(`${python.path} -m venv: ${made.stderr.slice(-1500)}`);
  const interpreter = join(venv, 'bin', 'python');
  // The C recorder sits beside the environment's python, and so starts as it does, without a sitecustomize.
  const flags = embedding(python);
  const program = join(venv, 'bin', 'embed');
  const compile = spawnSync('gcc', ['-std=c11', ...flags.cflags, '-o', program, join(HERE, 'embed.c'), ...flags.ldflags], { encoding: 'utf8' });
  if (compile.status !== 0) throw new Error(`${python.path}: the C recorder did not compile: ${compile.stderr.slice(0, 2000)}`);
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' };
  for (const name of ['PYTHONSTARTUP', 'PYTHONHOME', 'PYTHONUSERBASE', 'VIRTUAL_ENV']) delete env[name];
  const prefix = spawnSync(interpreter, ['-c', 'import sys; print(sys.base_prefix)'], { encoding: 'utf8', env }).stdout.trim();
  const recorders = { python: runFolder(join(root, 'python'), true), c: runFolder(join(root, 'c'), false) };
  const ways = WAYS.map(({ way }) => {
    const args = way === 'command' ? ['-c', 'pass'] : way === 'module' ? ['-m', 'startup_probe'] : ['script.py'];
    const seen = (recorder: keyof typeof recorders, executable: string, variable: string) => {
      const cwd = recorders[recorder];
      const file = join(root, `${way}-${recorder}.jsonl`);
      const ran = spawnSync(executable, args, { cwd, env: { ...env, PYTHONPATH: join(cwd, 'site'), [variable]: file }, encoding: 'utf8' });
      if (ran.status !== 0) throw new Error(`${executable} ${args.join(' ')}: ${ran.stderr.slice(-1500)}`);
      const specifics = { pid: 0, ports: [], executable, prefix, home: homedir(), tempdir: tmpdir(), cwd };
      return seenOf(events(file), specifics, [cwd, root]);
    };
    const python = seen('python', interpreter, 'AUDIT_STARTUP_EVENTS');
    return { way, python, c: beyond(seen('c', program, 'AUDIT_STARTUP_C_EVENTS'), python) };
  });
  return { version: python.minor, release: python.release, ways };
}

const scratch = mkdtempSync(join(tmpdir(), 'audit-startup-'));
try {
  const runs = nativePythons().map((python) => {
    console.log(`start-up: ${python.release}…`);
    return measure(python, scratch);
  });
  const startup: Startup = {
    about: 'Written by npm run startup: per native CPython and way of starting it, the events a hook installed from sitecustomize sees before the program runs, and what a C hook added before Py_Initialize() sees besides; each with its count and up to three of its argument tuples, run-specific values as placeholders.',
    runs,
  };
  writeFileSync(STARTUP_FILE, `${JSON.stringify(startup, null, 2)}\n`);
  for (const run of runs) {
    console.log(`${run.release}: ${run.ways.map((way) => `${way.way} ${way.python.reduce((sum, seen) => sum + seen.count, 0)} + ${way.c.reduce((sum, seen) => sum + seen.count, 0)} before`).join(', ')}`);
  }
  console.log(`wrote ${STARTUP_FILE}`);
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
