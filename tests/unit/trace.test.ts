import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { checkCorpus, parseCorpusFile } from '../../src/lib/trace/corpus';
import { maskVarying, PLACEHOLDERS, stable, traceCall, type RawResult, type RunSpecifics } from '../../src/lib/trace/record';
import { formatTrace, parseTraceFile } from '../../src/lib/trace/schema';
import { VersionDataError } from '../../src/lib/versions/schema';

const SPECIFICS: RunSpecifics = {
  pid: 48213,
  ports: [41877],
  executable: '/root/.pyenv/versions/3.12.1/bin/python3',
  prefix: '/root/.pyenv/versions/3.12.1',
  home: '/root',
  tempdir: '/tmp',
  cwd: '/tmp/audit-trace-run-x1',
};
const FOLDERS = ['/tmp/audit-trace-ab12cd34', '/tmp/audit-trace-ef56gh78'];

/** A harness result for one call, its two runs given as [name, types, repr]. */
const result = (first: RawResult['first'], events: RawResult['events'], error: string | null = null): RawResult => ({ id: 'x.y', first, events, error, folders: FOLDERS, seconds: 0.01 });

/** The fault a run fails with, or a failure of the test when it passes. */
function faultOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(VersionDataError);
    return (error as Error).message;
  }
  throw new Error('expected a fault');
}

describe('placeholders', () => {
  it('replace the run’s folders, the interpreter, its prefix and the home folder, the longest first', () => {
    expect(stable(`('${FOLDERS[1]}/a.txt', '${SPECIFICS.executable}', '${SPECIFICS.prefix}/lib/python3.12/os.py', '/root/.netrc')`, SPECIFICS, FOLDERS)).toBe(
      "('<tmp>/a.txt', '<python>', '<prefix>/lib/python3.12/os.py', '~/.netrc')",
    );
  });

  it('replace the process id, the calling thread’s id and the servers’ ports only as whole numbers', () => {
    expect(stable("(48213, 9, ('127.0.0.1', 41877), 482130, 1.48213)", SPECIFICS, FOLDERS)).toBe("(<pid>, 9, ('127.0.0.1', <port>), 482130, 1.48213)");
    expect(stable('(140335071827776, 0)', { ...SPECIFICS, thread: 140335071827776 }, FOLDERS)).toBe('(<thread>, 0)');
    // Pyodide's process id is always 42: a short one is a constant, not the run's.
    expect(stable('(42, 142)', { ...SPECIFICS, pid: 42 }, FOLDERS)).toBe('(42, 142)');
  });

  it('replace memory addresses, descriptor numbers in reprs and the random part of tempfile’s names, and shorten', () => {
    expect(stable('(<function f at 0x7f3a2c1d9e40>, \'tmpa1b2_c3d\')', SPECIFICS, FOLDERS)).toBe(`(<function f at ${PLACEHOLDERS.address}>, '${PLACEHOLDERS.tempName}')`);
    expect(stable('(<socket.socket fd=7, family=2>,)', SPECIFICS, FOLDERS)).toBe('(<socket.socket fd=…, family=2>,)');
    expect(stable("(140502114717008, 'getpid', 99999999999, 'a.pyc.140502114717008')", SPECIFICS, FOLDERS)).toBe("(…, 'getpid', 99999999999, 'a.pyc.…')");
    // WebAssembly's id()s are short; a harness frame's line moves whenever the harness is edited.
    expect(stable("('sub/__pycache__/b.cpython-314.pyc.24847376', None, 524481)", SPECIFICS, FOLDERS)).toBe("('sub/__pycache__/b.cpython-314.pyc.…', None, 524481)");
    expect(stable("(<frame at 0x1f2e3d, file '/work/main/src/cli/audit_trace_harness.py', line 263, code timed>, 'f_code')", { ...SPECIFICS, harness: '/work/main/src/cli' }, FOLDERS)).toBe(
      "(<frame at 0x…, file '<harness>/audit_trace_harness.py', line …, code timed>, 'f_code')",
    );
    expect(stable("(<frame at 0x1f2e3d, file '/srv/app.py', line 263, code f>, 'f_code')", SPECIFICS, FOLDERS)).toBe("(<frame at 0x…, file '/srv/app.py', line 263, code f>, 'f_code')");
    expect(stable("(<CDLL 'None', handle 7f028e7942e0 at 0x7f02>, 'getpid')", SPECIFICS, FOLDERS)).toBe("(<CDLL 'None', handle … at 0x7f02>, 'getpid')");
    expect(stable("('a.txt', (1795957615.…, 1795957615.25), 3000000000)", SPECIFICS, FOLDERS)).toBe("('a.txt', (<time>, <time>), 3000000000)");
    expect(stable("('json', ['/work/main/src/cli', '/usr/lib'])", { ...SPECIFICS, harness: '/work/main/src/cli' }, FOLDERS)).toBe("('json', ['<harness>', '/usr/lib'])");
    const long = stable(`('${'x'.repeat(300)}',)`, SPECIFICS, FOLDERS);
    expect([...long]).toHaveLength(120);
    expect(long.endsWith('…')).toBe(true);
  });

  it('mask the words and numbers two runs gave differently (an id(), a temporary name), and nothing else', () => {
    expect(maskVarying('(140233, 7)', '(140977, 7)')).toBe('(…, 7)');
    expect(maskVarying("(b'./x-1nduc7na',)", "(b'./x-0dg237yi',)")).toBe("(b'./x-…',)");
    // Reprs of another shape are not the same event's: the second run's stays.
    expect(maskVarying("('a', 1)", "('a', 1, 2)")).toBe("('a', 1)");
  });
});

