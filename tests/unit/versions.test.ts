import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { renames } from '../../src/lib/views/catalog';
import { eventStatus, hookShapes } from '../../src/lib/views/describe';
import { sourcedEvents } from '../../src/lib/seed/references';
import { parseVersionFile, VersionDataError } from '../../src/lib/versions/schema';
import {
  argumentChanges,
  argumentEras,
  checkSeed,
  documentedIn,
  earlierShapes,
  rangeInWords,
  sameArguments,
  tableCounts,
  versionChanges,
  type Version,
} from '../../src/lib/versions/events';
import { readCatalog } from '../support/dataset';

const catalog = readCatalog();
const { versions, events } = catalog;
const event = (name: string) => {
  const found = events.find((candidate) => candidate.name === name);
  if (!found) throw new Error(`no event ${name}`);
  return found;
};
const eras = (name: string) => argumentEras(event(name)).map((era) => [era.versions[0], era.versions.at(-1), era.args]);

const V = (version: string, status: Version['status'] = 'stable'): Version => ({
  version,
  release: `${version}.0`,
  status,
  docsBaseUrl: `https://docs.python.org/${version}/`,
  codeRelease: null,
});
const EIGHT = ['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'].map((version) => V(version)).concat(V('3.15', 'pre-release'));

describe('rangeInWords', () => {
  it.each([
    [['3.10', '3.11', '3.12', '3.13', '3.14', '3.15'], '3.10 and later'],
    [['3.8', '3.9', '3.10', '3.11', '3.12'], '3.8 to 3.12, removed in 3.13'],
    [['3.15'], '3.15 pre-release only'],
    [['3.14', '3.15'], '3.14 and later'],
    [['3.9'], '3.9 only, removed in 3.10'],
    [['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14'], '3.8 to 3.14, removed in 3.15 (pre-release)'],
    [['3.8', '3.9', '3.12', '3.13', '3.14', '3.15'], '3.8 to 3.9, 3.12 and later (not in 3.10 to 3.11)'],
    [[], 'in no version'],
  ])('%j is "%s"', (present, words) => {
    expect(rangeInWords(present, EIGHT)).toBe(words);
  });

  it('can leave the removal out, for runs of versions inside an event’s life', () => {
    expect(rangeInWords(['3.8', '3.9', '3.10'], EIGHT, { removal: false })).toBe('3.8 to 3.10');
  });

  it('says "and later" of the newest version once it is stable', () => {
    expect(rangeInWords(['3.15'], [...EIGHT.slice(0, -1), V('3.15')])).toBe('3.15 and later');
  });
});

describe('arguments across versions', () => {
  it('sys._getframe has none up to 3.10 and frame from 3.11', () => {
    expect(eras('sys._getframe')).toEqual([
      ['3.8', '3.10', []],
      ['3.11', '3.15', ['frame']],
    ]);
  });

  it('shutil.rmtree gains dir_fd in 3.11, and ctypes.string_at says ptr where it said address from 3.12', () => {
    expect(eras('shutil.rmtree')).toEqual([
      ['3.8', '3.10', ['path']],
      ['3.11', '3.15', ['path', 'dir_fd']],
    ]);
    expect(eras('ctypes.string_at')).toEqual([
      ['3.8', '3.11', ['address', 'size']],
      ['3.12', '3.15', ['ptr', 'size']],
    ]);
  });

  it('marks what changed at each position', () => {
    const [before, after] = argumentEras(event('ctypes.string_at'));
    expect(before && after && argumentChanges(before, after)).toEqual([{ kind: 'renamed', from: 'address' }, { kind: 'same' }]);
    const [none, frame] = argumentEras(event('sys._getframe'));
    expect(none && frame && argumentChanges(none, frame)).toEqual([{ kind: 'added' }]);
    expect(frame && none && argumentChanges(frame, none)).toEqual([{ kind: 'removed', from: 'frame' }]);
  });

  it('never counts a synonym as a change: open says file in 3.8 to 3.11 and path after, one run of versions', () => {
    expect(eras('open')).toEqual([['3.8', '3.15', ['path', 'mode', 'flags']]]);
    expect(eras('os.truncate')).toEqual([['3.8', '3.15', ['fd', 'length']]]);
    expect(sameArguments(['file', 'mode', 'flags'], ['path', 'mode', 'flags'], {}, { path: ['file'] })).toBe(true);
    expect(sameArguments(['path', 'mode'], ['file', 'mode'], { path: ['file'] }, {})).toBe(true);
    expect(sameArguments(['address', 'size'], ['ptr', 'size'])).toBe(false);
    expect(sameArguments(['path'], ['path', 'dir_fd'])).toBe(false);
  });
});

