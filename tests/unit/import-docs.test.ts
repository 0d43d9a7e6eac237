import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readRenderedTables, titleRelease } from '../../src/lib/import/docs-build';
import { decodeEntities, findAll, parseHtml, textOf } from '../../src/lib/import/html';
import { parseVersionFile, type HistoryFile } from '../../src/lib/versions/schema';
import { runImport } from '../support/import';

const BUILD = 'tests/fixtures/docs-build';
const TABLE = join(BUILD, 'library/audit_events.html');
const scratch = mkdtempSync(join(tmpdir(), 'audit-events-docs-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe('the HTML reader', () => {
  it('nests elements as written, keeps their lines, and decodes references', () => {
    const page = parseHtml('<p class="a">x &amp; y&#8212;<br>\n<p id="inner">z</p></p>\n<!-- <p>not read</p> -->');
    const paragraphs = findAll(page, (element) => element.name === 'p');
    expect(paragraphs.map((element) => [element.attributes['id'] ?? element.attributes['class'], element.line, element.parent?.name])).toEqual([
      ['a', 1, '#document'],
      ['inner', 2, 'p'],
    ]);
    expect(textOf(page)).toBe('x & y—\nz\n');
    expect(decodeEntities('&lt;&#x41;&unknown;')).toBe('<A&unknown;');
  });
});

describe('the tables of a docs build', () => {
  const tables = readRenderedTables(readFileSync(TABLE, 'utf8'), TABLE);

  it('reads names, arguments and each [n] reference as a page and anchor from the docs’ root', () => {
    expect(tables.events.find((row) => row.name === 'open')).toEqual({
      name: 'open',
      args: ['path', 'mode', 'flags'],
      links: [
        { page: 'builtins/functions.html', anchor: 'open' },
        { page: 'library/os.html', anchor: 'os.open' },
      ],
    });
    expect(tables.events.find((row) => row.name === 'os._clearenv')?.args).toEqual([]);
  });

  it('reads the table of events raised internally, wrapped and empty cells included', () => {
    expect(tables.internal).toEqual([
      { name: '_winapi.CreateFile', args: ['file_name', 'desired_access', 'share_mode'] },
      { name: '_winapi.CreatePipe', args: [] },
    ]);
  });

  it('names the release its title gives', () => {
    expect(titleRelease(readFileSync(TABLE, 'utf8'))).toBe('3.16.0a1');
  });

  it('fails on a page that is not the table, or a row Sphinx would not write, with the file and line', () => {
    expect(() => readRenderedTables('<html><body><p>no table</p></body></html>', 'x.html')).toThrow(/^x\.html:1: no table headed "Audit event"/);
    const skipped = readFileSync(TABLE, 'utf8').replace('os.html#os.open">[2]', 'os.html#os.open">[3]');
    expect(() => readRenderedTables(skipped, 'x.html')).toThrow('x.html:27: "open": the marker [3] where [2] comes next');
    const short = readFileSync(TABLE, 'utf8').replace('<td><p></p></td>\n<td><p><a class="reference internal" href="os.html#os._clearenv">', '<td><p><a class="reference internal" href="os.html#os._clearenv">');
    expect(() => readRenderedTables(short, 'x.html')).toThrow(/^x\.html:29: a row of 2 cells, where the table has 3 columns/);
  });
});

