import fixed from './policy.py?raw';
import { fillFixed } from './fixed';
import { pyString } from './literals';
import { LIST_KINDS, type EventRule, type Policy } from './policy';
import { hookSummary, type HookContext } from './summary';

/**
 * The builder's Python output: `policy.py`, the hook's fixed part, with this policy's docstring
 * and tables. One file to drop into `sitecustomize.py` or import first; it reads each event's
 * `args` by the tuple's length, as the site's per-event hooks do, so one file is right in every
 * chosen version.
 */

/** How much of an argument a report or a denial quotes, in characters; the rest becomes `...`. */
export const ARGUMENT_LIMIT = 200;

/** The argument names the paths allow-list checks, in every writer; `fd` too, where os.truncate takes a path or a descriptor (which passes). */
export const PATH_ARGUMENTS = ['path', 'src', 'dst', 'file_name', 'src_path', 'dst_path', 'pathname', 'top', 'fullpath', 'filename', 'extract_dir', 'root_dir', 'base_name', 'database', 'self', 'fd'] as const;

/**
 * The environment variables a child may not be given changed, under a list of programs: they load
 * code into it (the dynamic loader's, Python's, shells' start-up files, other runtimes') or decide
 * which file a command name runs. By name, and by prefix.
 */
export const RISKY_ENVIRONMENT = {
  names: ['PATH', 'BASH_ENV', 'ENV', 'SHELLOPTS', 'BASHOPTS', 'PS4', 'IFS', 'CDPATH', 'GCONV_PATH', 'LOCPATH', 'NLSPATH', 'HOSTALIASES', 'RESOLV_HOST_CONF', 'MALLOC_CONF', 'PERL5LIB', 'PERL5OPT', 'PERLLIB', 'RUBYLIB', 'RUBYOPT', 'NODE_OPTIONS', 'NODE_PATH', 'JAVA_TOOL_OPTIONS', '_JAVA_OPTIONS', 'GIT_EXEC_PATH', 'GIT_SSH', 'GIT_SSH_COMMAND', 'GIT_ASKPASS', 'SSH_ASKPASS', 'GIT_PROXY_COMMAND', 'GIT_EXTERNAL_DIFF', 'EDITOR', 'VISUAL', 'PAGER', 'LESSOPEN', 'TERMINFO'],
  prefixes: ['LD_', 'DYLD_', 'PYTHON', 'BASH_FUNC_', 'GIT_CONFIG'],
} as const;

const tuple = (items: readonly string[]) => `(${items.map(pyString).join(', ')}${items.length === 1 ? ',' : ''})`;

/** The generated Python for a policy whose events `rules` lists (see `resolvePolicy`). */
export function pythonHook(policy: Policy, rules: readonly EventRule[], context: HookContext): string {
  const summary = hookSummary(policy, rules, context);
  // The docstring holds no visitor text: allow-list entries appear only as escaped literals below.
  const doc = [
    `"""An audit hook policy for CPython ${context.versions}, written by the Audit Events hook builder.`,
    '',
    `Rebuild or share it: ${context.url.replace(/["\\]/g, '')}`,
    'Drop it into sitecustomize.py, or import it before any other code runs: hooks cannot be removed,',
    'and only what runs after the hook is added is seen.',
    '',
    ...summary.purpose,
    '',
    ...summary.covered,
    '',
    ...summary.limits,
    ...(summary.caveats.length > 0 ? ['', ...summary.caveats] : []),
    '"""',
  ].join('\n');
  const ruleLines = rules.map((rule) => {
    const shapes = rule.shapes.map((shape) => `${shape.args.length}: ${tuple(shape.args)}`).join(', ');
    return `        ${pyString(rule.event)}: (${pyString(rule.action)}, ${rule.matcher ? pyString(rule.matcher) : 'None'}, {${shapes}}),`;
  });
  const block = [
    '_POLICY = {',
    `    "purpose": ${pyString(policy.purpose)},`,
    `    "report_only": ${policy.reportOnly ? 'True' : 'False'},`,
    `    "output": ${pyString(policy.output)},`,
    `    "argument_limit": ${ARGUMENT_LIMIT},`,
    '    # Event -> (action, what decides "deny unless", argument names by the length of the args tuple).',
    '    "rules": {',
    ...ruleLines,
    '    },',
    '    # What "deny unless" lets through, as typed in the builder.',
    '    "allow": {',
    ...LIST_KINDS.map((kind) => `        ${pyString(kind)}: ${tuple(policy.allow[kind])},`),
    '    },',
    `    "path_arguments": ${tuple(PATH_ARGUMENTS)},`,
    `    "risky_environment": (${tuple(RISKY_ENVIRONMENT.names)}, ${tuple(RISKY_ENVIRONMENT.prefixes)}),`,
    '}',
    '',
  ].join('\n');
  return fillFixed(fixed, PYTHON_SHAPE, doc, block);
}

const PYTHON_SHAPE = { header: /^"""[\s\S]*?"""/, open: '# [policy]', close: '# [/policy]' };