describe('what changed between versions', () => {
  it('3.12 to 3.13 adds sys.monitoring.register_callback (listed from 3.13.15) and time.sleep, and removes the nntplib and telnetlib events', () => {
    const changes = versionChanges(events, '3.12', '3.13');
    expect(changes.added).toEqual(['sys.monitoring.register_callback', 'time.sleep']);
    expect(changes.removed).toEqual(['nntplib.connect', 'nntplib.putline', 'telnetlib.Telnet.open', 'telnetlib.Telnet.write']);
    expect(changes.changed).toEqual([]);
  });

  it('3.10 to 3.11 changes the arguments of shutil.rmtree and sys._getframe, and nothing else', () => {
    const changes = versionChanges(events, '3.10', '3.11');
    expect(changes.changed.map((change) => change.name)).toEqual(['shutil.rmtree', 'sys._getframe']);
    expect(changes.added).toEqual([]);
    expect(changes.removed).toEqual([]);
  });

  it('3.11 to 3.12 renames ctypes.string_at’s argument but does not count open’s file/path spelling', () => {
    const names = versionChanges(events, '3.11', '3.12').changed.map((change) => change.name);
    expect(names).toEqual(['ctypes.string_at', 'ctypes.wstring_at']);
  });

  it('counts every version’s table as its file does, and 190 documented events in all', () => {
    const counts = tableCounts(events, versions);
    for (const version of versions) {
      const file = JSON.parse(readFileSync(`content/versions/${version.version}.json`, 'utf8'));
      expect(counts.byVersion.get(version.version), version.version).toBe(file.events.length);
    }
    expect(counts.all).toBe(190);
    expect(events.filter((candidate) => candidate.listing === 'internal')).toHaveLength(9);
  });

  it('gives the pages every event by name and the count of each listing, as the footer and the API pages read them', () => {
    expect(catalog.counts).toEqual({ documented: 190, internal: 9, undocumented: 11 });
    expect(catalog.byName.size).toBe(events.length);
    expect(catalog.byName.get('socket.connect')?.args).toEqual(['self', 'address']);
    expect(catalog.byName.get('socket.conect')).toBeUndefined();
  });
});

describe('what changed within a version, from a release the data keeps to the next', () => {
  it('3.13.0 to 3.13.15 adds sys.monitoring.register_callback; 3.13.15 to 3.13.18 changes time.sleep; 3.14.6 to 3.14.10 changes sys.remote_exec and time.sleep; 3.15.0a8 to 3.15.2 also adds os._clearenv', () => {
    const summary = catalog.withinVersions.map((change) => [change.from, change.to, change.added, change.changed.map((changed) => `${changed.name} (${changed.before.join(', ')}) → (${changed.after.join(', ')})`)]);
    expect(summary).toEqual([
      ['3.13.0', '3.13.15', ['sys.monitoring.register_callback'], []],
      // Imported from Debian's python3.13-doc 3.13.18 by npm run import: its docs call the argument seconds, as 3.14.10's do.
      ['3.13.15', '3.13.18', [], ['time.sleep (secs) → (seconds)']],
      ['3.14.6', '3.14.10', [], ['sys.remote_exec (pid) → (pid, script_path)', 'time.sleep (secs) → (seconds)']],
      ['3.15.0a8', '3.15.2', ['os._clearenv'], ['sys.remote_exec (pid) → (pid, script_path)', 'time.sleep (secs) → (seconds)']],
    ]);
  });

  it('gives each version’s appearance the other arguments its earlier releases listed, and only those', () => {
    const earlier = (name: string) => event(name).appearances.flatMap((a) => a.earlier.map((entry) => `${a.version} ${entry.release}: ${entry.args.join(', ')}`));
    expect(earlier('sys.remote_exec')).toEqual(['3.14 3.14.6: pid', '3.15 3.15.0a8: pid']);
    expect(earlier('time.sleep')).toEqual(['3.13 3.13.0: secs', '3.13 3.13.15: secs', '3.14 3.14.6: secs', '3.15 3.15.0a8: secs']);
    // os.truncate's fd was also spelled path in 3.14.6: the same argument, no other shape.
    expect(earlier('os.truncate')).toEqual([]);
    expect(catalog.events.filter((candidate) => candidate.appearances.some((a) => a.earlier.length > 0)).map((candidate) => candidate.name)).toEqual(['sys.remote_exec', 'time.sleep']);
  });
});

describe('earlier shapes of an event’s arguments, as an event page gives them', () => {
  it('puts the releases of one shape together and names the releases between that were not read', () => {
    const shapes = earlierShapes(event('time.sleep'), versions).map((shape) => [shape.version.version, shape.releases, shape.args, shape.now, shape.unread]);
    expect(shapes).toEqual([
      ['3.13', ['3.13.0', '3.13.15'], ['secs'], ['seconds'], '3.13.16 and 3.13.17'],
      ['3.14', ['3.14.6'], ['secs'], ['seconds'], '3.14.7 to 3.14.9'],
      ['3.15', ['3.15.0a8'], ['secs'], ['seconds'], 'the releases between'],
    ]);
    expect(earlierShapes(event('socket.connect'), versions)).toEqual([]);
  });
});

