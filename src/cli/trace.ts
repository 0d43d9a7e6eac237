/**
 * `npm run trace [-- --calls content/calls/shutil.json] [--dry] [--out content/traces]`
 *
 * Runs the call corpus (`content/calls/*.json`) under an audit hook in every CPython this machine
 * has: each `~/.pyenv/versions/*\/bin/python3`, `npm run pythons`' and `python3.X` on the PATH from
 * 3.8 on (the newest release of each minor version), and CPython in WebAssembly through the
 * playground's own Pyodide, under Node. Writes a trace file per run, named as `traceRun` says
 * (`content/traces/3.14.json` native on Linux, `pyodide-3.14.json`): what every call raised, in order, with
 * its arguments' types and a stable repr (src/lib/trace/record.ts says how). A corpus file that
 * does not parse, or a call no CPython here can run, fails the trace with its file and name.
 * `--calls FILE` runs one corpus file and `--dry` prints what each call raised instead of writing.
 * `--python PATH` (again for more) traces only the CPythons given, as a CI runner's, and leaves out
 * Pyodide: such a run does not check that every call runs somewhere.
 * `AUDIT_CALLS_DIR` and `AUDIT_TRACES_DIR` name another corpus and output folder, as for the build.
 */
import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { interpreterAt, nativeInterpreters, pyodideInterpreter, type Interpreter } from './interpreters';
import { readCorpus } from './corpus';
import { harnessRequest } from '../lib/trace/corpus';
import { traceCall, type RawResult, type RunSpecifics } from '../lib/trace/record';
import { formatTrace, parseTraceFile, traceRun, type TraceFile } from '../lib/trace/schema';
import { VersionDataError } from '../lib/versions/schema';
import { TRACE_SOURCES } from '../loaders/traces';

const USAGE = 'usage: npm run trace [-- --calls content/calls/FILE.json] [--dry] [--out content/traces] [--python PATH]…';

/** What the harness prints. */
interface HarnessOutput {
  python: string;
  implementation: string;
  platform: string;
  machine: string;
  specifics: RunSpecifics;
  results: RawResult[];
}

interface Options {
  calls?: string;
  dry: boolean;
  out: string;
  pythons: string[];
}

function options(argv: string[]): Options {
  const found: Options = { dry: false, out: TRACE_SOURCES.traces, pythons: [] };
  const rest = [...argv];
  while (rest.length > 0) {
    const arg = rest.shift();
    if (arg === '--dry') found.dry = true;
    else if (arg === '--calls' || arg === '--out' || arg === '--python') {
      const value = rest.shift();
      if (!value) throw new Error(`${arg} needs a value\n${USAGE}`);
      if (arg === '--python') found.pythons.push(value);
      else found[arg === '--calls' ? 'calls' : 'out'] = value;
    } else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  return found;
}

/** One interpreter's trace file from what its harness printed. */
function traceFile(interpreter: Interpreter, output: HarnessOutput): TraceFile {
  const calls = Object.fromEntries(
    [...output.results].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)).map((result) => [result.id, traceCall(result, output.specifics)]),
  );
  return { python: output.python, implementation: 'cpython', platform: output.platform, machine: output.machine, runtime: interpreter.runtime, calls };
}

async function main(argv: string[]): Promise<number> {
  const { calls: only, dry, out, pythons } = options(argv);
  const corpus = readCorpus();
  const selected = only ? corpus.filter((call) => call.file === only || call.file.endsWith(`/${only}`)) : corpus;
  if (selected.length === 0) throw new Error(`no calls in ${only}`);
  const request = harnessRequest(selected);
  const interpreters = pythons.length > 0 ? pythons.map(interpreterAt) : [...nativeInterpreters(), await pyodideInterpreter()];
  const traces: { interpreter: Interpreter; file: TraceFile; seconds: number }[] = [];
  for (const interpreter of interpreters) {
    const started = Date.now();
    const output = JSON.parse(await interpreter.run(request)) as HarnessOutput;
    const file = traceFile(interpreter, output);
    const seconds = (Date.now() - started) / 1000;
    traces.push({ interpreter, file, seconds });
    const failed = Object.values(file.calls).filter((call) => call.status !== 'ok').length;
    console.log(`${output.python} (${interpreter.label}): ${selected.length - failed} calls ran, ${failed} not run, ${seconds.toFixed(1)} s`);
  }
  // A call that no CPython here can run is broken, not a measurement (one that only the newest
  // can run is an API new in it), unless it is for platforms none of these runs is.
  const platforms = new Set(traces.map((trace) => trace.file.platform));
  for (const call of pythons.length > 0 ? [] : selected) {
    if (call.platforms && !call.platforms.some((platform) => platforms.has(platform))) continue;
    const errors = traces.map((trace) => trace.file.calls[call.id]).filter((traced) => traced?.status === 'not run');
    if (errors.length === traces.length) {
      const error = errors.at(-2)?.status === 'not run' ? errors.at(-2)?.error : errors[0]?.status === 'not run' ? errors[0].error : '';
      throw new VersionDataError(call.file, call.id, `runs in no CPython here: ${error}`, 'call');
    }
  }
  if (dry) {
    for (const call of selected) {
      console.log(`\n${call.id} (${call.file})`);
      for (const { file } of traces) {
        const traced = file.calls[call.id];
        const shown = traced?.status === 'ok' ? traced.events.map((event) => `${event.name}(${event.types.join(', ')})`).join(' ') || '(nothing)' : `not run: ${traced?.error}`;
        console.log(`  ${file.python.padEnd(7)} ${shown}`);
      }
    }
    return 0;
  }
  if (only) throw new Error('--calls traces part of the corpus: use it with --dry, or trace the whole corpus');
  mkdirSync(out, { recursive: true });
  const ids = new Set(corpus.map((call) => call.id));
  for (const { file } of traces) {
    const target = join(out, `${traceRun(file)}.json`);
    const text = formatTrace(file);
    parseTraceFile(text, target, ids);
    writeFileSync(`${target}.tmp`, text);
    renameSync(`${target}.tmp`, target);
    console.log(`${target}: ${Object.keys(file.calls).length} calls`);
  }
  return 0;
}

// Pyodide's runtime may keep Node's event loop alive after the trace: the command ends when it is done.
main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`trace: ${(error as Error).message}`);
    process.exit(1);
  },
);
