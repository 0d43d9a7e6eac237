import type { Behaviour } from './behaviour';
import type { TracedCall } from './trace/schema';

/** `/calls.json`: every traced API, its calls and what each raised in each traced CPython. */
export interface CallsExport {
  $schema: string;
  versions: { version: string; python: string; runtime: string; platform: string; machine: string }[];
  apis: {
    name: string;
    module: string;
    url: string;
    calls: { id: string; setup: string; call: string; traces: Record<string, TracedCall> }[];
  }[];
}

/** The traces as data for other tools; `page` gives the address of an API's page here. */
export function callsExport(behaviour: Behaviour, urls: { page: (name: string) => string; schema: string }): CallsExport {
  return {
    $schema: urls.schema,
    versions: behaviour.versions.map(({ version, python, runtime, platform, machine }) => ({ version, python, runtime, platform, machine })),
    apis: behaviour.apis.map((api) => ({
      name: api.name,
      module: api.module,
      url: urls.page(api.name),
      calls: api.calls.map((call) => ({ id: call.id, setup: call.setup, call: call.call, traces: Object.fromEntries(call.traces) })),
    })),
  };
}

const RELEASE = { type: 'string', pattern: '^3\\.\\d+\\.\\d+((a|b|rc)\\d+)?$' };
const EVENT = {
  type: 'object',
  required: ['name', 'args', 'types', 'repr'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', minLength: 1, pattern: '^\\S+$', description: 'As sys.audit() raised it.' },
    args: { type: 'integer', minimum: 0, description: "How many values the hook's args tuple held." },
    types: { type: 'array', items: { type: 'string', minLength: 1 }, description: 'type(value).__name__ of each value.' },
    repr: { type: 'string', description: "The tuple's repr, run-specific values as placeholders (<tmp>, <pid>, <port>, 0x…), shortened to 120 characters." },
  },
};

/** A JSON Schema (draft 2020-12) for `/calls.json`, with its own address as `$id` when known. */
export function callsSchema(id?: string): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(id ? { $id: id } : {}),
    title: 'What calls of the standard library make CPython raise',
    description: 'Every traced API, each call of it (an untraced setup, the traced call), and per traced CPython the audit events the call raised, in order, or why it did not run.',
    type: 'object',
    required: ['versions', 'apis'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      versions: {
        type: 'array',
        description: 'The CPythons traced, oldest first.',
        items: {
          type: 'object',
          required: ['version', 'python', 'runtime', 'platform', 'machine'],
          additionalProperties: false,
          properties: {
            version: { type: 'string', pattern: '^3\\.\\d+$' },
            python: RELEASE,
            runtime: { type: 'string', description: 'native, or how it ran (Pyodide under Node).' },
            platform: { type: 'string' },
            machine: { type: 'string' },
          },
        },
      },
      apis: {
        type: 'array',
        items: {
          type: 'object',
          required: ['name', 'module', 'url', 'calls'],
          additionalProperties: false,
          properties: {
            name: { type: 'string', description: 'The dotted name, e.g. shutil.copy.' },
            module: { type: 'string' },
            url: { type: 'string', format: 'uri-reference', description: "The API's page on this site." },
            calls: {
              type: 'array',
              minItems: 1,
              items: {
                type: 'object',
                required: ['id', 'setup', 'call', 'traces'],
                additionalProperties: false,
                properties: {
                  id: { type: 'string' },
                  setup: { type: 'string', description: 'Python run first, untraced, in a fresh temporary folder.' },
                  call: { type: 'string', description: 'The traced Python.' },
                  traces: {
                    type: 'object',
                    description: 'By minor version: what the call raised there, or why it did not run.',
                    propertyNames: { pattern: '^3\\.\\d+$' },
                    additionalProperties: {
                      oneOf: [
                        {
                          type: 'object',
                          required: ['status', 'events'],
                          additionalProperties: false,
                          properties: {
                            status: { const: 'ok' },
                            events: { type: 'array', items: EVENT },
                            truncated: { const: true },
                            first_imports: { type: 'array', items: { type: 'string' }, description: 'Modules the first call also imported.' },
                            first_events: { type: 'integer', minimum: 1, description: 'How many more events the first call raised.' },
                          },
                        },
                        {
                          type: 'object',
                          required: ['status', 'error'],
                          additionalProperties: false,
                          properties: { status: { const: 'not run' }, error: { type: 'string' } },
                        },
                      ],
                    },
                  },
                },
              },
            },
          },
        },
      },
    },
  };
}
