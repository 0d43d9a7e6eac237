import type { SourcedEvent } from './references';

/** One event in `/events.json`. */
export interface ExportedEvent {
  name: string;
  module: string;
  args: string[];
  references: { api: string; url: string }[];
  url: string;
}

/** The document served at `/events.json`. */
export interface EventsExport {
  $schema: string;
  source: string;
  events: ExportedEvent[];
}

/** The events as data for other tools; `pageUrl` gives the address of an event's page here. */
export function eventsExport(
  events: readonly SourcedEvent[],
  pageUrl: (name: string) => string,
  schemaUrl: string,
): EventsExport {
  return {
    $schema: schemaUrl,
    source: 'https://docs.python.org/3/library/audit_events.html',
    events: events.map((event) => ({
      name: event.name,
      module: event.module,
      args: event.args,
      references: event.sources.map(({ api, url }) => ({ api, url })),
      url: pageUrl(event.name),
    })),
  };
}

/** A JSON Schema (draft 2020-12) for `/events.json`, with its own address as `$id` when known. */
export function eventsSchema(id?: string): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(id ? { $id: id } : {}),
    title: 'CPython audit events',
    description:
      'Every event of the audit events table of the CPython documentation: its name, module, the arguments a hook receives in order, and where the documentation raises it.',
    type: 'object',
    required: ['events'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The address of this schema.' },
      source: { type: 'string', format: 'uri', description: 'The table the events come from.' },
      events: { type: 'array', items: { $ref: '#/$defs/event' } },
    },
    $defs: {
      event: {
        type: 'object',
        required: ['name', 'module', 'args', 'references', 'url'],
        additionalProperties: false,
        properties: {
          name: { type: 'string', minLength: 1, pattern: '^\\S+$', description: 'As sys.audit() raises it, e.g. socket.connect.' },
          module: {
            type: 'string',
            minLength: 1,
            description: 'The part of the name before the first dot; builtins for names without one.',
          },
          args: {
            type: 'array',
            description: "The names of the values in the hook's args tuple, in order.",
            uniqueItems: true,
            items: { type: 'string', pattern: '^[A-Za-z_][A-Za-z0-9_-]*$' },
          },
          references: {
            type: 'array',
            minItems: 1,
            description: "Where the documentation raises the event, in the order of the table's [n] markers.",
            items: {
              type: 'object',
              required: ['api', 'url'],
              additionalProperties: false,
              properties: {
                api: { type: 'string', minLength: 1, description: 'The API documented there, e.g. socket.socket.connect().' },
                url: { type: 'string', format: 'uri' },
              },
            },
          },
          url: {
            type: 'string',
            format: 'uri-reference',
            description: "The event's page on this site: absolute when the site's address is known, else a path.",
          },
        },
      },
    },
  };
}
