import { moduleOf } from '../names/naming';

/** One row of CPython's audit events table. */
export interface AuditEvent {
  /** The event name as `sys.audit()` raises it, e.g. `socket.connect`. */
  name: string;
  /** The part of the name before the first dot; `builtins` for names without one. */
  module: string;
  /** The names of the values in the hook's `args` tuple, in order. */
  args: string[];
  /** How many places in the docs mention the event (the `[n]` markers). */
  references: number;
  /** The 1-based line of the file where the event's row starts. */
  line: number;
}

/** A fault in the table text, located by file and line. */
export class TableParseError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    readonly reason: string,
  ) {
    super(`${file}:${line}: ${reason}`);
    this.name = 'TableParseError';
  }
}

/** The header cells the table must have, in order. */
export const HEADER = ['Audit event', 'Arguments', 'References'] as const;

const BORDER = /^\+(?:-+\+)+$/;
const HEADER_SEPARATOR = /^[|+](?:=+[|+])+$/;
const ARGUMENT_NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/;
const REFERENCES = /^(?:\[\d+\])+$/;

interface CellLine {
  line: number;
  text: string;
}

interface Row {
  line: number;
  cells: CellLine[][];
}

/**
 * Parses the audit events table as CPython's docs publish it in text form (a reStructuredText
 * grid table after a title and preamble). Throws a `TableParseError` for anything it cannot read
 * exactly: no row is ever skipped.
 */
export function parseAuditTable(text: string, file = '<input>'): AuditEvent[] {
  const lines = text.split(/\r?\n/).map((line) => line.trimEnd());
  const fail = (line: number, reason: string): never => {
    throw new TableParseError(file, line, reason);
  };

  const top = lines.findIndex((line) => line.startsWith('+-'));
  if (top === -1) {
    return fail(1, 'no table found: expected a border line starting with "+-"');
  }
  const topBorder = lines[top] ?? '';
  if (!BORDER.test(topBorder)) fail(top + 1, `malformed border "${clip(topBorder)}"`);
  const columns = crossings(topBorder, '+');
  if (columns.length !== HEADER.length + 1) {
    fail(top + 1, `the table has ${columns.length - 1} columns; expected ${HEADER.length} (${HEADER.join(', ')})`);
  }

  const events: AuditEvent[] = [];
  const seen = new Map<string, number>();
  let phase: 'header' | 'body' | 'after' = 'header';
  let row: Row | undefined;
  let tableEnd = top + 1;

  const checkAligned = (lineNo: number, found: number[], what: string) => {
    if (found.join() !== columns.join()) {
      fail(lineNo, `${what} has "+" at columns ${found.join(', ')}; the header's border has them at ${columns.join(', ')}`);
    }
  };

  for (let index = top + 1; index < lines.length; index++) {
    const text = lines[index] ?? '';
    const lineNo = index + 1;

    if (phase === 'after') {
      if (text.trim() !== '') fail(lineNo, `text after the table: "${clip(text)}"`);
      continue;
    }
    if (text === '') {
      if (phase === 'header') fail(lineNo, 'the table ends before its header separator (a "|===" line)');
      if (row) fail(row.line, 'this row is not closed by a border line');
      phase = 'after';
      continue;
    }

    if (HEADER_SEPARATOR.test(text)) {
      if (phase !== 'header') fail(lineNo, 'a second header separator (a "|===" line)');
      checkAligned(lineNo, crossings(text, '|+'), 'the header separator');
      checkHeader(row, lineNo, fail);
      row = undefined;
      phase = 'body';
      tableEnd = lineNo;
      continue;
    }

    if (text.startsWith('+')) {
      if (!BORDER.test(text)) fail(lineNo, `malformed border "${clip(text)}"`);
      checkAligned(lineNo, crossings(text, '+'), 'this border');
      if (phase === 'header') fail(lineNo, 'expected the header separator (a "|===" line) before this border');
      if (!row) return fail(lineNo, 'a border with no row above it');
      const event = toEvent(row, fail);
      const first = seen.get(event.name);
      if (first !== undefined) fail(row.line, `event "${event.name}" is listed twice (first at line ${first})`);
      seen.set(event.name, row.line);
      events.push(event);
      row = undefined;
      tableEnd = lineNo;
      continue;
    }

    if (text.startsWith('|')) {
      const cells = splitRow(text, columns, lineNo, fail);
      row ??= { line: lineNo, cells: cells.map(() => []) };
      cells.forEach((cell, column) => row?.cells[column]?.push({ line: lineNo, text: cell }));
      continue;
    }

    if (row || phase === 'header') fail(lineNo, `expected a table line starting with "|" or "+", found "${clip(text)}"`);
    fail(lineNo, `text after the table (which ends at line ${tableEnd}): "${clip(text)}"`);
  }

  if (phase === 'header') fail(lines.length, 'the table has no header separator (a "|===" line)');
  if (row) fail(row.line, 'this row is not closed by a border line');
  if (events.length === 0) fail(tableEnd, 'the table has no rows');
  return events;
}

