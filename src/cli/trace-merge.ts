/**
 * `npm run trace:merge -- DIR [--out content/traces] [--report FILE]`: brings trace files made
 * elsewhere (the trace workflow's runners upload one per platform and version) into the project's
 * trace folder. Every JSON file under DIR must be a trace of today's corpus (checked as the build
 * checks it: a fault names the file and the call); each run joins under its own name
 * (`win32-3.14.json`, `darwin-3.13.json`, `3.12.json` for Linux), replacing a run of the same name
 * only with the same release or a newer one. `--report` writes what it did as Markdown, for the
 * pull request that brings the files in.
 */
import { existsSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCorpus } from './corpus';
import { mergePlan, mergeReport } from '../lib/trace/merge';
import { formatTrace, parseTraceFile, TRACE_FILE } from '../lib/trace/schema';
import { TRACE_SOURCES } from '../loaders/traces';

const USAGE = 'usage: npm run trace:merge -- DIR [--out content/traces] [--report FILE]';

function jsonFiles(directory: string): string[] {
  return readdirSync(directory)
    .sort()
    .flatMap((name) => {
      const path = join(directory, name);
      return statSync(path).isDirectory() ? jsonFiles(path) : name.endsWith('.json') ? [path] : [];
    });
}

function main(argv: string[]): void {
  const rest = [...argv];
  let source: string | undefined;
  let out = TRACE_SOURCES.traces;
  let report: string | undefined;
  while (rest.length > 0) {
    const arg = rest.shift() as string;
    if (arg === '--out' || arg === '--report') {
      const value = rest.shift();
      if (!value) throw new Error(`${arg} needs a value\n${USAGE}`);
      if (arg === '--out') out = value;
      else report = value;
    } else if (!arg.startsWith('-') && source === undefined) source = arg;
    else throw new Error(`unknown argument ${arg}\n${USAGE}`);
  }
  if (!source) throw new Error(USAGE);
  const ids = new Set(readCorpus().map((call) => call.id));
  const incoming = jsonFiles(source).map((file) => ({ file, trace: parseTraceFile(readFileSync(file, 'utf8'), file, ids) }));
  if (incoming.length === 0) throw new Error(`no trace files under ${source}`);
  const held = new Map(
    (existsSync(out) ? readdirSync(out) : [])
      .filter((name) => TRACE_FILE.test(name))
      .map((name) => [name.replace(/\.json$/, ''), parseTraceFile(readFileSync(join(out, name), 'utf8'), join(out, name), ids)] as const),
  );
  const steps = mergePlan(held, incoming);
  for (const step of steps) {
    if (step.action === 'kept') continue;
    const trace = incoming.find((entry) => entry.file === step.file)?.trace;
    if (!trace) continue;
    const target = join(out, `${step.run}.json`);
    writeFileSync(`${target}.tmp`, formatTrace(trace));
    renameSync(`${target}.tmp`, target);
  }
  const text = mergeReport(steps);
  console.log(text);
  if (report) writeFileSync(report, `Trace files from the trace workflow, merged by \`npm run trace:merge\`:\n\n${text}\n`);
}

try {
  main(process.argv.slice(2));
} catch (error) {
  console.error(`trace:merge: ${(error as Error).message}`);
  process.exit(1);
}
