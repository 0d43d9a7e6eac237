import { z } from 'astro/zod';
import { parseJson, VersionDataError } from '../versions/schema';

/** `content/traces/<minor>.json`: what every call of the corpus raised in one CPython. */

const eventName = z.string().regex(/^\S+$/, 'an event name must be non-empty and without spaces');

export const tracedEventSchema = z
  .strictObject({
    name: eventName,
    /** How many values the hook's `args` tuple held. */
    args: z.number().int().nonnegative(),
    /** `type(value).__name__` of each value: `str`, `bytes`, `int`, `PosixPath`, `NoneType`. */
    types: z.array(z.string().min(1)),
    /** The tuple's repr, with run-specific values as placeholders, shortened. */
    repr: z.string(),
  })
  .refine((event) => event.types.length === event.args, { message: 'names as many types as the event has arguments' });

export const tracedCallSchema = z.discriminatedUnion('status', [
  z.strictObject({
    status: z.literal('ok'),
    events: z.array(tracedEventSchema),
    /** More events than the harness records: the list holds the first ones. */
    truncated: z.literal(true).optional(),
    /** The modules the first call imported, which the call's own run did not. */
    first_imports: z.array(z.string().min(1)).min(1).optional(),
    /** How many more events the first call raised than the call's own run. */
    first_events: z.number().int().positive().optional(),
  }),
  z.strictObject({
    status: z.literal('not run'),
    /** Why: the exception the call or its setup ended with. */
    error: z.string().min(1),
  }),
]);

export const traceFileSchema = z.strictObject({
  /** The exact release traced: `3.13.0`. */
  python: z.string().regex(/^3\.\d+\.\d+(?:(?:a|b|rc)\d+)?$/, 'a release is written like 3.13.0'),
  implementation: z.literal('cpython'),
  /** `sys.platform` and the machine: `linux` and `x86_64`, or `emscripten` and `wasm32` under Pyodide. */
  platform: z.string().min(1),
  machine: z.string(),
  /** How the interpreter ran: `native`, or `Pyodide 314.0.7 under Node 22.23.3`. */
  runtime: z.string().min(1),
  calls: z.record(z.string().min(1), tracedCallSchema),
});

export type TracedEvent = z.infer<typeof tracedEventSchema>;
export type TracedCall = z.infer<typeof tracedCallSchema>;
export type TraceFile = z.infer<typeof traceFileSchema>;

/**
 * Reads a trace file: the schema, then against the corpus (every call traced, none unknown, the
 * file named after its release's minor version). A fault names the file, the call and what is wrong.
 */
export function parseTraceFile(text: string, file: string, corpus: ReadonlySet<string>): TraceFile {
  const data = parseJson(text, file);
  const result = traceFileSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const [top, call, ...rest] = issue?.path ?? [];
    const where = top === 'calls' && typeof call === 'string' ? call : undefined;
    const field = (where ? rest : issue?.path ?? []).map(String).join('.');
    throw new VersionDataError(file, where, `${field ? `${field}: ` : ''}${issue?.message ?? 'does not match the schema'}`, 'call');
  }
  const trace = result.data;
  const named = /(?:^|[\\/])((?:[a-z0-9]+-)?3\.\d+)\.json$/.exec(file)?.[1];
  if (named !== undefined && named !== traceRun(trace)) {
    throw new VersionDataError(file, undefined, `traces Python ${trace.python} (${trace.platform}, ${trace.runtime}), so the file is named ${traceRun(trace)}.json, not ${named}.json`);
  }
  for (const id of Object.keys(trace.calls)) {
    if (!corpus.has(id)) throw new VersionDataError(file, id, 'is traced, but the corpus has no such call: trace again (npm run trace)', 'call');
  }
  for (const id of corpus) {
    if (!(id in trace.calls)) throw new VersionDataError(file, id, 'is in the corpus, but not traced here: trace again (npm run trace)', 'call');
  }
  return trace;
}

/**
 * What a trace file is named by (its run): the minor version for a native Linux run (`3.14`), the
 * site's per-version trace; `pyodide-3.14` for CPython in WebAssembly under Pyodide; the platform
 * first for a native run elsewhere (`win32-3.14`, `darwin-3.14`).
 */
export function traceRun(trace: Pick<TraceFile, 'python' | 'platform' | 'runtime'>): string {
  const minor = trace.python.split('.').slice(0, 2).join('.');
  if (trace.runtime.startsWith('Pyodide')) return `pyodide-${minor}`;
  return trace.platform === 'linux' && trace.runtime === 'native' ? minor : `${trace.platform.replace(/[^a-z0-9]/g, '')}-${minor}`;
}

/** The name of a trace file: its run's, then `.json` (`3.14.json`, `pyodide-3.14.json`). */
export const TRACE_FILE = /^(?:[a-z0-9]+-)?3\.\d+\.json$/;

/** Whether a run is a version's own: native, on Linux. */
export const isVersionRun = (run: string) => /^3\.\d+$/.test(run);

/**
 * A trace file's text: JSON, each event on a line of its own, so that a re-trace reads as a diff
 * of events and a file of 600 calls stays short. Parsing it gives the file back.
 */
export function formatTrace(trace: TraceFile): string {
  const head = (['python', 'implementation', 'platform', 'machine', 'runtime'] as const).map((key) => `  ${JSON.stringify(key)}: ${JSON.stringify(trace[key])},`);
  const calls = Object.entries(trace.calls).map(([id, call]) => {
    const fields = Object.entries(call).map(([key, value]) => {
      if (key !== 'events' || !Array.isArray(value) || value.length === 0) return `      ${JSON.stringify(key)}: ${JSON.stringify(value)}`;
      return `      "events": [\n${value.map((event) => `        ${JSON.stringify(event)}`).join(',\n')}\n      ]`;
    });
    return `    ${JSON.stringify(id)}: {\n${fields.join(',\n')}\n    }`;
  });
  return `{\n${head.join('\n')}\n  "calls": {\n${calls.join(',\n')}\n  }\n}\n`;
}
