import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseTraceData, type TraceData } from '../lib/trace/data';
import { TRACE_FILE } from '../lib/trace/schema';
import { storePacked } from './packed';
import { projectFiles, sharedRead } from './shared';

/** The files what calls raise comes from. Benchmarks and tests name others in the environment. */
export const TRACE_SOURCES = {
  /** The call corpus: one file per module or group of modules. */
  calls: process.env['AUDIT_CALLS_DIR'] || 'content/calls',
  /** One trace file per run: `3.12.json` for a version's own (native, Linux), `pyodide-3.14.json`, `win32-3.14.json` for others. */
  traces: process.env['AUDIT_TRACES_DIR'] || 'content/traces',
  /** Events no call can make CPython raise on Linux, each with why. */
  unobserved: process.env['AUDIT_UNOBSERVED_FILE'] || 'content/unobserved-events.json',
};

/**
 * The loaders of the `calls`, `traces` and `unobserved` collections. They share one read of the
 * files per build, checked by `parseTraceData`: a fault throws, naming the file, the call and the
 * fault, so a build from malformed trace data fails. Each run's traces are stored packed (`packed.ts`).
 */
export function traceLoaders(sources = TRACE_SOURCES) {
  const loader = sharedRead((root) => readTraceData(root, sources));

  return {
    calls: loader('calls-loader', async ({ store, parseData, generateDigest }, { calls }) => {
      store.clear();
      for (const call of calls) {
        const data = await parseData({ id: call.id, data: { ...call } });
        store.set({ id: call.id, data, digest: generateDigest(data) });
      }
    }),
    traces: loader('traces-loader', async (context, { traces, calls }) => {
      storePacked(context, traces.map((trace) => [trace.run, trace]));
      context.logger.info(`${calls.length} calls traced in ${traces.map((trace) => trace.python).join(', ') || 'no CPython'}`);
    }),
    unobserved: loader('unobserved-loader', async ({ store, parseData, generateDigest }, { unobserved }) => {
      store.clear();
      for (const [id, reason] of Object.entries(unobserved)) {
        const data = await parseData({ id, data: { reason } });
        store.set({ id, data, digest: generateDigest(data) });
      }
    }),
  };
}

async function readTraceData(root: string, sources: typeof TRACE_SOURCES): Promise<{ data: TraceData; files: string[] }> {
  const { read, maybe } = projectFiles(root);
  const list = async (directory: string, pattern: RegExp) =>
    ((await readdir(resolve(root, directory)).catch(() => [])) as string[]).filter((name) => pattern.test(name)).sort().map((name) => join(directory, name));
  const callFiles = await list(sources.calls, /\.json$/);
  const traceFiles = await list(sources.traces, TRACE_FILE);
  const unobserved = await maybe(sources.unobserved);
  const data = parseTraceData({
    calls: await Promise.all(callFiles.map(read)),
    traces: await Promise.all(traceFiles.map(read)),
    unobserved,
  });
  return { data, files: [...callFiles, ...traceFiles, sources.unobserved].map((file) => resolve(root, file)) };
}
