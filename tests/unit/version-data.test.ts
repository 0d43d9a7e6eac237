import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseDataset } from '../../src/lib/versions/dataset';
import { compareReleases, parseHistoryFile, parseVersionFile, VersionDataError } from '../../src/lib/versions/schema';
import { readDataset } from '../support/dataset';

const read = (path: string) => readFileSync(path, 'utf8');
const fixture = (name: string) => `tests/fixtures/versions/${name}`;

/** The fault a file fails with, or a failure of the test when it parses. */
function faultOf(run: () => unknown): VersionDataError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VersionDataError);
    return error as VersionDataError;
  }
  throw new Error('expected the data to be rejected');
}

describe('the shared data', () => {
  const names = readdirSync('content/versions').filter((name) => /^3\.\d+\.json$/.test(name));

  it('has a file for every minor version from 3.8 to 3.15, and each passes the schema and its own checks', () => {
    expect(names.map((name) => name.replace('.json', '')).sort(compareVersionsText)).toEqual(['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15']);
    for (const name of names) {
      const path = `content/versions/${name}`;
      const raw = JSON.parse(read(path));
      const parsed = parseVersionFile(read(path), path);
      expect(parsed.events, name).toHaveLength(raw.events.length);
      expect(parsed.internal_events, name).toHaveLength(raw.internal_events.length);
      expect(parsed.undocumented_events, name).toHaveLength(raw.undocumented_events.length);
    }
  });

  it('agrees with itself: the history covers every version, and 3.8.json holds the 3.8.0 seed', () => {
    const { versions, history } = readDataset();
    expect(versions.map((file) => file.version)).toEqual(['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15']);
    expect(Object.keys(history.events).length).toBe(Object.keys(JSON.parse(read('content/versions/history.json')).events).length);
  });
});

function compareVersionsText(a: string, b: string) {
  return compareReleases(`${a}.0`, `${b}.0`);
}

describe('a malformed version file fails with the file, the event and the fault', () => {
  it.each([
    ['duplicate-event', '3.8.json', 'open', /listed twice in "events"/],
    ['both-tables', '3.8.json', 'socket.connect', /listed in both "events" and "internal_events"/],
    ['unknown-field', '3.8.json', 'socket.connect', /unknown field "raised_by"/],
    ['empty-argument', '3.8.json', 'socket.connect', /args\[1\]: an empty argument name/],
  ])('%s', (name, file, event, fault) => {
    const path = fixture(`${name}/${file}`);
    const error = faultOf(() => parseVersionFile(read(path), path));
    expect(error.file).toBe(path);
    expect(error.event).toBe(event);
    expect(error.fault).toMatch(fault);
    expect(error.message.startsWith(`${path}: event "${event}": `)).toBe(true);
  });

  it('version-mismatch: a version that differs from the file name', () => {
    const path = fixture('version-mismatch/3.9.json');
    const error = faultOf(() => parseVersionFile(read(path), path));
    expect(error.message).toBe(`${path}: the version is "3.8", but the file is named 3.9.json`);
  });

  const valid = () => JSON.parse(read(fixture('valid/3.8.json')));
  const fails = (data: unknown) => faultOf(() => parseVersionFile(JSON.stringify(data), 'x/3.8.json'));

  it('names a missing field, a wrong type and an event out of table order', () => {
    const missing = valid();
    delete missing.events[2].references;
    expect(fails(missing).message).toBe('x/3.8.json: event "sys._getframe": the field "references" is missing');
    const wrong = valid();
    wrong.events[0].raised_at[0].line = 'ten';
    expect(fails(wrong).message).toMatch(/^x\/3\.8\.json: event "open": raised_at\[0\]\.line: /);
    const order = valid();
    order.events.reverse();
    expect(fails(order).message).toMatch(/event "socket\.connect": out of table order/);
  });

  it('rejects an argument listed twice, synonyms for an argument it lacks, and an unknown field at the top', () => {
    const twice = valid();
    twice.events[1].args = ['self', 'self'];
    expect(fails(twice).message).toBe('x/3.8.json: event "socket.connect": the argument "self" is listed twice');
    const synonyms = valid();
    synonyms.events[0].arg_synonyms = { file: ['path'] };
    expect(fails(synonyms).fault).toMatch(/"arg_synonyms" names "file", which is not one of its arguments/);
    const top = valid();
    top.docs = 'x';
    expect(fails(top).message).toBe('x/3.8.json: unknown field "docs"');
  });

  it('rejects raise sites where no source was scanned, and none where one was', () => {
    const unscanned = valid();
    unscanned.code_release = null;
    unscanned.code_source = null;
    expect(fails(unscanned).fault).toMatch(/has "raised_at", but no source was scanned/);
    const scanned = valid();
    delete scanned.events[1].raised_at;
    expect(fails(scanned).message).toMatch(/event "socket\.connect": has no "raised_at", but the source of 3\.8\.20 was scanned/);
  });

  it('rejects a status that disagrees with the release, a release of another version, and text that is not JSON', () => {
    const status = valid();
    status.status = 'pre-release';
    expect(fails(status).fault).toMatch(/"status" is "pre-release", but the release 3\.8\.20 is final/);
    const release = valid();
    release.release = '3.9.1';
    expect(fails(release).fault).toBe('"release" 3.9.1 is not a release of 3.8');
    expect(faultOf(() => parseVersionFile('{', 'x/3.8.json')).message).toMatch(/^x\/3\.8\.json: not JSON/);
  });
});

