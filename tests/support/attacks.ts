/**
 * The red team: every attack in tests/attacks/ run against the builder's own output, the Python
 * hook (as sitecustomize.py, as people deploy it) and the C hook (embedded, added after
 * Py_Initialize), in every native CPython this machine has. An attack is a small program with a
 * header (what it tries, the policy it targets, the outcome expected per version) and an optional
 * setup that runs first, without the hook.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { embedding, type NativePython } from '../../src/cli/interpreters';
import { run, type Run } from './processes';
import { cHook, emptyPolicy, type Policy } from '../../src/lib/hooks';
import { hooksOf } from './hooks';

export const ATTACKS = join(import.meta.dirname, '..', 'attacks');
export const HOOKS = ['python', 'c'] as const;
export type HookKind = (typeof HOOKS)[number];
export type Outcome = 'stopped' | 'through' | 'absent' | 'failed';

/** A gap or an absence: which hooks, which versions (`all`, `3.13+`, `-3.13`, `3.9-3.12`, `3.14`), and why. */
export interface Exception {
  hooks: HookKind[];
  versions: string;
  reason: string;
}

export interface Attack {
  /** `files/symlink-inside`, after its file. */
  id: string;
  title: string;
  /** The name of the policy it targets (see `attackPolicy`). */
  policy: string;
  /** `stopped` for an attack, `allowed` for an operation the policy must not break. */
  expect: 'stopped' | 'allowed';
  /** Where no hook stops it: a CPython gap, with its reason. */
  gaps: Exception[];
  /** Where its premise does not exist (CPython refuses it itself, or lacks the function). */
  absent: Exception[];
  /** Events whose denial narrows a gap. */
  narrow: string[];
  issue?: string;
  setup: string;
  body: string;
}

const HEADER = /^# (\w+): (.*)$/;

/** Every attack in tests/attacks/, by class and name. */
export function readAttacks(folder = ATTACKS): Attack[] {
  const attacks: Attack[] = [];
  for (const group of readdirSync(folder, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => entry.name).sort()) {
    for (const file of readdirSync(join(folder, group)).filter((name) => name.endsWith('.py')).sort()) {
      attacks.push(parseAttack(`${group}/${file.slice(0, -3)}`, readFileSync(join(folder, group, file), 'utf8')));
    }
  }
  return attacks;
}

/** An attack from its text: the header's fields, the setup and the attack proper; a malformed header throws, naming the file and the line. */
export function parseAttack(id: string, text: string): Attack {
  const lines = text.split('\n');
  const fields: [string, string][] = [];
  let at = 0;
  for (; at < lines.length; at++) {
    const found = HEADER.exec(lines[at] ?? '');
    if (!found) break;
    fields.push([found[1] ?? '', found[2] ?? '']);
  }
  const one = (name: string) => fields.filter(([key]) => key === name).map(([, value]) => value);
  const fail = (what: string): never => {
    throw new Error(`tests/attacks/${id}.py: ${what}`);
  };
  const [title] = one('Attack');
  const [policy] = one('Policy');
  const [expect] = one('Expect');
  if (!title || !policy) fail('the header needs an Attack and a Policy line');
  if (expect !== 'stopped' && expect !== 'allowed') fail(`Expect must be stopped or allowed, not ${expect ?? 'missing'}`);
  const exceptions = (name: string) =>
    one(name).map((value) => {
      const found = /^(python|c|both)? ?(all|-?3\.\d+\+?|3\.\d+-3\.\d+): (.+)$/.exec(value);
      if (!found) return fail(`${name}: "${value}" is not "[python|c|both] <versions>: <reason>"`);
      const hooks = found[1] === 'python' ? ['python' as const] : found[1] === 'c' ? ['c' as const] : [...HOOKS];
      return { hooks, versions: found[2] ?? 'all', reason: found[3] ?? '' };
    });
  const rest = lines.slice(at).join('\n');
  const setupStart = rest.indexOf('# --- setup ---\n');
  const attackStart = rest.indexOf('# --- attack ---\n');
  if ((setupStart === -1) !== (attackStart === -1)) fail('a setup needs both "# --- setup ---" and "# --- attack ---" lines');
  const [issue] = one('Issue');
  return {
    id,
    title: title ?? '',
    policy: policy ?? '',
    expect: expect as Attack['expect'],
    gaps: exceptions('Gap'),
    absent: exceptions('Absent'),
    narrow: one('Narrow').flatMap((value) => value.split(',').map((name) => name.trim())),
    ...(issue ? { issue } : {}),
    setup: setupStart === -1 ? '' : rest.slice(setupStart, attackStart),
    body: setupStart === -1 ? rest : rest.slice(attackStart),
  };
}

