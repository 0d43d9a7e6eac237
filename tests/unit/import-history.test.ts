import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseDataset } from '../../src/lib/versions/dataset';
import { addRelease, historyText, releaseFacts } from '../../src/lib/import/history';
import { parseHistoryFile, parseVersionFile, type HistoryFile, type VersionFile } from '../../src/lib/versions/schema';
import { runImport } from '../support/import';

const TREE = 'tests/fixtures/cpython-tree';
const scratch = mkdtempSync(join(tmpdir(), 'audit-events-history-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const readHistory = (out: string) => JSON.parse(readFileSync(join(out, 'history.json'), 'utf8')) as HistoryFile;

/** A copy of the fixture tree as another release, with `edit` applied to its docs' os.rst. */
function treeAs(release: string, edit: (os: string) => string = (text) => text): string {
  const tree = join(scratch, `tree-${release}`);
  cpSync(TREE, tree, { recursive: true });
  const patchlevel = join(tree, 'Include/patchlevel.h');
  writeFileSync(patchlevel, readFileSync(patchlevel, 'utf8').replace('"3.15.0a1"', `"${release}"`));
  const os = join(tree, 'Doc/library/os.rst');
  writeFileSync(os, edit(readFileSync(os, 'utf8')));
  return tree;
}

/** The small data set's directory, copied, with the files an import wrote checked as the build checks them. */
function dataDirectory(name: string): string {
  const out = join(scratch, name);
  cpSync('tests/fixtures/versions/valid', out, { recursive: true });
  return out;
}

function checkAsTheBuildDoes(out: string) {
  const read = (file: string) => ({ file, text: readFileSync(file, 'utf8') });
  const names = ['3.8.json', '3.9.json', '3.15.json'];
  const releases = existsSync(join(out, 'releases')) ? readdirSync(join(out, 'releases')) : [];
  return parseDataset({
    directory: out,
    versions: names.map((name) => read(join(out, name))),
    releases: releases.map((name) => read(join(out, 'releases', name))),
    history: read(join(out, 'history.json')),
    seed: {
      files: { table: 'tests/fixtures/valid-small.txt', references: 'tests/fixtures/references-valid-small.json' },
      texts: { table: readFileSync('tests/fixtures/valid-small.txt', 'utf8'), references: readFileSync('tests/fixtures/references-valid-small.json', 'utf8') },
    },
  });
}

describe('npm run import extends history.json', () => {
  const out = dataDirectory('extend');
  const before = readHistory(out);
  const first = runImport(TREE, out);
  const after = readHistory(out);

  it('adds the release to the releases it lists, for docs and source, in version order', () => {
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toContain(`${join(out, 'history.json')}: 3.15.0a1 added`);
    expect(after.about.docs_releases).toEqual([...before.about.docs_releases, '3.15.0a1']);
    expect(after.about.code_releases).toEqual([...before.about.code_releases, '3.15.0a1']);
  });

  it('gives a new event its first and last release, and moves the last release of those the release still has', () => {
    // os.truncate is new: documented and raised (Lib/os.py) from 3.15.0a1 only.
    expect(after.events['os.truncate']).toEqual({ first_documented: '3.15.0a1', last_documented: '3.15.0a1', first_raised: '3.15.0a1', last_raised: '3.15.0a1' });
    // open is documented since 3.8.0 and still is; no call of the tree raises it.
    expect(after.events['open']).toEqual({ ...before.events['open'], last_documented: '3.15.0a1' });
    // sys._getframe: the tree raises it, but documents it nowhere.
    expect(after.events['sys._getframe']).toEqual({ ...before.events['sys._getframe'], last_raised: '3.15.0a1' });
  });

  it('leaves the names the release does not have as they were', () => {
    for (const name of Object.keys(before.events)) {
      if (['open', 'sys._getframe', 'socket.connect', '_winapi.CreatePipe', 'sys.set_asyncgen_hook_firstiter'].includes(name)) continue;
      expect(after.events[name], name).toEqual(before.events[name]);
    }
  });

  it('writes data the build accepts: the history agrees with every version file', () => {
    expect(() => checkAsTheBuildDoes(out)).not.toThrow();
  });

  it('writes the shared file’s own format: the shared history.json, read and written again, is the same bytes', () => {
    // Parsing puts each entry's keys in the schema's order; the shared file sorts them.
    const shared = readFileSync('content/versions/history.json', 'utf8');
    expect(historyText(parseHistoryFile(shared, 'content/versions/history.json'))).toBe(shared);
  });

  it('changes nothing when the release is imported again', () => {
    const history = readFileSync(join(out, 'history.json'), 'utf8');
    const version = readFileSync(join(out, '3.15.json'), 'utf8');
    const again = runImport(TREE, out);
    expect(again.status, again.stderr).toBe(0);
    expect(again.stdout).toContain('unchanged, it already lists 3.15.0a1');
    expect(readFileSync(join(out, 'history.json'), 'utf8')).toBe(history);
    expect(readFileSync(join(out, '3.15.json'), 'utf8')).toBe(version);
  });
});

describe('a release that removes an event, then an older one', () => {
  const out = dataDirectory('removal');
  // 3.15.0a2 drops os.truncate from its docs; then 3.15.0a1, older, is imported after it.
  const a2 = treeAs('3.15.0a2', (os) => os.replace(/^ *\.\. audit-event:: os\.truncate .*\n/gm, ''));
  const summary = join(scratch, 'summary.md');
  const removed = runImport(a2, out, '--summary', summary);
  const afterA2 = readHistory(out);
  const older = runImport(TREE, out, '--summary', summary);
  const afterA1 = readHistory(out);

  it('keeps the removed event’s releases, which the new one does not list', () => {
    expect(removed.status, removed.stderr).toBe(0);
    const file = parseVersionFile(readFileSync(join(out, '3.15.json'), 'utf8'), '3.15.json');
    expect(file.events.map((event) => event.name)).not.toContain('os.truncate');
    // Lib/os.py still raises it: raised in 3.15.0a2, documented never (until 3.15.0a1 comes in).
    expect(afterA2.events['os.truncate']).toEqual({ first_documented: null, last_documented: null, first_raised: '3.15.0a2', last_raised: '3.15.0a2' });
  });

  it('places an older release by version number, keeps the newer version file, and recomputes first releases', () => {
    expect(older.status, older.stderr).toBe(0);
    expect(older.stdout).toContain('kept, its 3.15.0a2 is newer than 3.15.0a1');
    expect(parseVersionFile(readFileSync(join(out, '3.15.json'), 'utf8'), '3.15.json').release).toBe('3.15.0a2');
    expect(existsSync(join(out, 'releases')), 'an older release replaces nothing').toBe(false);
    expect(afterA1.about.docs_releases.slice(-2)).toEqual(['3.15.0a1', '3.15.0a2']);
    expect(afterA1.events['os.truncate']).toEqual({ first_documented: '3.15.0a1', last_documented: '3.15.0a1', first_raised: '3.15.0a1', last_raised: '3.15.0a2' });
    expect(() => checkAsTheBuildDoes(out)).not.toThrow();
  });

  it('says what changed, for the pull request', () => {
    const out = dataDirectory('summary');
    const summary = join(scratch, 'changes.md');
    expect(runImport(TREE, out).status).toBe(0);
    expect(runImport(a2, out, '--summary', summary).status).toBe(0);
    const text = readFileSync(summary, 'utf8');
    expect(text).toContain('### 3.15.0a2\n\n- `3.15.json`: 3.15.0a1 → 3.15.0a2');
    expect(text).toContain('- Events removed: `os.truncate`');
    expect(text).toContain('- Events added: none');
    // The release 3.15.0a2 replaced is kept beside the version files, and the data still agrees with itself.
    expect(parseVersionFile(readFileSync(join(out, 'releases/3.15.0a1.json'), 'utf8'), '3.15.0a1.json').events.map((event) => event.name)).toContain('os.truncate');
    const { releases } = checkAsTheBuildDoes(out);
    expect(releases.map((file) => file.release)).toEqual(['3.15.0a1']);
    expect(readFileSync(join(scratch, 'summary.md'), 'utf8')).toContain("### 3.15.0a1\n\n- The version's file is kept: it holds a newer release than 3.15.0a1.");
  });
});

describe('addRelease', () => {
  const history = parseHistoryFile(readFileSync('tests/fixtures/versions/valid/history.json', 'utf8'), 'history.json');
  const file = parseVersionFile(readFileSync('tests/fixtures/versions/valid/3.9.json', 'utf8'), '3.9.json');

  it('counts a docs build only as docs: the raised releases stay', () => {
    const update = addRelease(history, releaseFacts({ ...file, release: '3.9.1', status: 'stable' } as VersionFile, 'a docs build', { docsOnly: true }));
    expect(update.history.about.code_releases).toEqual(history.about.code_releases);
    expect(update.history.events['open']).toEqual({ ...history.events['open'], last_documented: '3.9.1' });
    expect(update.history.about.documented_from).toContain('3.9.1 (a docs build, by npm run import)');
  });

  it('refuses what the build would refuse: nothing half-made comes out', () => {
    expect(() => addRelease(history, { release: '3.9.x', documented: ['open'], raised: undefined, source: 'bad' })).toThrow(/history\.json/);
  });
});
