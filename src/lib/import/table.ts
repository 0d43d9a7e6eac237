import { isCallable, type AuditDirective, type DocumentedObject, type Enclosing, type RstDocument } from './rst';

/** A reference as the facts files hold it. */
export interface ImportedReference {
  page: string;
  anchor: string;
  api: string;
}

/** One row of the rebuilt table, before raise sites are added. */
export interface TableRow {
  name: string;
  args: string[];
  arg_synonyms?: Record<string, string[]>;
  references: ImportedReference[];
}

/** Labels known from earlier data, to keep an API's label the same from one version to the next. */
export interface KnownLabels {
  /** `event \0 page \0 anchor` → label (the 3.8.0 references file, then each version file, newest first). */
  byEvent: Map<string, string>;
  /** `page \0 anchor` → label. */
  byAnchor: Map<string, string>;
  /** `event \0 page \0 k` → label of the k-th generated anchor of that event on that page. */
  byGenerated: Map<string, string>;
}

/** The newest spelling of each event's arguments, from the newest data that lists it. */
export type NewestArgs = Map<string, string[]>;

// CPython's extension treats these spellings as one argument (Doc/tools/extensions/audit_events.py).
const SYNONYMS = [new Set(['file', 'path', 'fd'])];

/** Whether two argument names are the same argument to CPython's extension. */
export function synonymous(a: string, b: string): boolean {
  return a === b || SYNONYMS.some((set) => set.has(a) && set.has(b));
}

const GENERATED = /^audit_event_.*_(\d+)$/;

/**
 * Rebuilds the audit events table from every document's directives as CPython's extension does:
 * documents in sorted order (a serial Sphinx build), the first directive read for a name fixes its
 * arguments, a missing or empty target becomes `audit_event_<name>_<sources so far>`, references
 * are `sorted(set((document, target)))`. Arguments take the spelling of the newest data that lists
 * the event where they are synonyms of it, and every other synonym spelling read is kept.
 */
export function buildTable(documents: Map<string, RstDocument>, known: KnownLabels, newest: NewestArgs): TableRow[] {
  const events = new Map<string, { args: string[]; spellings: string[][]; sources: [string, string, AuditDirective][] }>();
  for (const docname of [...documents.keys()].sort(pyCompare)) {
    for (const directive of documents.get(docname)?.directives ?? []) {
      const entry = events.get(directive.name) ?? { args: directive.args, spellings: [], sources: [] };
      entry.spellings.push(directive.args);
      const target = directive.target ? directive.target : `audit_event_${directive.name.replace(/[^\p{L}\p{N}_]/gu, '_')}_${entry.sources.length}`;
      entry.sources.push([docname, target, directive]);
      events.set(directive.name, entry);
    }
  }
  return [...events.keys()].sort(pyCompare).map((name) => {
    const entry = events.get(name);
    if (!entry) throw new Error(name);
    const unique = new Map<string, [string, string, AuditDirective]>();
    for (const source of entry.sources) {
      const key = `${source[0]}\u0000${source[1]}`;
      if (!unique.has(key)) unique.set(key, source);
    }
    const sorted = [...unique.values()].sort((a, b) => pyCompare(a[0], b[0]) || pyCompare(a[1], b[1]));
    const generatedRank = new Map<string, number>();
    const references = sorted.map(([docname, anchor, directive]) => {
      const page = `${docname}.html`;
      let rank: number | undefined;
      if (!directive.target) {
        rank = generatedRank.get(page) ?? 0;
        generatedRank.set(page, rank + 1);
      }
      return { page, anchor, api: labelFor(name, page, anchor, rank, directive, documents.get(docname)?.objects ?? [], known) };
    });
    const { args, synonyms } = spelled(entry.args, entry.spellings, newest.get(name));
    return { name, args, ...(synonyms ? { arg_synonyms: synonyms } : {}), references };
  });
}

/**
 * The arguments in the newest spelling where it names the same arguments, and every other
 * spelling of an argument read in this version's directives, by the spelling used.
 */
function spelled(first: string[], spellings: string[][], newest: string[] | undefined): { args: string[]; synonyms: Record<string, string[]> | undefined } {
  const same = newest && newest.length === first.length && newest.every((arg, at) => synonymous(arg, first[at] ?? ''));
  const args = same && newest ? [...newest] : [...first];
  const synonyms: Record<string, string[]> = {};
  for (const spelling of spellings) {
    if (spelling.length !== args.length) continue;
    spelling.forEach((arg, at) => {
      const canonical = args[at] ?? '';
      if (arg === canonical || !synonymous(arg, canonical)) return;
      const list = (synonyms[canonical] ??= []);
      if (!list.includes(arg)) list.push(arg);
    });
  }
  return { args, synonyms: Object.keys(synonyms).length > 0 ? synonyms : undefined };
}

