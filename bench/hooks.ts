/**
 * `npm run bench:hooks` (and part of `npm run bench`): what an audit hook costs per event, in every
 * native CPython here, measured in nanoseconds of one event raised with sys.audit:
 *
 *   no hook · a no-op Python hook · the builder's Python hook for a folder's allow-list, on an event
 *   outside its policy, on a file event it allows and on one it refuses (paths resolved as the OS
 *   does) · the same policy's C hook, embedded
 *
 * Each figure is the fastest of five rounds. Writes content/hook-costs.json (the machine, the date,
 * the figures), which the hook builder shows beside its output, and checks the budget: an event
 * outside the policy costs at most 1.5 times what it costs under a no-op Python hook, and the C
 * hook costs less than the Python hook.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { embedding, nativePythons, type NativePython } from '../src/cli/interpreters';
import { cHook, emptyPolicy, resolvePolicy } from '../src/lib/hooks';
import { COST_EVENTS, HOOK_COSTS_FILE, withinBudget, type HookCosts } from '../src/lib/hooks/costs';
import { pythonHook } from '../src/lib/hooks/python';
import { readCatalog, readCategories } from '../tests/support/dataset';

const catalog = readCatalog();
const categories = readCategories(catalog);

// One scenario of the bench in one process: every event raised so many times, five rounds each.
const MEASURE = `
import os, sys, time
INSIDE = os.environ["AUDIT_INSIDE"]
ROUNDS = 5
def measure(raise_one, count):
    best = None
    for _ in range(ROUNDS):
        start = time.perf_counter_ns()
        for _ in range(count):
            raise_one()
        took = (time.perf_counter_ns() - start) / count
        best = took if best is None or took < best else best
    return round(best, 1)
def outside():
    sys.audit("bench.outside", 1)
allowed_path = os.path.join(INSIDE, "a.txt")
def allowed():
    sys.audit("open", allowed_path, "r", 0)
def refused():
    try:
        sys.audit("open", "/etc/hostname", "r", 0)
    except PermissionError:
        pass
# The loop's own cost, with nothing raised, is taken off every figure.
def nothing():
    pass
loop = measure(nothing, 200000)
figures = {"outside": measure(outside, 200000) - loop, "allowed": measure(allowed, 20000) - loop, "refused": measure(refused, 20000) - loop}
print("COSTS " + " ".join("%s=%.1f" % item for item in figures.items()))
`;

const EMBED = `#define PY_SSIZE_T_CLEAN
#include <Python.h>
int audit_policy_install(void);
int main(int argc, char **argv)
{
    if (argc != 2)
        return 2;
    Py_Initialize();
    if (audit_policy_install() != 0) {
        PyErr_Print();
        return 3;
    }
    return PyRun_SimpleString(argv[1]) == 0 ? Py_FinalizeEx() : 1;
}
`;

function costsOf(output: { status: number | null; stdout: string; stderr: string }, what: string): Record<(typeof COST_EVENTS)[number], number> {
  const line = output.stdout.split('\n').find((text) => text.startsWith('COSTS '));
  if (output.status !== 0 || !line) throw new Error(`${what}: ${output.stderr.slice(-1500)}`);
  return Object.fromEntries(line.slice(6).split(' ').map((pair) => [pair.split('=')[0], Number(pair.split('=')[1])])) as Record<(typeof COST_EVENTS)[number], number>;
}

/** The figures of one CPython. */
function measureVersion(python: NativePython, scratch: string): HookCosts['runs'][number] {
  const folder = join(scratch, python.minor);
  const inside = join(folder, 'inside');
  mkdirSync(inside, { recursive: true });
  writeFileSync(join(inside, 'a.txt'), 'a');
  // The folder, and the interpreter's own library, as a reader would allow them (imports read there).
  const library = JSON.parse(spawnSync(python.path, ['-c', 'import json, sysconfig; print(json.dumps(sorted({sysconfig.get_path(n) for n in ("stdlib", "platstdlib", "purelib", "platlib")})))'], { encoding: 'utf8' }).stdout) as string[];
  const policy = emptyPolicy([python.minor]);
  policy.categories = { filesystem: 'unless' };
  policy.allow.paths = [inside, ...library];
  const rules = resolvePolicy(policy, catalog.events, categories, catalog.mismatches);
  const context = { versions: python.minor, url: 'https://example.org/hooks/', titles: {} };
  const env: NodeJS.ProcessEnv = { ...process.env, AUDIT_INSIDE: inside, PYTHONDONTWRITEBYTECODE: '1' };
  delete env['PYTHONPATH'];
  const withSite = (name: string, source: string | undefined) => {
    const site = join(folder, name);
    mkdirSync(site, { recursive: true });
    if (source !== undefined) writeFileSync(join(site, 'sitecustomize.py'), source);
    return costsOf(spawnSync(python.path, ['-c', MEASURE], { cwd: inside, env: { ...env, PYTHONPATH: site }, encoding: 'utf8' }), `${python.path} (${name})`);
  };
  const none = withSite('none', undefined);
  const noop = withSite('noop', 'import sys\nsys.addaudithook(lambda event, args: None)\n');
  const hook = withSite('policy', pythonHook(policy, rules, context));
  // The C hook of the same policy, embedded, running the same measurement.
  const build = join(folder, 'embed');
  mkdirSync(build, { recursive: true });
  writeFileSync(join(build, 'main.c'), EMBED);
  writeFileSync(join(build, 'audit_policy.c'), cHook(policy, rules, context));
  const flags = embedding(python);
  const program = join(build, 'embed');
  const compile = spawnSync('gcc', ['-O2', '-std=c11', ...flags.cflags, '-o', program, join(build, 'main.c'), join(build, 'audit_policy.c'), ...flags.ldflags], { encoding: 'utf8' });
  if (compile.status !== 0) throw new Error(`the C hook did not compile for ${python.release}: ${compile.stderr.slice(0, 2000)}`);
  const c = costsOf(spawnSync(program, [MEASURE], { cwd: inside, env: { ...env, ...flags.env }, encoding: 'utf8' }), `the C hook in ${python.release}`);
  return { version: python.minor, release: python.release, none: none.outside, noop: noop.outside, python: hook, c };
}

