import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseAuditTable } from '../../src/lib/seed/parse';
import { crossCheck, parseReferences, ReferenceMismatchError } from '../../src/lib/seed/references';

const read = (path: string) => readFileSync(path, 'utf8');
const small = parseAuditTable(read('tests/fixtures/valid-small.txt'), 'valid-small.txt');
const files = (references: string) => ({ table: 'valid-small.txt', references });

describe('the real references', () => {
  const events = parseAuditTable(read('content/audit-events.txt'), 'content/audit-events.txt');
  const data = parseReferences(read('content/audit-event-references.json'), 'content/audit-event-references.json');
  const linked = crossCheck(events, data, { table: 'content/audit-events.txt', references: 'content/audit-event-references.json' });

  it('agree with the table: 69 events in order, 84 references, one per marker', () => {
    expect(linked).toHaveLength(69);
    expect(linked.flat()).toHaveLength(84);
    events.forEach((event, index) => expect(linked[index]).toHaveLength(event.references));
  });

  it('link each reference to the docs page and anchor, in the order of the markers', () => {
    const connect = linked[events.findIndex((event) => event.name === 'socket.connect')];
    expect(connect?.map((reference) => reference.url)).toEqual([
      'https://docs.python.org/3.8/library/socket.html#socket.socket.connect',
      'https://docs.python.org/3.8/library/socket.html#socket.socket.connect_ex',
    ]);
    expect(linked[events.findIndex((event) => event.name === 'open')]?.[2]?.url).toBe(
      'https://docs.python.org/3.8/library/os.html#os.open',
    );
  });

  it('link against another docs version when one is given', () => {
    const other = crossCheck(events, data, files('x'), 'https://docs.python.org/3.12/');
    expect(other.flat().filter((reference) => !reference.url.startsWith('https://docs.python.org/3.12/'))).toEqual([]);
  });
});

describe('a references file that disagrees with the table fails with its message', () => {
  it.each([
    ['references-count-differs.json', /event "socket\.connect" has 1 references, but valid-small\.txt:9 has 2 markers/],
    ['references-event-missing.json', /has no entry for the event "sys\._getframe" of valid-small\.txt:11/],
    ['references-event-extra.json', /lists the event "os\.system", which valid-small\.txt does not have/],
    ['references-order-differs.json', /lists "socket\.connect" as event 1, where valid-small\.txt:7 has "open": the order differs/],
  ])('%s', (name, message) => {
    const path = `tests/fixtures/${name}`;
    const data = parseReferences(read(path), path);
    expect(() => crossCheck(small, data, files(path))).toThrow(ReferenceMismatchError);
    expect(() => crossCheck(small, data, files(path))).toThrow(message);
    expect(() => crossCheck(small, data, files(path))).toThrow(new RegExp(`^${path.replace(/\./g, '\\.')}: `));
  });

  it('accepts the matching fixture', () => {
    const path = 'tests/fixtures/references-valid-small.json';
    expect(crossCheck(small, parseReferences(read(path), path), files(path)).flat()).toHaveLength(6);
  });
});

describe('parseReferences', () => {
  it.each([
    ['references-empty-anchor.json', /events\[2\] \("sys\._getframe"\) reference 1 needs a non-empty "page", "anchor" and "api"/],
    ['references-bad-base-url.json', /"docs_base_url" must be an http\(s\) URL ending with "\/"/],
  ])('rejects %s', (name, message) => {
    const path = `tests/fixtures/${name}`;
    expect(() => parseReferences(read(path), path)).toThrow(message);
  });

  it('rejects text that is not JSON', () => {
    expect(() => parseReferences('{', 'x.json')).toThrow(/^x\.json: not JSON/);
  });
});