describe('an event’s standing', () => {
  it('nntplib.connect is no longer documented from 3.13, with no successor', () => {
    const nntplib = event('nntplib.connect');
    expect(eventStatus(nntplib, versions)).toEqual({ standing: 'removed', range: '3.8 to 3.12, removed in 3.13', removedIn: '3.13' });
    expect(renames(catalog, nntplib).successor).toBeUndefined();
  });

  it('ctypes.seh_exception was renamed ctypes.set_exception in 3.12, and each page finds the other', () => {
    expect(renames(catalog, event('ctypes.seh_exception')).successor?.name).toBe('ctypes.set_exception');
    expect(renames(catalog, event('ctypes.set_exception')).predecessor?.name).toBe('ctypes.seh_exception');
    expect([...catalog.successors.keys()]).toEqual(['ctypes.seh_exception']);
  });

  it('winreg.DeleteTree and os._clearenv are documented from 3.15, a stable version now; _winapi.CreateFile is raised internally', () => {
    expect(eventStatus(event('winreg.DeleteTree'), versions).range).toBe('3.15 and later');
    expect(eventStatus(event('os._clearenv'), versions)).toEqual({ standing: 'current', range: '3.15 and later', removedIn: undefined });
    expect(documentedIn(event('winreg.DeleteTree'))).toEqual(['3.15']);
    expect(eventStatus(event('_winapi.CreateFile'), versions)).toMatchObject({ standing: 'internal', range: '3.8 and later' });
  });

  it('an undocumented event’s range counts only the versions whose source was scanned', () => {
    // 3.15's source was not scanned: it is not "removed" there.
    expect(eventStatus(event('_winapi.CopyFile2'), versions)).toMatchObject({ standing: 'undocumented', range: '3.12 and later' });
  });
});

describe('the hook’s shapes', () => {
  it('one per length of args, the newest names serving a length sent under other names', () => {
    expect(hookShapes(event('sys._getframe'), versions)).toEqual([
      { args: [], versions: '3.8 to 3.10' },
      { args: ['frame'], versions: '3.11 and later' },
    ]);
    expect(hookShapes(event('ctypes.string_at'), versions)).toEqual([
      { args: ['ptr', 'size'], versions: '3.8 and later', note: 'args[0] was called address before 3.12' },
    ]);
  });
});

describe('the 3.8.0 seed against 3.8.json', () => {
  const seed = sourcedEvents(
    { table: readFileSync('tests/fixtures/valid-small.txt', 'utf8'), references: readFileSync('tests/fixtures/references-valid-small.json', 'utf8') },
    { table: 'valid-small.txt', references: 'references-valid-small.json' },
  );
  const files = { table: 'valid-small.txt', version: 'x/3.8.json' };
  const valid = () => parseVersionFile(readFileSync('tests/fixtures/versions/valid/3.8.json', 'utf8'), 'x/3.8.json');

  it('accepts the same arguments up to the file’s synonyms (open: file is path), and more references', () => {
    expect(() => checkSeed(seed, valid(), files)).not.toThrow();
  });

  it('fails on other arguments, naming the event and both values', () => {
    const path = 'tests/fixtures/versions/seed-arguments-differ/3.8.json';
    const file = parseVersionFile(readFileSync(path, 'utf8'), path);
    expect(() => checkSeed(seed, file, { table: 'valid-small.txt', version: path })).toThrow(
      new VersionDataError(path, 'socket.connect', 'has the arguments (self), but valid-small.txt:9 has the arguments (self, address)'),
    );
  });

  it('fails on fewer references, and on an event the file lacks', () => {
    const fewer = valid();
    fewer.events[0]?.references.pop();
    expect(() => checkSeed(seed, fewer, files)).toThrow('x/3.8.json: event "open": has 2 references, but valid-small.txt:7 has 3');
    const missing = valid();
    missing.events.splice(2, 1);
    expect(() => checkSeed(seed, missing, files)).toThrow('x/3.8.json: event "sys._getframe": missing, but valid-small.txt:11 lists it');
  });

  it('fails when an argument is no synonym of the other', () => {
    const other = valid();
    if (other.events[0]) other.events[0].arg_synonyms = { path: ['filename'] };
    expect(() => checkSeed(seed, other, files)).toThrow(
      'x/3.8.json: event "open": has the arguments (path, mode, flags), but valid-small.txt:7 has the arguments (file, mode, flags)',
    );
  });
});
