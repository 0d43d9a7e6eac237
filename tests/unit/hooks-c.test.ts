import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cHook, emptyPolicy, policyQuery, pyString, resolvePolicy, type Policy } from '../../src/lib/hooks';
import { all, behaviour, catalog, categories, hooksOf } from '../support/hooks';
import { nasty } from '../support/nasty';

const scratch = mkdtempSync(join(tmpdir(), 'audit-events-hooks-c-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

// The native CPythons the traces were made with, and the flags an embedding program builds with.
const natives = behaviour.versions
  .filter((version) => version.runtime === 'native')
  .map((version) => {
    const bin = join(homedir(), '.pyenv', 'versions', version.python, 'bin');
    return { version: version.version, python: version.python, executable: join(bin, 'python3'), config: join(bin, 'python3-config') };
  });
type Native = (typeof natives)[number];
const flags = (native: Native, ...options: string[]) => spawnSync(native.config, options, { encoding: 'utf8' }).stdout.split(/\s+/).filter(Boolean);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function run(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    // A bound on a hung run, not a measurement: every case is offline and quick.
    const child = spawn(command, args, { ...options, timeout: 90_000 });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `work` on every item, `limit` at a time (the machine has two cores). */
async function eachLimited<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const at = next++;
      results[at] = await work(items[at] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A port on 127.0.0.1 that nothing listens on (bound by the system, then let go). */
function closedPort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

// Each case runs with T (the folder the run starts in), PORT (closed) and PY (this CPython) set;
// `refused` says whether the policy is meant to stop it. All are offline: a refused network call
// is stopped before any packet, an allowed one goes to a closed port of 127.0.0.1, and the
// matchers' finer points are checked by raising the event with sys.audit.
interface Case {
  id: string;
  code: string;
  refused: boolean;
}
const refused = (id: string, code: string): Case => ({ id, code, refused: true });
const passes = (id: string, code: string): Case => ({ id, code, refused: false });

/** Network denied; processes and imports denied unless allowed; os.putenv logged. */
function containPolicy(native: Native): Policy {
  const policy = emptyPolicy([native.version]);
  policy.categories = { network: 'deny', process: 'unless', import: 'unless' };
  policy.events = { 'os.putenv': 'log' };
  policy.allow.programs = [native.executable, '/bin/ec*', 'tru?x'];
  policy.allow.modules = ['colorsys', 'keywor?', 'xml', 'html'];
  return policy;
}
const CONTAIN: Case[] = [
  refused('network/create_connection', 'socket.create_connection(("127.0.0.1", PORT), timeout=5)'),
  refused('network/getaddrinfo', 'socket.getaddrinfo("localhost", 80)'),
  refused('network/socket', 'socket.socket().close()'),
  refused('network/unknown length', 'sys.audit("socket.connect", 1, 2, 3)'),
  passes('log/putenv', 'os.environ["AUDIT_POLICY_CASE"] = "1"'),
  passes('log/unknown length', 'sys.audit("os.putenv", "a", "b", "c")'),
  passes('process/this python', 'subprocess.run([PY, "-c", "pass"], check=True)'),
  passes('process/path entry, normalised', 'subprocess.run(["/bin/./echo", "hi"], stdout=subprocess.DEVNULL, check=True)'),
  passes('process/posix_spawn', 'os.waitpid(os.posix_spawn(PY, [PY, "-c", "pass"], dict(os.environ)), 0)'),
  refused('process/relative name against a path entry', 'subprocess.run(["echo", "hi"], stdout=subprocess.DEVNULL)'),
  refused('process/true', 'subprocess.run(["/bin/true"])'),
  refused('process/system', 'os.system("true")'),
  refused('process/kill names no program', 'os.kill(0, 0)'),
  passes('process/bytes command, first word', 'sys.audit("os.system", b"  /bin/echo  x")'),
  passes('process/basename wildcard', 'sys.audit("os.exec", "/opt/truex", ["truex"], {})'),
  passes('process/NUL in the program', 'sys.audit("os.exec", "/bin/ec\\0ho", [], {})'),
  refused('process/empty args list', 'sys.audit("subprocess.Popen", None, [], None, None)'),
  passes('import/exact', 'import colorsys'),
  passes('import/package and submodules', 'import xml.dom.minicompat'),
  passes('import/wildcard', 'sys.audit("import", "keyworx", None, [], [], [])'),
  refused('import/not listed', 'import csv'),
  refused('import/submodule of a module not listed', 'import email.mime.text'),
  refused('import/a prefix without the dot', 'sys.audit("import", "htmlx", None, [], [], [])'),
];

/** Files denied unless under the run's folder; network denied unless the host is listed. */
function filesAndHostsPolicy(native: Native, folder: string): Policy {
  const policy = emptyPolicy([native.version]);
  policy.categories = { filesystem: 'unless', network: 'unless' };
  policy.allow.paths = [folder];
  policy.allow.hosts = ['*.allowed.example:443', '127.0.0.1:*', 'local*:8?', '::1'];
  return policy;
}
const FILES_AND_HOSTS: Case[] = [
  passes('file/relative', 'open("a.txt", "w").close()'),
  passes('file/absolute', 'open(os.path.join(T, "b.txt"), "w").close()'),
  passes('file/mkdir', 'os.mkdir("sub")'),
  passes('file/.. inside', 'open(os.path.join(T, "sub", "..", "c.txt"), "w").close()'),
  passes('file/os.PathLike', 'pathlib.Path(T, "d.txt").write_text("x")'),
  passes('file/bytes', 'open(os.fsencode(os.path.join(T, "e.txt")), "w").close()'),
  passes('file/descriptor', 'fd = os.open("f.txt", os.O_WRONLY | os.O_CREAT)\nopen(fd, "w").close()'),
  passes('file/listdir of None', 'os.listdir()'),
  passes('file/absolute with dir_fd', 'fd = os.open(".", os.O_RDONLY)\ntry:\n    os.mkdir(os.path.join(T, "g"), dir_fd=fd)\nfinally:\n    os.close(fd)'),
  refused('file/relative with dir_fd', 'fd = os.open(".", os.O_RDONLY)\ntry:\n    os.mkdir("h", dir_fd=fd)\nfinally:\n    os.close(fd)'),
  refused('file/outside', 'open(os.__file__).close()'),
  refused('file/.. out', 'open("../../../../../../etc/hostname").close()'),
  refused('file/a sibling sharing the prefix', 'open(T + "-other/x.txt").close()'),
  refused('file/listdir outside', 'os.listdir("/")'),
  passes('file/NUL: the hook allows, open refuses', 'open("a\\0b")'),
  refused('file/bytes outside', 'sys.audit("open", b"/etc/passwd", "r", 0)'),
  passes('file/not a path', 'sys.audit("open", 1.5, "r", 0)'),
  refused('file/__fspath__ raises', 'class P:\n    def __fspath__(self):\n        raise ValueError("no")\nsys.audit("open", P(), "r", 0)'),
  passes('file/__fspath__ interrupts', 'class P:\n    def __fspath__(self):\n        raise KeyboardInterrupt("stop")\nsys.audit("open", P(), "r", 0)'),
  refused('file/unknown length', 'sys.audit("open", "x")'),
  refused('file/dir_fd True', 'sys.audit("os.mkdir", "rel", 0o777, True)'),
  passes('file/dir_fd -1', 'sys.audit("os.mkdir", "rel", 0o777, -1)'),
  refused('file/two leading slashes stay', 'sys.audit("open", "//" + T.lstrip("/") + "/x", "r", 0)'),
  passes('file/three leading slashes are one', 'sys.audit("open", "///" + T.lstrip("/") + "/x", "r", 0)'),
  refused('host/url not listed', 'urllib.request.urlopen("https://www.blocked.example/")'),
  refused('host/url default port', 'urllib.request.urlopen("http://api.allowed.example/")'),
  refused('host/url other port', 'urllib.request.urlopen("https://api.allowed.example:8443/")'),
  refused('host/url user info', 'urllib.request.urlopen("https://api.allowed.example@evil.example/")'),
  refused('host/url [IPv6] not listed', 'urllib.request.urlopen("http://[::2]:443/")'),
  passes('host/url to a closed port', 'urllib.request.urlopen("http://127.0.0.1:%d/" % PORT, timeout=5)'),
  passes('host/url, any case', 'sys.audit("urllib.Request", "https://API.Allowed.Example/x", None, {}, "GET")'),
  passes('host/url [IPv6] listed', 'sys.audit("urllib.Request", "http://[::1]:8080/", None, {}, "GET")'),
  refused('host/url bad port', 'sys.audit("urllib.Request", "https://api.allowed.example:44x3/", None, {}, "GET")'),
  refused('host/Request object: no default port', 'sys.audit("webbrowser.open", urllib.request.Request("https://x.allowed.example/"))'),
  refused('host/port pattern', 'socket.getaddrinfo("localhost", 443)'),
  passes('host/any case, port pattern', 'sys.audit("socket.getaddrinfo", "LocalHost", 80, 0, 0, 0)'),
  passes('host/no endpoint', 'socket.socket().close()'),
  passes('host/None', 'sys.audit("socket.getaddrinfo", None, 80, 0, 0, 0)'),
  passes('host/bytes host, bool port', 'sys.audit("socket.connect", None, (b"127.0.0.1", True))'),
  refused('host/address not listed', 'sys.audit("socket.connect", None, ("10.0.0.1", 80))'),
  refused('host/unix socket', 'sys.audit("socket.connect", None, "/tmp/socket")'),
];

/** Report only: network and processes would be denied, os.putenv logged. */
function reportPolicy(native: Native): Policy {
  const policy = emptyPolicy([native.version]);
  policy.categories = { network: 'deny', process: 'deny' };
  policy.events = { 'os.putenv': 'log' };
  policy.reportOnly = true;
  return policy;
}
const REPORT: Case[] = [
  passes('getaddrinfo', 'socket.getaddrinfo("localhost", 80)'),
  passes('socket', 'socket.socket().close()'),
  passes('bind', 's = socket.socket()\ns.bind(("127.0.0.1", 0))\ns.close()'),
  passes('subprocess', 'subprocess.run(["/bin/true"], check=True)'),
  passes('system', 'os.system("true")'),
  passes('putenv', 'os.environ["AUDIT_POLICY_CASE"] = "1"'),
  passes('no event', 'os.getpid()'),
  passes('long arguments are cut', 'sys.audit("socket.getaddrinfo", "x" * 300, 80, 0, 0, 0)'),
  passes('other scripts', 'sys.audit("socket.gethostbyname", "h\\u00e9\\u2028\\U0001f600")'),
];

// What both runs import before the hook is added (the Python hook's own imports among them, and
// the codec a host name goes through), so that both start from the same sys.modules.
const PREAMBLE = 'import encodings.idna, fnmatch, importlib.util, json, os, pathlib, socket, subprocess, sys, threading, urllib.parse, urllib.request';

/** The cases as a program: each outcome (the error's type and message, or None) as JSON. */
function casesScript(cases: readonly Case[]): string {
  return [
    'import json, os, pathlib, socket, subprocess, sys, urllib.request',
    `CASES = json.loads(${pyString(JSON.stringify(cases.map(({ id, code }) => [id, code])))})`,
    'T = os.environ["AUDIT_FOLDER"]',
    'PORT = int(os.environ["AUDIT_PORT"])',
    'PY = os.environ["AUDIT_PYTHON"]',
    '',
    'def refused(error):',
    '    # The policy\'s refusal, as raised or as a library wrapped it (urllib\'s URLError).',
    '    seen = set()',
    '    while error is not None and id(error) not in seen:',
    '        seen.add(id(error))',
    '        if isinstance(error, PermissionError) and str(error).startswith("denied "):',
    '            return True',
    '        reason = getattr(error, "reason", None)',
    '        error = reason if isinstance(reason, BaseException) else (error.__cause__ or error.__context__)',
    '    return False',
    '',
    'results = []',
    'for case_id, code in CASES:',
    '    names = {"T": T, "PORT": PORT, "PY": PY, "json": json, "os": os, "pathlib": pathlib, "socket": socket, "subprocess": subprocess, "sys": sys, "urllib": urllib}',
    '    try:',
    '        exec(code, names)',
    '        results.append({"id": case_id, "error": None, "refused": False})',
    '    except BaseException as error:',
    '        kind = type(error).__name__',
    '        kind = "PermissionError" if kind == "AuditPolicyError" else kind',
    '        results.append({"id": case_id, "error": kind + ": " + str(error), "refused": refused(error)})',
    'sys.stdout.write(json.dumps(results) + "\\n")',
    'sys.stdout.flush()',
    '',
  ].join('\n');
}

const POLICIES = ['contain', 'files_and_hosts', 'report'] as const;
type PolicyName = (typeof POLICIES)[number];
const CASES: Record<PolicyName, Case[]> = { contain: CONTAIN, files_and_hosts: FILES_AND_HOSTS, report: REPORT };

// The embedding program: Python first, then the same imports as the Python run, then the hook,
// as sitecustomize would add it; then the cases.
const MAIN_C = `#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

${POLICIES.map((name) => `int install_${name}(void);`).join('\n')}

static const struct {
    const char *name;
    int (*install)(void);
} policies[] = {${POLICIES.map((name) => `{"${name}", install_${name}}`).join(', ')}};

int main(int argc, char **argv)
{
    FILE *file;
    char *script;
    long size;
    size_t at;
    int (*install)(void) = NULL, status;
    if (argc != 3)
        return 2;
    for (at = 0; at < sizeof policies / sizeof policies[0]; at++)
        if (strcmp(policies[at].name, argv[1]) == 0)
            install = policies[at].install;
    file = fopen(argv[2], "rb");
    if (install == NULL || file == NULL || fseek(file, 0, SEEK_END) != 0 || (size = ftell(file)) < 0 || fseek(file, 0, SEEK_SET) != 0)
        return 2;
    script = calloc((size_t)size + 1, 1);
    if (script == NULL || fread(script, 1, (size_t)size, file) != (size_t)size)
        return 2;
    fclose(file);
    Py_Initialize();
    if (PyRun_SimpleString(${JSON.stringify(PREAMBLE)}) != 0)
        return 3;
    if (install() != 0) {
        PyErr_Print();
        return 3;
    }
    status = PyRun_SimpleString(script);
    free(script);
    if (Py_FinalizeEx() < 0)
        return 4;
    return status == 0 ? 0 : 1;
}
`;

// The Python run: the same imports, then the generated module, then the same cases.
const PYTHON_RUNNER = [
  PREAMBLE,
  // python -c puts the current folder first in sys.path; an embedded Python does not.
  'del sys.path[0]',
  'source = open(sys.argv[2]).read()',
  'spec = importlib.util.spec_from_file_location("audit_policy", sys.argv[1])',
  'spec.loader.exec_module(importlib.util.module_from_spec(spec))',
  'exec(compile(source, sys.argv[2], "exec"), {"__name__": "__main__"})',
].join('\n');

interface Outcome {
  id: string;
  error: string | null;
  refused: boolean;
}
interface PolicyRun {
  /** Each case's outcome, and the policy's report lines, with descriptors and addresses blanked: two processes number them apart. */
  outcomes: Outcome[];
  reports: string[];
  run: Run;
}

const blank = (text: string) => text.replace(/fd=\d+/g, 'fd=N').replace(/ at 0x[0-9a-f]+/g, ' at 0x');

function parsed(run: Run): PolicyRun {
  const last = run.stdout.trim().split('\n').at(-1) ?? '[]';
  const outcomes = run.status === 0 ? (JSON.parse(last) as Outcome[]).map((outcome) => ({ ...outcome, error: outcome.error === null ? null : blank(outcome.error) })) : [];
  const reports = run.stderr
    .split('\n')
    .filter((line) => line.startsWith('audit policy: '))
    .map(blank);
  return { outcomes, reports, run };
}

interface VersionRun {
  compile: Run;
  c: Partial<Record<PolicyName, PolicyRun>>;
  python: Partial<Record<PolicyName, PolicyRun>>;
}

/** Writes both hooks of every policy, builds the embedding program and runs every policy's cases in both. */
async function runVersion(native: Native, port: number): Promise<VersionRun> {
  const directory = join(scratch, native.python);
  const folder = join(directory, 'files');
  mkdirSync(directory, { recursive: true });
  const policies: Record<PolicyName, Policy> = { contain: containPolicy(native), files_and_hosts: filesAndHostsPolicy(native, folder), report: reportPolicy(native) };
  const sources = [join(directory, 'main.c')];
  writeFileSync(sources[0] as string, MAIN_C);
  for (const name of POLICIES) {
    const { c, python } = hooksOf(policies[name]);
    writeFileSync(join(directory, `${name}.c`), c);
    writeFileSync(join(directory, `${name}.py`), python);
    writeFileSync(join(directory, `${name}-cases.py`), casesScript(CASES[name]));
    // One object per policy, its install function renamed so that three live in one program.
    writeFileSync(join(directory, `${name}-object.c`), `#define audit_policy_install install_${name}\n#include "${name}.c"\n`);
    sources.push(join(directory, `${name}-object.c`));
  }
  const program = join(directory, 'embed');
  const compile = await run('gcc', ['-Wall', '-Werror', ...flags(native, '--cflags'), '-o', program, ...sources, ...flags(native, '--ldflags', '--embed')]);
  const result: VersionRun = { compile, c: {}, python: {} };
  if (compile.status !== 0) return result;
  const env = { ...process.env, AUDIT_FOLDER: folder, AUDIT_PORT: String(port), AUDIT_PYTHON: native.executable, PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' };
  // Each run starts in the same, empty folder: the denial messages name it.
  const fresh = () => {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
  };
  for (const name of POLICIES) {
    const cases = join(directory, `${name}-cases.py`);
    fresh();
    result.c[name] = parsed(await run(program, [name, cases], { cwd: folder, env }));
    fresh();
    result.python[name] = parsed(await run(native.executable, ['-c', PYTHON_RUNNER, join(directory, `${name}.py`), cases], { cwd: folder, env }));
  }
  return result;
}

describe('the C hook against the Python hook, in every native CPython the traces were made with', () => {
  const present = natives.filter((native) => existsSync(native.config) && existsSync(native.executable));
  const runs = new Map<string, VersionRun>();
  beforeAll(async () => {
    const port = await closedPort();
    const results = await eachLimited(present, 2, (native) => runVersion(native, port));
    present.forEach((native, at) => runs.set(native.python, results[at] as VersionRun));
  }, 600_000);

  for (const native of natives) {
    it.skipIf(!present.includes(native))(`${native.python}: compiles with -Wall -Werror, and refuses and allows exactly what the Python hook does`, () => {
      const result = runs.get(native.python);
      expect(result?.compile.status, result?.compile.stderr).toBe(0);
      for (const name of POLICIES) {
        const c = result?.c[name];
        const python = result?.python[name];
        expect(c?.run.status, `${name} in C: ${c?.run.stderr}`).toBe(0);
        expect(python?.run.status, `${name} in Python: ${python?.run.stderr}`).toBe(0);
        expect(c?.outcomes, name).toEqual(python?.outcomes);
        expect(c?.reports, name).toEqual(python?.reports);
        // Each case is refused, or not, as it was written to be, so that a hook that refuses
        // everything, or nothing, fails here.
        const expected = CASES[name].map((item) => [item.id, item.refused]);
        expect(c?.outcomes.map((outcome) => [outcome.id, outcome.refused])).toEqual(expected);
      }
      const contain = result?.c.contain?.outcomes ?? [];
      expect(contain.filter((outcome) => outcome.refused).length).toBeGreaterThan(5);
      expect(contain.filter((outcome) => outcome.error === null).length).toBeGreaterThan(5);
      expect(result?.c.contain?.reports.filter((line) => line.startsWith('audit policy: os.putenv '))).toHaveLength(2);
      // Report only: no case fails, and every refusal became a line.
      const report = result?.c.report;
      expect(report?.outcomes.filter((outcome) => outcome.error !== null)).toEqual([]);
      const would = report?.reports.filter((line) => line.startsWith('audit policy: would have denied ')) ?? [];
      expect(would.some((line) => line.startsWith('audit policy: would have denied socket.getaddrinfo '))).toBe(true);
      expect(would.some((line) => /^audit policy: would have denied socket\.getaddrinfo \('x{198}\.\.\.$/.test(line))).toBe(true);
      expect(would.some((line) => line.startsWith('audit policy: would have denied subprocess.Popen '))).toBe(true);
    });
  }
});

describe('allow-list entries are the visitor’s text, and can never break out of the C', () => {
  it('compiles with any entries, and every entry reads back as the UTF-8 of what was typed', () => {
    const native = natives.filter((candidate) => existsSync(candidate.config)).at(-1);
    expect(native, 'a native CPython with its python3-config').toBeDefined();
    if (!native) return;
    // C's own hazards besides: trigraphs, a backslash before a line's end, a NUL before a digit.
    const piece = fc.oneof(nasty, fc.constantFrom('??/', '??)', '\\\n', '\u00007', '%s%n', '"\\'));
    const entries = fc.sample(fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')), { numRuns: 120, seed: 578 });
    const policy = emptyPolicy([native.version]);
    policy.categories = { filesystem: 'unless', network: 'unless', process: 'unless', import: 'unless' };
    policy.allow = { paths: entries, hosts: entries, programs: entries, modules: entries };
    const rules = resolvePolicy(policy, catalog.events, categories, catalog.mismatches);
    // The comment must hold whatever the address and the titles say.
    const hostile = 'x */ y /* z ??/ \\';
    const c = cHook(policy, rules, { versions: hostile, url: `https://example.org/*/??/\\?${policyQuery(policy, all)}`, titles: { filesystem: hostile } });
    const directory = join(scratch, 'literals');
    mkdirSync(directory, { recursive: true });
    writeFileSync(join(directory, 'literals.c'), c);
    writeFileSync(
      join(directory, 'main.c'),
      [
        '#include "literals.c"',
        '#include <stdio.h>',
        '',
        'static void dump(const char *kind, const struct text *entry)',
        '{',
        '    size_t at;',
        '    for (; entry->bytes != NULL; entry++) {',
        '        printf("%s ", kind);',
        '        for (at = 0; at < entry->size; at++)',
        '            printf("%02x", (unsigned char)entry->bytes[at]);',
        '        printf("\\n");',
        '    }',
        '}',
        '',
        'int main(void)',
        '{',
        '    dump("paths", allow_paths);',
        '    dump("hosts", allow_hosts);',
        '    dump("programs", allow_programs);',
        '    dump("modules", allow_modules);',
        '    return 0;',
        '}',
        '',
      ].join('\n'),
    );
    const program = join(directory, 'literals');
    const compile = spawnSync('gcc', ['-Wall', '-Werror', ...flags(native, '--cflags'), '-o', program, join(directory, 'main.c'), ...flags(native, '--ldflags', '--embed')], { encoding: 'utf8' });
    expect(compile.status, compile.stderr).toBe(0);
    const dumped = spawnSync(program, { encoding: 'utf8' });
    expect(dumped.status, dumped.stderr).toBe(0);
    const read: Record<string, string[]> = { paths: [], hosts: [], programs: [], modules: [] };
    for (const line of dumped.stdout.trim().split('\n')) {
      const [kind = '', hex = ''] = line.split(' ');
      read[kind]?.push(hex);
    }
    const utf8 = (text: string) => Buffer.from(new TextEncoder().encode(text)).toString('hex');
    expect(entries.some((entry) => entry.includes('\u0000'))).toBe(true);
    for (const kind of ['paths', 'hosts', 'programs', 'modules']) expect(read[kind], kind).toEqual(entries.map(utf8));
  });
});

// The versions the site covers that no interpreter here runs (3.14, 3.15): their headers, from
// Debian's libpython3.X-dev (`.ci/python-headers.sh`, which CI runs before the tests).
const HEADERS = process.env['AUDIT_PYTHON_HEADERS'] ?? '.cache/python-headers';
const headerOnly = all.filter((version) => !natives.some((native) => native.version === version) && existsSync(join(HEADERS, version, 'include', `python${version}`, 'Python.h')));

describe('the C hook compiles against the headers of the versions this machine cannot run', () => {
  it.each(headerOnly)('%s: every category, every list, compiles with -Wall -Werror', (version) => {
    const policy = emptyPolicy([version]);
    policy.categories = Object.fromEntries(categories.categories.map((category) => [category.name, 'unless' as const]));
    policy.events = { 'sys.remote_exec': 'deny' };
    policy.allow = { paths: ['/srv'], hosts: ['*.example.org:443'], programs: ['git'], modules: ['json'] };
    const directory = mkdtempSync(join(scratch, `headers-${version}-`));
    const source = join(directory, 'audit_policy.c');
    writeFileSync(source, hooksOf(policy).c);
    const include = join(HEADERS, version, 'include');
    const compile = spawnSync('gcc', ['-c', '-Wall', '-Werror', '-std=c11', `-I${join(include, `python${version}`)}`, `-I${include}`, '-o', join(directory, 'audit_policy.o'), source], { encoding: 'utf8' });
    expect(compile.status, compile.stderr).toBe(0);
    expect(existsSync(join(directory, 'audit_policy.o'))).toBe(true);
  });
});
