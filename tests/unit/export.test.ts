import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { describe, expect, it } from 'vitest';
import { eventsExport, eventsSchema } from '../../src/lib/export';
import { parseAuditTable } from '../../src/lib/parse-table';
import { sourcedEvents } from '../../src/lib/references';

const FILES = { table: 'content/audit-events.txt', references: 'content/audit-event-references.json' };
const sourced = sourcedEvents({ table: readFileSync(FILES.table, 'utf8'), references: readFileSync(FILES.references, 'utf8') }, FILES);
const events = parseAuditTable(readFileSync(FILES.table, 'utf8'));

const ajv = new Ajv2020({ allErrors: true, strict: true });
addFormats.default(ajv);
const validate = ajv.compile(eventsSchema('https://example.org/events.schema.json'));

describe('eventsExport', () => {
  const exported = eventsExport(sourced, (name) => `https://example.org/events/${name}/`, 'https://example.org/events.schema.json');

  it('is valid against its JSON Schema', () => {
    expect(validate(exported), JSON.stringify(validate.errors)).toBe(true);
  });

  it('holds every event of the table, in order, with its arguments and linked references', () => {
    expect(exported.events.map((event) => [event.name, event.module, event.args])).toEqual(
      events.map((event) => [event.name, event.module, event.args]),
    );
    expect(exported.events.flatMap((event) => event.references)).toHaveLength(84);
    expect(exported.events.find((event) => event.name === 'open')?.references[2]).toEqual({
      api: 'os.open()',
      url: 'https://docs.python.org/3.8/library/os.html#os.open',
    });
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
