import { parseVersionFile, type VersionFile } from '../versions/schema';
import { classesOf, closest, findAll, parseHtml, textOf, type HtmlElement } from './html';
import { ImportError, type Enclosing } from './rst';
import { describeObject, isGeneratedAnchor, rememberedLabel, type ImportedReference, type KnownLabels } from './table';

/** A release's built HTML docs, as the importer reads them: pages by their path from the docs' root. */
export interface DocsBuild {
  /** How faults name the build's folder. */
  root: string;
  /** The page's text, or undefined where the build has no such page. */
  read: (page: string) => string | undefined;
}

/** The page of the tables, from the docs' root. */
export const TABLE_PAGE = 'library/audit_events.html';

/** A release named in a page's title: `Audit events table — Python 3.15.2 documentation`. */
export function titleRelease(html: string): string | undefined {
  const title = findAll(parseHtml(html), (element) => element.name === 'title')[0];
  return title ? /\bPython (3\.\d+\.\d+(?:(?:a|b|rc)\d+)?)\b/.exec(textOf(title))?.[1] : undefined;
}

interface RenderedRow {
  name: string;
  args: string[];
  /** Pages and anchors, from the docs' root, in the order of the row's [n] markers. */
  links: { page: string; anchor: string }[];
}

/**
 * The two tables of `library/audit_events.html` as rendered: the audit events table (event,
 * arguments, references) and the table of events raised internally (event, arguments). A page
 * without the first, or a row that is not what Sphinx writes, fails with the file and line.
 */
export function readRenderedTables(html: string, file: string): { events: RenderedRow[]; internal: { name: string; args: string[] }[] } {
  const page = parseHtml(html);
  const tables = findAll(page, (element) => element.name === 'table').map((table) => ({
    table,
    header: findAll(table, (element) => element.name === 'th').map((cell) => textOf(cell).trim()),
  }));
  const main = tables.find(({ header }) => header.join('|') === 'Audit event|Arguments|References');
  if (!main) throw new ImportError(file, 1, 'no table headed "Audit event", "Arguments", "References": this is not a docs build\'s audit events table');
  const internal = tables.find(({ header }) => header.join('|') === 'Audit event|Arguments');
  const rows = (table: HtmlElement, columns: number) =>
    findAll(table, (element) => element.name === 'tr' && element.parent?.name === 'tbody').map((row) => {
      const cells = row.children.filter((child): child is HtmlElement => typeof child !== 'string' && child.name === 'td');
      if (cells.length !== columns) throw new ImportError(file, row.line, `a row of ${cells.length} cells, where the table has ${columns} columns`);
      const name = textOf(cells[0] as HtmlElement).trim();
      if (!/^\S+$/.test(name)) throw new ImportError(file, row.line, `"${name}" is not an event name`);
      const args = textOf(cells[1] as HtmlElement)
        .split(',')
        .map((arg) => arg.trim())
        .filter((arg) => arg !== '');
      return { name, args, cells, line: row.line };
    });
  const events = rows(main.table, 3).map(({ name, args, cells, line }) => {
    const anchors = findAll(cells[2] as HtmlElement, (element) => element.name === 'a');
    if (anchors.length === 0) throw new ImportError(file, line, `"${name}" has no references`);
    const links = anchors.map((anchor, at) => {
      const marker = textOf(anchor).trim();
      if (marker !== `[${at + 1}]`) throw new ImportError(file, anchor.line, `"${name}": the marker ${marker} where [${at + 1}] comes next`);
      return resolveLink(anchor.attributes['href'] ?? '', file, anchor.line);
    });
    return { name, args, links };
  });
  return { events, internal: internal ? rows(internal.table, 2).map(({ name, args }) => ({ name, args })) : [] };
}

// A link of the table (`../builtins/functions.html#open`), as a page and an anchor from the docs' root.
function resolveLink(href: string, file: string, line: number): { page: string; anchor: string } {
  const url = new URL(href, `https://docs.invalid/${TABLE_PAGE}`);
  if (url.host !== 'docs.invalid' || url.hash.length < 2) throw new ImportError(file, line, `the reference "${href}" is not a link to an anchor of the docs`);
  return { page: decodeURIComponent(url.pathname.slice(1)), anchor: decodeURIComponent(url.hash.slice(1)) };
}

// The Sphinx object description a `<dl class="py function">` renders, as the reST reader names it.
function describedObject(dl: HtmlElement): Enclosing | undefined {
  const [domain = '', type = ''] = classesOf(dl);
  const term = dl.children.find((child): child is HtmlElement => typeof child !== 'string' && child.name === 'dt');
  if (!term) return undefined;
  const id = term.attributes['id'] ?? '';
  const signature = textOf(term).replace(/¶/g, '').replace(/\s+/g, ' ').trim();
  if (domain === 'c') return { domain, type, signature: `${id.replace(/^c\./, '')}(`, fullName: undefined };
  return { domain, type, signature, fullName: domain === 'py' && id ? id : undefined };
}

const OBJECT = (element: HtmlElement) => element.name === 'dl' && /^(?:py|c|cpp|std|js|rst) \S+/.test(classesOf(element).join(' '));

/**
 * The object description around an anchor of a page: the `<dl>` whose term the anchor is, or
 * which holds it. Where the page lacks the anchor (`os.html#os._clearenv`), the object around the
 * paragraph that says the event is raised.
 */
