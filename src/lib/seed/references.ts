import { parseAuditTable, type AuditEvent } from './parse';

/** A place in the Python docs that raises an event: a page, the anchor on it, and its API. */
export interface Reference {
  page: string;
  anchor: string;
  api: string;
}

/** A reference with its link resolved against the docs' base URL. */
export interface LinkedReference extends Reference {
  url: string;
}

/** An event of the table with the places in the docs that raise it, as the site's pages see it. */
export interface SourcedEvent extends AuditEvent {
  sources: LinkedReference[];
}

/** What `audit-event-references.json` holds, checked. */
export interface ReferenceData {
  docsBaseUrl: string;
  events: { name: string; references: Reference[] }[];
}

/** The references file disagrees with the table, or is not what it should be. */
export class ReferenceMismatchError extends Error {
  constructor(
    readonly file: string,
    readonly reason: string,
  ) {
    super(`${file}: ${reason}`);
    this.name = 'ReferenceMismatchError';
  }
}

/** Reads `audit-event-references.json`, checking that it has the shape the site relies on. */
export function parseReferences(text: string, file = '<references>'): ReferenceData {
  const fail = (reason: string): never => {
    throw new ReferenceMismatchError(file, reason);
  };
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    return fail(`not JSON: ${(error as Error).message}`);
  }
  const root = isObject(data) ? data : fail('expected an object with "docs_base_url" and "events"');
  const docsBaseUrl = root['docs_base_url'];
  if (typeof docsBaseUrl !== 'string' || !/^https?:\/\/.+\/$/.test(docsBaseUrl)) {
    fail('"docs_base_url" must be an http(s) URL ending with "/"');
  }
  const events = Array.isArray(root['events']) ? root['events'] : fail('"events" must be a list');
  return {
    docsBaseUrl: String(docsBaseUrl),
    events: events.map((event: unknown, index) => {
      const where = `events[${index}]`;
      if (!isObject(event) || typeof event['name'] !== 'string' || !Array.isArray(event['references'])) {
        return fail(`${where} must have a "name" and a list of "references"`);
      }
      return {
        name: event['name'],
        references: event['references'].map((reference: unknown, at) => {
          const fields = ['page', 'anchor', 'api'] as const;
          if (!isObject(reference) || fields.some((field) => typeof reference[field] !== 'string' || reference[field] === '')) {
            return fail(`${where} ("${event['name']}") reference ${at + 1} needs a non-empty "page", "anchor" and "api"`);
          }
          return { page: String(reference['page']), anchor: String(reference['anchor']), api: String(reference['api']) };
        }),
      };
    }),
  };
}

/**
 * Checks the references against the table, event by event: the same events in the same order,
 * and as many references as the row has `[n]` markers. Returns each event's references, linked.
 */
export function crossCheck(
  events: readonly Pick<AuditEvent, 'name' | 'references' | 'line'>[],
  data: ReferenceData,
  files: { table: string; references: string },
  docsBaseUrl: string | undefined = data.docsBaseUrl,
): LinkedReference[][] {
  const base = docsBaseUrl ?? data.docsBaseUrl;
  const fail = (reason: string): never => {
    throw new ReferenceMismatchError(files.references, reason);
  };
  const listed = new Map(data.events.map((event, index) => [event.name, index]));
  const table = new Set(events.map((event) => event.name));
  for (const event of events) {
    if (!listed.has(event.name)) fail(`has no entry for the event "${event.name}" of ${files.table}:${event.line}`);
  }
  for (const event of data.events) {
    if (!table.has(event.name)) fail(`lists the event "${event.name}", which ${files.table} does not have`);
  }
  if (data.events.length !== events.length) fail(`lists ${data.events.length} entries for the ${events.length} events of ${files.table}`);
  return events.map((event, index) => {
    const entry = data.events[index];
    if (entry?.name !== event.name) {
      fail(`lists "${entry?.name}" as event ${index + 1}, where ${files.table}:${event.line} has "${event.name}": the order differs`);
    }
    const references = entry?.references ?? [];
    if (references.length !== event.references) {
      fail(
        `event "${event.name}" has ${references.length} references, but ${files.table}:${event.line} has ${event.references} markers`,
      );
    }
    return references.map((reference) => ({ ...reference, url: docsUrl(base, reference) }));
  });
}

/**
 * The events of a table with where the docs raise each: both files parsed, checked against each
 * other and joined. The one way the site, its loader and its tests read the data.
 */
export function sourcedEvents(
  texts: { table: string; references: string },
  files: { table: string; references: string },
  docsBaseUrl?: string,
): SourcedEvent[] {
  const events = parseAuditTable(texts.table, files.table);
  const linked = crossCheck(events, parseReferences(texts.references, files.references), files, docsBaseUrl);
  return events.map((event, index) => ({ ...event, sources: linked[index] ?? [] }));
}

/** Where a reference points: the docs' base URL, the page, `#`, the anchor (the file's own rule). */
export function docsUrl(docsBaseUrl: string, reference: Reference): string {
  return `${docsBaseUrl}${reference.page}#${reference.anchor}`;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
