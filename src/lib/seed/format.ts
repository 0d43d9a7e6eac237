import { HEADER, type AuditEvent } from './parse';

/** Column widths (the text inside a cell, without its padding) of a formatted table. */
export interface Widths {
  name: number;
  args: number;
  refs: number;
}

/** The widths CPython's own table uses. */
export const DOCS_WIDTHS: Widths = { name: 30, args: 55, refs: 15 };

/**
 * Writes events as the grid table CPython's docs publish in text form, wrapping cells the way
 * Sphinx does: a long name breaks inside the word, an argument list between arguments.
 */
export function formatAuditTable(
  events: readonly Pick<AuditEvent, 'name' | 'args' | 'references'>[],
  widths: Widths = DOCS_WIDTHS,
  preamble = 'Audit events table\n******************\n\n',
): string {
  const columns = [widths.name, widths.args, widths.refs];
  HEADER.forEach((title, column) => {
    if (title.length > (columns[column] ?? 0)) throw new RangeError(`column ${column + 1} is narrower than "${title}"`);
  });
  const border = (fill: string, edge: string) => edge + columns.map((width) => fill.repeat(width + 2)).join(edge) + edge;
  const row = (cells: string[][]) => {
    const height = Math.max(1, ...cells.map((lines) => lines.length));
    return Array.from(
      { length: height },
      (_, line) => `|${cells.map((lines, column) => ` ${(lines[line] ?? '').padEnd(columns[column] ?? 0)} `).join('|')}|`,
    );
  };
  const lines = [border('-', '+'), ...row(HEADER.map((title) => [title])), border('=', '|')];
  for (const event of events) {
    const refs = Array.from({ length: event.references }, (_, n) => `[${n + 1}]`);
    lines.push(
      ...row([chunk(event.name, widths.name), wrap(event.args.map((arg) => `"${arg}"`), ', ', widths.args), wrap(refs, '', widths.refs)]),
      border('-', '+'),
    );
  }
  return `${preamble}${lines.join('\n')}\n`;
}

// A word longer than its column breaks every `width - 1` characters, as Sphinx's text writer
// breaks `cpython.PyInterpreterState_Clear` after 29 characters in a column of 30.
function chunk(text: string, width: number): string[] {
  if (text.length <= width) return [text];
  const parts: string[] = [];
  for (let at = 0; at < text.length; at += width - 1) parts.push(text.slice(at, at + width - 1));
  return parts;
}

// Fills lines with whole items, keeping each separator at the end of its line.
function wrap(items: string[], separator: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  items.forEach((item, index) => {
    const piece = item + (index < items.length - 1 ? separator : '');
    if (line !== '' && (line + piece).trimEnd().length > width) {
      lines.push(line.trimEnd());
      line = '';
    }
    if (piece.trimEnd().length > width) throw new RangeError(`"${item}" does not fit a column of ${width}`);
    line += piece;
  });
  if (line !== '') lines.push(line.trimEnd());
  return lines;
}
