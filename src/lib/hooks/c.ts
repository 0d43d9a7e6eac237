import fixed from './policy.c?raw';
import { fillFixed } from './fixed';
import { cString } from './literals';
import { LIST_KINDS, type EventRule, type Matcher, type Policy } from './policy';
import { ARGUMENT_LIMIT, PATH_ARGUMENTS, RISKY_ENVIRONMENT } from './python';
import { hookSummary, type HookContext } from './summary';

/**
 * The builder's C output, for a program that embeds Python: `policy.c`, the hook's fixed part,
 * with this policy's leading comment and tables. It decides as the Python output of the same
 * policy does (policy.py, function by function), and compiles with the headers of CPython 3.8 on.
 */

const ACTION_NAMES: Readonly<Record<EventRule['action'], string>> = { log: 'ACTION_LOG', deny: 'ACTION_DENY', unless: 'ACTION_UNLESS' };
const MATCHER_NAMES: Readonly<Record<Matcher, string>> = {
  paths: 'MATCHER_PATHS',
  hosts: 'MATCHER_HOSTS',
  programs: 'MATCHER_PROGRAMS',
  environment: 'MATCHER_ENVIRONMENT',
  modules: 'MATCHER_MODULES',
};

/** The generated C for a policy whose events `rules` lists (see `resolvePolicy`). */
export function cHook(policy: Policy, rules: readonly EventRule[], context: HookContext): string {
  const summary = hookSummary(policy, rules, context, 'c');
  const differences = [
    'Where it differs from the Python output of the same policy, which it otherwise follows step by',
    'step (its functions have the names of policy.py\'s):',
    '  - a denied event fails with PermissionError itself (ImportError, its name set, for import),',
    '    not the subclasses AuditPolicyError and AuditPolicyImportError;',
    ...(policy.output === 'logging' && policy.purpose === 'guard'
      ? [
          '  - this policy chose the logging module, but this file writes its reports as "audit policy:',
          '    ..." lines to the standard error the process had when the hook was installed: a C hook',
          '    cannot count on logging being imported, or set up, when events arrive;',
        ]
      : []),
    '  - allow-list entries are stored as UTF-8: a lone surrogate typed in one became U+FFFD, where',
    '    the Python output keeps it (and passes over a path, program or library entry holding one);',
    '  - a dir_fd of a type other than int, bool, float or None is refused; the Python output',
    '    compares it with -100 first, which runs the __ne__ of an object of the program\'s own class;',
    "  - a dict (an argument shown in a report, a child's environment) is read key by key with the",
    '    value the dict holds for it; the Python output looks each key up again, which runs the',
    "    __hash__ and __eq__ of a key of the program's own class;",
    '  - it has no functions of its own in Python to guard: object.__setattr__ and __delattr__ follow',
    "    the policy's own rule, if any;",
    '  - called before Py_Initialize(), it takes what it needs from Python (pathlib\'s classes,',
    "    os.DirEntry, the modules the list names, which it imports then, the module folders, the import",
    "    system's suffixes, finders and path hooks) at the first event after Python is initialized, not",
    '    at once; until then a pathlib or DirEntry path is refused, and so is an import under a list of',
    '    modules.',
  ];
  // The comment holds no visitor text: allow-list entries appear only as C literals below.
  const comment = [
    `An audit hook policy for CPython ${context.versions}, written by the Audit Events hook builder, in C`,
    'for a program that embeds Python.',
    '',
    `Rebuild or share it: ${commentUrl(context.url)}`,
    'Compile it into the program with the flags python3-config --cflags gives, and call',
    'audit_policy_install() once. It reads the allowed folders and programs, PATH and the environment',
    'then. Called after Py_Initialize(), it also takes what it needs from Python then, and sees only',
    'what runs after that, as the Python output in sitecustomize.py does. Called before, it sees the',
    'interpreter start too: the files it opens to find its library (pyvenv.cfg, pybuilddir.txt beside',
    'the program), the imports of encodings and site; a policy that refuses any of those makes',
    'Py_Initialize() fail. Either way the hook cannot be removed, and it sees every interpreter of the',
    'process, as any hook that PySys_AddAuditHook adds does (what it took from Python is the first',
    "interpreter's: in another, pathlib paths and imports under a list of modules are refused). The",
    'file is for Linux (it reads /proc/self/fd to know the folders a descriptor stands for), needs',
    'C11, and holds its state in C statics, which the GIL guards.',
    '',
    ...summary.purpose,
    '',
    ...summary.covered,
    '',
    ...summary.limits,
    '',
    ...differences,
    ...(summary.caveats.length > 0 ? ['', ...summary.caveats] : []),
  ];
  const header = ['/*', ...comment.map((line) => (line === '' ? ' *' : ` * ${commentLine(line)}`)), ' */'].join('\n');
  return fillFixed(fixed, C_SHAPE, header, tables(policy, rules));
}

