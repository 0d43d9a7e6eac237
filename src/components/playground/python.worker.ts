/// <reference lib="webworker" />
/**
 * The playground's worker: the only code that touches the Python runtime. It loads Pyodide from
 * the site's own copy, installs an audit hook before any code of the visitor runs, runs the code
 * it is sent, and posts back what happened: the events (in batches, as they come), what the code
 * printed, and the error it ended with. The page starts it from a `blob:` that imports this
 * module, so the worker runs under the page's Content Security Policy.
 */
import type { PyodideAPI } from 'pyodide';
import { LISTED_EVENTS, type FromWorker, type ToWorker } from './protocol';

declare const self: DedicatedWorkerGlobalScope;

// The hook and the runner, in Python. `_record` is None outside a run, so nothing Pyodide does
// between runs is recorded; `_busy` keeps the hook from recording what it does itself
// (sys._getframe raises an event of its own).
const HARNESS = String.raw`
import json, sys, time, traceback

_record = None
_counts = {}
_total = 0
_busy = False
_limit = ${LISTED_EVENTS}
_dropped = 0
_last_flush = 0.0

def _repr(value):
    try:
        text = repr(value)
    except BaseException:
        return '<unrepresentable>'
    return text if len(text) <= 300 else text[:299] + '…'

def _flush():
    global _last_flush
    if _record:
        _post_events(json.dumps(_record))
        _record.clear()
    _last_flush = time.monotonic()

def _hook(event, args):
    global _busy, _dropped, _total
    if _record is None or _busy:
        return
    _busy = True
    try:
        _counts[event] = _counts.get(event, 0) + 1
        _total += 1
        if _total > _limit:
            _dropped += 1
            return
        caller = sys._getframe(1)
        # compile() and exec() of the visitor's code, called by _audit_run itself.
        harness = caller.f_code is _audit_run.__code__
        loading = False
        frame = caller
        while frame is not None:
            if frame.f_code.co_filename.startswith('<frozen importlib'):
                loading = True
                break
            frame = frame.f_back
        _record.append([event, [_repr(arg) for arg in args], loading, harness])
        if len(_record) >= 200 or time.monotonic() - _last_flush > 0.05:
            _flush()
    finally:
        _busy = False

sys.addaudithook(_hook)

def _audit_run(source, hook):
    global _record, _counts, _dropped, _total
    # A hook from the builder goes in first, unrecorded: what it does to the code is what counts.
    if hook:
        exec(compile(hook, '<audit policy>', 'exec'), {'__name__': 'audit_policy'})
    _record, _counts, _dropped, _total = [], {}, 0, 0
    error = None
    started = time.monotonic()
    try:
        code = compile(source, '<playground>', 'exec')
        exec(code, {'__name__': '__main__'})
    except BaseException:
        error = traceback.format_exc()
    finally:
        _flush()
        _record = None
    return json.dumps({'error': error, 'counts': _counts, 'dropped': _dropped, 'seconds': time.monotonic() - started})
`;

const post = (message: FromWorker) => self.postMessage(message);
let python: PyodideAPI | undefined;
let stdin: string[] = [];

// Violations are reported here, in the worker. While Python loads, one means it never will (a
// policy without 'wasm-unsafe-eval' makes loadPyodide hang without a word); during a run, it is
// the visitor's code reaching for another origin, which the policy forbids.
self.addEventListener('securitypolicyviolation', (event: Event) => {
  if (!(event instanceof SecurityPolicyViolationEvent)) return;
  post({ type: 'blocked', directive: event.violatedDirective, uri: event.blockedURI });
});

async function load(indexURL: string) {
  post({ type: 'progress', step: 1, of: 3, text: 'Fetching the Python runtime' });
  const { loadPyodide } = (await import(/* @vite-ignore */ `${indexURL}pyodide.mjs`)) as typeof import('pyodide');
  post({ type: 'progress', step: 2, of: 3, text: 'Starting CPython (WebAssembly)' });
  const runtime = await loadPyodide({ indexURL, fullStdLib: false });
  const decoder = new TextDecoder();
  // Terminals, so that input() takes CPython's interactive path and raises builtins.input/result.
  const write = (type: 'stdout' | 'stderr') => (buffer: Uint8Array) => {
    post({ type, text: decoder.decode(buffer, { stream: true }) });
    return buffer.length;
  };
  runtime.setStdout({ write: write('stdout'), isatty: true });
  runtime.setStderr({ write: write('stderr'), isatty: true });
  runtime.setStdin({ stdin: () => stdin.shift(), isatty: true });
  post({ type: 'progress', step: 3, of: 3, text: 'Installing the audit hook' });
  runtime.globals.set('_post_events', (json: string) => post({ type: 'events', events: JSON.parse(json) }));
  runtime.runPython(HARNESS);
  python = runtime;
  post({ type: 'ready', version: String(runtime.runPython('import sys; sys.version.split()[0]')) });
}

async function run(code: string, input: string, hook: string) {
  if (!python) return post({ type: 'failed', message: 'Python is not loaded' });
  stdin = input === '' ? [] : input.replace(/\n$/, '').split('\n');
  const result = JSON.parse(String(python.globals.get('_audit_run')(code, hook)));
  // The code ran synchronously, so the policy's violation reports are still queued: let them be
  // dispatched (and posted) before 'done' ends this worker.
  await new Promise((resolve) => setTimeout(resolve, 0));
  post({ type: 'done', ...result });
}

self.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  if (message.type === 'load') load(message.indexURL).catch((error: unknown) => post({ type: 'failed', message: String(error) }));
  else if (message.type === 'run') void run(message.code, message.input, message.hook);
});

post({ type: 'started' });
