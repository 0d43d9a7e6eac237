import type { LinkedReference } from '../seed/references';

/** One row of a list of events: an event, the arguments to show, and either its versions in words or its markers. */
export interface EventRow {
  name: string;
  /** Undefined where no docs say (an undocumented event). */
  args: string[] | undefined;
  /** Where the row is about one argument: its position in `args`. */
  position?: number;
  /** The versions the row holds for, in words. */
  range?: string;
  /** A version's table shows its [n] markers, linked into that version's docs. */
  references?: LinkedReference[];
}

/** An event in a short list of links, with what to say after its name (`args[1]`). */
export interface EventLink {
  name: string;
  note?: string;
}

/** The addresses rows link to, under the site's base path. */
export interface RowLinks {
  event(name: string): string;
  argument(name: string): string;
}

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text or an attribute's value, as HTML: the five characters that could end either escaped, as Astro escapes them. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (character) => ENTITIES[character] ?? character);
}

/** An event's arguments in order, each a link to the argument's page, comma-separated. */
function argumentLinks(args: readonly string[], links: RowLinks): string {
  if (args.length === 0) return '<span class="text-muted">no arguments</span>';
  // Read out of its list (a screen reader's list of links), "start" alone says nothing: "argument start" does.
  const each = args.map((arg) => `<a href="${escapeHtml(links.argument(arg))}" class="inline-block leading-6"><span class="sr-only">argument </span>${escapeHtml(arg)}</a>`);
  return `<span class="font-mono text-sm">${each.join(', ')}</span>`;
}

/** A table's [1] [2] … markers, each a link to the place in the docs that raises the event. */
function referenceLinks(sources: readonly LinkedReference[]): string {
  const each = sources.map(
    (source, index) =>
      `<a href="${escapeHtml(source.url)}" aria-label="${escapeHtml(`[${index + 1}] ${source.api} in the Python docs`)}" class="inline-block min-h-6 min-w-6 text-center leading-6">[${index + 1}]</a>`,
  );
  return `<span class="text-sm whitespace-nowrap">${each.join('')}</span>`;
}

/**
 * The items of a list of events (`<li>` each), as HTML. The long lists (a version's table, a
 * category, an argument's events: thousands of rows at 10,000 events) are written here as text
 * rather than as a component per row and per argument, which Astro renders one instance at a time.
 */
export function eventRowsHtml(items: readonly EventRow[], links: RowLinks): string {
  return items
    .map(({ name, args, position, range, references }) => {
      const at = position === undefined ? '' : `<span class="mr-2 text-sm text-muted">as <code>args[${position}]</code> of</span> `;
      const shown = args ? argumentLinks(args, links) : '<span class="text-muted">arguments not documented</span>';
      const end = references ? referenceLinks(references) : `<span class="text-sm text-muted sm:text-right">${escapeHtml(range ?? '')}</span>`;
      return (
        '<li class="grid gap-x-4 gap-y-1 py-2 sm:grid-cols-[minmax(0,17rem)_minmax(0,1fr)_auto]">' +
        `<a href="${escapeHtml(links.event(name))}" class="font-mono font-medium break-words">${escapeHtml(name)}</a>` +
        `<span class="break-words">${at}${shown}</span>${end}</li>`
      );
    })
    .join('');
}

/**
 * The items of a short list of events (`<li>` each): each a link to the event's page, its note
 * after it. An event page lists up to 16 of its module's events and 16 per argument it shares:
 * some 50 links on each of 10,000 pages.
 */
export function eventLinksHtml(items: readonly EventLink[], links: Pick<RowLinks, 'event'>): string {
  return items
    .map(({ name, note }) => {
      const after = note === undefined ? '' : `<span class="text-xs text-muted"> ${escapeHtml(note)}</span>`;
      return `<li><a href="${escapeHtml(links.event(name))}" class="font-mono text-sm">${escapeHtml(name)}</a>${after}</li>`;
    })
    .join('');
}
