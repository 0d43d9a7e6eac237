import type { Behaviour } from '../behaviour/calls';
import type { TracedCall } from '../trace/schema';

type Run = { run: string; version: string; python: string; runtime: string; platform: string; machine: string };

/** `/calls.json`: every traced API, its calls and what each raised in each traced CPython, each version's own run and every other. */
export interface CallsExport {
  $schema: string;
  /** Each version's own run (native, on Linux): the traces by version. */
  versions: Run[];
  /** Every other run (CPython in WebAssembly, other platforms): the traces by run. */
  elsewhere: Run[];
  apis: {
    name: string;
    module: string;
    url: string;
    calls: { id: string; setup: string; call: string; traces: Record<string, TracedCall>; elsewhere: Record<string, TracedCall> }[];
  }[];
}

/** The traces as data for other tools; `page` gives the address of an API's page here. */
export function callsExport(behaviour: Behaviour, urls: { page: (name: string) => string; schema: string }): CallsExport {
  return {
    $schema: urls.schema,
    versions: behaviour.versions.map(({ run, version, python, runtime, platform, machine }) => ({ run, version, python, runtime, platform, machine })),
    elsewhere: behaviour.others.map(({ run, version, python, runtime, platform, machine }) => ({ run, version, python, runtime, platform, machine })),
    apis: behaviour.apis.map((api) => ({
      name: api.name,
      module: api.module,
      url: urls.page(api.name),
      calls: api.calls.map((call) => ({ id: call.id, setup: call.setup, call: call.call, traces: Object.fromEntries(call.traces), elsewhere: Object.fromEntries(call.elsewhere) })),
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
// A run of the trace: each version's own, or another (Pyodide's, another platform's).
const RUN = (description: string, run: string) => ({
  type: 'object',
  description,
  required: ['run', 'version', 'python', 'runtime', 'platform', 'machine'],
  additionalProperties: false,
  properties: {
    run: { type: 'string', pattern: run, description: 'The run, as its trace file is named: 3.14 for a version\'s own, pyodide-3.14, win32-3.14 for others.' },
    version: { type: 'string', pattern: '^3\\.\\d+$' },
    python: RELEASE,
    runtime: { type: 'string', description: 'native, or how it ran (Pyodide under Node).' },
    platform: { type: 'string', description: 'sys.platform: linux, win32, darwin, emscripten.' },
    machine: { type: 'string' },
  },
});
const TRACED = {
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
};

export function callsSchema(id?: string): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(id ? { $id: id } : {}),
    title: 'What calls of the standard library make CPython raise',
    description: 'Every traced API, each call of it (an untraced setup, the traced call), and per traced CPython the audit events the call raised, in order, or why it did not run.',
    type: 'object',
    required: ['versions', 'elsewhere', 'apis'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      versions: { type: 'array', description: "Each version's own run (native, on Linux), oldest first.", items: RUN('A version\'s own run.', '^3\\.\\d+$') },
      elsewhere: { type: 'array', description: 'Every other run: CPython in WebAssembly, other platforms.', items: RUN('Another run.', '^[a-z0-9]+-3\\.\\d+$') },
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
                required: ['id', 'setup', 'call', 'traces', 'elsewhere'],
                additionalProperties: false,
                properties: {
                  id: { type: 'string' },
                  setup: { type: 'string', description: 'Python run first, untraced, in a fresh temporary folder.' },
                  call: { type: 'string', description: 'The traced Python.' },
                  traces: {
                    type: 'object',
                    description: "By minor version, its own run: what the call raised there, or why it did not run.",
                    propertyNames: { pattern: '^3\\.\\d+$' },
                    additionalProperties: TRACED,
                  },
                  elsewhere: {
                    type: 'object',
                    description: 'By other run (pyodide-3.14, win32-3.14): what the call raised there, or why it did not run.',
                    propertyNames: { pattern: '^[a-z0-9]+-3\\.\\d+$' },
                    additionalProperties: TRACED,
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
