import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatAuditTable } from '../../src/lib/seed/format';
import { parseAuditTable } from '../../src/lib/seed/parse';

const real = readFileSync('content/audit-events.txt', 'utf8');

describe('formatAuditTable', () => {
  it('writes the real table back byte for byte, wrapped names and argument lists included', () => {
    const preamble = real.slice(0, real.indexOf('+-'));
    expect(formatAuditTable(parseAuditTable(real), undefined, preamble)).toBe(real);
  });

  it('writes narrow columns that the parser reads back to the same events', () => {
    const events = [
      { name: 'a.very_long_event_name_that_wraps', args: ['first', 'second', 'module-name'], references: 4 },
      { name: 'b', args: [], references: 1 },
    ];
    const text = formatAuditTable(events, { name: 11, args: 14, refs: 10 });
    expect(text.split('\n').filter((line) => line.startsWith('| a.very')).length).toBe(1);
    expect(parseAuditTable(text).map(({ name, args, references }) => ({ name, args, references }))).toEqual(events);
  });

  it('refuses a column too narrow for its header or for one argument', () => {
    expect(() => formatAuditTable([], { name: 5, args: 20, refs: 10 })).toThrow(RangeError);
    expect(() => formatAuditTable([{ name: 'x', args: ['much_too_long_for_it'], references: 1 }], { name: 11, args: 12, refs: 10 })).toThrow(
      RangeError,
    );
  });
});