describe('what counts as the call’s own events', () => {
  it('is the second run’s, in order, with each one’s arity and types', () => {
    const call = traceCall(
      result(
        [['open', ['str', 'str', 'int'], "('a.txt', 'r', 524288)"]],
        [
          ['open', ['str', 'str', 'int'], "('a.txt', 'r', 524288)"],
          ['os.listdir', ['str'], "('.',)"],
        ],
      ),
      SPECIFICS,
    );
    expect(call).toEqual({
      status: 'ok',
      events: [
        { name: 'open', args: 3, types: ['str', 'str', 'int'], repr: "('a.txt', 'r', 524288)" },
        { name: 'os.listdir', args: 1, types: ['str'], repr: "('.',)" },
      ],
    });
  });

  it('keeps what the first run did besides apart: the modules it imported, and how many events more', () => {
    const call = traceCall(
      result(
        [
          ['import', ['str', 'NoneType', 'list', 'list', 'list'], "('json', None, [], [], [])"],
          ['open', ['str', 'str', 'int'], "('/usr/lib/python3.12/json/__init__.py', 'rb', 524288)"],
          ['import', ['str', 'NoneType', 'list', 'list', 'list'], "('json.decoder', None, [], [], [])"],
          ['builtins.id', ['int'], '(140233,)'],
        ],
        [['builtins.id', ['int'], '(140977,)']],
      ),
      SPECIFICS,
    );
    // (builtins.id's argument is an address, masked even where two runs agree.)
    expect(call).toEqual({
      status: 'ok',
      events: [{ name: 'builtins.id', args: 1, types: ['int'], repr: '(…,)' }],
      first_imports: ['json', 'json.decoder'],
      first_events: 3,
    });
  });

  it('masks the addresses ctypes’ events carry, as WebAssembly’s short ones too', () => {
    const call = traceCall(result([], [['ctypes.cdata/buffer', ['int', 'int', 'int'], '(23604392, 8, 0)']]), SPECIFICS);
    expect(call).toMatchObject({ events: [{ repr: '(…, 8, 0)' }] });
  });

  it('is none at all for a call that raised nothing, and says so with an empty list', () => {
    expect(traceCall(result([], []), SPECIFICS)).toEqual({ status: 'ok', events: [] });
  });

  it('marks a run that raised more events than the harness records', () => {
    expect(traceCall(result([], [['open', [], '()'], null]), SPECIFICS)).toMatchObject({ status: 'ok', truncated: true, events: [{ name: 'open' }] });
  });

  it('is nothing for a call that failed: it is not run, with its error, made stable', () => {
    expect(traceCall(result([], [], `FileNotFoundError: [Errno 2] No such file or directory: '${FOLDERS[1]}/x'`), SPECIFICS)).toEqual({
      status: 'not run',
      error: "FileNotFoundError: [Errno 2] No such file or directory: '<tmp>/x'",
    });
  });
});