/** Whether a minor version is in a range as the headers write it. */
export function inVersions(version: string, range: string): boolean {
  if (range === 'all') return true;
  const number = (text: string) => Number(text.split('.')[1]);
  const minor = number(version);
  if (range.endsWith('+')) return minor >= number(range.slice(0, -1));
  if (range.startsWith('-')) return minor <= number(range.slice(1));
  const [from, to] = range.split('-');
  return to === undefined ? minor === number(from ?? '') : minor >= number(from ?? '') && minor <= number(to);
}

/** What an attack should come to in one hook and version: absent, through (where it is a gap, or allowed), or stopped. */
export function expectedOutcome(attack: Attack, hook: HookKind, version: string): Outcome {
  const applies = (list: Exception[]) => list.find((item) => item.hooks.includes(hook) && inVersions(version, item.versions));
  if (applies(attack.absent)) return 'absent';
  if (attack.expect === 'allowed' || applies(attack.gaps)) return 'through';
  return 'stopped';
}

/** Where a run happens: the allowed folder, the folder beside it, the interpreter's own library folders, the server's port. */
export interface Places {
  inside: string;
  outside: string;
  library: string[];
  port: number;
}

/** The policy an attack names, for a run's places. */
export function attackPolicy(name: string, version: string, places: Places): Policy {
  const policy = emptyPolicy([version]);
  const files = () => {
    policy.categories['filesystem'] = 'unless';
    policy.allow.paths = [places.inside, ...places.library];
  };
  switch (name) {
    case 'files':
      files();
      break;
    case 'files, environment changes logged':
      files();
      policy.categories['environment'] = 'log';
      break;
    case 'files, report only':
      files();
      policy.reportOnly = true;
      break;
    case 'contain, files':
      files();
      policy.purpose = 'contain';
      break;
    case 'logged through logging':
      policy.categories['environment'] = 'log';
      policy.output = 'logging';
      break;
    case 'hosts':
      policy.categories['network'] = 'unless';
      policy.allow.hosts = ['127.0.0.2:*'];
      break;
    case 'hosts on port 1':
      policy.categories['network'] = 'unless';
      policy.allow.hosts = ['127.0.0.1:1'];
      break;
    case "hosts on the server's port":
      policy.categories['network'] = 'unless';
      policy.allow.hosts = [`127.0.0.1:${places.port}`];
      break;
    case 'programs':
      policy.categories['process'] = 'unless';
      policy.allow.programs = ['true', 'echo hi >/dev/null'];
      break;
    case 'modules':
      policy.categories['import'] = 'unless';
      policy.allow.modules = ['json', 'colorsys', '_sqlite3', 'importlib.util', 'importlib.machinery', 'ctypes', 'libz.so.1'];
      break;
    default:
      throw new Error(`no attack policy is called "${name}"`);
  }
  return policy;
}

/** A server on 127.0.0.1 that answers every connection with a short HTTP response ("hello"). */
export function helloServer(): Promise<{ server: Server; port: number }> {
  return new Promise((resolve) => {
    const server = createServer((socket) => {
      socket.on('error', () => undefined);
      socket.end('HTTP/1.0 200 OK\r\nContent-Length: 5\r\n\r\nhello');
    });
    server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port }));
  });
}