/**
 * The label of an API that raises an event: the label earlier data gave the same event, page and
 * anchor (or the same generated anchor's place on the page, whose number shifts between builds);
 * else one derived from the object the anchor names, or from the directive around the audit-event
 * directive: `()` for functions and methods, `NAME() (C API)` for C functions, `… (command-line
 * option)` and `… (environment variable)`.
 */
export function labelFor(
  event: string,
  page: string,
  anchor: string,
  rank: number | undefined,
  directive: AuditDirective,
  objects: readonly DocumentedObject[],
  known: KnownLabels,
): string {
  const remembered = rememberedLabel(event, page, anchor, rank, known);
  if (remembered) return remembered;
  const named = rank === undefined ? objects.find((object) => object.anchor === anchor) : undefined;
  const object = named ?? directive.enclosing;
  if (object) return describeObject(object);
  if (anchor.startsWith('c.')) return `${anchor.slice(2)}() (C API)`;
  return anchor;
}

/**
 * The label earlier data gave a reference: of the same event, page and anchor, or for a generated
 * anchor (`rank` is its place among the event's generated anchors on the page, whose numbers shift
 * between builds) of the same place; else of the same page and anchor for any event.
 */
export function rememberedLabel(event: string, page: string, anchor: string, rank: number | undefined, known: KnownLabels): string | undefined {
  if (rank !== undefined) return known.byGenerated.get(`${event}\u0000${page}\u0000${rank}`);
  return known.byEvent.get(`${event}\u0000${page}\u0000${anchor}`) ?? known.byAnchor.get(`${page}\u0000${anchor}`);
}

/** Whether an anchor is one the docs' extension generated (`audit_event_os_system_1`). */
export function isGeneratedAnchor(anchor: string): boolean {
  return GENERATED.test(anchor);
}

/** An object's label: `socket.socket.connect()`, `subprocess.Popen`, `PyConfig_Set() (C API)`. */
export function describeObject(object: Enclosing): string {
  if (object.domain === 'c') {
    const name = /(\w+)\s*\(/.exec(object.signature)?.[1] ?? object.signature;
    return object.type === 'function' || object.type === 'macro' ? `${name}() (C API)` : `${name} (C API)`;
  }
  if (object.type === 'option' || object.type === 'cmdoption') return `${object.signature.split(/,\s*/)[0]} (command-line option)`;
  if (object.type === 'envvar') return `${object.signature} (environment variable)`;
  if (object.type === 'describe' || object.type === 'object') return `${object.signature} (command-line argument)`;
  const name = object.fullName ?? object.signature;
  return isCallable(object.type) ? `${name}()` : name;
}

/** Python's order of strings: by code point. */
export function pyCompare(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  for (let at = 0; at < Math.min(x.length, y.length); at++) {
    const difference = (x[at]?.codePointAt(0) ?? 0) - (y[at]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return x.length - y.length;
}

/**
 * The labels earlier data gives each reference: the 3.8.0 references file first (the method's
 * own source of labels), then each version file, newest first.
 */
export function knownLabels(sources: readonly { events: readonly { name: string; references: readonly ImportedReference[] }[] }[]): KnownLabels {
  const known: KnownLabels = { byEvent: new Map(), byAnchor: new Map(), byGenerated: new Map() };
  for (const source of sources) {
    for (const event of source.events) {
      const ranks = new Map<string, number>();
      for (const reference of event.references) {
        known.byEvent.set(`${event.name}\u0000${reference.page}\u0000${reference.anchor}`, known.byEvent.get(`${event.name}\u0000${reference.page}\u0000${reference.anchor}`) ?? reference.api);
        known.byAnchor.set(`${reference.page}\u0000${reference.anchor}`, known.byAnchor.get(`${reference.page}\u0000${reference.anchor}`) ?? reference.api);
        if (!GENERATED.test(reference.anchor)) continue;
        const rank = ranks.get(reference.page) ?? 0;
        ranks.set(reference.page, rank + 1);
        const key = `${event.name}\u0000${reference.page}\u0000${rank}`;
        if (!known.byGenerated.has(key)) known.byGenerated.set(key, reference.api);
      }
    }
  }
  return known;
}
