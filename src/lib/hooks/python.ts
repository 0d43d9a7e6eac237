import { pyString } from './literals';
import { LIST_KINDS, type EventRule, type ListKind, type Policy } from './policy';

/**
 * The builder's Python output: one file to drop into `sitecustomize.py` or import first. It reads
 * each event's `args` by the tuple's length, as the site's per-event hooks do, so one file is right
 * in every chosen version; it never raises for a tuple it does not know unless the policy denies
 * the event; it logs through `logging` or to standard error.
 */

/** Where a generated hook's text can say where it came from and what it covers. */
export interface HookContext {
  /** The versions in words: `3.11 to 3.13`. */
  versions: string;
  /** The address of this policy on the site, to rebuild or share it. */
  url: string;
  /** Each category's title, by name. */
  titles: Readonly<Record<string, string>>;
}

// The events whose denial reaches further than its own operation, and what the hook says of it.
const CAVEATS: Readonly<Record<string, string>> = {
  open: 'denying open also stops imports that read source or bytecode files, and any module that opens a file as it loads',
  import: 'denying import stops every import statement after the hook is installed, the standard library included',
  compile: 'denying compile also stops imports of modules without bytecode, eval() and exec() of strings',
  exec: 'denying exec also stops every import: a module runs through exec',
  'os.listdir': 'denying os.listdir also stops the import system from reading its path entries',
  'cpython._PySys_ClearAuditHooks': 'an exception raised at interpreter shutdown stops nothing: CPython clears the hooks regardless',
};

const ARGUMENT_LIMIT = 200;

/** The generated Python for a policy whose events `rules` lists (see `resolvePolicy`). */
export function pythonHook(policy: Policy, rules: readonly EventRule[], context: HookContext): string {
  const covered = (action: string) =>
    [
      ...Object.keys(policy.categories)
        .filter((name) => policy.categories[name] === action)
        .sort()
        .map((name) => `${name} (${context.titles[name] ?? name})`),
      ...Object.keys(policy.events)
        .filter((name) => policy.events[name] === action)
        .sort(),
    ].join(', ');
  const lines = (action: string, label: string) => (covered(action) ? [`  ${label}: ${covered(action)}`] : []);
  const caveats = rules.filter((rule) => rule.action !== 'log' && CAVEATS[rule.event]).map((rule) => `  - ${rule.event}: ${CAVEATS[rule.event]}.`);
  // The docstring holds no visitor text: allow-list entries appear only as escaped literals below.
  const doc = [
    `"""An audit hook policy for CPython ${context.versions}, written by the Audit Events hook builder.`,
    '',
    `Rebuild or share it: ${context.url.replace(/["\\]/g, '')}`,
    'Drop it into sitecustomize.py, or import it before any other code runs: hooks cannot be removed,',
    'and only what runs after the hook is added is seen.',
    '',
    'What it covers:',
    ...lines('deny', policy.reportOnly ? 'would deny (report only)' : 'deny'),
    ...lines('unless', policy.reportOnly ? 'would deny unless allowed (report only)' : 'deny unless allowed'),
    ...lines('log', 'log'),
    ...(rules.length === 0 ? ['  nothing: no category or event is chosen.'] : []),
    '',
    'Its limits: an audit hook sees only what CPython raises an event for. Code that reaches native',
    'memory (ctypes.dlopen, ctypes.dlsym, ctypes.memmove and the native-memory category) can remove',
    'or bypass any hook, so a policy meant to contain code should deny those events too. Each event',
    "is read by the length of its args tuple; a length none of the chosen versions gives is logged,",
    'and denied only where the policy denies the event.',
    ...(caveats.length > 0 ? ['', 'Denials that reach further than their own operation:', ...caveats] : []),
    '"""',
  ];
  const ruleLines = rules.map((rule) => {
    const shapes = rule.shapes.map((shape) => `${shape.args.length}: (${shape.args.map(pyString).join(', ')}${shape.args.length === 1 ? ',' : ''})`).join(', ');
    return `    ${pyString(rule.event)}: (${pyString(rule.action)}, ${rule.list ? pyString(rule.list) : 'None'}, {${shapes}}),`;
  });
  const allow = (kind: ListKind) => `    ${pyString(kind)}: (${policy.allow[kind].map(pyString).join(', ')}${policy.allow[kind].length === 1 ? ',' : ''}),`;
  return [
    ...doc,
    'import fnmatch',
    ...(policy.output === 'logging' ? ['import logging'] : []),
    'import os',
    'import sys',
    'import threading',
    'import urllib.parse',
    '',
    `REPORT_ONLY = ${policy.reportOnly ? 'True' : 'False'}`,
    '',
    '# Event -> (action, allow-list, argument names by the length of the args tuple).',
    '_RULES = {',
    ...ruleLines,
    '}',
    '',
    '# What "deny unless" lets through, as typed in the builder.',
    '_ALLOW = {',
    ...LIST_KINDS.map(allow),
    '}',
    '',
    ...PYTHON_BODY(policy.output),
  ].join('\n');
}

