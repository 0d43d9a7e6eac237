import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readArguments, readDocument, readInternalTable, ImportError } from '../../src/lib/import/rst';
import { enclosingCFunction, isTestCode, scanC, scanPython } from '../../src/lib/import/sources';
import { buildTable, knownLabels, type TableRow } from '../../src/lib/import/table';
import { excluded, excludePatterns } from '../../src/lib/import/version';
import type { VersionFile } from '../../src/lib/versions/schema';
import { runImport } from '../support/import';

const TREE = 'tests/fixtures/cpython-tree';
const read = (path: string) => readFileSync(join(TREE, path), 'utf8');
const scratch = mkdtempSync(join(tmpdir(), 'audit-events-import-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
const noLabels = knownLabels([]);


describe('directive arguments, read as docutils and CPython’s extension read them', () => {
  const fail = (reason: string): never => {
    throw new Error(reason);
  };
  it.each([
    [['open path,mode,flags os.open'], { name: 'open', args: ['path', 'mode', 'flags'], target: 'os.open' }],
    [['sys.addaudithook "" c.PySys_AddAuditHook'], { name: 'sys.addaudithook', args: [], target: 'c.PySys_AddAuditHook' }],
    [['cpython.run_stdin "" ""'], { name: 'cpython.run_stdin', args: [], target: '' }],
    [['time.sleep secs'], { name: 'time.sleep', args: ['secs'], target: undefined }],
    [['socket.sendto "self,address" socket.socket.sendto'], { name: 'socket.sendto', args: ['self', 'address'], target: 'socket.socket.sendto' }],
    // Wrapped over lines: the lines join, and white space separates the arguments.
    [['socket.connect', 'self,address', 'socket.socket.connect_ex'], { name: 'socket.connect', args: ['self', 'address'], target: 'socket.socket.connect_ex' }],
    [["x.y 'a,b,,' 'target'"], { name: 'x.y', args: ['a', 'b'], target: 'target' }],
    // White space splits first: `' a , b '` is no one argument to docutils.
    [["x.y ' a , b ' t"], { name: 'x.y', args: [], target: "a , b ' t" }],
    // More than three words: docutils keeps the rest in the last argument, spaces and all.
    [['x.y "a, b" t'], { name: 'x.y', args: ['a'], target: 'b" t' }],
  ])('%j', (block, expected) => {
    expect(readArguments(block, fail)).toEqual(expected);
  });

  it('reports a directive without an event name with the file and line', () => {
    expect(() => readDocument('Title\n=====\n\n.. audit-event::\n', 'x.rst')).toThrow(new ImportError('x.rst', 4, 'the audit-event directive needs at least the event name (1 argument(s) required, 0 supplied)'));
  });
});

describe('a document', () => {
  const socket = readDocument(read('Doc/library/socket.rst'), 'socket.rst');

  it('gives every audit-event directive, and none in literal blocks, code or comments', () => {
    expect(socket.directives.map((directive) => [directive.name, directive.line])).toEqual([
      ['socket.getaddrinfo', 9],
      ['socket.__new__', 13],
      ['socket.connect', 17],
      ['socket.connect', 23],
      ['socket.sendto', 29],
    ]);
  });

  it('knows the object around each directive, named as Sphinx names it', () => {
    expect(socket.directives.map((directive) => directive.enclosing?.fullName)).toEqual([
      'socket.getaddrinfo',
      'socket.socket',
      'socket.socket.connect',
      'socket.socket.connect_ex',
      'socket.socket.sendto',
    ]);
  });
});

describe('the table, rebuilt from every document', () => {
  const documents = new Map(
    [
      ['c-api/sys', 'Doc/c-api/sys.rst'],
      ['library/ctypes', 'Doc/library/ctypes.rst'],
      ['library/functions', 'Doc/library/functions.rst'],
      ['library/os', 'Doc/library/os.rst'],
      ['library/socket', 'Doc/library/socket.rst'],
      ['using/cmdline', 'Doc/using/cmdline.rst'],
    ].map(([docname = '', path = '']) => [docname, readDocument(read(path), path)]),
  );
  const table = buildTable(documents, noLabels, new Map());
  const row = (name: string) => table.find((candidate) => candidate.name === name) as TableRow;

  it('has one row per name, in Python’s order of names', () => {
    expect(table.map((entry) => entry.name)).toEqual([
      'builtins.id',
      'cpython._PySys_ClearAuditHooks',
      'cpython.run_command',
      'cpython.run_file',
      'cpython.run_startup',
      'ctypes.call_function',
      'ctypes.dlopen',
      'open',
      'os.remove',
      'os.system',
      'os.truncate',
      'socket.__new__',
      'socket.connect',
      'socket.getaddrinfo',
      'socket.sendto',
      'sys.addaudithook',
    ]);
  });

  it('takes the arguments of the first directive read, documents in sorted order', () => {
    // library/functions comes before library/os: open's first arguments are file, mode, flags.
    expect(row('open').args).toEqual(['file', 'mode', 'flags']);
    // os.remove's later directive lists fewer arguments; the first read wins.
    expect(row('os.remove').args).toEqual(['path', 'dir_fd']);
  });

  it('numbers references sorted(set((document, target))), generating anchors as the extension does', () => {
    expect(row('os.system').references.map((reference) => reference.anchor)).toEqual(['audit_event_os_system_0', 'audit_event_os_system_1']);
    expect(row('cpython._PySys_ClearAuditHooks').references).toEqual([
      { page: 'c-api/sys.html', anchor: 'audit_event_cpython__PySys_ClearAuditHooks_0', api: 'Py_FinalizeEx() (C API)' },
    ]);
    // The same document and target twice make one reference.
    expect(row('builtins.id').references).toEqual([{ page: 'library/functions.html', anchor: 'id', api: 'id()' }]);
    expect(row('open').references.map((reference) => `${reference.page}#${reference.anchor}`)).toEqual(['library/functions.html#open', 'library/os.html#os.open']);
    expect(row('socket.connect').references.map((reference) => reference.anchor)).toEqual(['socket.socket.connect', 'socket.socket.connect_ex']);
  });

  it('labels each API from the object its anchor names, or the directive around it', () => {
    const labels = (name: string) => row(name).references.map((reference) => reference.api);
    expect(labels('socket.connect')).toEqual(['socket.socket.connect()', 'socket.socket.connect_ex()']);
    expect(labels('socket.__new__')).toEqual(['socket.socket']);
    expect(labels('socket.getaddrinfo')).toEqual(['socket.getaddrinfo()']);
    expect(labels('os.truncate')).toEqual(['os.ftruncate()', 'os.truncate()']);
    expect(labels('sys.addaudithook')).toEqual(['PySys_AddAuditHook() (C API)']);
    expect(labels('cpython.run_command')).toEqual(['-c <command> (command-line option)']);
    expect(labels('cpython.run_startup')).toEqual(['PYTHONSTARTUP (environment variable)']);
    expect(labels('cpython.run_file')).toEqual(['<script> (command-line argument)']);
    expect(labels('ctypes.dlopen')).toEqual(['ctypes.LibraryLoader']);
    // A section's anchor names no object and no directive encloses it: the anchor is all there is.
    expect(labels('ctypes.call_function')).toEqual(['foreign-functions']);
  });

  it('keeps the label earlier data gave the same event and anchor, or the same generated anchor’s place on its page', () => {
    const known = knownLabels([
      {
        events: [
          { name: 'ctypes.call_function', references: [{ page: 'library/ctypes.html', anchor: 'foreign-functions', api: 'Foreign functions (ctypes documentation section)' }] },
          // Generated anchors are numbered per build; the first on a page keeps the first one's label.
          { name: 'os.system', references: [{ page: 'library/os.html', anchor: 'audit_event_os_system_7', api: 'os.system() (the shell)' }] },
        ],
      },
    ]);
    const labelled = buildTable(documents, known, new Map());
    const labels = (name: string) => labelled.find((entry) => entry.name === name)?.references.map((reference) => reference.api);
    expect(labels('ctypes.call_function')).toEqual(['Foreign functions (ctypes documentation section)']);
    expect(labels('os.system')).toEqual(['os.system() (the shell)', 'os.system()']);
  });

  it('spells arguments as the newest data does where they are synonyms, and keeps the other spellings', () => {
    expect(row('open')).toMatchObject({ args: ['file', 'mode', 'flags'], arg_synonyms: { file: ['path'] } });
    expect(row('os.truncate')).toMatchObject({ args: ['fd', 'length'], arg_synonyms: { fd: ['path'] } });
    const newer = buildTable(documents, noLabels, new Map([['open', ['path', 'mode', 'flags']]]));
    expect(newer.find((entry) => entry.name === 'open')).toMatchObject({ args: ['path', 'mode', 'flags'], arg_synonyms: { path: ['file'] } });
    // A real change is no synonym: newer data that says otherwise is not followed.
    const changed = buildTable(documents, noLabels, new Map([['socket.connect', ['sock', 'address']]]));
    expect(changed.find((entry) => entry.name === 'socket.connect')?.args).toEqual(['self', 'address']);
    expect(row('socket.connect').arg_synonyms).toBeUndefined();
  });
});

describe('the table of events raised internally', () => {
  it('reads names and argument names, wrapped cells and empty ones', () => {
    expect(readInternalTable(read('Doc/library/audit_events.rst'), 'audit_events.rst')).toEqual([
      { name: '_winapi.CreateFile', args: ['file_name', 'desired_access', 'share_mode'] },
      { name: '_winapi.CreatePipe', args: [] },
      { name: 'ctypes.PyObj_FromPtr', args: ['obj'] },
    ]);
  });

  it('is empty for docs that have none, and a broken row is reported with its line', () => {
    expect(readInternalTable('Audit events table\n\n.. audit-event-table::\n', 'x.rst')).toEqual([]);
    const broken = read('Doc/library/audit_events.rst').replace('| _winapi.CreatePipe       |', 'oops _winapi.CreatePipe   |');
    expect(() => readInternalTable(broken, 'x.rst')).toThrow(/^x\.rst:17: expected a row of the table of events raised internally/);
  });
});

describe('the docs’ exclude_patterns', () => {
  const patterns = excludePatterns(read('Doc/conf.py'));

  it('are read from conf.py, with templates_path and Sphinx’s own, skipping those computed at run time', () => {
    expect(patterns.slice(0, 4)).toEqual(['tools/templates', 'includes/*.rst', 'venv/*', 'README.rst']);
  });

  it('match as Sphinx matches: * within a directory', () => {
    expect(excluded('includes/snippet.rst', patterns)).toBe(true);
    expect(excluded('README.rst', patterns)).toBe(true);
    expect(excluded('venv/lib', patterns)).toBe(true);
    expect(excluded('library/README.rst', patterns)).toBe(false);
    expect(excluded('library/os.rst', patterns)).toBe(false);
  });
});

describe('raise sites in C', () => {
  const sites = scanC(read('Modules/socketmodule.c'), 'Modules/socketmodule.c');

  it('are the calls of PySys_Audit, PySys_AuditTuple and _PySys_Audit with a literal event, with the line of the call', () => {
    expect(sites.map(({ event, line }) => [event, line])).toEqual([
      ['socket.connect', 8],
      ['socket.connect', 17],
      ['socket.getaddrinfo', 33],
      ['socket.internal_undocumented', 49],
      ['socket.__new__', 60],
    ]);
  });

  it('name the function around each call, through clinic comments and macros around the name', () => {
    expect(sites.map((site) => site.function)).toEqual(['sock_connect', 'sock_connect_ex', 'socket_getaddrinfo_impl', 'sock_internal', 'sock_posix']);
  });

  it('skip the definition of PySys_Audit itself', () => {
    expect(scanC(read('Python/sysmodule.c'), 'Python/sysmodule.c').map((site) => [site.event, site.function])).toEqual([
      ['sys._getframe', 'sys__getframe_impl'],
      ['sys.set_asyncgen_hook_firstiter', 'sys_set_asyncgen_hooks'],
    ]);
  });

  it('report a string that never closes with its line', () => {
    expect(() => scanC('static int\nf(void)\n{\n    PySys_Audit("x, NULL);\n}\n', 'x.c')).toThrow('x.c:4: a string literal that never closes');
  });

  it('find the function by layout alone where braces are not at the start of lines', () => {
    expect(enclosingCFunction(['static int', 'odd_style(void) {', '    PySys_Audit("x", NULL);', '}'], 3)).toBe('odd_style');
  });
});

describe('raise sites in Python', () => {
  it('are sys.audit calls with a literal event, under any name sys is imported as', () => {
    expect(scanPython(read('Lib/os.py'), 'Lib/os.py')).toEqual([
      { event: 'os.truncate', file: 'Lib/os.py', line: 5, function: 'truncate' },
      { event: 'os.system', file: 'Lib/os.py', line: 13, function: 'system' },
    ]);
  });

  it('follow audit imported from sys, and name the code around each call as Python’s __qualname__ does', () => {
    expect(scanPython(read('Lib/pkg/mod.py'), 'Lib/pkg/mod.py').map(({ event, line, function: name }) => [event, line, name])).toEqual([
      ['subprocess.Popen', 14, 'Popen._execute_child'],
      ['pkg.nested', 17, 'Popen._execute_child.<locals>.helper'],
      ['pkg.inner', 23, 'Popen.Inner.run'],
      ['pkg.module_level', 26, '<module>'],
    ]);
  });

  it('ignore modules that never import sys, and report a string that never closes', () => {
    expect(scanPython('def audit(x):\n    pass\n\naudit("not.sys")\n', 'x.py')).toEqual([]);
    expect(() => scanPython('import sys\nsys.audit("x)\n', 'x.py')).toThrow('x.py:2: a string that never closes');
  });

  it('skip test code', () => {
    expect(['Lib/test/test_audit.py', 'Lib/idlelib/idle_test/test_x.py', 'Modules/_testcapi/audit.c', 'Modules/_testcapimodule.c'].every(isTestCode)).toBe(true);
    expect(['Lib/os.py', 'Modules/socketmodule.c', 'Lib/contextlib.py'].some(isTestCode)).toBe(false);
  });
});

describe('npm run import', () => {
  it('writes a version file of the shared shape from a source tree, valid as the build reads it', () => {
    const out = join(scratch, 'fresh');
    const result = runImport(TREE, out);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toContain('warning: tests/fixtures/cpython-tree/Doc/library/os.rst:35: "os.remove" has the arguments (path)');
    const text = readFileSync(join(out, '3.15.json'), 'utf8');
    const file = JSON.parse(text) as VersionFile;
    expect(Object.keys(file)).toEqual(['version', 'release', 'status', 'docs_base_url', 'docs_source', 'code_release', 'code_source', 'events', 'internal_events', 'undocumented_events']);
    expect(file).toMatchObject({ version: '3.15', release: '3.15.0a1', status: 'pre-release', docs_base_url: 'https://docs.python.org/3.15/', code_release: '3.15.0a1' });
    // Formatted as the shared files are.
    expect(text).toBe(`${JSON.stringify(file, null, 2)}\n`);
    const connect = file.events.find((event) => event.name === 'socket.connect');
    expect(Object.keys(connect ?? {})).toEqual(['name', 'args', 'references', 'raised_at']);
    expect(connect?.raised_at).toEqual([
      { file: 'Modules/socketmodule.c', line: 8, function: 'sock_connect' },
      { file: 'Modules/socketmodule.c', line: 17, function: 'sock_connect_ex' },
    ]);
    // Documented nowhere in the tree's docs: excluded files and literal examples count for nothing.
    expect(file.events.map((event) => event.name)).not.toContain('readme.excluded');
    expect(file.undocumented_events.map((event) => event.name)).toEqual([
      'continued.after_docstring',
      'continued.after_macro',
      'continued.macro',
      'crlf.example',
      'pkg.inner',
      'pkg.module_level',
      'pkg.nested',
      'socket.internal_undocumented',
      'subprocess.Popen',
      'sys._getframe',
      'sys.set_asyncgen_hook_firstiter',
      'winreg.CrlfExample',
    ]);
    expect(file.internal_events.map((event) => [event.name, event.raised_at])).toEqual([
      ['_winapi.CreateFile', []],
      ['_winapi.CreatePipe', []],
      ['ctypes.PyObj_FromPtr', []],
    ]);
    expect(file.events.find((event) => event.name === 'sys.addaudithook')?.raised_at).toEqual([]);
  });

  it('spells arguments as newer data in the output directory does', () => {
    const out = join(scratch, 'newer');
    cpSync('tests/fixtures/versions/valid', out, { recursive: true });
    writeFileSync(join(out, '3.16.json'), JSON.stringify({ version: '3.16', events: [{ name: 'open', args: ['path', 'mode', 'flags'], references: [] }] }));
    expect(runImport(TREE, out).status).toBe(0);
    const file = JSON.parse(readFileSync(join(out, '3.15.json'), 'utf8')) as VersionFile;
    expect(file.events.find((event) => event.name === 'open')).toMatchObject({ args: ['path', 'mode', 'flags'], arg_synonyms: { path: ['file'] } });
  });

  it('names the release with --release, and refuses one the tree contradicts', () => {
    const out = join(scratch, 'release');
    const wrong = runImport(TREE, out, '--release', '3.15.0');
    expect(wrong.status).not.toBe(0);
    expect(wrong.stderr).toContain('Include/patchlevel.h: the tree is 3.15.0a1, not 3.15.0');
    expect(existsSync(join(out, '3.15.json'))).toBe(false);
  });

  it('reports what it cannot read with the file and line, exits non-zero, and leaves the old file whole', () => {
    const tree = join(scratch, 'broken-tree');
    cpSync(TREE, tree, { recursive: true });
    writeFileSync(join(tree, 'Lib/pkg/mod.py'), 'import sys\nsys.audit("never closes)\n');
    const out = join(scratch, 'broken');
    cpSync('tests/fixtures/versions/valid', out, { recursive: true });
    const before = readFileSync(join(out, '3.8.json'), 'utf8');
    const old = `${JSON.stringify({ version: '3.15', events: [] })}\n`;
    writeFileSync(join(out, '3.15.json'), old);
    const result = runImport(tree, out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('import: Lib/pkg/mod.py:2: a string that never closes');
    expect(readFileSync(join(out, '3.15.json'), 'utf8')).toBe(old);
    expect(readdirSync(out).filter((name) => name.endsWith('.tmp')), 'no half file left behind').toEqual([]);
    expect(readFileSync(join(out, '3.8.json'), 'utf8')).toBe(before);
  });

  it('names an earlier file it cannot read', () => {
    const out = join(scratch, 'unreadable');
    cpSync('tests/fixtures/versions/valid', out, { recursive: true });
    writeFileSync(join(out, '3.9.json'), '{');
    const result = runImport(TREE, out);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(`${join(out, '3.9.json')}: earlier data the import reads, but not JSON`);
    expect(existsSync(join(out, '3.15.json'))).toBe(false);
  });

  it('says what it needs when given no tree, or a directory that is none', () => {
    expect(runImport('/nonexistent-tree', join(scratch, 'none')).stderr).toContain('/nonexistent-tree is not a CPython source tree: it has no Doc/conf.py');
    const bare = spawnSync('npx', ['tsx', 'src/cli/import.ts'], { encoding: 'utf8' });
    expect(bare.status).toBe(1);
    expect(bare.stderr).toContain('usage: npm run import --');
  });
});
