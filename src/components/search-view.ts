import type { Range, SearchHit } from '../lib/search';
import { apiPath, argumentPath, eventPath, withBase } from '../lib/names/naming';

// The search box's results, built when the search first loads (see site-search.ts).
export { EventSearch } from '../lib/search';

const base = import.meta.env.BASE_URL;

/** The listbox's options for ranked hits: links to the events, matched characters marked. */
export function options(hits: SearchHit[]): HTMLLIElement[] {
  return hits.map((hit, index) => option(hit, index));
}

function option(hit: SearchHit, index: number): HTMLLIElement {
  const item = document.createElement('li');
  item.setAttribute('role', 'none');
  const link = document.createElement('a');
  link.id = `search-result-${index}`;
  link.setAttribute('role', 'option');
  link.href = withBase(base, hit.kind === 'api' ? apiPath(hit.name) : eventPath(hit.name));
  link.className = 'block rounded px-2 py-1.5 text-ink no-underline hover:bg-surface aria-selected:bg-surface aria-selected:outline-2 aria-selected:outline-accent';
  const name = document.createElement('span');
  name.className = 'block font-mono font-medium text-accent break-words';
  name.append(...highlighted(hit.name, hit.nameRanges));
  const args = document.createElement('span');
  args.className = 'block font-mono text-sm text-muted break-words';
  if (hit.kind === 'api') args.textContent = hit.raises?.length ? `raises ${hit.raises.join(', ')}` : 'raises no audit event';
  else if (!hit.argsKnown) args.textContent = 'arguments not documented';
  else if (hit.args.length === 0) args.textContent = 'no arguments';
  hit.args.forEach((arg, at) => {
    if (at > 0) args.append(', ');
    args.append(...highlighted(arg, hit.argRanges[at] ?? []));
  });
  link.append(name, args);
  if (hit.api) {
    const api = document.createElement('span');
    api.className = 'block text-sm text-muted break-words';
    const code = document.createElement('code');
    code.append(...highlighted(hit.api.text, hit.api.ranges));
    api.append('raised by ', code);
    link.append(api);
  }
  const range = document.createElement('span');
  range.className = 'block text-xs text-muted';
  range.textContent = hit.range;
  if (hit.mark) {
    const mark = document.createElement('span');
    mark.className = 'ml-2 rounded border border-current px-1';
    mark.textContent = hit.mark;
    range.append(mark);
  }
  link.append(range);
  item.append(link);
  return item;
}

// Text with its matched ranges in <mark>, built from text nodes: the query never becomes HTML.
function highlighted(text: string, ranges: Range[]): Node[] {
  const nodes: Node[] = [];
  let at = 0;
  for (const [start, end] of ranges) {
    if (start > at) nodes.push(document.createTextNode(text.slice(at, start)));
    const mark = document.createElement('mark');
    mark.textContent = text.slice(start, end);
    nodes.push(mark);
    at = end;
  }
  if (at < text.length) nodes.push(document.createTextNode(text.slice(at)));
  return nodes;
}

/** Links to the nearest event and argument names, for a query that found nothing. */
export function suggest({ events, args }: { events: string[]; args: string[] }): HTMLElement[] {
  const line = (label: string, names: string[], path: (name: string) => string) => {
    const paragraph = document.createElement('p');
    paragraph.className = 'py-1';
    paragraph.append(`${label}: `);
    names.forEach((name, index) => {
      if (index > 0) paragraph.append(', ');
      const link = document.createElement('a');
      link.href = withBase(base, path(name));
      link.className = 'font-mono';
      link.textContent = name;
      paragraph.append(link);
    });
    return paragraph;
  };
  return [
    ...(events.length > 0 ? [line('Nearest events', events, eventPath)] : []),
    ...(args.length > 0 ? [line('Nearest arguments', args, argumentPath)] : []),
  ];
}

