import { compareReleases } from '../versions/schema';
import { traceRun, type TraceFile } from './schema';

/** What merging a run into the trace folder does with it. */
export interface MergeStep {
  /** The run's name (`win32-3.14`), and so its file's. */
  run: string;
  /** The incoming file it comes from. */
  file: string;
  release: string;
  /** `added`: no run of that name was there; `replaced`: the one there was the same release or older; `kept`: the one there is newer, or another incoming file of the run is. */
  action: 'added' | 'replaced' | 'kept';
  /** The release of the run that was there, or that is kept instead. */
  other?: string;
}

/**
 * How runs traced elsewhere (a CI runner's trace files) join the runs there are: each run by its
 * name (platform and minor version), the newest release of it winning, as the tracer itself keeps
 * the newest release of each minor version. Two incoming files of one run: the newer one.
 */
export function mergePlan(held: ReadonlyMap<string, Pick<TraceFile, 'python'>>, incoming: readonly { file: string; trace: TraceFile }[]): MergeStep[] {
  const newest = new Map<string, { file: string; trace: TraceFile }>();
  for (const entry of incoming) {
    const run = traceRun(entry.trace);
    const other = newest.get(run);
    if (!other || compareReleases(entry.trace.python, other.trace.python) > 0) newest.set(run, entry);
  }
  return incoming.map(({ file, trace }) => {
    const run = traceRun(trace);
    const release = trace.python;
    const winner = newest.get(run);
    if (winner && winner.file !== file) return { run, file, release, action: 'kept', other: winner.trace.python };
    const there = held.get(run);
    if (!there) return { run, file, release, action: 'added' };
    return compareReleases(release, there.python) >= 0 ? { run, file, release, action: 'replaced', other: there.python } : { run, file, release, action: 'kept', other: there.python };
  });
}

/** A merge in words, one line per incoming file, for the log and the pull request. */
export function mergeReport(steps: readonly MergeStep[]): string {
  const said = {
    added: (step: MergeStep) => `added (no ${step.run} run before)`,
    replaced: (step: MergeStep) => `replaces CPython ${step.other}`,
    kept: (step: MergeStep) => `left out: CPython ${step.other} of the same run is newer or as new`,
  };
  return steps.map((step) => `- ${step.run}.json, CPython ${step.release} (${step.file}): ${said[step.action](step)}`).join('\n');
}
