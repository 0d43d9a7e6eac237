import { CATEGORY_NAME } from '../views/categories';
import type { RaiseSite } from '../versions/schema';
import { docsListing, documentedIn, versionList, type Listing, type Version, type VersionedEvent } from '../versions/events';

/** A reference as the data publishes it: the API and the absolute URL in that version's docs. */
export interface ExportedReference {
  api: string;
  url: string;
}

/** An event in one version, in `/events.json`. */
export interface ExportedAppearance {
  table: Listing;
  args: string[];
  arg_synonyms?: Record<string, string[]>;
  references: ExportedReference[];
  /** Absent where that version's source was not scanned. */
  raised_at?: RaiseSite[];
  /** Earlier releases of that version whose docs gave other arguments; absent where none did. */
  earlier_releases?: { release: string; args: string[] }[];
}

/** One event in `/events.json`. */
export interface ExportedEvent {
  name: string;
  module: string;
  /** `documented` when some version's main table lists it, `internal`, or `undocumented`. */
  listing: Listing;
  /** The arguments in the newest version that lists the event. */
  args: string[];
  /** The references in the docs the site links: the newest stable version that lists the event. */
  references: ExportedReference[];
  /** The versions whose main table lists it. */
  documented_in: string[];
  /** What it is about (`content/categories.json`): filesystem, process, network … */
  categories: string[];
  versions: Record<string, ExportedAppearance>;
  url: string;
}

/** The document served at `/events.json`. */
export interface EventsExport {
  $schema: string;
  source: string;
  versions: { version: string; release: string; status: string; docs_base_url: string; code_release: string | null; url: string }[];
  events: ExportedEvent[];
}

/**
 * Every event of every version as data for other tools; `pageUrl` gives the address of an
 * event's page here and `versionUrl` that of a version's data.
 */
export function eventsExport(
  events: readonly VersionedEvent[],
  versions: readonly Version[],
  urls: { page: (name: string) => string; version: (version: string) => string; schema: string },
  categoriesOf: (name: string) => readonly string[] = () => [],
): EventsExport {
  return {
    $schema: urls.schema,
    source: 'https://docs.python.org/3/library/audit_events.html',
    versions: versions.map((version) => ({
      version: version.version,
      release: version.release,
      status: version.status,
      docs_base_url: version.docsBaseUrl,
      code_release: version.codeRelease,
      url: urls.version(version.version),
    })),
    events: events.map((event) => ({
      name: event.name,
      module: event.module,
      listing: event.listing,
      args: event.args,
      references: (docsListing(event, versions)?.references ?? []).map(({ api, url }) => ({ api, url })),
      documented_in: documentedIn(event),
      categories: [...categoriesOf(event.name)],
      versions: Object.fromEntries(
        event.appearances.map((a) => [
          a.version,
          {
            table: a.listing,
            args: a.args,
            ...(Object.keys(a.synonyms).length > 0 ? { arg_synonyms: a.synonyms } : {}),
            references: a.references.map(({ api, url }) => ({ api, url })),
            ...(a.raisedAt ? { raised_at: a.raisedAt } : {}),
            ...(a.earlier.length > 0 ? { earlier_releases: a.earlier.map(({ release, args }) => ({ release, args })) } : {}),
          },
        ]),
      ),
      url: urls.page(event.name),
    })),
  };
}

/** One version's tables as data, as served at `/versions/<version>.json`. */
export function versionExport(events: readonly VersionedEvent[], version: Version, urls: { page: (name: string) => string; schema: string }) {
  const of = (listing: Listing) => versionList(events, version.version, listing).map(({ event, appearance }) => ({ event, a: appearance }));
  const sites = (raisedAt: RaiseSite[] | undefined) => (raisedAt ? { raised_at: raisedAt } : {});
  return {
    $schema: urls.schema,
    version: version.version,
    release: version.release,
    status: version.status,
    docs_base_url: version.docsBaseUrl,
    code_release: version.codeRelease,
    events: of('documented').map(({ event, a }) => ({
      name: event.name,
      args: a.args,
      ...(Object.keys(a.synonyms).length > 0 ? { arg_synonyms: a.synonyms } : {}),
      references: a.references.map(({ page, anchor, api, url }) => ({ page, anchor, api, url })),
      ...sites(a.raisedAt),
      url: urls.page(event.name),
    })),
    internal_events: of('internal').map(({ event, a }) => ({ name: event.name, args: a.args, ...sites(a.raisedAt), url: urls.page(event.name) })),
    undocumented_events: of('undocumented').map(({ event, a }) => ({ name: event.name, ...sites(a.raisedAt), url: urls.page(event.name) })),
  };
}

const NAME = { type: 'string', minLength: 1, pattern: '^\\S+$', description: 'As sys.audit() raises it, e.g. socket.connect.' };
const ARGS = {
  type: 'array',
  description: "The names of the values in the hook's args tuple, in order.",
  uniqueItems: true,
  items: { type: 'string', minLength: 1 },
};
const SYNONYMS = {
  type: 'object',
  description: 'Other spellings of an argument in that version\u2019s docs: the same value.',
  additionalProperties: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1 } },
};
const VERSION = { type: 'string', pattern: '^3\\.\\d+$' };
const RELEASE = { type: 'string', pattern: '^3\\.\\d+\\.\\d+((a|b|rc)\\d+)?$' };
const TABLE = {
  enum: ['documented', 'internal', 'undocumented'],
  description: 'The main audit events table, the table of events raised internally, or neither (raised by the source only).',
};
const RAISED_AT = {
  type: 'array',
  description: "Where that version's scanned source raises the event: absent where the source was not scanned.",
  items: {
    type: 'object',
    required: ['file', 'line', 'function'],
    additionalProperties: false,
    properties: {
      file: { type: 'string', minLength: 1, description: 'Relative to the root of the CPython source tree.' },
      line: { type: 'integer', minimum: 1 },
      function: { type: 'string', minLength: 1, description: 'The enclosing function, or <module>.' },
    },
  },
};
const PAGE_URL = {
  type: 'string',
  format: 'uri-reference',
  description: "The event's page on this site: absolute when the site's address is known, else a path.",
};
const reference = (fields: string[]) => ({
  type: 'object',
  required: fields,
  additionalProperties: false,
  properties: {
    api: { type: 'string', minLength: 1, description: 'The API documented there, e.g. socket.socket.connect().' },
    url: { type: 'string', format: 'uri' },
    page: { type: 'string', minLength: 1 },
    anchor: { type: 'string', minLength: 1 },
  },
});

