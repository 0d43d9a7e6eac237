import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { beyond, handOver, parseStartup, seenOf, STARTUP_FILE, startupOfEvent, WAYS, type RawStartupEvent } from '../../src/lib/behaviour/startup';
import { VersionDataError } from '../../src/lib/versions/schema';
import { readCatalog } from '../support/dataset';

const specifics = { pid: 0, ports: [], executable: '/opt/py/bin/python3', prefix: '/opt/py', home: '/home/me', tempdir: '/tmp', cwd: '/tmp/run' };

describe('what a hook sees at start-up, as recorded', () => {
  it('counts each event once per name, in the order first seen, with up to three distinct argument tuples made stable', () => {
    const raw: RawStartupEvent[] = [
      ['import', ['str'], "('encodings',)"],
      ['open', ['str'], "('/opt/py/lib/python3.15/os.py',)"],
      ['import', ['str'], "('site',)"],
      ['import', ['str'], "('site',)"],
      ['import', ['str'], "('/tmp/run/probe',)"],
      ['import', ['str'], "('codecs',)"],
    ];
    expect(seenOf(raw, specifics, ['/tmp/run'])).toEqual([
      { name: 'import', count: 5, args: ["('encodings',)", "('site',)", "('<tmp>/probe',)"] },
      { name: 'open', count: 1, args: ["('<prefix>/lib/python3.15/os.py',)"] },
    ]);
  });

  it('keeps of the C hook what it saw beyond the sitecustomize hook, with the tuples only it saw', () => {
    const python = [{ name: 'import', count: 3, args: ["('site',)"] }];
    const c = [
      { name: 'import', count: 5, args: ["('encodings',)", "('site',)"] },
      { name: 'cpython.run_command', count: 1, args: ["('pass',)"] },
      { name: 'open', count: 1, args: ["('x',)"] },
    ];
    const more = beyond(c, [...python, { name: 'open', count: 1, args: ["('x',)"] }]);
    expect(more).toEqual([
      { name: 'import', count: 2, args: ["('encodings',)"] },
      { name: 'cpython.run_command', count: 1, args: ["('pass',)"] },
    ]);
    expect(handOver(more)?.name).toBe('cpython.run_command');
  });

  it('fails on a malformed file, naming it and the field', () => {
    const bad = JSON.stringify({ about: 'x', runs: [{ version: '3.15', release: '3.15.2', ways: [{ way: 'interactive', python: [], c: [] }] }] });
    expect(() => parseStartup(bad, 'content/startup.json')).toThrow(VersionDataError);
    expect(() => parseStartup(bad, 'content/startup.json')).toThrow(/content\/startup\.json.*runs\.0\.ways\.0\.way/);
  });
});

describe('the committed measurement', () => {
  const startup = parseStartup(readFileSync(STARTUP_FILE, 'utf8'));
  const catalog = readCatalog();

  it('covers every stable version the site traces, each in the three ways of starting', () => {
    expect(startup.runs.map((run) => run.version)).toEqual(catalog.versions.filter((version) => version.status === 'stable').map((version) => version.version));
    for (const run of startup.runs) expect(run.ways.map((way) => way.way)).toEqual(WAYS.map((way) => way.way));
  });

  it('shows each way handing over to the program with its own cpython.run_* event, which a sitecustomize hook sees', () => {
    // CPython imports site (and so sitecustomize) as it initialises, before it runs the program.
    const expected = { command: 'cpython.run_command', module: 'cpython.run_module', script: 'cpython.run_file' } as const;
    for (const run of startup.runs) {
      for (const way of run.ways) {
        expect(handOver(way.python)?.name, `${run.release} ${way.way}`).toBe(expected[way.way]);
        expect(handOver(way.c), `${run.release} ${way.way}`).toBeUndefined();
        // Before site runs, the interpreter imports its encodings: only a C hook sees that.
        expect(way.c.find((seen) => seen.name === 'import')?.count ?? 0, `${run.release} ${way.way}`).toBeGreaterThan(0);
      }
    }
  });

  it('says of an event which ways of starting raise it, in which versions, and for which hook; of one no start raises, nothing', () => {
    const all = startup.runs.map((run) => run.version);
    expect(startupOfEvent(startup, 'cpython.run_command')).toEqual([{ way: 'command', command: 'python -c pass', short: 'python -c', python: all, c: [] }]);
    // Every start imports: a C hook sees it wherever the sitecustomize hook does not.
    const imports = startupOfEvent(startup, 'import');
    expect(imports.map((entry) => entry.way)).toEqual(['command', 'module', 'script']);
    for (const entry of imports) expect([...entry.python, ...entry.c].sort()).toEqual([...all].sort());
    expect(startupOfEvent(startup, 'socket.connect')).toEqual([]);
  });
});
