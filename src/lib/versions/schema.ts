import { z } from 'astro/zod';
import { compareReleases } from './ranges';

export { compareReleases, compareVersions } from './ranges';

/**
 * The facts files of `content/versions/`: one per CPython minor version (`3.12.json`) and
 * `history.json`. Their fields are described in `content/versions/README.md`. Everything here is
 * pure: the loader reads the files and hands their text to these functions.
 */

const text = z.string().min(1);
/** An event name as `sys.audit()` raises it: anything without white space. */
const eventName = z.string().regex(/^\S+$/, 'an event name must be non-empty and without spaces');
const argumentName = z.string().min(1, 'an empty argument name');
/** A CPython release: `3.12.6`, `3.14.0rc1`, `3.15.0a8`. */
const release = z.string().regex(/^3\.\d+\.\d+(?:(?:a|b|rc)\d+)?$/, 'a release is written like 3.12.6 or 3.15.0a8');

const raiseSite = z.strictObject({ file: text, line: z.number().int().positive(), function: text });
const reference = z.strictObject({ page: text, anchor: text, api: text });

const documentedEvent = z.strictObject({
  name: eventName,
  args: z.array(argumentName),
  /** Other spellings of an argument in that version's directives: the same argument. */
  arg_synonyms: z.record(argumentName, z.array(argumentName).min(1)).optional(),
  references: z.array(reference).min(1),
  /** Absent where the version's source was not scanned; empty where it was and nothing raises the name. */
  raised_at: z.array(raiseSite).optional(),
});

const internalEvent = z.strictObject({
  name: eventName,
  args: z.array(argumentName),
  raised_at: z.array(raiseSite).optional(),
});

const undocumentedEvent = z.strictObject({
  name: eventName,
  raised_at: z.array(raiseSite).min(1),
});

/** One minor version's file, as the zod schema reads it. */
export const versionFileSchema = z.strictObject({
  version: z.string().regex(/^3\.\d+$/, 'a version is written like 3.12'),
  release,
  status: z.enum(['stable', 'pre-release']),
  docs_base_url: z.url().regex(/^https?:\/\/.+\/$/, 'the docs base URL must end with "/"'),
  docs_source: text,
  code_release: release.nullable(),
  code_source: text.nullable(),
  events: z.array(documentedEvent).min(1),
  internal_events: z.array(internalEvent),
  undocumented_events: z.array(undocumentedEvent),
});

const historyEntry = z.strictObject({
  first_documented: release.nullable(),
  last_documented: release.nullable(),
  first_raised: release.nullable(),
  last_raised: release.nullable(),
});

/** `history.json`, as the zod schema reads it. */
export const historyFileSchema = z.strictObject({
  about: z.strictObject({
    description: text,
    documented_from: text,
    raised_from: text,
    docs_releases: z.array(release).min(1),
    // Empty where only docs builds were read.
    code_releases: z.array(release),
    not_available: text,
  }),
  events: z.record(eventName, historyEntry),
});

export type VersionFile = z.infer<typeof versionFileSchema>;
export type DocumentedEntry = z.infer<typeof documentedEvent>;
export type InternalEntry = z.infer<typeof internalEvent>;
export type RaiseSite = z.infer<typeof raiseSite>;
export type HistoryFile = z.infer<typeof historyFileSchema>;
export type HistoryEntry = z.infer<typeof historyEntry>;

/** A fault in a data file, naming the file and, where there is one, the event (or the call). */
export class VersionDataError extends Error {
  constructor(
    readonly file: string,
    readonly event: string | undefined,
    readonly fault: string,
    /** What `event` names: an event, a call of the corpus, or an attack of the red team. */
    readonly kind: 'event' | 'call' | 'attack' = 'event',
  ) {
    super(event === undefined ? `${file}: ${fault}` : `${file}: ${kind} "${event}": ${fault}`);
    this.name = 'VersionDataError';
  }
}

// The lists of a version file that hold events, in the order the faults are reported.
const LISTS = ['events', 'internal_events', 'undocumented_events'] as const;

/**
 * Reads one version file: the zod schema, then the consistency the schema cannot say (no event
 * twice, no event in both tables, the version its name gives, raise sites exactly where the
 * source was scanned). Throws a `VersionDataError` naming the file, the event and the fault.
 */
