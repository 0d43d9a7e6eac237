import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { traceCall, type RawResult, type RunSpecifics } from '../../src/lib/trace/record';
import { listedIn } from '../../src/lib/versions';
import { readBehaviour, readCatalog } from '../support/dataset';

const catalog = readCatalog();
const behaviour = readBehaviour(catalog);
const calls = behaviour.apis.flatMap((api) => api.calls);

describe('the corpus and its traces', () => {
  it('covers at least 600 calls in at least 60 modules, traced in every CPython the site names', () => {
    expect(calls.length).toBeGreaterThanOrEqual(600);
    expect(new Set(behaviour.apis.map((api) => api.module)).size).toBeGreaterThanOrEqual(60);
    expect(behaviour.versions.map((version) => version.version)).toEqual(['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14']);
    expect(behaviour.versions.at(-1)?.runtime).toMatch(/^Pyodide /);
  });

  it('makes every event of any version’s tables fire in some call, or says in one sentence why it cannot on Linux', () => {
    const listed = catalog.events.filter((event) => listedIn(event).length > 0);
    const silent = listed.filter((event) => !behaviour.events.has(event.name) && behaviour.unobserved[event.name] === undefined);
    // A documented name CPython raises under another name fires under that name.
    const raisedAs = new Map(catalog.mismatches.map((pair) => [pair.documented, pair.raised]));
    expect(silent.filter((event) => !behaviour.events.has(raisedAs.get(event.name) ?? '')).map((event) => event.name)).toEqual([]);
  });

  it('gives a reason only for events no call raised', () => {
    expect(Object.keys(behaviour.unobserved).filter((name) => behaviour.events.has(name))).toEqual([]);
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
    const request = JSON.stringify({ calls: sample.map(({ id, setup, call, cleanup, needs }) => ({ id, setup, call, cleanup, needs })) });
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
