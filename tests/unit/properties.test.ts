import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatAuditTable } from '../../src/lib/seed/format';
import { moduleOf } from '../../src/lib/names/naming';
import { parseAuditTable, TableParseError } from '../../src/lib/seed/parse';

const REAL = readFileSync('content/audit-events.txt', 'utf8');

const name = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_./]{0,44}$/);
const argument = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,17}$/);
const event = fc.record({
  name,
  args: fc.uniqueArray(argument, { maxLength: 9 }),
  references: fc.integer({ min: 1, max: 7 }),
});
const table = fc.record({
  events: fc.uniqueArray(event, { minLength: 1, maxLength: 25, selector: (row) => row.name }),
  // Narrow columns force names and argument lists to wrap; the header must still fit.
  nameWidth: fc.integer({ min: 11, max: 40 }),
  argsSlack: fc.integer({ min: 0, max: 40 }),
  refsWidth: fc.integer({ min: 10, max: 24 }),
});

describe('random valid tables', () => {
  it('round-trip: events → grid table text → parse → the same events, wrapped cells included', () => {
    fc.assert(
      fc.property(table, ({ events, nameWidth, argsSlack, refsWidth }) => {
        const longest = Math.max(0, ...events.flatMap((row) => row.args.map((arg) => arg.length + 3)));
        const text = formatAuditTable(events, { name: nameWidth, args: Math.max(9, longest) + argsSlack, refs: refsWidth });
        const parsed = parseAuditTable(text, 'generated.txt');
        expect(parsed.map(({ name: n, args, references }) => ({ name: n, args, references }))).toEqual(events);
        expect(parsed.map((row) => row.module)).toEqual(events.map((row) => moduleOf(row.name)));
      }),
      { numRuns: 500 },
    );
  });
});

// One edit of a file: a character removed, added or replaced, or a line removed, doubled or moved.
const NOISE = ['|', '+', '-', '=', '"', ',', ' ', '[', ']', '1', 'a', '\n', '\t', '\r'];
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), char: fc.constantFrom(...NOISE) }),
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), char: fc.constantFrom(...NOISE) }),
  fc.record({ kind: fc.constant('drop line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('double line' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('move line' as const), at: fc.nat(), to: fc.nat() }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

function mutate(text: string, edit: Mutation): string {
  if (edit.kind === 'delete' || edit.kind === 'insert' || edit.kind === 'replace') {
    const at = edit.at % (text.length + 1);
    const after = edit.kind === 'insert' ? at : at + 1;
    return text.slice(0, at) + (edit.kind === 'delete' ? '' : edit.char) + text.slice(after);
  }
  const lines = text.split('\n');
  const at = edit.at % lines.length;
  const [line = ''] = lines.splice(at, 1);
  if (edit.kind === 'double line') lines.splice(at, 0, line, line);
  if (edit.kind === 'move line') lines.splice(edit.to % (lines.length + 1), 0, line);
  return lines.join('\n');
}

describe('random mutations of the real file', () => {
  it('either parse, with one event per row between borders, or fail with the parser’s own error and a line', () => {
    fc.assert(
      fc.property(fc.array(mutation, { minLength: 1, maxLength: 3 }), (edits) => {
        const text = edits.reduce(mutate, REAL);
        let events;
        try {
          events = parseAuditTable(text, 'mutated.txt');
        } catch (error) {
          expect(error).toBeInstanceOf(TableParseError);
          const { line, file } = error as TableParseError;
          expect(file).toBe('mutated.txt');
          expect(line).toBeGreaterThanOrEqual(1);
          expect(line).toBeLessThanOrEqual(text.split('\n').length);
          return;
        }
        // Nothing dropped: the top border opens the header, every other border closes a row.
        const borders = text.split(/\r?\n/).filter((line) => line.startsWith('+-')).length;
        expect(events).toHaveLength(borders - 1);
      }),
      { numRuns: 3000 },
    );
  });
});
