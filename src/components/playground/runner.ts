import type { FromWorker, RecordedEvent, ToWorker } from './protocol';

/** How a run ended. */
export interface RunResult {
  error: string | null;
  counts: Record<string, number>;
  dropped: number;
  seconds: number;
  /** Stopped by the visitor, or by the time limit. */
  stopped?: 'stop' | 'time';
}

/** What the page hears while Python loads and runs. */
export interface RunnerListener {
  progress(step: number, of: number, text: string): void;
  /** The page's policy blocked what the code reached for (another origin). */
  blocked(directive: string, uri: string): void;
  events(events: RecordedEvent[]): void;
  output(stream: 'stdout' | 'stderr', text: string): void;
}

/** A run may take this long before it is stopped. */
export const TIME_LIMIT_MS = 10_000;
// A runtime that has not started by then never will (a policy that blocks WebAssembly makes
// Pyodide wait forever, without an error).
const LOAD_LIMIT_MS = 90_000;

interface Session {
  worker: Worker;
  ready: Promise<string>;
}

/**
 * Runs Python in a module worker, one fresh interpreter per run: a hook cannot be removed, so an
 * interpreter that has run code is never reused. After each run the next interpreter starts
 * loading at once, so that the next Run does not wait for it. Stop, and the time limit, end a run
 * by terminating its worker.
 */
export class Runner {
  #session: Session | undefined;
  #finish: ((result: RunResult) => void) | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly workerUrl: string,
    private readonly indexURL: string,
    private readonly listener: RunnerListener,
  ) {}

  /** Starts an interpreter if none is loading or ready; resolves with CPython's version. */
  load(): Promise<string> {
    this.#session ??= this.#start();
    return this.#session.ready;
  }

  /** Runs code in a fresh interpreter; `input` is what input() reads, line by line. */
  async run(code: string, input: string, hook = ''): Promise<RunResult> {
    await this.load();
    const session = this.#session;
    if (!session) throw new Error('Python is not loaded');
    // This interpreter is used up by this run: the next one starts after it.
    this.#session = undefined;
    return new Promise<RunResult>((resolve) => {
      this.#finish = (result) => {
        clearTimeout(this.#timer);
        this.#finish = undefined;
        session.worker.terminate();
        resolve(result);
        void this.load().catch(() => undefined);
      };
      this.#timer = setTimeout(() => this.#finish?.({ error: null, counts: {}, dropped: 0, seconds: TIME_LIMIT_MS / 1000, stopped: 'time' }), TIME_LIMIT_MS);
      session.worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
        if (event.data.type === 'done') this.#finish?.({ error: event.data.error, counts: event.data.counts, dropped: event.data.dropped, seconds: event.data.seconds });
      });
      session.worker.postMessage({ type: 'run', code, input, hook } satisfies ToWorker);
    });
  }

  /** Ends the run in progress, if any. */
  stop(): void {
    this.#finish?.({ error: null, counts: {}, dropped: 0, seconds: 0, stopped: 'stop' });
  }

  #start(): Session {
    // A worker started from a blob: runs under this page's Content Security Policy; one loaded
    // from a URL would not inherit a <meta> policy. The blob only imports the real module.
    const bootstrap = `import(${JSON.stringify(this.workerUrl)}).catch((error) => postMessage({ type: 'failed', message: 'the worker could not load: ' + error }));`;
    const url = URL.createObjectURL(new Blob([bootstrap], { type: 'text/javascript' }));
    const worker = new Worker(url, { type: 'module', name: 'python' });
    URL.revokeObjectURL(url);
    let loaded = false;
    const ready = new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => fail(`Python did not start within ${LOAD_LIMIT_MS / 1000} s`), LOAD_LIMIT_MS);
      const fail = (message: string) => {
        clearTimeout(timer);
        worker.terminate();
        if (this.#session?.worker === worker) this.#session = undefined;
        reject(new Error(message));
      };
      worker.addEventListener('error', (event) => fail(event.message || 'the worker failed to start'));
      worker.addEventListener('message', (event: MessageEvent<FromWorker>) => {
        const message = event.data;
        if (message.type === 'started') worker.postMessage({ type: 'load', indexURL: this.indexURL } satisfies ToWorker);
        else if (message.type === 'progress') this.listener.progress(message.step, message.of, message.text);
        else if (message.type === 'ready') {
          clearTimeout(timer);
          loaded = true;
          resolve(message.version);
        } else if (message.type === 'failed') fail(message.message);
        else if (message.type === 'blocked') {
          if (loaded) this.listener.blocked(message.directive, message.uri);
          else fail(`the page's Content Security Policy blocked ${message.uri || 'it'} (${message.directive})`);
        }
        else if (message.type === 'events') this.listener.events(message.events);
        else if (message.type === 'stdout' || message.type === 'stderr') this.listener.output(message.type, message.text);
      });
    });
    // A failed start is reported by whoever waits on it; unobserved, it is only dropped.
    ready.catch(() => undefined);
    return { worker, ready };
  }
}