// The part of every generated hook that does not depend on the choices: matching and reporting.
const PYTHON_BODY = (output: Policy['output']) => [
  'class AuditPolicyError(PermissionError):',
  '    """Raised by the hook for a denied event: the operation that raised the event fails with it."""',
  '',
  '',
  ...(output === 'logging'
    ? ['_logger = logging.getLogger("audit_policy")', '', '', 'def _report(message):', '    _logger.warning("%s", message)']
    : ['def _report(message):', '    print("audit policy: " + message, file=sys.stderr)']),
  '',
  '',
  '# A hook that logs can raise events of its own (a log file opened on first use): they pass unseen.',
  '_busy = threading.local()',
  '',
  '',
  'def _described(event, args):',
  '    text = repr(args)',
  `    if len(text) > ${ARGUMENT_LIMIT}:`,
  `        text = text[:${ARGUMENT_LIMIT}] + "..."`,
  '    return event + " " + text',
  '',
  '',
  '_PATH_ARGUMENTS = {"path", "src", "dst", "file_name", "src_path", "dst_path", "pathname", "top", "fullpath",',
  '                   "filename", "extract_dir", "root_dir", "base_name", "database", "self"}',
  '',
  '',
  'def _as_text(value):',
  '    if isinstance(value, (str, bytes)) or isinstance(value, os.PathLike):',
  '        return os.fsdecode(os.fspath(value))',
  '    return None',
  '',
  '',
  'def _under(path, prefix):',
  '    prefix = os.path.normpath(os.path.abspath(prefix))',
  '    path = os.path.normpath(os.path.abspath(path))',
  '    return path == prefix or path.startswith(prefix.rstrip(os.sep) + os.sep)',
  '',
  '',
  'def _paths_allowed(named):',
  '    # Every path the event names must lie under an allowed folder; descriptors and None pass',
  '    # (a descriptor was opened through a path already checked, or handed over).',
  '    relative_to_fd = any(isinstance(value, int) and value >= 0 and name.endswith("dir_fd")',
  '                         for name, value in named.items())',
  '    for name, value in named.items():',
  '        if name not in _PATH_ARGUMENTS:',
  '            continue',
  '        path = _as_text(value)',
  '        if path is None:',
  '            continue',
  '        if relative_to_fd and not os.path.isabs(path):',
  '            return False',
  '        if not any(_under(path, prefix) for prefix in _ALLOW["paths"]):',
  '            return False',
  '    return True',
  '',
  '',
  'def _endpoint(named):',
  '    # The host and port an event names, or None where it names none (sending on a connection).',
  '    for key in ("fullurl", "url"):',
  '        url = named.get(key)',
  '        if isinstance(url, str):',
  '            parts = urllib.parse.urlsplit(url)',
  '            default = {"http": 80, "https": 443, "ftp": 21}.get(parts.scheme)',
  '            return parts.hostname or "", parts.port or default',
  '        if url is not None and hasattr(url, "full_url"):',
  '            parts = urllib.parse.urlsplit(url.full_url)',
  '            return parts.hostname or "", parts.port',
  '    address = named.get("address", named.get("sockaddr"))',
  '    if isinstance(address, tuple) and address:',
  '        host = address[0]',
  '        port = address[1] if len(address) > 1 and isinstance(address[1], int) else None',
  '        return (host.decode() if isinstance(host, bytes) else str(host)), port',
  '    if isinstance(address, (str, bytes)):',
  '        return os.fsdecode(address), None',
  '    host = named.get("host", named.get("hostname", named.get("ip_address", named.get("computer_name"))))',
  '    if host is None:',
  '        return None',
  '    port = named.get("port")',
  '    return (host.decode() if isinstance(host, bytes) else str(host)), port if isinstance(port, int) else None',
  '',
  '',
  'def _hosts_allowed(named):',
  '    endpoint = _endpoint(named)',
  '    if endpoint is None:',
  '        return True',
  '    host, port = endpoint',
  '    for entry in _ALLOW["hosts"]:',
  '        pattern, _, wanted = entry.rpartition(":") if entry.count(":") == 1 else (entry, "", "")',
  '        if not fnmatch.fnmatchcase(host.lower(), pattern.lower()):',
  '            continue',
  '        if not wanted or wanted == "*" or (port is not None and fnmatch.fnmatchcase(str(port), wanted)):',
  '            return True',
  '    return False',
  '',
  '',
  'def _program(named):',
  '    # The program an event starts, or None where it names none (fork, kill, limits).',
  '    for key in ("executable", "path", "application_name"):',
  '        value = _as_text(named.get(key))',
  '        if value:',
  '            return value',
  '    for key in ("args", "argv", "exec_list"):',
  '        value = named.get(key)',
  '        if isinstance(value, (list, tuple)) and value:',
  '            return _as_text(value[0])',
  '        if isinstance(value, (str, bytes)):',
  '            return _as_text(value).split()[0] if _as_text(value).split() else None',
  '    for key in ("command", "command_line"):',
  '        value = _as_text(named.get(key))',
  '        if value and value.split():',
  '            return value.split()[0]',
  '    return None',
  '',
  '',
  'def _programs_allowed(named):',
  '    program = _program(named)',
  '    if program is None:',
  '        return False',
  '    for entry in _ALLOW["programs"]:',
  '        if os.sep in entry or "/" in entry:',
  '            if fnmatch.fnmatchcase(os.path.normpath(program), os.path.normpath(entry)):',
  '                return True',
  '        elif fnmatch.fnmatchcase(os.path.basename(program), entry):',
  '            return True',
  '    return False',
  '',
  '',
  'def _modules_allowed(named):',
  '    name = named.get("module", named.get("name"))',
  '    name = _as_text(name) if name is not None else None',
  '    if not name:',
  '        return False',
  '    short = os.path.basename(name)',
  '    for entry in _ALLOW["modules"]:',
  '        if name == entry or name.startswith(entry + ".") or fnmatch.fnmatchcase(name, entry) or fnmatch.fnmatchcase(short, entry):',
  '            return True',
  '    return False',
  '',
  '',
  '_MATCHERS = {"paths": _paths_allowed, "hosts": _hosts_allowed, "programs": _programs_allowed, "modules": _modules_allowed}',
  '',
  '',
  'def _audit_policy(event, args):',
  '    rule = _RULES.get(event)',
  '    if rule is None or getattr(_busy, "active", False):',
  '        return',
  '    action, kind, shapes = rule',
  '    names = shapes.get(len(args))',
  '    if action == "log":',
  '        _busy.active = True',
  '        try:',
  '            _report(_described(event, args))',
  '        finally:',
  '            _busy.active = False',
  '        return',
  '    allowed = False',
  '    if action == "unless" and names is not None:',
  '        try:',
  '            allowed = _MATCHERS[kind](dict(zip(names, args)))',
  '        except Exception:',
  '            # An argument of a form the matcher does not know is not allowed.',
  '            allowed = False',
  '    if allowed:',
  '        return',
  '    message = "denied " + _described(event, args)',
  '    if REPORT_ONLY:',
  '        _busy.active = True',
  '        try:',
  '            _report("would have " + message)',
  '        finally:',
  '            _busy.active = False',
  '        return',
  '    raise AuditPolicyError(message)',
  '',
  '',
  'sys.addaudithook(_audit_policy)',
  '',
];
