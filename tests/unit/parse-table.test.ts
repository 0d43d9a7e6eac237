import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuditTable, TableParseError, type AuditEvent } from '../../src/lib/seed/parse';

const REAL_FILE = 'content/audit-events.txt';
const fixture = (name: string) => `tests/fixtures/${name}`;
const read = (path: string) => readFileSync(path, 'utf8');

describe('the real table', () => {
  const events = parseAuditTable(read(REAL_FILE), REAL_FILE);
  const byName = new Map(events.map((event) => [event.name, event]));
  const get = (name: string): AuditEvent => {
    const event = byName.get(name);
    if (!event) throw new Error(`no event ${name}`);
    return event;
  };

  it('has 69 events, 64 distinct argument names and 84 references', () => {
    expect(events).toHaveLength(69);
    expect(new Set(events.flatMap((event) => event.args)).size).toBe(64);
    expect(events.reduce((sum, event) => sum + event.references, 0)).toBe(84);
  });

  it('reads the first and the last row', () => {
    expect(events[0]).toEqual({
      name: 'array.__new__',
      module: 'array',
      args: ['typecode', 'initializer'],
      references: 1,
      line: 19,
    });
    expect(events.at(-1)).toEqual({
      name: 'webbrowser.open',
      module: 'webbrowser',
      args: ['url'],
      references: 1,
      line: 160,
    });
  });

  it('joins a name that the table wrapped across lines without a space', () => {
    expect(get('cpython.PyInterpreterState_Clear')).toMatchObject({ args: [], references: 1, line: 33 });
    expect(get('sys.set_asyncgen_hooks_finalizer')).toMatchObject({ module: 'sys', args: [] });
    expect(get('sys.set_asyncgen_hooks_firstiter')).toMatchObject({ module: 'sys', args: [] });
    expect(events.some((event) => event.name.endsWith('_Cl') || event.name === 'ear')).toBe(false);
  });

  it('reads an argument list that runs over three lines as one list, in order', () => {
    expect(get('code.__new__').args).toEqual([
      'code',
      'filename',
      'name',
      'argcount',
      'posonlyargcount',
      'kwonlyargcount',
      'nlocals',
      'stacksize',
      'flags',
    ]);
  });

  it('keeps a slash in a name and files it under the part before the first dot', () => {
    expect(get('builtins.input/result')).toMatchObject({ module: 'builtins', args: ['result'], references: 1 });
  });

  it('reads an empty Arguments cell as no arguments', () => {
    expect(get('socket.gethostname').args).toEqual([]);
  });

  it('counts the [n] markers of the References cell', () => {
    expect(get('tempfile.mkstemp')).toMatchObject({ args: ['fullpath'], references: 3 });
    expect(get('exec').references).toBe(2);
  });

  it('files names without a dot under builtins', () => {
    expect(['open', 'exec', 'compile'].map((name) => get(name).module)).toEqual(['builtins', 'builtins', 'builtins']);
  });

  it('keeps arguments that are not Python identifiers', () => {
    expect(get('cpython.run_module').args).toEqual(['module-name']);
  });

  it('produces one event for every row between borders', () => {
    const lines = read(REAL_FILE).split('\n');
    const borders = lines.filter((line) => line.startsWith('+-')).length;
    // The top border opens the header row, which the "|===" line closes instead of a border.
    expect(events).toHaveLength(borders - 1);
  });
});

describe('a small valid table', () => {
  it('reads every row with its line', () => {
    expect(parseAuditTable(read(fixture('valid-small.txt')))).toEqual([
      { name: 'open', module: 'builtins', args: ['file', 'mode', 'flags'], references: 3, line: 7 },
      { name: 'socket.connect', module: 'socket', args: ['self', 'address'], references: 2, line: 9 },
      { name: 'sys._getframe', module: 'sys', args: [], references: 1, line: 11 },
    ]);
  });

  it('accepts Windows line endings', () => {
    const text = read(fixture('valid-small.txt')).replaceAll('\n', '\r\n');
    expect(parseAuditTable(text)).toHaveLength(3);
  });
});

describe('malformed tables fail with the file, the line and the fault', () => {
  const cases: [fixtureName: string, line: number, fault: RegExp][] = [
    ['wrong-cell-count.txt', 9, /this row has 2 cells; expected 3/],
    ['border-misaligned.txt', 10, /this border has "\+" at columns 0, 22, 52, 65; the header's border has them at 0, 21, 52, 65/],
    ['text-after-table.txt', 14, /text after the table: "This line is not part of any table\."/],
    ['unclosed-quote.txt', 9, /a quote that never closes/],
    ['unquoted-argument.txt', 7, /an argument that is not a quoted name: "mode, "flags""/],
    ['duplicate-event.txt', 11, /event "open" is listed twice \(first at line 7\)/],
    ['empty-name.txt', 11, /the "Audit event" cell is empty/],
    ['bad-references.txt', 9, /the References cell "2 refs" is not the markers \[1\]\[2\]…\[n\]/],
    ['no-table.txt', 1, /no table found/],
    ['row-not-closed.txt', 11, /this row is not closed by a border line/],
  ];

  it.each(cases)('%s fails at line %i', (name, line, fault) => {
    const path = fixture(name);
    let error: unknown;
    try {
      parseAuditTable(read(path), path);
    } catch (caught) {
      error = caught;
    }
    expect(error, `${name} should not parse`).toBeInstanceOf(TableParseError);
    const { file, line: at, message } = error as TableParseError;
    expect(file).toBe(path);
    expect(at).toBe(line);
    expect(message).toMatch(fault);
    expect(message.startsWith(`${path}:${line}: `)).toBe(true);
  });

  it('rejects a table without a header separator', () => {
    const text = read(fixture('valid-small.txt')).replace(/^\|=.*\n/m, '');
    expect(() => parseAuditTable(text, 'x.txt')).toThrow(/x\.txt:7: expected the header separator/);
  });

  it('rejects a header with other column names', () => {
    const text = read(fixture('valid-small.txt')).replace('| Arguments   ', '| Parameters  ');
    expect(() => parseAuditTable(text, 'x.txt')).toThrow(/x\.txt:5: the header is "Audit event \| Parameters \| References"/);
  });

  it('rejects a second header separator', () => {
    const text = read(fixture('valid-small.txt')).replace(
      '| sys._getframe      |                              | [1]        |',
      '|====================|==============================|============|',
    );
    expect(() => parseAuditTable(text, 'x.txt')).toThrow(/x\.txt:11: a second header separator/);
  });

  it('rejects a missing comma, a trailing comma and an argument listed twice', () => {
    const base = read(fixture('valid-small.txt'));
    const swap = (args: string) => base.replace('"self", "address"            ', args.padEnd(29));
    expect(() => parseAuditTable(swap('"self" "address"'))).toThrow(/:9: a missing comma before "address"/);
    expect(() => parseAuditTable(swap('"self", "address",'))).toThrow(/:9: the argument list ends with a comma/);
    expect(() => parseAuditTable(swap('"self", "self"'))).toThrow(/:9: the argument "self" is listed twice/);
    expect(() => parseAuditTable(swap('"self", "two words"'))).toThrow(/:9: the argument "two words" is not a name/);
  });

  it('rejects references that do not count up from [1]', () => {
    const text = read(fixture('valid-small.txt')).replace('| [1][2]     |', '| [1][3]     |');
    expect(() => parseAuditTable(text)).toThrow(/:9: the References cell "\[1\]\[3\]"/);
  });
});
