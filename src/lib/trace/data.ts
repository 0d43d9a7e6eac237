import { compareVersions, parseJson, VersionDataError } from '../versions/schema';
import { checkCorpus, parseCorpusFile, unobservedFileSchema, type SourcedCall } from './corpus';
import { isVersionRun, parseTraceFile, traceRun, type TraceFile } from './schema';

/** The texts the behaviour data comes from, with the names to report faults by. */
export interface TraceTexts {
  calls: { file: string; text: string }[];
  traces: { file: string; text: string }[];
  /** Undefined where the file does not exist. */
  unobserved: { file: string; text: string | undefined };
}

/** A trace file with the minor version it measures and its run (`3.14`, `pyodide-3.14`: see `traceRun`). */
export interface VersionTrace extends TraceFile {
  version: string;
  run: string;
  file: string;
}

/** The corpus, every version's trace, and why some events fire in no call. */
export interface TraceData {
  calls: SourcedCall[];
  /** The versions' own runs (native, on Linux), oldest first; then every other run, by name. */
  traces: VersionTrace[];
  unobserved: Record<string, string>;
  files: { unobserved: string };
}

/**
 * Reads the corpus, the traces and the reasons: each file by its schema, the traces against the
 * corpus (every call traced in every file, no other). Throws naming the file, the call and the fault.
 */
export function parseTraceData(input: TraceTexts): TraceData {
  const calls = input.calls.flatMap(({ file, text }) => parseCorpusFile(text, file));
  checkCorpus(calls);
  const ids = new Set(calls.map((call) => call.id));
  const traces = input.traces
    .map(({ file, text }) => {
      const trace = parseTraceFile(text, file, ids);
      return { ...trace, version: trace.python.split('.').slice(0, 2).join('.'), run: traceRun(trace), file };
    })
    .sort((a, b) => Number(isVersionRun(b.run)) - Number(isVersionRun(a.run)) || compareVersions(a.version, b.version) || (a.run < b.run ? -1 : a.run > b.run ? 1 : 0));
  for (const [at, trace] of traces.entries()) {
    if (traces.findIndex((other) => other.run === trace.run) !== at) throw new VersionDataError(trace.file, undefined, `a second trace of the run ${trace.run}`);
  }
  let unobserved: Record<string, string> = {};
  if (input.unobserved.text !== undefined) {
    const data = parseJson(input.unobserved.text, input.unobserved.file);
    const result = unobservedFileSchema.safeParse(data);
    if (!result.success) {
      const issue = result.error.issues[0];
      const [, event] = issue?.path ?? [];
      throw new VersionDataError(input.unobserved.file, typeof event === 'string' ? event : undefined, issue?.message ?? 'does not match the schema');
    }
    unobserved = result.data.events;
  }
  return { calls, traces, unobserved, files: { unobserved: input.unobserved.file } };
}
