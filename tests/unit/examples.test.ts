import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkOutcomes, describeFinding, isRunnable, parseExamples, type Example } from '../../src/lib/behaviour/examples';
import { VersionDataError } from '../../src/lib/versions/schema';
import { readCatalog } from '../support/dataset';

const FILE = 'content/try-examples.json';
const catalog = readCatalog();
const known = new Set(catalog.events.map((event) => event.name));
const { events: examples } = parseExamples(readFileSync(FILE, 'utf8'), FILE, known);

/** The fault a file fails with, or a failure of the test when it parses. */
function faultOf(events: unknown, names: ReadonlySet<string> = known): string {
  try {
    parseExamples(JSON.stringify({ about: 'a test', events }), 'examples.json', names);
  } catch (error) {
    expect(error).toBeInstanceOf(VersionDataError);
    return (error as Error).message;
  }
  throw new Error('expected the examples to be rejected');
}

describe('the examples file', () => {
  it('has an entry for every event of every version: an example, or why it cannot fire in a browser', () => {
    expect(Object.keys(examples).sort()).toEqual([...known].sort());
    expect(Object.values(examples).filter(isRunnable).length).toBeGreaterThan(100);
  });

  it('says why in one sentence, starting with a capital and ending with a full stop', () => {
    for (const [name, example] of Object.entries(examples)) {
      if (isRunnable(example)) continue;
      expect(example.cannot, name).toMatch(/^[A-Zo].*\.$/su);
      expect(example.cannot, `${name}: one sentence`).not.toMatch(/[.!?]\s/u);
    }
  });

  it('gives the raised name only for a documented name CPython never raises, and it is the name the data finds raised instead', () => {
    const raisedInstead = new Map(catalog.mismatches.map((pair) => [pair.documented, pair.raised]));
    for (const [name, example] of Object.entries(examples)) {
      if (isRunnable(example) && example.raises) expect(example.raises, name).toBe(raisedInstead.get(name));
    }
  });
});

describe('parseExamples', () => {
  it('refuses an example that calls sys.audit() instead of making CPython raise the event', () => {
    expect(faultOf({ open: { code: "import sys\nsys.audit('open', 'f', 'r', 0)" } })).toBe(
      'examples.json: event "open": code: an example must make CPython raise the event, not call sys.audit()',
    );
  });

  it('refuses an event the data does not know, and a raised name it does not know', () => {
    expect(faultOf({ 'os.nothing': { cannot: 'It does not exist.' } })).toBe('examples.json: event "os.nothing": has an example, but no version of the data knows the event');
    expect(faultOf({ open: { code: 'open("f")', raises: 'opne' } })).toBe('examples.json: event "open": the example raises "opne", which no version of the data knows');
  });

  it('refuses unknown fields, an entry with both code and a reason, and empty text', () => {
    expect(faultOf({ open: { code: 'open("f")', note: 'x' } })).toMatch(/^examples\.json: event "open": /);
    expect(faultOf({ open: { code: 'open("f")', cannot: 'It cannot.' } })).toMatch(/^examples\.json: event "open": /);
    expect(faultOf({ open: { cannot: '' } })).toMatch(/^examples\.json: event "open": /);
    expect(faultOf({ open: { code: 'open("f")', known: { args: -1, reason: 'x' } } })).toMatch(/^examples\.json: event "open": known\.args: /);
  });

  it('names the file when it is not JSON', () => {
    expect(() => parseExamples('{', 'examples.json')).toThrow(/^examples\.json: not JSON: /);
  });
});

describe('checkOutcomes', () => {
  const events = new Map(catalog.events.map((event) => [event.name, event]));
  const run = (name: string, example: Example, recorded: [string, number][], error: string | null = null) =>
    checkOutcomes([{ name, events: recorded, error }], { [name]: example }, events, '3.14').map((finding) => describeFinding(finding, '3.14'));

  it('passes an event fired every time with the arguments of that version’s table', () => {
    expect(run('open', { code: 'open("f")' }, [['compile', 2], ['open', 3], ['open', 3]])).toEqual([]);
  });

  it('reports an event that never fired, with the exception the example ended in', () => {
    expect(run('open', { code: 'open("f")' }, [['compile', 2]], 'FileNotFoundError: f')).toEqual(['open: open did not fire; the example ended in FileNotFoundError: f']);
  });

  it('reports any firing with other arguments than the table lists, unless a known difference says so', () => {
    expect(run('open', { code: 'open("f")' }, [['open', 3], ['open', 2]])).toEqual(['open: open fired with 3 and 2 arguments; the 3.14 docs list 3']);
    expect(run('open', { code: 'open("f")', known: { args: 2, reason: 'a test' } }, [['open', 2]])).toEqual([]);
  });

  it('counts against the documented name when the code raises another, and only checks that an unlisted event fires', () => {
    const firstiter = { code: 'import sys\nsys.set_asyncgen_hooks(firstiter=None)', raises: 'sys.set_asyncgen_hook_firstiter' };
    expect(run('sys.set_asyncgen_hooks_firstiter', firstiter, [['sys.set_asyncgen_hook_firstiter', 2]])).toEqual([
      'sys.set_asyncgen_hooks_firstiter: sys.set_asyncgen_hook_firstiter fired with 2 arguments; the 3.14 docs list 0',
    ]);
    expect(run('pathlib.Path.walk', { code: 'x' }, [['pathlib.Path.walk', 7]])).toEqual([]);
  });
});
