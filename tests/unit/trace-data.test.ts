import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { docsAndBehaviour } from '../../src/lib/behaviour/calls';
import { traceCall, type RawResult, type RunSpecifics } from '../../src/lib/trace/record';
import { listedIn } from '../../src/lib/versions/events';
import { harnessRequest } from '../../src/lib/trace/corpus';
import { readBehaviour, readCatalog } from '../support/dataset';

const catalog = readCatalog();
const behaviour = readBehaviour(catalog);
const calls = behaviour.apis.flatMap((api) => api.calls);

describe('the corpus and its traces', () => {
  it('covers at least 600 calls in at least 60 modules, traced in every CPython the site names', () => {
    expect(calls.length).toBeGreaterThanOrEqual(600);
    expect(new Set(behaviour.apis.map((api) => api.module)).size).toBeGreaterThanOrEqual(60);
    expect(behaviour.versions.map((version) => version.version)).toEqual(catalog.versions.filter((version) => version.status === 'stable').map((version) => version.version));
    expect(behaviour.versions.every((version) => version.runtime === 'native' && version.platform === 'linux')).toBe(true);
    // The playground's runtime is traced too, kept apart from the versions' own runs.
    expect(behaviour.others.map((run) => run.runtime)).toEqual([expect.stringMatching(/^Pyodide /)]);
  });

  it('fires at least 98% of the events each version’s tables list that can fire on Linux', () => {
    const shares = docsAndBehaviour(behaviour, catalog.events, catalog.mismatches).map(({ version, coverage }) => [version.version, coverage.fired / coverage.observable] as const);
    expect(shares.filter(([, share]) => share < 0.98)).toEqual([]);
    expect(shares).toHaveLength(behaviour.versions.length);
  });

  it('makes every event of any version’s tables fire in some call, or says in one sentence why it cannot on Linux', () => {
    const listed = catalog.events.filter((event) => listedIn(event).length > 0);
    const silent = listed.filter((event) => !behaviour.events.has(event.name) && behaviour.unobserved[event.name] === undefined);
    // A documented name CPython raises under another name fires under that name.
    const raisedAs = new Map(catalog.mismatches.map((pair) => [pair.documented, pair.raised]));
    expect(silent.filter((event) => !behaviour.events.has(raisedAs.get(event.name) ?? '')).map((event) => event.name)).toEqual([]);
  });

  it('gives a reason only for events that some version lists and no call raised there', () => {
    const missedSomewhere = (name: string) => {
      const event = catalog.events.find((each) => each.name === name);
      const raised = behaviour.events.get(name)?.byVersion;
      return event !== undefined && listedIn(event).some((version) => behaviour.versions.some((run) => run.version === version) && !raised?.has(version));
    };
    expect(Object.keys(behaviour.unobserved).filter((name) => !missedSomewhere(name))).toEqual([]);
  });
});

describe('a sample of the corpus under this machine’s python3', () => {
  const probe = spawnSync('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
  const minor = probe.stdout.trim();
  const trace = behaviour.versions.find((version) => version.version === minor);

  it('raises what the committed trace of its version says, call for call', () => {
    expect(trace, `a committed trace of ${minor}`).toBeDefined();
    // Every 20th call, a fixed choice: files, processes, the network and the interpreter all come up.
    const sample = calls.filter((_, at) => at % 20 === 0);
    const request = harnessRequest(sample);
    const run = spawnSync('python3', ['src/cli/trace-harness.py'], { input: request, encoding: 'utf8', env: { ...process.env, PYTHONHASHSEED: '0', PYTHONWARNINGS: 'ignore' }, maxBuffer: 64 * 1024 * 1024 });
    expect(run.status, run.stderr).toBe(0);
    const output = JSON.parse(run.stdout) as { results: RawResult[]; specifics: RunSpecifics };
    // What a first call imports, and the descriptor numbers its arguments carry, depend on the
    // calls run before it in the same process: a sample compares whether each call ran and the
    // events of its own (second) run, in order, with the types of their arguments.
    const own = (traced: ReturnType<typeof traceCall> | undefined) =>
      traced && (traced.status === 'ok' ? { status: traced.status, events: traced.events.map(({ name, types }) => ({ name, types })) } : { status: traced.status });
    for (const result of output.results) {
      const committed = calls.find((call) => call.id === result.id)?.traces.get(minor);
      expect(own(traceCall(result, output.specifics)), result.id).toEqual(own(committed));
    }
    expect(output.results).toHaveLength(sample.length);
  });

});