type Fail = (line: number, reason: string) => never;

function checkHeader(row: Row | undefined, lineNo: number, fail: Fail): void {
  if (!row) return fail(lineNo, 'the header row is empty');
  const found = row.cells.map((cell) => cell.map((part) => part.text).filter(Boolean).join(' '));
  if (found.join('|') !== HEADER.join('|')) {
    fail(row.line, `the header is "${found.join(' | ')}"; expected "${HEADER.join(' | ')}"`);
  }
}

function splitRow(text: string, columns: number[], lineNo: number, fail: Fail): string[] {
  const aligned = text.length === (columns.at(-1) ?? 0) + 1 && columns.every((at) => text[at] === '|');
  if (!aligned) {
    const cells = crossings(text, '|').length - 1;
    if (cells !== columns.length - 1) fail(lineNo, `this row has ${cells} cells; expected ${columns.length - 1}`);
    fail(lineNo, `the cell walls "|" at columns ${crossings(text, '|').join(', ')} do not line up with the border's "+" at ${columns.join(', ')}`);
  }
  return columns.slice(1).map((end, column) => text.slice((columns[column] ?? 0) + 1, end).trim());
}

function toEvent(row: Row, fail: Fail): AuditEvent {
  const [nameCell = [], argsCell = [], refsCell = []] = row.cells;
  // The table wraps a long name inside the word, so its parts join without a space.
  const name = nameCell.map((part) => part.text).join('');
  if (name === '') fail(row.line, 'the "Audit event" cell is empty');
  if (/\s/.test(name)) fail(row.line, `the event name "${name}" contains a space`);
  return {
    name,
    module: moduleOf(name),
    args: parseArguments(argsCell, fail),
    references: parseReferences(refsCell, row.line, fail),
    line: row.line,
  };
}

function parseArguments(cell: CellLine[], fail: Fail): string[] {
  const args: string[] = [];
  let expectComma = false;
  let lastLine = 0;
  for (const { line, text } of cell) {
    let at = 0;
    while (at < text.length) {
      const char = text[at];
      if (char === ' ') {
        at++;
      } else if (char === ',') {
        if (!expectComma) fail(line, `a comma with no argument before it in "${clip(text)}"`);
        expectComma = false;
        at++;
      } else if (char === '"') {
        const close = text.indexOf('"', at + 1);
        if (close === -1) fail(line, `a quote that never closes in "${clip(text)}"`);
        const arg = text.slice(at + 1, close);
        if (expectComma) fail(line, `a missing comma before "${arg}"`);
        if (!ARGUMENT_NAME.test(arg)) fail(line, `the argument "${arg}" is not a name`);
        if (args.includes(arg)) fail(line, `the argument "${arg}" is listed twice`);
        args.push(arg);
        expectComma = true;
        at = close + 1;
      } else {
        fail(line, `an argument that is not a quoted name: "${clip(text.slice(at))}"`);
      }
    }
    if (text !== '') lastLine = line;
  }
  if (args.length > 0 && !expectComma) fail(lastLine, 'the argument list ends with a comma');
  return args;
}

function parseReferences(cell: CellLine[], rowLine: number, fail: Fail): number {
  const text = cell.map((part) => part.text).join('');
  const line = cell.find((part) => part.text !== '')?.line ?? rowLine;
  const markers = REFERENCES.test(text) ? (text.match(/\d+/g) ?? []).map(Number) : [];
  if (markers.length === 0 || markers.some((n, index) => n !== index + 1)) {
    fail(line, `the References cell "${clip(text)}" is not the markers [1][2]…[n]`);
  }
  return markers.length;
}

// The columns at which `text` has any of `chars`.
function crossings(text: string, chars: string): number[] {
  return [...text].flatMap((char, at) => (chars.includes(char) ? [at] : []));
}

function clip(text: string): string {
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