describe('npm run import -- --docs', () => {
  it('writes a version file from a docs build, each API labelled from the object around its anchor', () => {
    const out = join(scratch, 'fresh');
    const result = runImport('--docs', out, BUILD);
    expect(result.status, result.stderr).toBe(0);
    const file = parseVersionFile(readFileSync(join(out, '3.16.json'), 'utf8'), '3.16.json');
    expect(file).toMatchObject({ version: '3.16', release: '3.16.0a1', status: 'pre-release', code_release: null, code_source: null, undocumented_events: [] });
    const labels = Object.fromEntries(file.events.map((event) => [event.name, event.references.map((reference) => reference.api)]));
    expect(labels).toMatchObject({
      open: ['open()', 'os.open()'],
      // The page lacks the anchor: the object around the paragraph that raises the event.
      'os._clearenv': ['os.environ'],
      'sys.addaudithook': ['PySys_AddAuditHook() (C API)', 'sys.addaudithook()'],
      'sys.remote_exec': ['sys.remote_exec()'],
    });
    // The section's title where no object holds the anchor; the 3.8.0 references' labels where they know the place.
    expect(labels['cpython.run_stdin']?.[0]).toBe('asyncio REPL');
    expect(result.stderr).toContain('library/os.html: no anchor "os._clearenv", which the table links for "os._clearenv"');
    expect(file.events.every((event) => event.raised_at === undefined)).toBe(true);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as HistoryFile;
    expect(history.about.docs_releases).toEqual(['3.16.0a1']);
    expect(history.about.code_releases).toEqual([]);
  });

  it('keeps earlier data’s labels and the raise sites of the version’s earlier file, and lists as documented what was undocumented', () => {
    const out = join(scratch, 'earlier');
    cpSync('tests/fixtures/versions/valid', out, { recursive: true });
    const earlier = {
      version: '3.16',
      release: '3.16.0a0',
      status: 'pre-release',
      docs_base_url: 'https://docs.python.org/3.16/',
      docs_source: 'an earlier fixture',
      code_release: '3.16.0a0',
      code_source: 'an earlier fixture tree',
      events: [
        { name: 'open', args: ['path', 'mode', 'flags'], references: [{ page: 'library/os.html', anchor: 'os.open', api: 'os.open()' }], raised_at: [{ file: 'Modules/_io/_iomodule.c', line: 10, function: '_io_open_impl' }] },
        { name: 'sys.remote_exec', args: ['pid'], references: [{ page: 'library/sys.html', anchor: 'audit_event_sys_remote_exec_0', api: 'remote_exec (as labelled before)' }], raised_at: [] },
      ],
      internal_events: [],
      undocumented_events: [
        { name: 'os._clearenv', raised_at: [{ file: 'Modules/posixmodule.c', line: 20, function: 'os__clearenv_impl' }] },
        { name: 'sys._getframe', raised_at: [{ file: 'Python/sysmodule.c', line: 30, function: 'sys__getframe_impl' }] },
      ],
    };
    writeFileSync(join(out, '3.16.json'), JSON.stringify(earlier));
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as HistoryFile;
    history.about.docs_releases.push('3.16.0a0');
    history.about.code_releases.push('3.16.0a0');
    Object.assign(history.events, {
      'os._clearenv': { first_documented: null, last_documented: null, first_raised: '3.16.0a0', last_raised: '3.16.0a0' },
    });
    writeFileSync(join(out, 'history.json'), JSON.stringify(history));
    const result = runImport('--docs', out, BUILD, '--release', '3.16.0a1');
    expect(result.status, result.stderr).toBe(0);
    const file = parseVersionFile(readFileSync(join(out, '3.16.json'), 'utf8'), '3.16.json');
    expect(file).toMatchObject({ code_release: '3.16.0a0', code_source: 'an earlier fixture tree' });
    expect(file.events.find((event) => event.name === 'sys.remote_exec')?.references[0]?.api).toBe('remote_exec (as labelled before)');
    expect(file.events.find((event) => event.name === 'open')?.raised_at).toEqual(earlier.events[0]?.raised_at);
    expect(file.events.find((event) => event.name === 'os._clearenv')?.raised_at).toEqual(earlier.undocumented_events[0]?.raised_at);
    expect(file.events.find((event) => event.name === 'sys.remote_exec')?.raised_at).toEqual([]);
    expect(file.undocumented_events.map((event) => event.name)).toEqual(['sys._getframe']);
    const after = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as HistoryFile;
    expect(after.events['os._clearenv']).toEqual({ first_documented: '3.16.0a1', last_documented: '3.16.0a1', first_raised: '3.16.0a0', last_raised: '3.16.0a0' });
    expect(after.about.code_releases.at(-1)).toBe('3.16.0a0');
  });

  it('refuses a release the build contradicts, and a folder that is no docs build, writing nothing', () => {
    const out = join(scratch, 'refused');
    const wrong = runImport('--docs', out, BUILD, '--release', '3.16.0');
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain('library/audit_events.html: the build is 3.16.0a1, not 3.16.0');
    const tree = runImport('--docs', out, 'tests/fixtures/cpython-tree');
    expect(tree.stderr).toContain('tests/fixtures/cpython-tree is not a docs build: it has no library/audit_events.html (it looks like a source tree: drop --docs)');
    expect(existsSync(out)).toBe(false);
  });
});
