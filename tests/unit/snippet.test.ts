import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuditTable } from '../../src/lib/parse-table';
import { buildCatalog } from '../../src/lib/catalog';
import { eventHook, moduleHook, pythonNames } from '../../src/lib/snippet';

const events = parseAuditTable(readFileSync('content/audit-events.txt', 'utf8'));
const { modules } = buildCatalog(events);

/** Runs a Python program with `input` on stdin and returns what it printed. */
function python(program: string, input: string): string {
  return execFileSync('python3', ['-c', program], { input, encoding: 'utf8', stdio: 'pipe' });
}

/** The names of the items whose source Python's own parser rejects, with the error. */
function unparsable(items: { name: string; source: string }[]): string {
  return python(
    [
      'import ast, json, sys',
      'for item in json.load(sys.stdin):',
      '    try:',
      '        ast.parse(item["source"])',
      '    except SyntaxError as error:',
      '        print(item["name"], error)',
    ].join('\n'),
    JSON.stringify(items),
  );
}

/**
 * Installs every hook in one interpreter, raises each event with the given stand-in values, and
 * returns what the hooks printed for it: one line per event when each is reported once.
 */
function raiseThrough(hooks: { name: string; source: string }[], raised: { name: string; args: unknown[] }[]): string[] {
  const program = [
    'import contextlib, io, json, sys',
    'data = json.load(sys.stdin)',
    'for hook in data["hooks"]:',
    '    exec(hook["source"], {"__name__": hook["name"]})',
    'for event in data["raised"]:',
    '    err = io.StringIO()',
    '    with contextlib.redirect_stderr(err):',
    '        sys.audit(event["name"], *event["args"])',
    '    print(err.getvalue(), end="")',
  ].join('\n');
  return python(program, JSON.stringify({ hooks, raised })).trimEnd().split('\n');
}

describe('pythonNames', () => {
  it('turns argument names into distinct Python identifiers', () => {
    expect(pythonNames(['module-name'])).toEqual(['module_name']);
    expect(pythonNames(['from', 'class', '2nd'])).toEqual(['from_', 'class_', '_2nd']);
    expect(pythonNames(['a-b', 'a_b'])).toEqual(['a_b', 'a_b_']);
  });

  it('never shadows the names the hook itself uses', () => {
    expect(pythonNames(['executable', 'args', 'cwd', 'env'])).toEqual(['executable', 'args_', 'cwd', 'env']);
    expect(pythonNames(['event', 'sys'])).toEqual(['event_', 'sys_']);
  });
});

describe('eventHook', () => {
  it('is valid Python for every event of the table', () => {
    const sources = events.map((event) => ({ name: event.name, source: eventHook(event) }));
    expect(unparsable(sources), 'events whose hook does not parse').toBe('');
  });

  it('unpacks the arguments each event sends, by name, when Python raises the event', () => {
    const hooks = events.map((event) => ({ name: event.name, source: eventHook(event) }));
    const raised = events.map((event) => ({ name: event.name, args: event.args.map((_, index) => index) }));
    const expected = events.map(
      (event) => `audit: ${event.name}${event.args.map((arg, index) => ` ${arg}=${index}`).join('')}`,
    );
    expect(raiseThrough(hooks, raised)).toEqual(expected);
  });

  it('reads as a hook for the event, with a tuple for a single argument', () => {
    const hook = eventHook({ name: 'tempfile.mkstemp', args: ['fullpath'] });
    expect(hook).toContain('if event != "tempfile.mkstemp":');
    expect(hook).toContain('(fullpath,) = args');
    expect(hook).toContain('sys.addaudithook(audit_hook)');
  });

  it('unpacks nothing for an event without arguments', () => {
    expect(eventHook({ name: 'sys.settrace', args: [] })).not.toContain('= args');
  });
});

describe('moduleHook', () => {
  const sources = modules.map((module) => ({ name: module.name, source: moduleHook(module.name, module.events.map((event) => event.name)) }));

  it('is valid Python for every module', () => {
    expect(unparsable(sources), 'modules whose hook does not parse').toBe('');
  });

  it('reports each event once, by the hook of its own module', () => {
    const raised = events.map((event) => ({ name: event.name, args: [1, 'two'] }));
    expect(raiseThrough(sources, raised)).toEqual(events.map((event) => `audit: ${event.name} args=(1, 'two')`));
  });

  it('matches names without a dot whole, beside the prefix', () => {
    const hook = moduleHook('builtins', ['builtins.input', 'compile', 'exec', 'open']);
    expect(hook).toContain('if not (event.startswith("builtins.") or event in {"compile", "exec", "open"}):');
    expect(moduleHook('socket', ['socket.bind'])).toContain('if not event.startswith("socket."):');
  });
});