export function parseVersionFile(source: string, file: string): VersionFile {
  const data = parseJson(source, file);
  const result = versionFileSchema.safeParse(data);
  if (!result.success) throw schemaError(result.error.issues, data, file);
  const parsed = result.data;
  const fail = (event: string | undefined, fault: string): never => {
    throw new VersionDataError(file, event, fault);
  };

  const named = /(?:^|[\\/])(3\.\d+)\.json$/.exec(file)?.[1];
  if (named !== undefined && parsed.version !== named) {
    fail(undefined, `the version is "${parsed.version}", but the file is named ${named}.json`);
  }
  for (const [field, value] of [
    ['release', parsed.release],
    ['code_release', parsed.code_release],
  ] as const) {
    if (value !== null && !value.startsWith(`${parsed.version}.`)) {
      fail(undefined, `"${field}" ${value} is not a release of ${parsed.version}`);
    }
  }
  const preRelease = /[a-z]/.test(parsed.release);
  if (preRelease !== (parsed.status === 'pre-release')) {
    fail(undefined, `"status" is "${parsed.status}", but the release ${parsed.release} is ${preRelease ? 'a pre-release' : 'final'}`);
  }
  if ((parsed.code_release === null) !== (parsed.code_source === null)) {
    fail(undefined, '"code_release" and "code_source" must both be set or both be null');
  }

  const where = new Map<string, string>();
  for (const list of LISTS) {
    parsed[list].forEach((event, index) => {
      const first = where.get(event.name);
      if (first === `${list}`) fail(event.name, `listed twice in "${list}" (the second time at ${list}[${index}])`);
      if (first !== undefined) fail(event.name, `listed in both "${first}" and "${list}"`);
      where.set(event.name, list);
    });
  }

  const names = parsed.events.map((event) => event.name);
  names.forEach((name, index) => {
    const before = names[index - 1];
    if (before !== undefined && !(before < name)) {
      fail(name, `out of table order: the docs' table sorts names, and "${before}" comes before it`);
    }
  });

  const scanned = parsed.code_release !== null;
  for (const event of [...parsed.events, ...parsed.internal_events]) {
    const seen = new Set<string>();
    for (const arg of event.args) {
      if (seen.has(arg)) fail(event.name, `the argument "${arg}" is listed twice`);
      seen.add(arg);
    }
    if (scanned && event.raised_at === undefined) {
      fail(event.name, `has no "raised_at", but the source of ${parsed.code_release} was scanned`);
    }
    if (!scanned && event.raised_at !== undefined) fail(event.name, 'has "raised_at", but no source was scanned ("code_release" is null)');
  }
  for (const event of parsed.events) {
    for (const [arg, spellings] of Object.entries(event.arg_synonyms ?? {})) {
      if (!event.args.includes(arg)) fail(event.name, `"arg_synonyms" names "${arg}", which is not one of its arguments`);
      const clash = spellings.find((spelling) => spelling !== arg && event.args.includes(spelling));
      if (clash !== undefined) fail(event.name, `"arg_synonyms" makes "${clash}" a spelling of "${arg}", but both are arguments`);
    }
  }
  if (!scanned && parsed.undocumented_events.length > 0) {
    fail(parsed.undocumented_events[0]?.name, 'is listed as undocumented, but no source was scanned ("code_release" is null)');
  }
  return parsed;
}

/**
 * Reads the file of a release a newer one replaced (`releases/3.14.6.json`): a version file, named
 * after its release, kept so that what the docs of earlier releases said stays known.
 */
export function parseReleaseFile(source: string, file: string): VersionFile {
  const parsed = parseVersionFile(source, file);
  const named = /(?:^|[\\/])([^\\/]+)\.json$/.exec(file)?.[1];
  if (named !== undefined && named !== parsed.release) {
    throw new VersionDataError(file, undefined, `the release is "${parsed.release}", but the file is named ${named}.json`);
  }
  return parsed;
}

