// Python's hard keywords (3.8 to 3.13): an argument with one of these names needs another name.
const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);
// Names the hook itself uses; an argument must not shadow them.
const HOOK_NAMES = new Set(['sys', 'event', 'args', 'audit_hook', 'len', 'print']);

/** Python variable names for an event's arguments: valid identifiers, unique, in order. */
export function pythonNames(args: readonly string[]): string[] {
  const taken = new Set<string>();
  return args.map((arg) => {
    let name = arg.replace(/[^A-Za-z0-9_]/g, '_');
    if (/^[0-9]/.test(name)) name = `_${name}`;
    while (PYTHON_KEYWORDS.has(name) || HOOK_NAMES.has(name) || taken.has(name)) name = `${name}_`;
    taken.add(name);
    return name;
  });
}

/** A Python string literal for `text` (JSON's escapes are all valid in Python). */
export function pythonString(text: string): string {
  return JSON.stringify(text);
}

/** One shape of an event's `args` tuple, and the versions that send it (said in words). */
export interface HookShape {
  args: readonly string[];
  versions: string;
  /** Earlier spellings of the same tuple, for a comment: `args[0] was called address before 3.12`. */
  note?: string;
}

/** What an event's hook checks for: the name, or a documented name the code raises differently. */
export interface HookTarget {
  name: string;
  /** The name CPython really raises, where the documented one is never raised. */
  raisedAs?: { name: string; versions: string };
}

/**
 * A ready-to-run audit hook that reports one event with its arguments by name. It picks the shape
 * by the tuple's length, so one hook is right in every version; a tuple of a length no version
 * documents is printed whole. A hook must never raise: an exception in it aborts the operation.
 */
export function eventHook(target: HookTarget, shapes: readonly HookShape[]): string {
  const guard = target.raisedAs
    ? [
        `# CPython raises this event as ${pythonString(target.raisedAs.name)}; the documented name`,
        `# ${pythonString(target.name)} is not raised by ${target.raisedAs.versions}. The hook checks both.`,
        `if event not in {${pythonString(target.name)}, ${pythonString(target.raisedAs.name)}}:`,
        '    return',
      ]
    : [`if event != ${pythonString(target.name)}:`, '    return'];
  const raw = 'print(f"audit: {event} args={args!r}", file=sys.stderr)';
  if (shapes.length === 0) return hook(guard, [raw]);
  const body = shapes.flatMap((shape, at) => {
    const names = pythonNames(shape.args);
    const fields = shape.args.map((arg, index) => ` ${arg}={${names[index]}!r}`).join('');
    const comment = `  # ${shape.versions}${shape.note ? ` (${shape.note})` : ''}`;
    return [
      `${at === 0 ? 'if' : 'elif'} len(args) == ${names.length}:${comment}`,
      ...(names.length === 0 ? [] : [`    ${names.length === 1 ? `(${names[0]},)` : names.join(', ')} = args`]),
      `    print(f"audit: {event}${fields}", file=sys.stderr)`,
    ];
  });
  return hook(guard, [...body, 'else:  # a shape no documented version sends', `    ${raw}`]);
}

/**
 * A ready-to-run audit hook that reports every event of a module, found by the prefix of its
 * name; `names` are the module's events, so names without a dot (`open`) are matched whole.
 */
export function moduleHook(module: string, names: readonly string[]): string {
  const prefix = `${module}.`;
  const bare = names.filter((name) => !name.startsWith(prefix));
  const tests = [`event.startswith(${pythonString(prefix)})`];
  if (bare.length > 0) tests.push(`event in {${bare.map(pythonString).join(', ')}}`);
  return hook(
    [`if not ${tests.length === 1 ? tests[0] : `(${tests.join(' or ')})`}:`, '    return'],
    ['print(f"audit: {event} args={args!r}", file=sys.stderr)'],
  );
}

/** A hook that reports the events of one category, by name: those of every version. */
export function categoryHook(names: readonly string[]): string {
  return hook(
    [`if event not in {${names.map(pythonString).join(', ')}}:`, '    return'],
    ['print(f"audit: {event} args={args!r}", file=sys.stderr)'],
  );
}

// The shape every hook on the site shares: only the guard and the body differ.
function hook(guard: string[], body: string[]): string {
  return [
    'import sys',
    '',
    '',
    'def audit_hook(event, args):',
    ...[...guard, ...body].map((line) => `    ${line}`),
    '',
    '',
    'sys.addaudithook(audit_hook)',
    '',
  ].join('\n');
}