const PRELUDE = readFileSync(join(ATTACKS, 'prelude.py'), 'utf8');

/** One attack's outcome in one hook: its name and what the program said of it. */
export interface Result {
  outcome: Outcome;
  detail: string;
}

function resultOf(attempt: Run): Result {
  const line = attempt.stdout.split('\n').findLast((text) => text.startsWith('ATTACK-OUTCOME '));
  if (!line) return { outcome: 'failed', detail: `no outcome (exit ${attempt.status}): ${attempt.stderr.trim().split('\n').slice(-3).join(' ')}` };
  const [, name = '', ...detail] = line.split(' ');
  return { outcome: name as Outcome, detail: detail.join(' ') };
}

// The embedding program: the attack's source read before Python starts, then Python, then the
// policy's hook (as sitecustomize would add it), then the attack. One program holds every policy.
function embedder(count: number): string {
  const numbers = Array.from({ length: count }, (_, at) => at);
  return `#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdio.h>
#include <stdlib.h>

${numbers.map((at) => `int install_${at}(void);`).join('\n')}

static int (*const installs[])(void) = {${numbers.map((at) => `install_${at}`).join(', ')}};

int main(int argc, char **argv)
{
    FILE *file;
    char *source;
    long size;
    int policy, status;
    if (argc != 3)
        return 2;
    policy = atoi(argv[1]);
    file = fopen(argv[2], "rb");
    if (policy < 0 || policy >= (int)(sizeof installs / sizeof installs[0]) || file == NULL || fseek(file, 0, SEEK_END) != 0 || (size = ftell(file)) < 0 || fseek(file, 0, SEEK_SET) != 0)
        return 2;
    source = calloc((size_t)size + 1, 1);
    if (source == NULL || fread(source, 1, (size_t)size, file) != (size_t)size)
        return 2;
    fclose(file);
    Py_Initialize();
    if (installs[policy]() != 0) {
        PyErr_Print();
        return 3;
    }
    status = PyRun_SimpleString(source);
    free(source);
    return status == 0 ? 0 : 1;
}
`;
}

// Two runs at a time (the machine has two cores): the Python hook's in one folder, the C hook's in
// another, each started afresh for every attack. The policies name these folders, so the C hooks
// are compiled once per policy, not once per attack, while the Python hook's runs begin.

