import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { embedding, nativePythons } from '../../src/cli/interpreters';
import { emptyPolicy } from '../../src/lib/hooks';
import { hooksOf } from '../support/hooks';

// Random folder layouts (folders, files, symlinks absolute and relative, dangling, looping, to
// inside and outside) and random paths through them (`.`, `..`, `//`, links): a hook that allows
// one folder lets a path through exactly when the path, resolved as the OS resolves it, lies under
// that folder. The oracle is CPython's own os.path.realpath, or ELOOP from the OS where links loop.
const scratch = mkdtempSync(join(tmpdir(), 'audit-events-paths-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const name = fc.constantFrom('a', 'b', 'c', 'link', 'up', 'x');
const part = fc.oneof({ weight: 5, arbitrary: name }, { weight: 2, arbitrary: fc.constant('..') }, { weight: 1, arbitrary: fc.constant('.') }, { weight: 1, arbitrary: fc.constant('') });
const relative = fc.array(part, { minLength: 1, maxLength: 5 }).map((parts) => parts.join('/'));
// A node of a layout: where it is (under the allowed folder or beside it), and what it is.
const node = fc.record({
  side: fc.constantFrom('allowed', 'outside'),
  path: fc.array(name, { minLength: 1, maxLength: 3 }).map((parts) => parts.join('/')),
  kind: fc.oneof(
    fc.constant({ type: 'folder' as const }),
    fc.constant({ type: 'file' as const }),
    fc.record({ type: fc.constant('link' as const), absolute: fc.boolean(), side: fc.constantFrom('allowed', 'outside'), target: relative }),
  ),
});
const layout = fc.record({ nodes: fc.array(node, { maxLength: 10 }), paths: fc.array(fc.record({ absolute: fc.boolean(), side: fc.constantFrom('allowed', 'outside'), path: relative }), { minLength: 1, maxLength: 8 }) });

const cases = fc.sample(layout, { numRuns: 150, seed: 578 });

// Phase one builds every case's layout (under allowed/N and outside/N) and asks the oracle;
// phase two, under the hook, raises an open event for each path and notes what the hook did.
const BUILD = `
import errno, json, os, sys
ROOT = sys.argv[1]
cases = json.load(open(os.path.join(ROOT, "cases.json")))
expected = []
for number, case in enumerate(cases):
    bases = {side: os.path.join(ROOT, side, str(number)) for side in ("allowed", "outside")}
    for base in bases.values():
        os.makedirs(base, exist_ok=True)
    for node in case["nodes"]:
        where = os.path.join(bases[node["side"]], node["path"])
        try:
            os.makedirs(os.path.dirname(where), exist_ok=True)
            kind = node["kind"]
            if kind["type"] == "folder":
                os.makedirs(where, exist_ok=True)
            elif kind["type"] == "file":
                open(where, "a").close()
            else:
                target = os.path.join(bases[kind["side"]], kind["target"]) if kind["absolute"] else kind["target"]
                os.symlink(target, where)
        except OSError:
            pass  # a name taken by an earlier node: the layout keeps that one
    for item in case["paths"]:
        path = os.path.join(bases[item["side"]], item["path"]) if item["absolute"] else os.path.join(str(number), item["path"])
        full = path if os.path.isabs(path) else os.path.join(ROOT, "allowed", path)
        try:
            os.stat(full)
            loops = False
        except OSError as error:
            loops = error.errno == errno.ELOOP
        real = os.path.realpath(full)
        allowed_root = os.path.realpath(os.path.join(ROOT, "allowed"))
        inside = not loops and (real == allowed_root or real.startswith(allowed_root + "/"))
        expected.append([path, inside])
json.dump(expected, open(os.path.join(ROOT, "expected.json"), "w"))
`;
const CHECK = `
ROOT = os.environ["PATHS_ROOT"]
os.chdir(os.path.join(ROOT, "allowed"))
wrong = []
for path, inside in EXPECTED:
    try:
        sys.audit("open", path, "r", 0)
        allowed = True
    except PermissionError:
        allowed = False
    if allowed != inside:
        wrong.append([path, inside, allowed])
print("PATHS " + json.dumps(wrong))
`;

// The cases' expected outcomes, read before the hook is added (it would refuse the file).
const READ = 'EXPECTED = json.load(open(os.path.join(os.environ["PATHS_ROOT"], "expected.json")))';

// The C hook's program: the cases were built and the oracle asked before it starts; it adds the
// hook, then runs the check.
const EMBED = `#define PY_SSIZE_T_CLEAN
#include <Python.h>
int audit_policy_install(void);
int main(int argc, char **argv)
{
    if (argc != 3)
        return 2;
    Py_Initialize();
    if (PyRun_SimpleString("import json, os, sys") != 0 || PyRun_SimpleString(argv[1]) != 0 || audit_policy_install() != 0)
        return 3;
    return PyRun_SimpleString(argv[2]) == 0 ? 0 : 1;
}
`;

const outcome = (stdout: string) => JSON.parse(stdout.split('\n').find((line) => line.startsWith('PATHS '))?.slice(6) ?? 'null') as [string, boolean, boolean][] | null;

describe('paths, resolved as the OS resolves them, over random layouts with symlinks', () => {
  const pythons = nativePythons().filter((_, at, all) => at === 0 || at === all.length - 1);
  for (const python of pythons) {
    it(`${python.release}: both hooks allow a path exactly when it resolves under the allowed folder`, () => {
      const root = join(scratch, python.minor);
      mkdirSync(join(root, 'allowed'), { recursive: true });
      writeFileSync(join(root, 'cases.json'), JSON.stringify(cases));
      const build = spawnSync(python.path, ['-c', BUILD, root], { encoding: 'utf8' });
      expect(build.status, build.stderr).toBe(0);
      const policy = emptyPolicy([python.minor]);
      policy.categories = { filesystem: 'unless' };
      policy.allow.paths = [join(root, 'allowed')];
      const { python: hook, c } = hooksOf(policy);
      const env = { ...process.env, PATHS_ROOT: root };
      // The Python hook, made as sitecustomize would make it, then the check.
      writeFileSync(join(root, 'hook.py'), hook);
      const inPython = spawnSync(python.path, ['-c', `import json, os, sys\n${READ}\nexec(compile(open(${JSON.stringify(join(root, 'hook.py'))}).read(), "hook.py", "exec"), {"__name__": "audit_policy"})\n${CHECK}`], { encoding: 'utf8', env });
      expect(outcome(inPython.stdout), inPython.stderr).toEqual([]);
      // The C hook, embedded.
      writeFileSync(join(root, 'main.c'), EMBED);
      writeFileSync(join(root, 'audit_policy.c'), c);
      const flags = embedding(python);
      const compile = spawnSync('gcc', ['-std=c11', '-w', ...flags.cflags, '-o', join(root, 'embed'), join(root, 'main.c'), join(root, 'audit_policy.c'), ...flags.ldflags], { encoding: 'utf8' });
      expect(compile.status, compile.stderr).toBe(0);
      const inC = spawnSync(join(root, 'embed'), [READ, CHECK], { encoding: 'utf8', env: { ...env, ...flags.env } });
      expect(outcome(inC.stdout), inC.stderr).toEqual([]);
      // Both hooks were asked about paths on both sides of the line.
      const expected = JSON.parse(spawnSync(python.path, ['-c', 'import json, sys; print(json.dumps([inside for _, inside in json.load(open(sys.argv[1]))]))', join(root, 'expected.json')], { encoding: 'utf8' }).stdout) as boolean[];
      expect(expected.filter(Boolean).length).toBeGreaterThan(40);
      expect(expected.filter((inside) => !inside).length).toBeGreaterThan(40);
    });
  }
});
