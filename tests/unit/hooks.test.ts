import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { nativePythons, pyodideInterpreter } from '../../src/cli/interpreters';
import { emptyPolicy, parsePolicy, policyQuery, resolvePolicy, type Policy } from '../../src/lib/hooks';
import type { ApiCall } from '../../src/lib/behaviour/calls';
import { harnessRequest } from '../../src/lib/trace/corpus';
import { all, behaviour, catalog, categories, hooksOf } from '../support/hooks';
import { nasty } from '../support/nasty';

const scratch = mkdtempSync(join(tmpdir(), 'audit-events-hooks-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** Writes the hook for a policy into the scratch folder; returns its path and the events it acts on. */
function write(policy: Policy, name: string) {
  const { python, rules, denied } = hooksOf(policy);
  const file = join(scratch, `${name}.py`);
  writeFileSync(file, python);
  return { file, rules, denied };
}

interface Outcome {
  id: string;
  events: [string, string[], string][];
  error: string | null;
  policy_report?: string;
}

/** The tracer's request to run calls of the corpus with the hook at `file` in force while each call runs. */
function policyRequest(file: string, calls: readonly ApiCall[]): string {
  // Two seconds a run: a refused client can leave the server it set up waiting until then.
  return harnessRequest(calls, { policy: file, limit: 2 });
}

/** Runs calls of the corpus with a generated hook in force while each call runs (the tracer's harness). */
function runWith(python: string, file: string, calls: readonly ApiCall[], env: NodeJS.ProcessEnv = {}): Outcome[] {
  const request = policyRequest(file, calls);
  const run = spawnSync(python, ['src/cli/trace-harness.py'], { input: request, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024, env: { ...process.env, PYTHONHASHSEED: '0', PYTHONWARNINGS: 'ignore', ...env } });
  expect(run.status, run.stderr).toBe(0);
  return (JSON.parse(run.stdout) as { results: Outcome[] }).results;
}

describe('a policy and its address', () => {
  it('comes back from its address as it was chosen, allow-list entries verbatim', () => {
    const policy = emptyPolicy(['3.11', '3.12', '3.13']);
    policy.categories = { network: 'deny', filesystem: 'unless', process: 'log' };
    policy.events = { 'os.system': 'deny' };
    policy.allow.paths = ['/srv/data', 'C:\\Users\\a b', 'x&y=z#w'];
    policy.allow.hosts = ['*.example.org:443'];
    policy.reportOnly = true;
    policy.output = 'logging';
    const query = policyQuery(policy, all);
    expect(query).toContain('versions=3.11-3.13');
    expect(parsePolicy(query, all, new Set(categories.categories.map((c) => c.name)), new Set(catalog.events.map((e) => e.name)))).toEqual(policy);
  });

  it('leaves out names and versions the site does not know', () => {
    const policy = parsePolicy('versions=2.7,3.12&deny=network,nonsense&log-event=open,not.an.event', all, new Set(['network']), new Set(['open']));
    expect(policy.versions).toEqual(['3.12']);
    expect(policy.categories).toEqual({ network: 'deny' });
    expect(policy.events).toEqual({ open: 'log' });
  });

  it('acts on an event by its own choice first, else by its strictest category; deny-unless only where an allow-list fits', () => {
    const policy = emptyPolicy(all);
    policy.categories = { process: 'log', windows: 'deny', filesystem: 'unless', introspection: 'unless' };
    policy.events = { 'os.system': 'log' };
    const rules = new Map(resolvePolicy(policy, catalog.events, categories, catalog.mismatches).map((rule) => [rule.event, rule]));
    expect(rules.get('_winapi.CreateProcess')?.action).toBe('deny');
    expect(rules.get('os.system')?.action).toBe('log');
    expect(rules.get('open')).toMatchObject({ action: 'unless', matcher: 'paths' });
    expect(rules.get('sys._getframe')?.action).toBe('deny');
    // The documented name and the name CPython raises, both.
    const pairs = catalog.mismatches.filter((pair) => rules.has(pair.documented));
    expect(pairs.length).toBeGreaterThan(0);
    for (const pair of pairs) expect(pair.raised === undefined || rules.has(pair.raised), pair.raised).toBe(true);
  });
});

describe('allow-list entries are the visitor’s text, and can never break out of the generated code', () => {
  it('compiles with any entries, and every entry reads back exactly', () => {
    const entries = fc.sample(fc.array(nasty, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')), { numRuns: 120, seed: 578 });
    const policy = emptyPolicy(['3.11']);
    policy.categories = { filesystem: 'unless', network: 'unless', process: 'unless', import: 'unless' };
    policy.allow = { paths: entries, hosts: entries, programs: entries, modules: entries };
    const { file } = write(policy, 'literals');
    // The whole file compiles and makes its hook (taken from sys.addaudithook, so that it stays out
    // of this process's way); its policy block, run alone, holds every entry as typed.
    const check = spawnSync('python3', ['-c', [
      'import json, sys',
      'source = open(sys.argv[1]).read()',
      'taken = []',
      'real, sys.addaudithook = sys.addaudithook, taken.append',
      'exec(compile(source, sys.argv[1], "exec"), {"__name__": "audit_policy"})',
      'sys.addaudithook = real',
      'assert len(taken) == 1 and callable(taken[0])',
      'block = source[source.index("\\n# [policy]\\n"):source.index("\\n# [/policy]\\n")]',
      'names = {}',
      'exec(block, names)',
      'print(json.dumps({kind: [[ord(c) for c in entry] for entry in entries] for kind, entries in names["_POLICY"]["allow"].items()}))',
    ].join('\n'), file], { encoding: 'utf8' });
    expect(check.status, check.stderr).toBe(0);
    const read = JSON.parse(check.stdout) as Record<string, number[][]>;
    const points = (text: string) => [...text].map((char) => char.codePointAt(0) ?? -1);
    for (const kind of ['paths', 'hosts', 'programs', 'modules']) expect(read[kind]).toEqual(entries.map(points));
  });
});

// The machine's python3, and the other native CPythons the traces were made with.
const probe = spawnSync('python3', ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' });
const minor = probe.stdout.trim();
const calls = behaviour.apis.flatMap((api) => api.calls);
const traced = (call: ApiCall, version: string) => {
  const trace = call.traces.get(version);
  return trace?.status === 'ok' ? trace.events : undefined;
};

// Calls whose library catches the refusal and goes on: socket.getfqdn returns the name it was
// given, asyncio.start_server (before 3.13) skips an address it cannot make a socket for and
// serves on none, and socketserver's UDP handler reports the failure and sends no answer.
const HANDLED = new Set(['socket.getfqdn', 'asyncio.start_server', 'socketserver.BaseServer.handle_request/udp']);

/** What is wrong with a run under a deny policy: a call refused that raises nothing denied, or one that raises a denied event and was not stopped there. */
function refusals(outcomes: readonly Outcome[], sample: readonly ApiCall[], raises: (call: ApiCall) => boolean, denied: ReadonlySet<string>): string[] {
  return outcomes.flatMap((outcome) => {
    const call = sample.find((candidate) => candidate.id === outcome.id);
    if (!call) return [`no call ${outcome.id}`];
    if (!raises(call)) return outcome.error === null ? [] : [`${outcome.id} failed: ${outcome.error}`];
    // Refused at its first denied event; the error is the policy's, or the one a library made
    // of it (asyncio's "could not bind on any address").
    if (!outcome.events.some(([name]) => denied.has(name))) return [`${outcome.id} never reached a denied event`];
    return outcome.error !== null || HANDLED.has(call.id) ? [] : [`${outcome.id} was not refused`];
  });
}

/** What is wrong with a report-only run: a call whose outcome changed, or reports other than the events it would have denied, in order. */
function reportProblems(outcomes: readonly Outcome[], sample: readonly ApiCall[], raises: (call: ApiCall) => boolean, denied: ReadonlySet<string>): string[] {
  return outcomes.flatMap((outcome) => {
    const call = sample.find((candidate) => candidate.id === outcome.id);
    // The call's own writes to standard error (sys.unraisablehook's) are not the policy's.
    const would = (outcome.policy_report ?? '').split('\n').flatMap((line) => /^audit policy: would have denied (\S+) /.exec(line)?.[1] ?? []);
    const expected = outcome.events.map(([name]) => name).filter((name) => denied.has(name));
    return [
      ...(outcome.error === null ? [] : [`${outcome.id} failed: ${outcome.error}`]),
      ...(would.join(' ') === expected.join(' ') ? [] : [`${outcome.id} reported [${would.join(' ')}] for [${expected.join(' ')}]`]),
      ...(would.length > 0 === (call ? raises(call) : false) ? [] : [`${outcome.id}: its trace ${call && raises(call) ? 'raises' : 'raises no'} denied event`]),
    ];
  });
}

/**
 * What is wrong when files are allowed under one folder alone, the calls' temporary folders made
 * inside it: a file inside refused, or one outside let through. The folder is a fresh one, not the
 * system's temporary folder, which may hold the checkout and its interpreters (a clone in /tmp).
 */
function folderProblems(python: string, version: string): string[] {
  const allowed = mkdtempSync(join(tmpdir(), `audit-folder-${version}-`));
  const folder = emptyPolicy([version]);
  folder.categories = { filesystem: 'unless' };
  folder.allow.paths = [allowed];
  const { file } = write(folder, `folder-${version}`);
  const own = (id: string, call: string): ApiCall => ({ id, api: 'open', setup: 'import os', call, file: 'test', traces: new Map(), elsewhere: new Map() });
  const results = runWith(python, file, [
    own('inside/relative', "open('a.txt', 'w').close()"),
    own('inside/absolute', "open(os.path.join(tmp, 'b.txt'), 'w').close()"),
    own('outside/stdlib', 'open(os.__file__).close()'),
    own('outside/up', "open('../../../../../../etc/hostname').close()"),
    own('inside/descriptor', "fd = os.open('c.txt', os.O_WRONLY | os.O_CREAT)\nos.close(fd)"),
    // os.truncate names a path or a descriptor `fd`: a path outside is refused (this one does not exist).
    own('inside/truncate a descriptor', "fd = os.open('d.txt', os.O_WRONLY | os.O_CREAT)\nos.truncate(fd, 0)\nos.close(fd)"),
    own('outside/truncate a path', "os.truncate('/nonexistent-audit-events/x', 0)"),
  ], { TMPDIR: allowed });
  rmSync(allowed, { recursive: true, force: true });
  return results.flatMap(({ id, error }) => {
    const refused = /AuditPolicyError: denied (open|os\.truncate) /.test(error ?? '');
    return id.startsWith('inside/') === (error === null) && id.startsWith('outside/') === refused ? [] : [`${id}: ${error ?? 'let through'}`];
  });
}

describe(`generated hooks against the call corpus in this machine's python3 (${minor})`, () => {
  const policy = emptyPolicy([minor]);
  policy.categories = { network: 'deny' };
  const network = write(policy, 'network');
  const raisesNetwork = (call: ApiCall) => traced(call, minor)?.some((event) => network.denied.has(event.name)) ?? false;
  // A third of the calls that raise a network event here (and those whose library catches the
  // refusal), and every twentieth of the others: the suite runs it on every stop.
  const sample = calls.filter((call, at) => traced(call, minor) && (raisesNetwork(call) ? at % 3 === 0 || HANDLED.has(call.id) : at % 20 === 0));
  const outcomes = runWith('python3', network.file, sample);
  it('denying network events fails exactly the calls whose traces raise one, at that event', () => {
    expect(sample.filter(raisesNetwork).length).toBeGreaterThan(30);
    expect(refusals(outcomes, sample, raisesNetwork, network.denied)).toEqual([]);
    expect(outcomes.filter((outcome) => /AuditPolicyError: denied/.test(outcome.error ?? '')).length).toBeGreaterThan(20);
  });

  it('report only changes no call’s outcome and reports exactly the events it would have denied', () => {
    const reportOnly = write({ ...policy, reportOnly: true }, 'network-report');
    expect(reportProblems(runWith('python3', reportOnly.file, sample), sample, raisesNetwork, reportOnly.denied)).toEqual([]);
  });

  it('an allow-list for a folder lets file calls under it through and refuses the rest', () => {
    expect(folderProblems('python3', minor)).toEqual([]);
  });
});

describe('the same policies in every other native CPython the traces were made with', () => {
  const others = behaviour.versions.filter((version) => version.version !== minor);
  const pythons = nativePythons();
  for (const version of others) {
    // The release the trace was made with, as npm run pythons or pyenv has it here.
    const python = pythons.find((candidate) => candidate.release === version.python)?.path ?? '';
    it(`${version.python}: fails the calls that raise a network event and no other, reports them alone when it only reports, and keeps files to a folder`, () => {
      expect(python, `no CPython ${version.python} here: pyenv holds 3.8 to 3.12, npm run pythons fetches 3.13.18, 3.14.10 and 3.15.2`).not.toBe('');
      const policy = emptyPolicy([version.version]);
      policy.categories = { network: 'deny' };
      const { file, denied } = write(policy, `network-${version.version}`);
      const raises = (call: ApiCall) => traced(call, version.version)?.some((event) => denied.has(event.name)) ?? false;
      // The first twelve calls that raise one, and the first twelve that raise none.
      const sample = [...calls.filter((call) => traced(call, version.version) && raises(call)).slice(0, 12), ...calls.filter((call) => traced(call, version.version) && !raises(call)).slice(0, 12)];
      expect(refusals(runWith(python, file, sample), sample, raises, denied)).toEqual([]);
      // The same calls with the policy reporting only, and a folder's allow-list.
      const reportOnly = write({ ...policy, reportOnly: true }, `network-report-${version.version}`);
      expect(reportProblems(runWith(python, reportOnly.file, sample), sample, raises, denied)).toEqual([]);
      expect(folderProblems(python, version.version)).toEqual([]);
    });
  }
});

describe('the network policies in CPython in WebAssembly (the playground’s Pyodide, under Node), as traced', () => {
  const wasm = behaviour.others.find((run) => run.run.startsWith('pyodide-'));
  const tracedThere = (call: ApiCall) => {
    const trace = call.elsewhere.get(wasm?.run ?? '');
    return trace?.status === 'ok' ? trace.events : undefined;
  };
  it(`${wasm?.python ?? 'Pyodide'}: fails the calls that raise a network event and no other, and reports them alone when it only reports`, async () => {
    if (!wasm) throw new Error('no trace was made in Pyodide');
    const policy = emptyPolicy([wasm.version]);
    policy.categories = { network: 'deny' };
    const { file, denied } = write(policy, `network-${wasm.version}`);
    const raises = (call: ApiCall) => tracedThere(call)?.some((event) => denied.has(event.name)) ?? false;
    const sample = [...calls.filter((call) => tracedThere(call) && raises(call)).slice(0, 12), ...calls.filter((call) => tracedThere(call) && !raises(call)).slice(0, 12)];
    expect(sample.filter(raises).length).toBeGreaterThan(5);
    // The hook goes into Pyodide's own file system, where the harness imports it from.
    const inside = '/home/pyodide/audit_policy_network.py';
    const wasmRun = async (hook: string) => (JSON.parse(await (await pyodideInterpreter()).run(policyRequest(inside, sample), { [inside]: readFileSync(hook, 'utf8') })) as { results: Outcome[] }).results;
    expect(refusals(await wasmRun(file), sample, raises, denied)).toEqual([]);
    const reportOnly = write({ ...policy, reportOnly: true }, `network-report-${wasm.version}`);
    expect(reportProblems(await wasmRun(reportOnly.file), sample, raises, denied)).toEqual([]);
  });
});
