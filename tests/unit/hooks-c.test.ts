import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { embedding, nativePythons, type NativePython } from '../../src/cli/interpreters';
import { cHook, emptyPolicy, policyQuery, pyString, resolvePolicy, type Policy } from '../../src/lib/hooks';
import { all, catalog, categories, hooksOf } from '../support/hooks';
import { nasty } from '../support/nasty';
import { eachLimited, run, type Run } from '../support/processes';

const scratch = mkdtempSync(join(tmpdir(), 'audit-events-hooks-c-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const POLICY_C = join('src', 'lib', 'hooks', 'policy.c');
const POLICY_PY = join('src', 'lib', 'hooks', 'policy.py');

// Every version the site covers must have a native CPython here: pyenv's builds to 3.12, and
// Debian's 3.13 to 3.15 from `npm run pythons`. A missing one fails, saying so; nothing skips.
const found = nativePythons();
const natives = all.map((minor) => ({ minor, native: found.find((python) => python.minor === minor) }));
const missing = (minor: string) =>
  `no native CPython ${minor} on this machine: run \`npm run pythons\` (Debian's 3.13, 3.14 and 3.15, in .cache/pythons), or install ${minor} with pyenv`;
const minorNumber = (minor: string) => Number(minor.split('.')[1]);
// Only the include flags: what the headers alone say of the file.
const includes = (native: NativePython) => embedding(native).cflags.filter((flag) => flag.startsWith('-I'));

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

// Each case runs with T (the folder the run starts in), PORT (closed), PY (this CPython) and
// OUTSIDE (descriptor 100, open on / since before the hook) set; `refused` says whether the policy
// is meant to stop it, in every version or by minor version (an event only some versions raise).
// All are offline: a refused network call is stopped before any packet, an allowed one goes to a
// closed port of 127.0.0.1, and the matchers' finer points are checked by raising the event with
// sys.audit. Cases run in order, in one process: a case may set up the next.
interface Case {
  id: string;
  code: string;
  refused: boolean | ((minor: string) => boolean);
}
const refused = (id: string, code: string): Case => ({ id, code, refused: true });
const passes = (id: string, code: string): Case => ({ id, code, refused: false });
const refusedFrom = (since: string, id: string, code: string): Case => ({ id, code, refused: (minor) => minorNumber(minor) >= minorNumber(since) });
const expected = (item: Case, minor: string) => (typeof item.refused === 'function' ? item.refused(minor) : item.refused);

/** Network denied; processes and imports denied unless allowed. */
function processesPolicy(native: NativePython): Policy {
  const policy = emptyPolicy([native.minor]);
  policy.categories = { network: 'deny', process: 'unless', import: 'unless' };
  // A file by its path, a folder pattern (/bin resolves to /usr/bin here), a bare wildcard (a file
  // of PATH's folders), and a whole command for a shell.
  policy.allow.programs = [native.path, '/bin/ec*', 'tru?x', 'exit 0'];
  policy.allow.modules = ['colorsys', 'keywor?', 'xml', 'html', 'libc.so.6'];
  return policy;
}
const PROCESSES: Case[] = [
  refused('network/create_connection', 'socket.create_connection(("127.0.0.1", PORT), timeout=5)'),
  refused('network/getaddrinfo', 'socket.getaddrinfo("localhost", 80)'),
  refused('network/socket', 'socket.socket().close()'),
  refused('network/unknown length', 'sys.audit("socket.connect", 1, 2, 3)'),
  passes('process/this python', 'subprocess.run([PY, "-c", "pass"], check=True)'),
  passes('process/a folder pattern, the path read as the OS reads it', 'subprocess.run(["/bin/./echo", "hi"], stdout=subprocess.DEVNULL, check=True)'),
  passes('process/posix_spawn, the environment as it was', 'os.waitpid(os.posix_spawn(PY, [PY, "-c", "pass"], dict(os.environ)), 0)'),
  // Was refused (a bare name never matched an entry with a slash). Now the name is found as the
  // OS finds it: each match on PATH is /usr/bin/echo, allowed; from 3.14 _posixsubprocess.fork_exec
  // also lists the name in every folder of PATH, and the files there are are the same one.
  passes('process/a bare name, found on PATH', 'subprocess.run(["echo", "hi"], stdout=subprocess.DEVNULL, check=True)'),
  refused('process/not listed', 'subprocess.run(["/bin/true"])'),
  refused('process/a command not listed', 'os.system("true")'),
  passes('process/a whole command, as listed', 'os.system("exit 0")'),
  passes('process/that command through the shell', 'subprocess.run("exit 0", shell=True, check=True)'),
  refused('process/another command through the shell', 'subprocess.run("exit 1", shell=True)'),
  passes('process/sh -ec, a list', 'subprocess.run(["/bin/sh", "-ec", "exit 0"], check=True)'),
  refused('process/sh -c and no command', 'sys.audit("os.exec", "/bin/sh", ["sh", "-c"], None)'),
  refused('process/kill names no program', 'os.kill(0, 0)'),
  // Was passes (the first word of a command was matched). Now a command is allowed only whole.
  refused('process/a command is allowed only whole', 'sys.audit("os.system", b"  /bin/echo  x")'),
  passes('process/bytes command, whole', 'sys.audit("os.system", b"exit 0")'),
  // Was passes (a bare wildcard matched any file's last part). Now only a file of PATH's folders.
  refused('process/bare wildcard outside PATH', 'sys.audit("os.exec", "/opt/truex", ["truex"], {})'),
  passes('process/bare wildcard in a folder of PATH', 'sys.audit("os.exec", "/usr/bin/truex", ["truex"], None)'),
  // Was passes (the NUL was read through). Now a path with a NUL is refused, as the OS would.
  refused('process/NUL in the program', 'sys.audit("os.exec", "/bin/ec\\0ho", [], {})'),
  refused('process/exec through a descriptor', 'sys.audit("os.exec", 3, ["x"], None)'),
  refused('process/empty args list', 'sys.audit("subprocess.Popen", None, [], None, None)'),
  refused('process/LD_PRELOAD in env', 'subprocess.run([PY, "-c", "pass"], env={"LD_PRELOAD": "/nonexistent.so"})'),
  passes('process/PATH in env as it was', 'subprocess.run([PY, "-c", "pass"], env={"PATH": os.environ["PATH"]}, check=True)'),
  refused('process/PATH in env changed', 'subprocess.run([PY, "-c", "pass"], env={"PATH": "/tmp"})'),
  refused('process/env as bytes, LD_ changed', 'sys.audit("os.exec", PY, [PY], [b"LD_LIBRARY_PATH=/tmp"])'),
  // _posixsubprocess.fork_exec is an event from 3.14: every program of exec_list must be allowed.
  passes('process/exec_list, all allowed', 'sys.audit("_posixsubprocess.fork_exec", [os.fsencode(PY)], [PY, "-c", "pass"], None)'),
  refusedFrom('3.14', 'process/exec_list, one not allowed', 'sys.audit("_posixsubprocess.fork_exec", [os.fsencode(PY), b"/usr/bin/true"], [PY], None)'),
  passes('process/exec_list, a file that is not there passed over', 'sys.audit("_posixsubprocess.fork_exec", [b"/nonexistent/true", os.fsencode(PY)], [PY], None)'),
  refusedFrom('3.14', 'process/exec_list, no file there', 'sys.audit("_posixsubprocess.fork_exec", [b"/nonexistent/true"], ["true"], None)'),
  // Were 'log/putenv' and 'log/unknown length', when this policy logged os.putenv: under a list of
  // programs os.putenv is now checked (policy.ts adds the environment rule over a logged one), so
  // a harmless variable passes unlogged, and a length no version sends is refused.
  passes('environment/a variable that loads nothing', 'os.environ["AUDIT_POLICY_CASE"] = "1"'),
  refused('environment/unknown length', 'sys.audit("os.putenv", "a", "b", "c")'),
  refused('environment/PATH changed', 'os.environ["PATH"] = "/tmp"'),
  passes('environment/PATH as it was', 'os.putenv("PATH", os.environ["PATH"])'),
  refused('environment/unset a risky variable the process began with', 'os.unsetenv("PYTHONHASHSEED")'),
  passes('environment/unset a risky variable it did not have', 'os.unsetenv("LD_AUDIT_POLICY_NOTHING")'),
  passes('import/exact', 'import colorsys'),
  passes('import/package and submodules', 'import xml.dom.minicompat'),
  passes('import/wildcard', 'sys.audit("import", "keyworx", None, [], [], [])'),
  refused('import/not listed', 'import csv'),
  refused('import/submodule of a module not listed', 'import email.mime.text'),
  refused('import/a prefix without the dot', 'sys.audit("import", "htmlx", None, [], [], [])'),
  refused('import/a finder the hook did not see', 'sys.audit("import", "colorsys", None, [], [object()], [])'),
  passes('import/a folder of sys.path that holds no such module', 'sys.audit("import", "colorsys", None, [T], list(sys.meta_path), list(sys.path_hooks))'),
  refused('import/a folder of sys.path that shadows it', 'open(os.path.join(T, "colorsys.py"), "w").close()\nsys.audit("import", "colorsys", None, [T], list(sys.meta_path), list(sys.path_hooks))'),
  refused('import/an extension from outside the module folders', 'sys.audit("import", "colorsys", os.path.join(T, "colorsys.so"), [], [], [])'),
  passes('import/an extension from the standard library', 'sys.audit("import", "colorsys", os.path.join(os.path.dirname(os.__file__), "colorsys.so"), [], [], [])'),
  passes('import/ctypes.dlopen, a bare name listed', 'sys.audit("ctypes.dlopen", "libc.so.6")'),
  passes('import/ctypes.dlopen of the program itself', 'sys.audit("ctypes.dlopen", None)'),
  refused('import/ctypes.dlopen, a path not listed', 'sys.audit("ctypes.dlopen", "/lib/x86_64-linux-gnu/libc.so.6")'),
];

/** Files denied unless under the run's folder; network denied unless the host is listed. */
function filesAndHostsPolicy(native: NativePython, folder: string): Policy {
  const policy = emptyPolicy([native.minor]);
  policy.categories = { filesystem: 'unless', network: 'unless' };
  policy.allow.paths = [folder];
  policy.allow.hosts = ['*.allowed.example:443', '127.0.0.1:*', 'local*:8?', '::1'];
  return policy;
}
const FILES_AND_HOSTS: Case[] = [
  // While a descriptor on / is open, os.open of a relative path may mean a file there.
  refused('file/os.open of a relative path while a folder outside is open', 'os.close(os.open("f.txt", os.O_WRONLY | os.O_CREAT))'),
  refused('file/dir_fd outside', 'os.mkdir("h", dir_fd=OUTSIDE)'),
  passes('file/absolute path with a dir_fd outside', 'os.mkdir(os.path.join(T, "g"), dir_fd=OUTSIDE)'),
  passes('file/the folder outside closed', 'os.close(OUTSIDE)'),
  passes('file/relative', 'open("a.txt", "w").close()'),
  passes('file/absolute', 'open(os.path.join(T, "b.txt"), "w").close()'),
  passes('file/mkdir', 'os.mkdir("sub")'),
  passes('file/.. inside', 'open(os.path.join(T, "sub", "..", "c.txt"), "w").close()'),
  passes('file/pathlib', 'pathlib.Path(T, "d.txt").write_text("x")'),
  passes('file/bytes', 'open(os.fsencode(os.path.join(T, "e.txt")), "w").close()'),
  passes('file/descriptor', 'fd = os.open("f.txt", os.O_WRONLY | os.O_CREAT)\nopen(fd, "w").close()'),
  passes('file/listdir of None', 'os.listdir()'),
  passes('file/os.DirEntry', 'with os.scandir(T) as entries:\n    entry = next(entries)\nsys.audit("open", entry, "r", 0)'),
  // Was refused (a relative path with a dir_fd was never allowed). Now it is read from the
  // descriptor's folder, through /proc/self/fd.
  passes('file/relative with dir_fd inside', 'fd = os.open(".", os.O_RDONLY)\ntry:\n    os.mkdir("h", dir_fd=fd)\nfinally:\n    os.close(fd)'),
  refused('file/dir_fd True (standard output, no folder)', 'sys.audit("os.mkdir", "rel", 0o777, True)'),
  refused('file/dir_fd on a file that is no folder', 'fd = os.open("a.txt", os.O_RDONLY)\ntry:\n    sys.audit("os.mkdir", "rel", 0o777, fd)\nfinally:\n    os.close(fd)'),
  passes('file/dir_fd -1', 'sys.audit("os.mkdir", "rel", 0o777, -1)'),
  // A dir_fd's type is checked before its value: a float is no descriptor, not even -100.0.
  refused('file/dir_fd -100.0 (AT_FDCWD as a float)', 'sys.audit("os.mkdir", "rel", 0o777, -100.0)'),
  refused('file/dir_fd of another type', 'sys.audit("os.mkdir", "rel", 0o777, 3.5)'),
  refused('file/outside', 'open(os.__file__).close()'),
  refused('file/.. out', 'open("../../../../../../etc/hostname").close()'),
  refused('file/a sibling sharing the prefix', 'open(T + "-other/x.txt").close()'),
  refused('file/listdir outside', 'os.listdir("/")'),
  refused('file/through a symlink out of the folder', 'open("out/hostname").close()'),
  refused('file/a symlink to a file outside', 'os.symlink("/etc/hostname", "link-out")'),
  passes('file/a symlink to a file inside', 'os.symlink(os.path.join(T, "a.txt"), "link-in")\nopen("link-in").close()'),
  // A relative target is read from the link's own folder: inside, it passes; climbing out, it is refused.
  passes('file/a symlink with a relative target inside', 'os.symlink("a.txt", "link-relative")'),
  refused('file/a symlink with a relative target that climbs out', 'os.symlink("../../../../../../etc/hostname", "link-climbing")'),
  // Was passes (the hook read through the NUL, and open itself refused the path). Now the hook
  // refuses a path with a NUL, as lstat does.
  refused('file/NUL', 'sys.audit("open", "a\\0b", "r", 0)'),
  refused('file/bytes outside', 'sys.audit("open", b"/etc/passwd", "r", 0)'),
  // Was passes (a float was no path, and was left alone). Now a value of no path type is refused.
  refused('file/not a path', 'sys.audit("open", 1.5, "r", 0)'),
  refused('file/__fspath__ raises', 'class P:\n    def __fspath__(self):\n        raise ValueError("no")\nsys.audit("open", P(), "r", 0)'),
  // Was passes (the hook called __fspath__, and the interrupt went through). Now the hook never
  // calls a program's __fspath__: the object is refused as it is.
  refused('file/__fspath__ interrupts', 'class P:\n    def __fspath__(self):\n        raise KeyboardInterrupt("stop")\nsys.audit("open", P(), "r", 0)'),
  refused('file/a subclass of pathlib\'s class', 'class P(type(pathlib.Path())):\n    pass\nsys.audit("open", P(T, "x"), "r", 0)'),
  refused(
    'file/pathlib patched',
    'saved = pathlib.PurePath.__fspath__\npathlib.PurePath.__fspath__ = lambda self: os.path.join(T, "x")\ntry:\n    sys.audit("open", pathlib.Path("/etc/passwd"), "r", 0)\nfinally:\n    pathlib.PurePath.__fspath__ = saved',
  ),
  passes('file/pathlib again as it was', 'sys.audit("open", pathlib.Path(T, "x"), "r", 0)'),
  refused('file/unknown length', 'sys.audit("open", "x")'),
  // Was refused (// was kept as a distinct root). Now // is one slash, as the OS reads it.
  passes('file/two leading slashes are one', 'sys.audit("open", "//" + T.lstrip("/") + "/x", "r", 0)'),
  passes('file/three leading slashes are one', 'sys.audit("open", "///" + T.lstrip("/") + "/x", "r", 0)'),
  passes('file/sqlite3 in memory', 'sys.audit("sqlite3.connect", ":memory:")'),
  refused('file/sqlite3 URI', 'sys.audit("sqlite3.connect", "FILE:x.db")'),
  refused('host/url not listed', 'urllib.request.urlopen("https://www.blocked.example/")'),
  refused('host/url default port', 'urllib.request.urlopen("http://api.allowed.example/")'),
  refused('host/url other port', 'urllib.request.urlopen("https://api.allowed.example:8443/")'),
  refused('host/url user info', 'urllib.request.urlopen("https://api.allowed.example@evil.example/")'),
  refused('host/url [IPv6] not listed', 'urllib.request.urlopen("http://[::2]:443/")'),
  passes('host/url to a closed port', 'urllib.request.urlopen("http://127.0.0.1:%d/" % PORT, timeout=5)'),
  passes('host/url, any case', 'sys.audit("urllib.Request", "https://API.Allowed.Example/x", None, {}, "GET")'),
  passes('host/url [IPv6] listed', 'sys.audit("urllib.Request", "http://[::1]:8080/", None, {}, "GET")'),
  refused('host/url [IPv4-mapped IPv6] not listed', 'sys.audit("urllib.Request", "http://[::ffff:10.0.0.1]/", None, {}, "GET")'),
  refused('host/url bad port', 'sys.audit("urllib.Request", "https://api.allowed.example:44x3/", None, {}, "GET")'),
  refused('host/url bad [IPv6]', 'sys.audit("urllib.Request", "http://[::1::2]/", None, {}, "GET")'),
  refused('host/Request object', 'sys.audit("webbrowser.open", urllib.request.Request("https://x.allowed.example/"))'),
  refused('host/port pattern', 'socket.getaddrinfo("localhost", 443)'),
  passes('host/any case, port pattern', 'sys.audit("socket.getaddrinfo", "LocalHost", 80, 0, 0, 0)'),
  passes('host/port as text', 'sys.audit("socket.getaddrinfo", "localhost", "81", 0, 0, 0)'),
  passes('host/no endpoint', 'socket.socket().close()'),
  passes('host/None', 'sys.audit("socket.getaddrinfo", None, 80, 0, 0, 0)'),
  passes('host/bytes host, bool port', 'sys.audit("socket.connect", None, (b"127.0.0.1", True))'),
  refused('host/address not listed', 'sys.audit("socket.connect", None, ("10.0.0.1", 80))'),
  refused('host/unix socket', 'sys.audit("socket.connect", None, "/tmp/socket")'),
  refused('host/a str subclass host', 'class S(str):\n    pass\nsys.audit("socket.getaddrinfo", S("127.0.0.1"), 80, 0, 0, 0)'),
  refused('host/an int subclass port', 'class I(int):\n    pass\nsys.audit("socket.connect", None, ("127.0.0.1", I(80)))'),
];

/** Report only: network and processes would be denied, os.putenv logged. */
function reportPolicy(native: NativePython): Policy {
  const policy = emptyPolicy([native.minor]);
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
  passes('other scripts', 'sys.audit("socket.gethostbyname", "h\\u00e9\\u2028\\U0001f600\\udcff")'),
  // What a report shows of each value: CPython's repr of exact builtins only, three deep.
  passes('nested values', 'sys.audit("socket.gethostbyname", {"k": b"v", 3: None}, [1, (2, [3])])'),
  passes('eight items at most', 'sys.audit("socket.gethostbyname", list(range(10)), {i: i for i in range(9)})'),
  passes('other types by their name', 'class Loud:\n    def __repr__(self):\n        raise RuntimeError("never called")\nsys.audit("socket.gethostbyname", Loud(), 10 ** 5000, 1.5, True)'),
  passes('a str subclass by its name', 'class S(str):\n    pass\nsys.audit("socket.gethostbyname", S("x"))'),
];

/** To contain code: what reaches the hook's objects and native memory is denied; open denied unless in the folder, os.listdir logged. */
function containPolicy(native: NativePython, folder: string): Policy {
  const policy = emptyPolicy([native.minor]);
  policy.purpose = 'contain';
  policy.events = { open: 'unless', 'os.listdir': 'log' };
  policy.allow.paths = [folder];
  return policy;
}
const CONTAIN: Case[] = [
  refused('gc.get_objects', 'gc.get_objects()'),
  refused('gc.get_referrers', 'gc.get_referrers(sys)'),
  refused('sys._current_frames', 'sys._current_frames()'),
  refused('ctypes.dlopen', 'sys.audit("ctypes.dlopen", "libc.so.6")'),
  // os.open reads a relative path from every folder the process holds: the hook lists them,
  // which raises os.listdir, logged (the same line from both hooks).
  refused('os.open while a folder outside is open', 'os.close(os.open("x.txt", os.O_WRONLY | os.O_CREAT))'),
  passes('the folder outside closed', 'os.close(OUTSIDE)'),
  passes('os.open of a relative path', 'os.close(os.open("x.txt", os.O_WRONLY | os.O_CREAT))'),
  refused('open outside', 'open("/etc/hostname").close()'),
];

// What both runs import before the hook is added (the Python hook's own imports among them, which
// the C hook does not need, and the codec a host name goes through), so that both start from the
// same sys.modules; then descriptor 100, open on /, for the cases about folders outside.
const PREAMBLE = [
  'import _bisect, _imp, _operator, _thread, encodings.idna, gc, importlib.util, json, os, pathlib, socket, subprocess, sys, threading, urllib.parse, urllib.request',
  'fd = os.open("/", os.O_RDONLY)',
  'os.dup2(fd, 100)',
  'os.close(fd)',
].join('\n');

/** The cases as a program: each outcome (the error's type and message, an ImportError's name, or None) as JSON. */
function casesScript(cases: readonly Case[]): string {
  return [
    'import gc, json, os, pathlib, socket, subprocess, sys, urllib.request',
    `CASES = json.loads(${pyString(JSON.stringify(cases.map(({ id, code }) => [id, code])))})`,
    'T = os.environ["AUDIT_FOLDER"]',
    'PORT = int(os.environ["AUDIT_PORT"])',
    'PY = os.environ["AUDIT_PYTHON"]',
    'OUTSIDE = 100',
    '',
    'def refused(error):',
    "    # The policy's refusal, as raised or as a library wrapped it (urllib's URLError).",
    '    seen = set()',
    '    while error is not None and id(error) not in seen:',
    '        seen.add(id(error))',
    '        if isinstance(error, (PermissionError, ImportError)) and str(error).startswith("denied "):',
    '            return True',
    '        reason = getattr(error, "reason", None)',
    '        error = reason if isinstance(reason, BaseException) else (error.__cause__ or error.__context__)',
    '    return False',
    '',
    'results = []',
    'for case_id, code in CASES:',
    '    names = {"T": T, "PORT": PORT, "PY": PY, "OUTSIDE": OUTSIDE, "gc": gc, "json": json, "os": os, "pathlib": pathlib, "socket": socket, "subprocess": subprocess, "sys": sys, "urllib": urllib}',
    '    try:',
    '        exec(code, names)',
    '        results.append({"id": case_id, "error": None, "name": None, "refused": False})',
    '    except BaseException as error:',
    '        kind = type(error).__name__',
    '        kind = {"AuditPolicyError": "PermissionError", "AuditPolicyImportError": "ImportError"}.get(kind, kind)',
    '        name = error.name if isinstance(error, ImportError) else None',
    '        results.append({"id": case_id, "error": kind + ": " + str(error), "name": name, "refused": refused(error)})',
    'sys.stdout.write(json.dumps(results) + "\\n")',
    'sys.stdout.flush()',
    '',
  ].join('\n');
}

const POLICIES = ['processes', 'files_and_hosts', 'report', 'contain'] as const;
type PolicyName = (typeof POLICIES)[number];
const CASES: Record<PolicyName, Case[]> = { processes: PROCESSES, files_and_hosts: FILES_AND_HOSTS, report: REPORT, contain: CONTAIN };

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
  name: string | null;
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
async function runVersion(native: NativePython, port: number): Promise<VersionRun> {
  const directory = join(scratch, native.minor);
  const folder = join(directory, 'files');
  mkdirSync(directory, { recursive: true });
  const policies: Record<PolicyName, Policy> = {
    processes: processesPolicy(native),
    files_and_hosts: filesAndHostsPolicy(native, folder),
    report: reportPolicy(native),
    contain: containPolicy(native, folder),
  };
  const sources = [join(directory, 'main.c')];
  writeFileSync(sources[0] as string, MAIN_C);
  for (const name of POLICIES) {
    const { c, python } = hooksOf(policies[name]);
    writeFileSync(join(directory, `${name}.c`), c);
    writeFileSync(join(directory, `${name}.py`), python);
    writeFileSync(join(directory, `${name}-cases.py`), casesScript(CASES[name]));
    // One object per policy, its install function renamed so that four live in one program.
    writeFileSync(join(directory, `${name}-object.c`), `#define audit_policy_install install_${name}\n#include "${name}.c"\n`);
    sources.push(join(directory, `${name}-object.c`));
  }
  const program = join(directory, 'embed');
  const { cflags, ldflags, env: embedded } = embedding(native);
  const compile = await run('gcc', ['-Wall', '-Werror', ...cflags, '-O0', '-g0', '-o', program, ...sources, ...ldflags]);
  const result: VersionRun = { compile, c: {}, python: {} };
  if (compile.status !== 0) return result;
  const env = { ...process.env, ...embedded, AUDIT_FOLDER: folder, AUDIT_PORT: String(port), AUDIT_PYTHON: native.path, PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' };
  // Each run starts in the same folder, holding only a link out of it: the denial messages name it.
  const fresh = () => {
    rmSync(folder, { recursive: true, force: true });
    mkdirSync(folder);
    symlinkSync('/etc', join(folder, 'out'));
  };
  for (const name of POLICIES) {
    const cases = join(directory, `${name}-cases.py`);
    fresh();
    result.c[name] = parsed(await run(program, [name, cases], { cwd: folder, env }));
    fresh();
    result.python[name] = parsed(await run(native.path, ['-c', PYTHON_RUNNER, join(directory, `${name}.py`), cases], { cwd: folder, env }));
  }
  return result;
}

describe('the C hook against the Python hook, in every native CPython 3.8 to 3.15', () => {
  const runs = new Map<string, VersionRun>();
  beforeAll(async () => {
    const port = await closedPort();
    const present = natives.flatMap(({ native }) => (native ? [native] : []));
    const results = await eachLimited(present, 2, (native) => runVersion(native, port));
    present.forEach((native, at) => runs.set(native.minor, results[at] as VersionRun));
  }, 900_000);

  for (const { minor, native } of natives) {
    it(`${minor}: compiles with -Wall -Werror, embedded, and refuses and allows exactly what the Python hook does`, () => {
      expect(native, missing(minor)).toBeDefined();
      const result = runs.get(minor);
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
        expect(
          c?.outcomes.map((outcome) => [outcome.id, outcome.refused]),
          name,
        ).toEqual(CASES[name].map((item) => [item.id, expected(item, minor)]));
      }
      // A refused import is an ImportError named after the module, as the import system's own.
      const csv = result?.c.processes?.outcomes.find((outcome) => outcome.id === 'import/not listed');
      expect(csv?.error).toMatch(/^ImportError: denied import \('csv', /);
      expect(csv?.name).toBe('csv');
      // Report only: no case fails, and every refusal became a line.
      const report = result?.c.report;
      expect(report?.outcomes.filter((outcome) => outcome.error !== null)).toEqual([]);
      const lines = report?.reports ?? [];
      expect(lines.filter((line) => line.startsWith('audit policy: os.putenv '))).toHaveLength(1);
      expect(lines.some((line) => line.startsWith('audit policy: would have denied socket.getaddrinfo '))).toBe(true);
      expect(lines.some((line) => /^audit policy: would have denied socket\.getaddrinfo \('x{198}\.\.\.$/.test(line))).toBe(true);
      expect(lines.some((line) => line.startsWith('audit policy: would have denied subprocess.Popen '))).toBe(true);
      expect(lines).toContain("audit policy: would have denied socket.gethostbyname ({'k': b'v', 3: None}, [1, (2, <list>)])");
      expect(lines).toContain('audit policy: would have denied socket.gethostbyname ([0, 1, 2, 3, 4, 5, 6, 7, ...], {0: 0, 1: 1, 2: 2, 3: 3, 4: 4, 5: 5, 6: 6, 7: 7, ...})');
      expect(lines).toContain('audit policy: would have denied socket.gethostbyname (<Loud>, <int>, 1.5, True)');
      expect(lines).toContain('audit policy: would have denied socket.gethostbyname (<S>,)');
      // To contain: the hook's own listing of its descriptors was raised, and logged, for each os.open.
      expect(result?.c.contain?.reports).toEqual(Array(2).fill("audit policy: os.listdir (b'/proc/self/fd',)"));
    });
  }
});

describe('allow-list entries are the visitor’s text, and can never break out of the C', () => {
  it('compiles with any entries, and every entry reads back as the UTF-8 of what was typed', () => {
    const native = found.at(-1);
    expect(native, missing(all.at(-1) ?? '3.x')).toBeDefined();
    if (!native) return;
    // C's own hazards besides: trigraphs, a backslash before a line's end, a NUL before a digit.
    const piece = fc.oneof(nasty, fc.constantFrom('??/', '??)', '\\\n', '\u00007', '%s%n', '"\\'));
    const entries = fc.sample(fc.array(piece, { minLength: 1, maxLength: 6 }).map((parts) => parts.join('')), { numRuns: 120, seed: 578 });
    const policy = emptyPolicy([native.minor]);
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
    const { cflags, ldflags, env } = embedding(native);
    const compile = spawnSync('gcc', ['-Wall', '-Werror', ...cflags, '-O0', '-g0', '-o', program, join(directory, 'main.c'), ...ldflags], { encoding: 'utf8' });
    expect(compile.status, compile.stderr).toBe(0);
    const dumped = spawnSync(program, { encoding: 'utf8', env: { ...process.env, ...env } });
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

describe('the fixed parts are real source files, in every native CPython 3.8 to 3.15', () => {
  for (const { minor, native } of natives) {
    it(`${minor}: policy.c compiles on its own against its headers, and policy.py byte-compiles`, () => {
      expect(native, missing(minor)).toBeDefined();
      if (!native) return;
      const directory = mkdtempSync(join(scratch, `fixed-${minor}-`));
      const syntax = spawnSync('gcc', ['-fsyntax-only', '-Wall', '-Werror', '-std=c11', ...includes(native), POLICY_C], { encoding: 'utf8' });
      expect(syntax.status, syntax.stderr).toBe(0);
      const object = join(directory, 'policy.o');
      const compile = spawnSync('gcc', ['-c', '-Wall', '-Werror', '-std=c11', ...includes(native), '-o', object, POLICY_C], { encoding: 'utf8' });
      expect(compile.status, compile.stderr).toBe(0);
      expect(existsSync(object)).toBe(true);
      // The bytecode goes to the scratch folder, not beside the source.
      const python = spawnSync(native.path, ['-m', 'py_compile', POLICY_PY], { encoding: 'utf8', env: { ...process.env, ...embedding(native).env, PYTHONPYCACHEPREFIX: directory } });
      expect(python.status, python.stderr).toBe(0);
    });
  }
});