export function objectAround(html: HtmlElement, anchor: string, event: string): { object: Enclosing | undefined; section: string | undefined; found: boolean } {
  const target = findAll(html, (element) => element.attributes['id'] === anchor)[0];
  const place =
    target ??
    findAll(html, (element) => classesOf(element).includes('audit-hook') && findAll(element, (code) => code.name === 'code' && textOf(code).trim() === event).length > 0)[0];
  const dl = place ? closest(place, OBJECT) : undefined;
  return { object: dl ? describedObject(dl) : undefined, section: place ? sectionTitle(place) : undefined, found: target !== undefined };
}

// The title of the section around an element (`asyncio REPL`), for an anchor that no object holds.
function sectionTitle(element: HtmlElement): string | undefined {
  const section = closest(element, (candidate) => candidate.name === 'section');
  const heading = section?.children.find((child): child is HtmlElement => typeof child !== 'string' && /^h[1-6]$/.test(child.name));
  const title = heading ? textOf(heading).replace(/¶/g, '').trim() : '';
  return title || undefined;
}

/** The earlier version file of the same minor version, whose raise sites a docs import keeps. */
export type EarlierFile = Pick<VersionFile, 'code_release' | 'code_source' | 'events' | 'internal_events' | 'undocumented_events'> | undefined;

/**
 * A version's facts file from the HTML build of its docs: the two tables as rendered, each API
 * labelled as earlier data labels the same event and anchor, else from the object description
 * around the anchor in its page (or, for an anchor no object holds, its section's title). A docs build has no source: the raise sites, and the events
 * raised but undocumented, are those of the earlier file of that version (none if there is none).
 */
export function importDocsBuild(
  build: DocsBuild,
  release: string,
  known: KnownLabels,
  earlier: EarlierFile,
  docsSource: string,
  file: string,
): { file: VersionFile; text: string; warnings: string[] } {
  const version = /^(3\.\d+)\./.exec(release)?.[1];
  if (!version) throw new Error(`the release ${release} is not a CPython 3 release (like 3.15.2 or 3.16.0a1)`);
  const tableFile = `${build.root}/${TABLE_PAGE}`;
  const html = build.read(TABLE_PAGE);
  if (html === undefined) throw new Error(`${build.root} is not a docs build: it has no ${TABLE_PAGE}`);
  const tables = readRenderedTables(html, tableFile);
  const warnings: string[] = [];
  const pages = new Map<string, HtmlElement | undefined>();
  const pageOf = (page: string) => {
    if (!pages.has(page)) {
      const text = build.read(page);
      pages.set(page, text === undefined ? undefined : parseHtml(text));
    }
    return pages.get(page);
  };
  const label = (event: string, page: string, anchor: string, rank: number | undefined): string => {
    const parsed = pageOf(page);
    if (!parsed) warnings.push(`${build.root}/${page}: no such page in the build, which the table links for "${event}"`);
    const around = parsed ? objectAround(parsed, anchor, event) : { object: undefined, section: undefined, found: false };
    if (parsed && !around.found) warnings.push(`${build.root}/${page}: no anchor "${anchor}", which the table links for "${event}"; labelled from the paragraph that raises it`);
    const remembered = rememberedLabel(event, page, anchor, rank, known);
    if (remembered) return remembered;
    if (around.object) return describeObject(around.object);
    if (anchor.startsWith('c.')) return `${anchor.slice(2)}() (C API)`;
    return around.section ?? anchor;
  };

  const scanned = earlier?.code_release != null;
  const sites = new Map([...(earlier?.events ?? []), ...(earlier?.internal_events ?? []), ...(earlier?.undocumented_events ?? [])].map((event) => [event.name, event.raised_at]));
  const raisedAt = (name: string) => (scanned ? { raised_at: sites.get(name) ?? [] } : {});
  const listed = new Set([...tables.events, ...tables.internal].map((row) => row.name));
  const result: VersionFile = {
    version,
    release,
    status: /[a-z]/.test(release) ? 'pre-release' : 'stable',
    docs_base_url: `https://docs.python.org/${version}/`,
    docs_source: docsSource,
    code_release: scanned ? (earlier?.code_release ?? null) : null,
    code_source: scanned ? (earlier?.code_source ?? null) : null,
    events: tables.events.map((row) => {
      const ranks = new Map<string, number>();
      const references: ImportedReference[] = row.links.map(({ page, anchor }) => {
        let rank: number | undefined;
        if (isGeneratedAnchor(anchor)) {
          rank = ranks.get(page) ?? 0;
          ranks.set(page, rank + 1);
        }
        return { page, anchor, api: label(row.name, page, anchor, rank) };
      });
      return { name: row.name, args: row.args, references, ...raisedAt(row.name) };
    }),
    internal_events: tables.internal.map((row) => ({ name: row.name, args: row.args, ...raisedAt(row.name) })),
    undocumented_events: scanned ? (earlier?.undocumented_events ?? []).filter((event) => !listed.has(event.name)) : [],
  };
  const text = `${JSON.stringify(result, null, 2)}\n`;
  // The build's own validation: a file it would reject is never written.
  return { file: parseVersionFile(text, file), text, warnings };
}