describe('history.json', () => {
  const valid = () => JSON.parse(read(fixture('valid/history.json')));
  const fails = (data: unknown) => faultOf(() => parseHistoryFile(JSON.stringify(data), 'x/history.json'));

  it('rejects a release it does not list, a first release after the last, and half a range', () => {
    const unlisted = valid();
    unlisted.events.open.first_raised = '3.8.5';
    expect(fails(unlisted).message).toBe('x/history.json: event "open": raised in 3.8.5, which "about.code_releases" does not list');
    const backwards = valid();
    backwards.events.open.first_documented = '3.9.0a1';
    backwards.events.open.last_documented = '3.8.20';
    expect(fails(backwards).fault).toBe('"first_documented" 3.9.0a1 comes after "last_documented" 3.8.20');
    const half = valid();
    half.events.open.last_raised = null;
    expect(fails(half).fault).toBe('"first_raised" and "last_raised" must both be set or both be null');
  });

  it('must cover every name the versions list, within its releases', () => {
    const texts = (history: unknown) => ({
      directory: fixture('valid'),
      versions: ['3.8.json', '3.9.json'].map((name) => ({ file: fixture(`valid/${name}`), text: read(fixture(`valid/${name}`)) })),
      history: { file: 'x/history.json', text: JSON.stringify(history) },
      seed: {
        files: { table: 'tests/fixtures/valid-small.txt', references: 'tests/fixtures/references-valid-small.json' },
        texts: { table: read('tests/fixtures/valid-small.txt'), references: read('tests/fixtures/references-valid-small.json') },
      },
    });
    expect(parseDataset(texts(valid())).versions).toHaveLength(2);
    const lacking = valid();
    delete lacking.events['socket.connect'];
    expect(faultOf(() => parseDataset(texts(lacking))).message).toBe(
      `x/history.json: event "socket.connect": has no entry, but ${fixture('valid/3.8.json')} lists it`,
    );
    const early = valid();
    early.events['sys._getframe'].last_documented = '3.8.20';
    expect(faultOf(() => parseDataset(texts(early))).message).toBe(
      `x/history.json: event "sys._getframe": documented from 3.8.0 to 3.8.20, but ${fixture('valid/3.9.json')} has it documented in 3.9.0a1`,
    );
  });
});

describe('releases a newer one replaced (releases/<release>.json)', () => {
  const dataset = (releases: { file: string; text: string }[]) => ({
    directory: fixture('valid'),
    versions: ['3.8.json', '3.9.json'].map((name) => ({ file: fixture(`valid/${name}`), text: read(fixture(`valid/${name}`)) })),
    releases,
    history: { file: fixture('valid/history.json'), text: read(fixture('valid/history.json')) },
    seed: {
      files: { table: 'tests/fixtures/valid-small.txt', references: 'tests/fixtures/references-valid-small.json' },
      texts: { table: read('tests/fixtures/valid-small.txt'), references: read('tests/fixtures/references-valid-small.json') },
    },
  });
  // 3.8.0's tables, as the 3.8 file has them less the event the history says came in 3.8.20.
  const release = (changes: Record<string, unknown> = {}) => {
    const file = JSON.parse(read(fixture('valid/3.8.json')));
    return JSON.stringify({ ...file, release: '3.8.0', code_release: '3.8.0', internal_events: [], ...changes });
  };

  it('are read beside the versions, oldest first, each checked against its version and the history', () => {
    const { releases } = parseDataset(dataset([{ file: 'releases/3.8.0.json', text: release() }]));
    expect(releases.map((file) => file.release)).toEqual(['3.8.0']);
  });

  it('fail the build when named after another release, not older than their version, of no version, or outside the history', () => {
    expect(faultOf(() => parseDataset(dataset([{ file: 'releases/3.8.1.json', text: release() }]))).message).toBe(
      'releases/3.8.1.json: the release is "3.8.0", but the file is named 3.8.1.json',
    );
    expect(faultOf(() => parseDataset(dataset([{ file: 'releases/3.8.20.json', text: release({ release: '3.8.20', code_release: '3.8.20' }) }]))).message).toBe(
      `releases/3.8.20.json: 3.8.20 is not older than ${fixture('valid/3.8.json')}'s 3.8.20: the version file holds the newest release`,
    );
    const other = release({ version: '3.7', release: '3.7.9', code_release: '3.7.9', docs_base_url: 'https://docs.python.org/3.7/' });
    expect(faultOf(() => parseDataset(dataset([{ file: 'releases/3.7.9.json', text: other }]))).message).toBe(
      'releases/3.7.9.json: is a release of 3.7, but the data has no 3.7.json',
    );
    const internal = release({ internal_events: [{ name: '_winapi.CreatePipe', args: [], raised_at: [] }] });
    expect(faultOf(() => parseDataset(dataset([{ file: 'releases/3.8.0.json', text: internal }]))).message).toBe(
      `${fixture('valid/history.json')}: event "_winapi.CreatePipe": documented from 3.8.20 to 3.9.0a1, but releases/3.8.0.json has it documented in 3.8.0`,
    );
  });
});

describe('compareReleases', () => {
  it('orders releases by number, pre-releases before the final release', () => {
    const releases = ['3.14.6', '3.8.20', '3.14.0rc1', '3.8.7', '3.14.0', '3.15.0a8', '3.14.0b2'];
    expect([...releases].sort(compareReleases)).toEqual(['3.8.7', '3.8.20', '3.14.0b2', '3.14.0rc1', '3.14.0', '3.14.6', '3.15.0a8']);
  });
});