const C_SHAPE = { header: /^\/\*[\s\S]*?\*\//, open: '/* [policy] */', close: '/* [/policy] */' };

// The block between the markers: the same names, types and comments as policy.c's own example.
function tables(policy: Policy, rules: readonly EventRule[]): string {
  const sorted = [...rules].sort((a, b) => byteOrder(a.event, b.event));
  const ruleLines = sorted.map((rule) => {
    const shapes = rule.shapes.map((shape) => `{${shape.args.length}, ${shape.args.length === 0 ? 'NULL' : `(const char *const[]){${shape.args.map(cString).join(', ')}}`}}`);
    const matcher = rule.action === 'unless' && rule.matcher ? MATCHER_NAMES[rule.matcher] : 'MATCHER_NONE';
    return `    {${cString(rule.event)}, ${ACTION_NAMES[rule.action]}, ${matcher}, ${shapes.length}, ${shapes.length === 0 ? 'NULL' : `(const struct shape[]){${shapes.join(', ')}}`}},`;
  });
  const texts = (name: string, entries: readonly string[]) => `static const struct text ${name}[] = {${[...entries.map((entry) => `TEXT(${cString(entry)})`), '{NULL, 0}'].join(', ')}};`;
  return [
    '/* 1 where the hook is to contain code you do not trust: collections stop while it decides. */',
    `#define PURPOSE_CONTAIN ${policy.purpose === 'contain' ? 1 : 0}`,
    '/* 1 where every denial only becomes a report line ("would have denied ..."). */',
    `#define REPORT_ONLY ${policy.reportOnly ? 1 : 0}`,
    '/* How much of an argument a report or a denial quotes, in characters; the rest becomes "...". */',
    `#define ARGUMENT_LIMIT ${ARGUMENT_LIMIT}`,
    '',
    '/* Event -> action, what decides "deny unless", argument names by the length of the args tuple; sorted by strcmp for bsearch. */',
    'static const struct rule rules[] = {',
    ...ruleLines,
    '    {NULL, ACTION_LOG, MATCHER_NONE, 0, NULL},',
    '};',
    '',
    '/* What "deny unless" lets through, as typed in the builder, in UTF-8; each list ends at {NULL, 0}. */',
    ...LIST_KINDS.map((kind) => texts(`allow_${kind}`, policy.allow[kind])),
    '',
    '/* The argument names the paths allow-list checks. */',
    `static const char *const path_arguments[] = {${[...PATH_ARGUMENTS.map(cString), 'NULL'].join(', ')}};`,
    '',
    '/* The environment variables a child may not be given changed, under a list of programs: by name, and by prefix. */',
    texts('risky_names', RISKY_ENVIRONMENT.names),
    texts('risky_prefixes', RISKY_ENVIRONMENT.prefixes),
  ].join('\n');
}

const encoder = new TextEncoder();

// strcmp's order, for bsearch: by UTF-8 bytes.
function byteOrder(a: string, b: string): number {
  const left = encoder.encode(a);
  const right = encoder.encode(b);
  for (let at = 0; at < Math.min(left.length, right.length); at++) if (left[at] !== right[at]) return (left[at] ?? 0) - (right[at] ?? 0);
  return left.length - right.length;
}

// A line of the leading comment: nothing in it may end the comment or open another (`*/`, `/*`),
// form a trigraph (`??/` at a line's end splices lines, and -Wtrigraphs says so), or splice lines.
function commentLine(text: string): string {
  let line = text.replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ').trimEnd();
  while (/\*\/|\/\*|\?\?/.test(line)) line = line.replace(/\*\//g, '* /').replace(/\/\*/g, '/ *').replace(/\?\?/g, '? ?');
  return line.endsWith('\\') ? `${line}.` : line;
}

// The policy's address in the comment: characters a URL may hold as they are, any other
// (`*`, `\`, spaces, quotes, non-ASCII) percent-encoded, and no `??`.
function commentUrl(url: string): string {
  let out = '';
  for (const byte of encoder.encode(url)) {
    const char = String.fromCharCode(byte);
    out += /[A-Za-z0-9\-._~:/?#[\]@!$&'()+,;=%]/.test(char) ? char : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  while (out.includes('??')) out = out.replace('??', '?%3F');
  return out;
}