describe('the corpus', () => {
  const fixture = (name: string) => (name === 'valid.json' ? `tests/fixtures/calls/${name}` : `tests/fixtures/calls-malformed/${name}`);
  const read = (name: string) => parseCorpusFile(readFileSync(fixture(name), 'utf8'), fixture(name));

  it('reads calls with their file', () => {
    const calls = read('valid.json');
    expect(calls.map((call) => [call.id, call.api, call.file])).toEqual([
      ['shutil.copy', 'shutil.copy', fixture('valid.json')],
      ['open/rb', 'open', fixture('valid.json')],
    ]);
    expect(calls[1]?.setup).toBe('');
  });

  it('fails on a malformed entry with its file, its name and the field', () => {
    expect(faultOf(() => read('no-call.json'))).toBe(`${fixture('no-call.json')}: call "os.listdir": call: Invalid input: expected string, received undefined`);
    expect(faultOf(() => read('bad-api.json'))).toBe(`${fixture('bad-api.json')}: call "os.listdir": api: an API is a dotted name like shutil.copy`);
  });

  it('fails on a call named twice, or named after another API', () => {
    const calls = read('valid.json');
    expect(faultOf(() => checkCorpus([...calls, { ...calls[0]!, file: 'other.json' }]))).toBe(`other.json: call "shutil.copy": the call is named twice (first in ${fixture('valid.json')})`);
    expect(faultOf(() => checkCorpus([{ ...calls[0]!, api: 'shutil.copy2' }]))).toBe(`${fixture('valid.json')}: call "shutil.copy": the id names shutil.copy, but the call is of shutil.copy2`);
  });
});

describe('a trace file', () => {
  const fixture = (name: string) => `tests/fixtures/traces/${name}/3.12.json`;
  const corpus = new Set(['shutil.copy', 'open/rb']);
  const read = (name: string) => parseTraceFile(readFileSync(fixture(name), 'utf8'), fixture(name), corpus);

  it('reads what each call raised, or why it did not run', () => {
    const trace = read('valid');
    expect(trace.python).toBe('3.12.1');
    expect(trace.calls['shutil.copy']).toMatchObject({ status: 'ok', events: [{ name: 'shutil.copyfile', args: 2 }] });
    expect(trace.calls['open/rb']).toEqual({ status: 'not run', error: 'OSError: a test' });
  });

  it('is written one event a line, and reads back as it was', () => {
    const trace = read('valid');
    const text = formatTrace(trace);
    expect(text).toContain('\n        {"name":"shutil.copyfile","args":2,"types":["str","str"],"repr":"(\'a\', \'b\')"}\n');
    expect(parseTraceFile(text, fixture('valid'), corpus)).toEqual(trace);
  });

  it.each([
    ['types-count', 'call "shutil.copy": events.0: names as many types as the event has arguments'],
    ['unknown-call', 'call "os.gone": is traced, but the corpus has no such call: trace again (npm run trace)'],
    ['missing-call', 'call "open/rb": is in the corpus, but not traced here: trace again (npm run trace)'],
    ['other-version', 'traces Python 3.11.7 (linux, native), so the file is named 3.11.json, not 3.12.json'],
    ['unknown-status', 'call "open/rb": status: '],
  ])('fails the build when malformed (%s), naming the file, the call and the fault', (name, fault) => {
    expect(faultOf(() => read(name))).toContain(`${fixture(name)}: ${fault}`);
  });
});