/** Reads `history.json`: the zod schema, then each entry's releases against the releases it lists. */
export function parseHistoryFile(source: string, file: string): HistoryFile {
  const data = parseJson(source, file);
  const result = historyFileSchema.safeParse(data);
  if (!result.success) throw schemaError(result.error.issues, data, file);
  const history = result.data;
  const docs = new Set(history.about.docs_releases);
  const code = new Set(history.about.code_releases);
  for (const [name, entry] of Object.entries(history.events)) {
    const pairs = [
      ['documented', entry.first_documented, entry.last_documented, docs, 'docs_releases'],
      ['raised', entry.first_raised, entry.last_raised, code, 'code_releases'],
    ] as const;
    for (const [what, first, last, releases, list] of pairs) {
      if ((first === null) !== (last === null)) {
        throw new VersionDataError(file, name, `"first_${what}" and "last_${what}" must both be set or both be null`);
      }
      for (const value of [first, last]) {
        if (value !== null && !releases.has(value)) {
          throw new VersionDataError(file, name, `${what} in ${value}, which "about.${list}" does not list`);
        }
      }
      if (first !== null && last !== null && compareReleases(first, last) > 0) {
        throw new VersionDataError(file, name, `"first_${what}" ${first} comes after "last_${what}" ${last}`);
      }
    }
    if (entry.first_documented === null && entry.first_raised === null) {
      throw new VersionDataError(file, name, 'is neither documented nor raised anywhere');
    }
  }
  return history;
}

/**
 * Checks the history against the version files: every name a version lists or raises has an
 * entry, and that version's release lies within the entry's documented (or raised) releases.
 */
export function checkHistory(history: HistoryFile, versions: readonly VersionFile[], files: { history: string; version: (file: VersionFile) => string }): void {
  for (const version of versions) {
    const file = files.version(version);
    const listed = [...version.events, ...version.internal_events];
    const raised = [...listed.filter((event) => (event.raised_at?.length ?? 0) > 0), ...version.undocumented_events];
    const check = (name: string, what: 'documented' | 'raised', at: string) => {
      const entry = history.events[name];
      if (!entry) throw new VersionDataError(files.history, name, `has no entry, but ${file} lists it`);
      const first = entry[`first_${what}`];
      const last = entry[`last_${what}`];
      if (first === null || last === null || compareReleases(first, at) > 0 || compareReleases(at, last) > 0) {
        throw new VersionDataError(
          files.history,
          name,
          `${what} ${first === null ? 'never' : `from ${first} to ${last}`}, but ${file} has it ${what} in ${at}`,
        );
      }
    };
    for (const event of listed) check(event.name, 'documented', version.release);
    if (version.code_release !== null) for (const event of raised) check(event.name, 'raised', version.code_release);
  }
}

/** A file's text as JSON; a fault names the file. */
export function parseJson(source: string, file: string): unknown {
  try {
    return JSON.parse(source);
  } catch (error) {
    throw new VersionDataError(file, undefined, `not JSON: ${(error as Error).message}`);
  }
}

type Issue = z.core.$ZodIssue;

function valueAt(data: unknown, path: readonly PropertyKey[]): unknown {
  return path.reduce<unknown>((value, key) => (typeof value === 'object' && value !== null ? (value as Record<PropertyKey, unknown>)[key] : undefined), data);
}

// The first fault zod found, said in the file's terms: the event by its name, the field by its path.
function schemaError(issues: readonly Issue[], data: unknown, file: string): VersionDataError {
  const issue = issues[0];
  if (!issue) return new VersionDataError(file, undefined, 'does not match the schema');
  const path = [...issue.path];
  let event: string | undefined;
  let rest = path;
  const [list, index] = path;
  if (typeof list === 'string' && (LISTS as readonly string[]).includes(list) && typeof index === 'number') {
    const entry = (data as Record<string, unknown[]>)[list]?.[index] as { name?: unknown } | undefined;
    event = typeof entry?.name === 'string' && entry.name !== '' ? entry.name : `${list}[${index}]`;
    rest = path.slice(2);
  } else if (list === 'events' && typeof index === 'string') {
    // history.json keys its events by name.
    event = index;
    rest = path.slice(2);
  }
  const field = rest.map((part, at) => (typeof part === 'number' ? `[${part}]` : `${at === 0 ? '' : '.'}${String(part)}`)).join('');
  let fault: string;
  if (issue.code === 'unrecognized_keys') {
    const keys = issue.keys.map((key) => `"${key}"`).join(', ');
    fault = `unknown field${issue.keys.length === 1 ? '' : 's'} ${keys}${field ? ` in ${field}` : ''}`;
  } else if (issue.code === 'invalid_type' && valueAt(data, path) === undefined) {
    fault = `the field "${field}" is missing`;
  } else if (field === '') {
    fault = issue.message;
  } else {
    fault = `${field}: ${issue.message}`;
  }
  return new VersionDataError(file, event, fault);
}