/** Each attack's outcome in both hooks in one native CPython: attack id → hook → result. */
export async function runAttacks(python: NativePython, attacks: readonly Attack[], scratch: string, port: number): Promise<Map<string, Record<HookKind, Result>>> {
  const root = join(scratch, python.minor);
  rmSync(root, { recursive: true, force: true });
  mkdirSync(root, { recursive: true });
  const probe = await run(python.path, ['-c', 'import json, sysconfig; print(json.dumps(sorted({sysconfig.get_path(n) for n in ("stdlib", "platstdlib", "purelib", "platlib")})))'], { cwd: root, env: process.env });
  const library = JSON.parse(probe.stdout) as string[];
  const placesOf = (hook: HookKind): Places => {
    const folder = join(root, hook);
    return { inside: join(folder, 'inside'), outside: join(folder, 'outside'), library, port };
  };

  // The C hooks: one object per policy, its install function renamed, in one program, compiled
  // without optimisation (the test measures nothing).
  const names = [...new Set(attacks.map((attack) => attack.policy))];
  const build = join(root, 'embed');
  mkdirSync(build);
  writeFileSync(join(build, 'main.c'), embedder(names.length));
  const sources = [join(build, 'main.c')];
  names.forEach((name, at) => {
    const policy = attackPolicy(name, python.minor, placesOf('c'));
    const file = join(build, `policy${at}.c`);
    writeFileSync(file, `#define audit_policy_install install_${at}\n${cHook(policy, hooksOf(policy).rules, { versions: python.minor, url: 'https://example.org/hooks/', titles: {} })}`);
    sources.push(file);
  });
  const flags = embedding(python);
  const program = join(build, 'embed');
  const built = (async () => {
    for (const source of sources) {
      const compiled = await run('gcc', ['-c', '-w', '-std=c11', ...flags.cflags, '-O0', '-g0', '-o', `${source}.o`, source], { cwd: build, env: process.env });
      if (compiled.status !== 0) throw new Error(`${python.path}: a C hook did not compile: ${compiled.stderr.slice(0, 3000)}`);
    }
    const link = await run('gcc', ['-o', program, ...sources.map((source) => `${source}.o`), ...flags.ldflags], { cwd: build, env: process.env });
    if (link.status !== 0) throw new Error(`${python.path}: the C hooks did not link: ${link.stderr.slice(0, 3000)}`);
  })();

  const results = new Map<string, Record<HookKind, Result>>();
  const record = (attack: Attack, hook: HookKind, result: Result) => results.set(attack.id, { ...results.get(attack.id), [hook]: result } as Record<HookKind, Result>);
  const worker = async (hook: HookKind) => {
    if (hook === 'c') await built;
    for (const attack of attacks) {
      const places = placesOf(hook);
      const { inside, outside } = places;
      const folder = join(inside, '..');
      rmSync(folder, { recursive: true, force: true });
      mkdirSync(inside, { recursive: true });
      mkdirSync(outside, { recursive: true });
      writeFileSync(join(outside, 'secret.txt'), 'secret\n');
      const victim = attack.body.includes('AUDIT_VICTIM') ? spawn('sleep', ['60']) : undefined;
      const env: NodeJS.ProcessEnv = {
        ...process.env,
        ...flags.env,
        AUDIT_INSIDE: inside,
        AUDIT_OUTSIDE: outside,
        AUDIT_PORT: String(port),
        AUDIT_PYTHON: python.path,
        AUDIT_VICTIM: String(victim?.pid ?? 0),
        // Bytecode goes to a folder of the run's, never to the interpreter's own library, and is
        // kept between runs: Debian's CPythons come without it, and compiling their standard
        // library afresh for every run doubled the C hook's time.
        PYTHONPYCACHEPREFIX: join(root, 'bytecode'),
        PYTHONDONTWRITEBYTECODE: '',
        PYTHONHASHSEED: '0',
      };
      delete env['PYTHONPATH'];
      try {
        if (attack.setup) {
          const setup = await run(python.path, ['-'], { cwd: inside, env, input: `${PRELUDE}\n${attack.setup}` });
          if (setup.status !== 0) {
            record(attack, hook, { outcome: 'failed', detail: `setup: ${setup.stderr.trim().split('\n').at(-1)}` });
            continue;
          }
        }
        const file = join(inside, 'attack.py');
        writeFileSync(file, `${PRELUDE}\n${attack.body}`);
        let attempt: Run;
        if (hook === 'python') {
          // One sitecustomize per policy, kept between runs, so that its bytecode is cached.
          const site = join(root, 'site', String(names.indexOf(attack.policy)));
          if (!existsSync(site)) {
            mkdirSync(site, { recursive: true });
            writeFileSync(join(site, 'sitecustomize.py'), hooksOf(attackPolicy(attack.policy, python.minor, places)).python);
          }
          attempt = await run(python.path, [file], { cwd: inside, env: { ...env, PYTHONPATH: site } });
        } else {
          attempt = await run(program, [String(names.indexOf(attack.policy)), file], { cwd: inside, env });
        }
        record(attack, hook, resultOf(attempt));
      } finally {
        victim?.kill();
      }
    }
  };
  await Promise.all(HOOKS.map(worker));
  return results;
}