/** A JSON Schema (draft 2020-12) for `/events.json`, with its own address as `$id` when known. */
export function eventsSchema(id?: string): Record<string, unknown> {
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(id ? { $id: id } : {}),
    title: 'CPython audit events, every version',
    description:
      'Every audit event that the CPython documentation of any version lists, or that its source raises: the versions that document it, the arguments a hook receives in each, and where each version\u2019s docs and source raise it.',
    type: 'object',
    required: ['events', 'versions'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string', description: 'The address of this schema.' },
      source: { type: 'string', format: 'uri', description: 'The table the events come from.' },
      versions: {
        type: 'array',
        description: 'The versions, oldest first; each is the newest release of that minor version.',
        items: {
          type: 'object',
          required: ['version', 'release', 'status', 'docs_base_url', 'code_release', 'url'],
          additionalProperties: false,
          properties: {
            version: VERSION,
            release: RELEASE,
            status: { enum: ['stable', 'pre-release'] },
            docs_base_url: { type: 'string', format: 'uri' },
            code_release: { anyOf: [RELEASE, { type: 'null' }], description: 'The release whose source was scanned for raise sites.' },
            url: { type: 'string', format: 'uri-reference', description: "That version's tables as data." },
          },
        },
      },
      events: { type: 'array', items: { $ref: '#/$defs/event' } },
    },
    $defs: {
      event: {
        type: 'object',
        required: ['name', 'module', 'listing', 'args', 'references', 'documented_in', 'categories', 'versions', 'url'],
        additionalProperties: false,
        properties: {
          name: NAME,
          module: { type: 'string', minLength: 1, description: 'The part of the name before the first dot; builtins for names without one.' },
          listing: { ...TABLE, description: 'documented if any version\u2019s main table lists it; internal if only a table of events raised internally does; undocumented if no docs list it.' },
          args: { ...ARGS, description: "The arguments in the newest version whose docs list the event, in the order of the hook's args tuple." },
          references: {
            type: 'array',
            description: "Where the docs of the newest stable version that lists the event (else the pre-release) raise it, in the order of its table's [n] markers.",
            items: reference(['api', 'url']),
          },
          documented_in: { type: 'array', items: VERSION, description: 'The versions whose main table lists the event.' },
          categories: {
            type: 'array',
            items: { type: 'string', pattern: CATEGORY_NAME.source },
            description: 'What the event is about: the names of its categories (filesystem, process, network …), each with a page at /categories/<name>/.',
          },
          versions: {
            type: 'object',
            description: 'The event in each version that lists or raises it, keyed by version.',
            propertyNames: VERSION,
            additionalProperties: {
              type: 'object',
              required: ['table', 'args', 'references'],
              additionalProperties: false,
              properties: {
                table: TABLE,
                args: ARGS,
                arg_synonyms: SYNONYMS,
                references: { type: 'array', items: reference(['api', 'url']) },
                raised_at: RAISED_AT,
                earlier_releases: {
                  type: 'array',
                  description: "Earlier releases of that version whose docs gave the event other arguments than the version's own release (3.14.6 listed sys.remote_exec with pid only), oldest first.",
                  items: { type: 'object', required: ['release', 'args'], additionalProperties: false, properties: { release: RELEASE, args: ARGS } },
                },
              },
            },
          },
          url: PAGE_URL,
        },
      },
    },
  };
}

/** A JSON Schema (draft 2020-12) for `/versions/<version>.json`. */
export function versionSchema(id?: string): Record<string, unknown> {
  const entry = (required: string[], properties: Record<string, unknown>) => ({
    type: 'array',
    items: { type: 'object', required: ['name', ...required, 'url'], additionalProperties: false, properties: { name: NAME, ...properties, url: PAGE_URL } },
  });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...(id ? { $id: id } : {}),
    title: 'The audit events of one CPython version',
    description: "One minor version's audit events table in its docs' order, its table of events raised internally, and the events its source raises that neither lists.",
    type: 'object',
    required: ['version', 'release', 'status', 'docs_base_url', 'code_release', 'events', 'internal_events', 'undocumented_events'],
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      version: VERSION,
      release: RELEASE,
      status: { enum: ['stable', 'pre-release'] },
      docs_base_url: { type: 'string', format: 'uri' },
      code_release: { anyOf: [RELEASE, { type: 'null' }] },
      events: entry(['args', 'references'], {
        args: ARGS,
        arg_synonyms: SYNONYMS,
        references: { type: 'array', minItems: 1, items: reference(['page', 'anchor', 'api', 'url']) },
        raised_at: RAISED_AT,
      }),
      internal_events: entry(['args'], { args: ARGS, raised_at: RAISED_AT }),
      undocumented_events: entry(['raised_at'], { raised_at: { ...RAISED_AT, minItems: 1 } }),
    },
  };
}
