import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isScanned, scanC, scanPython, type FoundSite } from '../../src/lib/import/sources';

const TREE = 'tests/fixtures/cpython-tree';
const read = (path: string) => readFileSync(join(TREE, path), 'utf8');

/** Every file of a tree the scan reads, relative and `/`-separated. */
function scannedFiles(root: string, dir = ''): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = dir ? `${dir}/${name}` : name;
    if (statSync(join(root, path)).isDirectory()) return scannedFiles(root, path);
    return isScanned(path) ? [path] : [];
  });
}

function scan(path: string, text: string): FoundSite[] {
  return isScanned(path) === 'C' ? scanC(text, path) : scanPython(text, path);
}

// The call a site names, on the line it names: `PySys_Audit(` (or its kin), or `audit(` in Python (`sys.audit(`, `_audit(`).
const CALL = /(?:PySys_Audit|PySys_AuditTuple|_PySys_Audit|audit)\s*\(/;

/** The sites whose line in the original text does not hold an audit call. */
function misplaced(text: string, sites: readonly FoundSite[]): string[] {
  const lines = text.split('\n');
  return sites.filter((site) => !CALL.test(lines[site.line - 1] ?? '')).map((site) => `${site.event} at line ${site.line}: ${JSON.stringify(lines[site.line - 1])}`);
}

describe('raise sites keep the lines of the file, whatever its literals and comments hold', () => {
  it('after a docstring continued over lines, in a macro continued over lines, after comments with quotes', () => {
    expect(scanC(read('Modules/_continuedmodule.c'), 'Modules/_continuedmodule.c')).toEqual([
      { event: 'continued.after_docstring', file: 'Modules/_continuedmodule.c', line: 17, function: 'continued_after_docstring' },
      // Ctags names a call inside a #define after the macro.
      { event: 'continued.macro', file: 'Modules/_continuedmodule.c', line: 25, function: 'AUDIT_OR_FAIL' },
      { event: 'continued.after_macro', file: 'Modules/_continuedmodule.c', line: 36, function: 'continued_after_macro' },
    ]);
  });

  it('in a C file with CRLF line ends, after a docstring continued over them', () => {
    const text = read('PC/winreg_crlf.c');
    expect(text).toContain('\\\r\n');
    expect(scanC(text, 'PC/winreg_crlf.c')).toEqual([{ event: 'winreg.CrlfExample', file: 'PC/winreg_crlf.c', line: 13, function: 'winreg_crlf_impl' }]);
  });

  it('in a Python file with CRLF line ends, after a string and a line continued over them', () => {
    const text = read('Lib/crlf.py');
    expect(text).toContain('\\\r\n');
    expect(scanPython(text, 'Lib/crlf.py')).toEqual([{ event: 'crlf.example', file: 'Lib/crlf.py', line: 10, function: 'crlf' }]);
  });

  it('in every file of the fixture tree: line N of the file holds the call of each site', () => {
    const files = scannedFiles(TREE);
    expect(files.length).toBeGreaterThan(5);
    let sites = 0;
    for (const path of files) {
      const text = read(path);
      const found = scan(path, text);
      sites += found.length;
      expect(misplaced(text, found), path).toEqual([]);
    }
    expect(sites).toBeGreaterThan(10);
  });
});

// Pieces of C as CPython writes them, each of which once could move the lines after it.
const cPiece = fc.oneof(
  fc.constant('PyDoc_STRVAR(doc,\n"first(x)\\n\\\n\\n\\\nholds \\"quotes\\" and an apostrophe (\').");'),
  fc.constant('/* a comment with "quotes", it\'s, and PySys_Audit("in.comment", NULL)\n   over two lines */'),
  fc.constant('// don\'t "stop" here'),
  fc.constant('// a line comment continued \\\n   over the next line, "quoted"'),
  fc.constant('#define AUDITED(x) \\\n    do { (void)(x); } while (0)'),
  fc.constant("static const char q = '\"', a = '\\'';"),
  fc.constant('static const char *s = "PySys_Audit(\\"in.string\\", NULL)";'),
  fc.constant(''),
);
const cCall = fc.oneof(
  fc.constant((event: string) => `    if (PySys_Audit("${event}", "O", x) < 0) {\n        return -1;\n    }`),
  fc.constant((event: string) => `    if (PySys_AuditTuple(\n            "${event}", args) < 0) {\n        return -1;\n    }`),
  fc.constant((event: string) => `    return _PySys_Audit(tstate, "${event}", NULL);`),
);

const pyPiece = fc.oneof(
  fc.constant('"""A docstring\nover lines, with "quotes" and sys.audit("in.docstring")\n"""'),
  fc.constant("x = 'a string continued \\\nover a line'"),
  fc.constant('y = (1 +\n     2)'),
  fc.constant('z = 1 + \\\n    2'),
  fc.constant('# a comment with "quotes" and sys.audit("in.comment")'),
  fc.constant(''),
);

describe('random files: line N of the original file holds the call of every site the scan reports', () => {
  it('C, with LF or CRLF line ends', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(cPiece, cCall), { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (parts, eol) => {
        const events = parts.map((_, at) => `generated.event_${at}`);
        const body = parts.map(([piece, call], at) => `${piece}\nstatic int\nf${at}(PyObject *x)\n{\n${call(events[at] ?? '')}\n    return 0;\n}\n`).join('\n');
        const text = body.replaceAll('\n', eol);
        const sites = scanC(text, 'Modules/generated.c');
        expect(sites.map((site) => site.event)).toEqual(events);
        expect(sites.map((site) => site.function)).toEqual(parts.map((_, at) => `f${at}`));
        expect(misplaced(text, sites)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });

  it('Python, with LF or CRLF line ends', () => {
    fc.assert(
      fc.property(fc.array(pyPiece, { minLength: 1, maxLength: 12 }), fc.constantFrom('\n', '\r\n'), (pieces, eol) => {
        const events = pieces.map((_, at) => `generated.event_${at}`);
        const body = `import sys\n${pieces.map((piece, at) => `${piece}\ndef f${at}(x):\n    ${piece.startsWith('#') ? piece : 'pass'}\n    sys.audit(\n        "${events[at]}", x)\n`).join('\n')}`;
        const text = body.replaceAll('\n', eol);
        const sites = scanPython(text, 'Lib/generated.py');
        expect(sites.map((site) => site.event)).toEqual(events);
        expect(misplaced(text, sites)).toEqual([]);
      }),
      { numRuns: 300 },
    );
  });
});
