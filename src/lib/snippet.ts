import type { AuditEvent } from './parse-table';

// Python's hard keywords (3.8 to 3.13): an argument with one of these names needs another name.
const PYTHON_KEYWORDS = new Set(
  'False None True and as assert async await break class continue def del elif else except finally for from global if import in is lambda nonlocal not or pass raise return try while with yield'.split(
    ' ',
  ),
);
// Names the hook itself uses; an argument must not shadow them.
const HOOK_NAMES = new Set(['sys', 'event', 'args', 'audit_hook']);

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

/** A ready-to-run audit hook that reports one event with its arguments unpacked by name. */
export function eventHook(event: Pick<AuditEvent, 'name' | 'args'>): string {
  const names = pythonNames(event.args);
  const fields = event.args.map((arg, index) => ` ${arg}={${names[index]}!r}`).join('');
  return hook(
    [`if event != ${pythonString(event.name)}:`, '    return'],
    [
      ...(names.length === 0 ? [] : [`${names.length === 1 ? `(${names[0]},)` : names.join(', ')} = args`]),
      `print(f"audit: {event}${fields}", file=sys.stderr)`,
    ],
  );
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