/** Measures every native CPython and writes the figures; returns them, with the budget's verdict per version. */
export function benchHooks(): HookCosts {
  const scratch = mkdtempSync(join(tmpdir(), 'audit-events-hook-costs-'));
  try {
    const runs = nativePythons().map((python) => {
      console.log(`hook costs: ${python.release}…`);
      return measureVersion(python, scratch);
    });
    const costs: HookCosts = { machine: `${cpus().length} × ${cpus()[0]?.model ?? 'unknown CPU'}`, date: new Date().toISOString().slice(0, 10), runs };
    writeFileSync(HOOK_COSTS_FILE, `${JSON.stringify(costs, null, 2)}\n`);
    return costs;
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** Prints the figures and the budget's verdict per version; returns whether every version keeps it. */
export function printHookCosts(costs: HookCosts): boolean {
  let kept = true;
  console.log('\nns per event  version: no hook · no-op hook · policy (outside, allowed, refused) · C hook (outside, allowed, refused)');
  for (const run of costs.runs) {
    const { ratio, cheaper } = withinBudget(run);
    kept &&= ratio <= 1.5 && cheaper;
    console.log(
      `  ${run.release.padEnd(8)} ${run.none} · ${run.noop} · ${run.python.outside}, ${run.python.allowed}, ${run.python.refused} · ${run.c.outside}, ${run.c.allowed}, ${run.c.refused}` +
        `   outside/no-op ${ratio.toFixed(2)} ${ratio <= 1.5 ? 'within' : 'OVER'} 1.5; C ${cheaper ? 'cheaper' : 'NOT cheaper'}`,
    );
  }
  console.log(`\nwrote ${HOOK_COSTS_FILE} (${costs.machine}, ${costs.date})`);
  return kept;
}

if (import.meta.url === `file://${process.argv[1]}`) process.exitCode = printHookCosts(benchHooks()) ? 0 : 1;
