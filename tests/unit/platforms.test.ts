import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readCorpus } from '../../src/cli/corpus';
import { formatTrace, parseTraceFile, type TraceFile, type TracedCall } from '../../src/lib/trace/schema';
import { astroBuild } from '../support/astro-build';
import { readCatalog, TRACES } from '../support/dataset';

// A made-up Windows run of today's corpus, as the trace workflow's Windows runner would upload it:
// 3.14's Linux trace, with os.fork not run (Windows has none) and each call for win32 only run,
// raising the event its API names where the tables have one. It joins today's traces through
// `npm run trace:merge`, and the site built from them shows where the platforms differ.
const scratch = mkdtempSync(join(tmpdir(), 'audit-events-platforms-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

const catalog = readCatalog();
const corpus = readCorpus();
const ids = new Set(corpus.map((call) => call.id));
const FORK = 'os.fork';
const WINDOWS_ONLY = 'winreg.OpenKey';

function windowsRun(): TraceFile {
  const linux = parseTraceFile(readFileSync(join(TRACES.traces, '3.14.json'), 'utf8'), '3.14.json', ids);
  const known = new Set(catalog.events.map((event) => event.name));
  const calls: Record<string, TracedCall> = {};
  for (const call of corpus) {
    const traced = linux.calls[call.id] as TracedCall;
    if (call.id === FORK) calls[call.id] = { status: 'not run', error: "AttributeError: module 'os' has no attribute 'fork'" };
    else if (call.platforms?.includes('win32')) {
      const events = known.has(call.api) ? [{ name: call.api, args: 1, types: ['str'], repr: "('fixture',)" }] : [];
      calls[call.id] = { status: 'ok', events };
    } else calls[call.id] = traced;
  }
  return { ...linux, python: '3.14.10', platform: 'win32', machine: 'AMD64', calls };
}

describe('a run on another platform, merged and shown', () => {
  const runs = join(scratch, 'runs', 'trace-windows-latest-3.14');
  const traces = join(scratch, 'traces');
  mkdirSync(runs, { recursive: true });
  writeFileSync(join(runs, 'win32-3.14.json'), formatTrace(windowsRun()));
  cpSync(TRACES.traces, traces, { recursive: true });
  const report = join(scratch, 'merged.md');
  const merged = spawnSync(process.execPath, ['node_modules/tsx/dist/cli.mjs', 'src/cli/trace-merge.ts', join(scratch, 'runs'), '--out', traces, '--report', report], { encoding: 'utf8' });

  it('joins the trace folder under its platform’s name, leaving the Linux runs as they were', () => {
    expect(merged.status, merged.stderr).toBe(0);
    expect(readFileSync(report, 'utf8')).toContain('- win32-3.14.json, CPython 3.14.10');
    expect(readFileSync(report, 'utf8')).toContain(': added (no win32-3.14 run before)');
    expect(readFileSync(join(traces, '3.14.json'), 'utf8')).toBe(readFileSync(join(TRACES.traces, '3.14.json'), 'utf8'));
    expect(parseTraceFile(readFileSync(join(traces, 'win32-3.14.json'), 'utf8'), 'win32-3.14.json', ids).platform).toBe('win32');
  });

  it('builds pages that say where Windows differs: an API that runs only there, one that does not run there, and /calls.json', () => {
    const out = join(scratch, 'dist');
    const result = astroBuild({ AUDIT_TRACES_DIR: traces, OUT_DIR: out });
    expect(result.status, result.stderr).toBe(0);
    const html = (path: string) => readFileSync(join(out, path, 'index.html'), 'utf8');
    const text = (path: string) => html(path).replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
    // The registry: run on Windows only, with the event it raised there, on the API's and the event's page.
    expect(text(`apis/${WINDOWS_ONLY}`)).toContain(`In CPython 3.14.10 on win32 , where it runs, it raises ${WINDOWS_ONLY}`);
    expect(text(`events/${WINDOWS_ONLY}`)).toContain(`In CPython 3.14.10 on win32, calls of ${WINDOWS_ONLY} raised it.`);
    // os.fork: run on Linux, not on Windows, and the page says why.
    expect(text(`apis/${FORK}`)).toContain('In CPython 3.14.10 on win32 , it does not run: AttributeError: module &#39;os&#39; has no attribute &#39;fork&#39;');
    // An API that does the same on both says nothing of Windows.
    expect(html('apis/os.getcwd')).not.toContain('data-elsewhere="win32-3.14"');
    expect(html(`apis/${FORK}`)).toContain('data-elsewhere="win32-3.14"');
    expect(text('behaviour')).toContain('page where it differs: CPython 3.14.2 in WebAssembly');
    expect(text('behaviour')).toContain('CPython 3.14.10 on win32');
    const exported = JSON.parse(readFileSync(join(out, 'calls.json'), 'utf8')) as { elsewhere: { run: string; platform: string; python: string }[] };
    expect(exported.elsewhere.find((run) => run.run === 'win32-3.14')).toMatchObject({ platform: 'win32', python: '3.14.10' });
  });
});
