import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { hookFor, hookShapes } from '../../src/lib/views/describe';
import { eventHook, moduleHook, pythonNames } from '../../src/lib/views/snippet';
import { readCatalog } from '../support/dataset';

const catalog = readCatalog();
const { events, modules, versions } = catalog;

/** Runs a Python program with `input` on stdin and returns what it printed. */
function python(program: string, input: string): string {
  return execFileSync('python3', ['-c', program], { input, encoding: 'utf8', stdio: 'pipe', maxBuffer: 64 * 1024 * 1024 });
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
 * returns what the hooks printed for each raise: one entry per raise, its lines in order.
 */
function raiseThrough(hooks: { name: string; source: string }[], raised: { name: string; args: unknown[] }[]): string[][] {
  const program = [
    'import contextlib, io, json, sys',
    'data = json.load(sys.stdin)',
    'for hook in data["hooks"]:',
    '    exec(hook["source"], {"__name__": hook["name"]})',
    'out = []',
    'for event in data["raised"]:',
    '    err = io.StringIO()',
    '    with contextlib.redirect_stderr(err):',
    '        sys.audit(event["name"], *event["args"])',
    '    out.append(err.getvalue().splitlines())',
    'print(json.dumps(out))',
  ].join('\n');
  return JSON.parse(python(program, JSON.stringify({ hooks, raised })));
}

describe('pythonNames', () => {
  it('turns argument names into distinct Python identifiers', () => {
    expect(pythonNames(['module-name'])).toEqual(['module_name']);
    expect(pythonNames(['from', 'class', '2nd'])).toEqual(['from_', 'class_', '_2nd']);
    expect(pythonNames(['a-b', 'a_b'])).toEqual(['a_b', 'a_b_']);
  });

  it('never shadows the names the hook itself uses', () => {
    expect(pythonNames(['executable', 'args', 'cwd', 'env'])).toEqual(['executable', 'args_', 'cwd', 'env']);
    expect(pythonNames(['event', 'sys', 'len', 'print'])).toEqual(['event_', 'sys_', 'len_', 'print_']);
  });
});

describe('the hook of every event page', () => {
  const hooks = events.map((event) => ({ name: event.name, source: hookFor(event, catalog) }));

  it('is valid Python for every event of every version', () => {
    expect(unparsable(hooks), 'events whose hook does not parse').toBe('');
  });

  it('reads args right in every version: each version’s shape of the tuple, by name, raised by Python', () => {
    // How many hooks report a name: its own, and a documented twin's that also checks the raised name.
    const reporters = (name: string) => 1 + catalog.mismatches.filter((pair) => pair.raised === name).length;
    const raised: { name: string; args: unknown[] }[] = [];
    const expected: string[][] = [];
    for (const event of events) {
      // The raised side of a mismatch is read by its documented twin's arguments.
      const twin = catalog.mismatches.find((pair) => pair.raised === event.name)?.documented;
      const shapes = hookShapes(events.find((other) => other.name === twin) ?? event, versions);
      const listed = event.appearances.filter((a) => a.listing !== 'undocumented');
      // Every version's own tuple, and every earlier release's that the data keeps, spelled as their docs spell it.
      for (const era of [...listed.map((a) => ({ args: a.args, when: a.version })), ...listed.flatMap((a) => a.earlier.map((e) => ({ args: e.args, when: e.release })))]) {
        const shape = shapes.find((candidate) => candidate.args.length === era.args.length);
        expect(shape, `${event.name} in ${era.when} has a shape`).toBeDefined();
        raised.push({ name: event.name, args: era.args.map((_, index) => index) });
        const line = `audit: ${event.name}${(shape?.args ?? []).map((arg, index) => ` ${arg}=${index}`).join('')}`;
        expected.push(Array(reporters(event.name)).fill(line));
      }
      // A tuple longer than any version documents is printed whole, never unpacked into an exception.
      const odd = Array.from({ length: Math.max(0, ...shapes.map((shape) => shape.args.length)) + 1 }, (_, index) => index);
      raised.push({ name: event.name, args: odd });
      expected.push(Array(reporters(event.name)).fill(`audit: ${event.name} args=(${odd.join(', ')}${odd.length === 1 ? ',' : ''})`));
    }
    expect(raiseThrough(hooks, raised)).toEqual(expected);
  });

  it('for sys._getframe, unpacks nothing up to 3.10 and frame from 3.11', () => {
    const hook = hookFor(events.find((event) => event.name === 'sys._getframe') ?? events[0]!, catalog);
    expect(hook).toContain('if len(args) == 0:  # 3.8 to 3.10');
    expect(hook).toContain('elif len(args) == 1:  # 3.11 and later\n        (frame,) = args');
  });

  it('for sys.remote_exec, reads both shapes: (pid, script_path) from 3.14.10, and (pid) as the docs of 3.14.6 and 3.15.0a8 gave it', () => {
    const hook = hookFor(events.find((event) => event.name === 'sys.remote_exec') ?? events[0]!, catalog);
    expect(hook).toContain('if len(args) == 2:  # 3.14 and later\n        pid, script_path = args');
    expect(hook).toContain('elif len(args) == 1:  # the docs of 3.14.6 and 3.15.0a8\n        (pid,) = args');
    const lines = raiseThrough([{ name: 'x', source: hook }], [
      { name: 'sys.remote_exec', args: [42, '/tmp/x.py'] },
      { name: 'sys.remote_exec', args: [42] },
    ]);
    expect(lines).toEqual([["audit: sys.remote_exec pid=42 script_path='/tmp/x.py'"], ['audit: sys.remote_exec pid=42']]);
  });

  it('for time.sleep, names its argument seconds and says in which releases it was secs', () => {
    const hook = hookFor(events.find((event) => event.name === 'time.sleep') ?? events[0]!, catalog);
    expect(hook).toContain('if len(args) == 1:  # 3.13 and later (args[0] was called secs in 3.13.0, 3.13.15, 3.14.6 and 3.15.0a8)\n        (seconds,) = args');
  });

  it('for a documented name CPython never raises, says which name to check and checks it', () => {
    const hook = hookFor(events.find((event) => event.name === 'sys.set_asyncgen_hooks_firstiter') ?? events[0]!, catalog);
    expect(hook).toContain('# CPython raises this event as "sys.set_asyncgen_hook_firstiter"');
    expect(hook).toContain('if event not in {"sys.set_asyncgen_hooks_firstiter", "sys.set_asyncgen_hook_firstiter"}:');
    const [lines] = raiseThrough([{ name: 'x', source: hook }], [{ name: 'sys.set_asyncgen_hook_firstiter', args: [] }]);
    expect(lines).toEqual(['audit: sys.set_asyncgen_hook_firstiter']);
  });
});

describe('eventHook', () => {
  it('reads as a hook for the event, with a tuple for a single argument', () => {
    const hook = eventHook({ name: 'tempfile.mkstemp' }, [{ args: ['fullpath'], versions: '3.8 and later' }]);
    expect(hook).toContain('if event != "tempfile.mkstemp":');
    expect(hook).toContain('(fullpath,) = args');
    expect(hook).toContain('sys.addaudithook(audit_hook)');
  });

  it('prints the tuple whole when no docs say what it holds', () => {
    const hook = eventHook({ name: '_winapi.CopyFile2' }, []);
    expect(hook).not.toContain('= args');
    expect(hook).toContain('print(f"audit: {event} args={args!r}", file=sys.stderr)');
  });
});

describe('moduleHook', () => {
  const sources = modules.map((module) => ({ name: module.name, source: moduleHook(module.name, module.events.map((event) => event.name)) }));

  it('is valid Python for every module', () => {
    expect(unparsable(sources), 'modules whose hook does not parse').toBe('');
  });

  it('reports each event once, by the hook of its own module', () => {
    const raised = events.map((event) => ({ name: event.name, args: [1, 'two'] }));
    expect(raiseThrough(sources, raised)).toEqual(events.map((event) => [`audit: ${event.name} args=(1, 'two')`]));
  });

  it('matches names without a dot whole, beside the prefix', () => {
    const hook = moduleHook('builtins', ['builtins.input', 'compile', 'exec', 'open']);
    expect(hook).toContain('if not (event.startswith("builtins.") or event in {"compile", "exec", "open"}):');
    expect(moduleHook('socket', ['socket.bind'])).toContain('if not event.startswith("socket."):');
  });
});
