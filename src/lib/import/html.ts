/**
 * A small reader of the HTML Sphinx writes: elements with their attributes, children and line, as
 * the source nests them (Sphinx's `<p class="audit-hook"><p>…</p></p>` stays nested, as written).
 * Enough for the importer to read a docs build's tables and the object around an anchor; not a
 * browser's parser.
 */

/** An element of the page, with the line its start tag is on. */
export interface HtmlElement {
  name: string;
  attributes: Record<string, string>;
  children: HtmlNode[];
  parent: HtmlElement | undefined;
  line: number;
}

export type HtmlNode = HtmlElement | string;

const VOID = new Set(['area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr']);
const RAW = new Set(['script', 'style']);
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0', para: '¶', mdash: '—', ndash: '–', hellip: '…' };

/** Decodes character references: named ones the docs use, and every numeric one. */
export function decodeEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (whole, body: string) => {
    if (body.startsWith('#x') || body.startsWith('#X')) return String.fromCodePoint(Number.parseInt(body.slice(2), 16));
    if (body.startsWith('#')) return String.fromCodePoint(Number.parseInt(body.slice(1), 10));
    return NAMED[body] ?? whole;
  });
}

/** The page as a tree under a root element named `#document`. */
export function parseHtml(text: string): HtmlElement {
  const root: HtmlElement = { name: '#document', attributes: {}, children: [], parent: undefined, line: 1 };
  let current = root;
  let at = 0;
  let line = 1;
  const advance = (to: number) => {
    for (let k = at; k < to; k++) if (text.charCodeAt(k) === 10) line++;
    at = to;
  };
  while (at < text.length) {
    const open = text.indexOf('<', at);
    const end = open === -1 ? text.length : open;
    if (end > at) current.children.push(decodeEntities(text.slice(at, end)));
    advance(end);
    if (open === -1) break;
    if (text.startsWith('<!--', at)) {
      const close = text.indexOf('-->', at + 4);
      advance(close === -1 ? text.length : close + 3);
      continue;
    }
    const tag = /^<(\/?)([A-Za-z][\w:-]*)((?:[^>"']|"[^"]*"|'[^']*')*)>/.exec(text.slice(at, at + 4000));
    if (!tag) {
      // A `<` that starts no tag (a doctype, or text), kept as it is.
      if (text[at + 1] === '!' || text[at + 1] === '?') advance(text.indexOf('>', at) === -1 ? text.length : text.indexOf('>', at) + 1);
      else {
        current.children.push('<');
        advance(at + 1);
      }
      continue;
    }
    const [whole, closing, rawName = '', rest = ''] = tag;
    const name = rawName.toLowerCase();
    const startLine = line;
    advance(at + whole.length);
    if (closing) {
      // Closes the nearest open element of that name; a stray end tag closes nothing.
      let element: HtmlElement | undefined = current;
      while (element && element.name !== name) element = element.parent;
      if (element?.parent) current = element.parent;
      continue;
    }
    const element: HtmlElement = { name, attributes: readAttributes(rest), children: [], parent: current, line: startLine };
    current.children.push(element);
    if (RAW.has(name)) {
      const close = text.toLowerCase().indexOf(`</${name}`, at);
      const stop = close === -1 ? text.length : close;
      element.children.push(text.slice(at, stop));
      advance(stop);
      continue;
    }
    if (!VOID.has(name) && !rest.trimEnd().endsWith('/')) current = element;
  }
  return root;
}

function readAttributes(text: string): Record<string, string> {
  const attributes: Record<string, string> = {};
  for (const match of text.matchAll(/([^\s"'=/>]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?/g)) {
    const name = (match[1] ?? '').toLowerCase();
    attributes[name] = decodeEntities(match[2] ?? match[3] ?? match[4] ?? '');
  }
  return attributes;
}

/** Every element under `element` (itself included) that `test` accepts, in document order. */
export function findAll(element: HtmlElement, test: (candidate: HtmlElement) => boolean): HtmlElement[] {
  const found: HtmlElement[] = [];
  const visit = (node: HtmlElement) => {
    if (test(node)) found.push(node);
    for (const child of node.children) if (typeof child !== 'string') visit(child);
  };
  visit(element);
  return found;
}

/** The element's text, as a reader sees it (markup dropped, references decoded). */
export function textOf(node: HtmlNode): string {
  return typeof node === 'string' ? node : node.children.map(textOf).join('');
}

/** The classes of an element. */
export function classesOf(element: HtmlElement): string[] {
  return (element.attributes['class'] ?? '').split(/\s+/).filter(Boolean);
}

/** The nearest element above `element` (or itself) that `test` accepts. */
export function closest(element: HtmlElement, test: (candidate: HtmlElement) => boolean): HtmlElement | undefined {
  for (let node: HtmlElement | undefined = element; node; node = node.parent) if (test(node)) return node;
  return undefined;
}
