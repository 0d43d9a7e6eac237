import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { eventsExport, eventsSchema, versionExport, versionSchema } from '../../src/lib/export/events';
import { readCatalog } from '../support/dataset';

const { events, versions } = readCatalog();
const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(eventsSchema('https://example.org/events.schema.json'));
const validateVersion = ajv.compile(versionSchema('https://example.org/version.schema.json'));
const urls = {
  page: (name: string) => `https://example.org/events/${name}/`,
  version: (version: string) => `https://example.org/versions/${version}.json`,
  schema: 'https://example.org/events.schema.json',
};

describe('eventsExport', () => {
  const exported = eventsExport(events, versions, urls);
  const find = (name: string) => exported.events.find((event) => event.name === name);

  it('is valid against its JSON Schema', () => {
    expect(validate(exported), JSON.stringify(validate.errors)).toBe(true);
  });

  it('holds every event of every version, and every version with its release', () => {
    expect(exported.events.map((event) => event.name)).toEqual(events.map((event) => event.name));
    expect(exported.versions.map((version) => `${version.version} ${version.release}`)).toEqual(
      versions.map((version) => {
        const file = JSON.parse(readFileSync(`content/versions/${version.version}.json`, 'utf8'));
        return `${file.version} ${file.release}`;
      }),
    );
  });

  it('carries the versions that document an event and its arguments in each', () => {
    const getframe = find('sys._getframe');
    expect(getframe?.documented_in).toEqual(['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15']);
    expect(getframe?.versions['3.10']?.args).toEqual([]);
    expect(getframe?.versions['3.11']?.args).toEqual(['frame']);
    expect(find('nntplib.connect')?.documented_in).toEqual(['3.8', '3.9', '3.10', '3.11', '3.12']);
    expect(find('open')?.versions['3.8']?.arg_synonyms).toEqual({ path: ['file'] });
  });

  it('carries each version’s references, linked into that version’s docs', () => {
    const connect = find('socket.connect');
    expect(connect?.versions['3.12']?.references[1]).toEqual({
      api: 'socket.socket.connect_ex()',
      url: 'https://docs.python.org/3.12/library/socket.html#socket.socket.connect_ex',
    });
    // The top-level references are those of the newest stable docs, as on the event's page.
    expect(connect?.references.every((reference) => reference.url.startsWith('https://docs.python.org/3.15/'))).toBe(true);
    // Each version's links use that version's own page paths: functions.html moved to builtins/ in 3.13.18 and 3.14.10, not before.
    const open = find('open');
    expect(open?.versions['3.12']?.references[0]?.url).toBe('https://docs.python.org/3.12/library/functions.html#open');
    expect(open?.versions['3.13']?.references[0]?.url).toBe('https://docs.python.org/3.13/builtins/functions.html#open');
    expect(open?.versions['3.14']?.references[0]?.url).toBe('https://docs.python.org/3.14/builtins/functions.html#open');
    expect(open?.references[0]?.url).toBe('https://docs.python.org/3.15/builtins/functions.html#open');
  });

  it('keeps docs/data.md’s example working: the events with a fullpath argument', () => {
    expect(exported.events.filter((event) => event.args.includes('fullpath')).map((event) => event.name)).toEqual(['tempfile.mkdtemp', 'tempfile.mkstemp']);
  });

  it('is rejected by the schema when an event loses a field or gains a duplicate argument', () => {
    const broken = structuredClone(exported);
    const { args: _dropped, ...withoutArgs } = broken.events[0] ?? { args: [] };
    expect(validate({ ...broken, events: [withoutArgs] })).toBe(false);
    const first = broken.events[0];
    if (first) first.args = ['self', 'self'];
    expect(validate(broken)).toBe(false);
  });
});

describe('versionExport', () => {
  it('publishes each version’s table as its file has it, valid against its schema', () => {
    for (const version of versions) {
      const data = versionExport(events, version, { page: urls.page, schema: 'https://example.org/version.schema.json' });
      expect(validateVersion(data), `${version.version}: ${JSON.stringify(validateVersion.errors)}`).toBe(true);
      const file = JSON.parse(readFileSync(`content/versions/${version.version}.json`, 'utf8'));
      expect(data.events.map((event) => [event.name, event.args, event.references.length])).toEqual(
        file.events.map((event: { name: string; args: string[]; references: unknown[] }) => [event.name, event.args, event.references.length]),
      );
      expect(data.internal_events.map((event) => event.name)).toEqual(file.internal_events.map((event: { name: string }) => event.name));
      expect(data.undocumented_events.map((event) => event.name)).toEqual(file.undocumented_events.map((event: { name: string }) => event.name));
    }
  });
});
