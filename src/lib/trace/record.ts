import type { TracedCall } from './schema';

/**
 * The tracer's rules, apart from running anything: what counts as a call's own events, and how
 * a run's values become stable text, so that tracing twice writes the same files.
 */

/** An event as the harness reports it: its name, the type of each argument, the repr of the args tuple. Null stands for one past the harness's limit. */
export type RawEvent = [name: string, types: string[], repr: string] | null;

/** One call as the harness ran it: twice, each run in a folder of its own. */
export interface RawResult {
  id: string;
  /** The first, warm-up run's events. */
  first: RawEvent[];
  /** The second run's: the call's own. */
  events: RawEvent[];
  error: string | null;
  /** The two runs' temporary folders. */
  folders: string[];
  seconds: number;
}

/** What the harness knew of the process: the values that differ from one run of the tracer to the next. */
export interface RunSpecifics {
  pid: number;
  /** The calling thread's identity (`threading.get_ident()`), which `signal.pthread_kill` takes. */
  thread?: number;
  /** The ports of the loopback servers the calls used. */
  ports: number[];
  executable: string;
  /** The harness's own folder, which is on `sys.path` (and so in every `import` event). */
  harness?: string;
  prefix: string;
  home: string;
  tempdir: string;
  cwd: string;
}

/** The longest a repr stays: enough to tell values apart, short enough for a page of them. */
export const REPR_LENGTH = 120;

/** The placeholders, in the order they apply. */
export const PLACEHOLDERS = {
  folder: '<tmp>',
  python: '<python>',
  harness: '<harness>',
  prefix: '<prefix>',
  home: '~',
  pid: '<pid>',
  thread: '<thread>',
  port: '<port>',
  address: '0x…',
  tempName: 'tmp…',
  varies: '…',
  time: '<time>',
} as const;


/**
 * A value as text that is the same from one run of the tracer to the next: the run's temporary
 * folders, the interpreter's path and prefix, the home folder, the process id and the loopback
 * server's port replaced by placeholders, and so are memory addresses (in hexadecimal, or as
 * decimal numbers of twelve digits or more, and ctypes' library handles), descriptor numbers in
 * reprs (`fd=5`), times since 1970 (`<time>`), the random part of `tempfile`'s names and of
 * importlib's temporary `.pyc` names, and the line of a harness frame; then shortened to `REPR_LENGTH`.
 */
export function stable(text: string, specifics: RunSpecifics, folders: readonly string[]): string {
  let out = text;
  const paths: [string, string][] = [
    ...folders.map((folder) => [folder, PLACEHOLDERS.folder] as [string, string]),
    [specifics.executable, PLACEHOLDERS.python],
    [specifics.harness ?? '', PLACEHOLDERS.harness],
    [specifics.prefix, PLACEHOLDERS.prefix],
    [specifics.home, PLACEHOLDERS.home],
  ];
  // Longest first: a folder inside the home folder is a folder, not a path under ~.
  for (const [path, placeholder] of paths.filter(([path]) => path.length > 1).sort((a, b) => b[0].length - a[0].length)) {
    out = out.split(path).join(placeholder);
  }
  // A process id of 4 digits or more is the run's; a shorter one (Pyodide's is always 42) is not.
  if (specifics.pid >= 1000) out = out.replace(new RegExp(`(?<![\\w.])${specifics.pid}(?![\\w.])`, 'g'), PLACEHOLDERS.pid);
  if (specifics.thread !== undefined && specifics.thread >= 1000) out = out.replace(new RegExp(`(?<![\\w.])${specifics.thread}(?![\\w.])`, 'g'), PLACEHOLDERS.thread);
  for (const port of specifics.ports) out = out.replace(new RegExp(`(?<![\\w.])${port}(?![\\w.])`, 'g'), PLACEHOLDERS.port);
  out = out.replace(/0x[0-9a-fA-F]{5,}/g, PLACEHOLDERS.address);
  // A whole number of twelve digits or more is an address or an id() in decimal (a library's
  // handle, a function's address): it moves with address-space randomisation from run to run.
  out = out.replace(/(?<!\w)\d{12,}(?!\w)/g, PLACEHOLDERS.varies);
  // A library's handle, as ctypes shows it (`handle 7f028e7942e0`).
  out = out.replace(/\bhandle [0-9a-f]{6,}\b/g, `handle ${PLACEHOLDERS.varies}`);
  // Seconds since 1970 between 2001 and 2033: a file's times, taken when the run made it.
  out = out.replace(/(?<![\w.])1\d{9}(?:\.(?:\d+|…))?(?![\w.])/g, PLACEHOLDERS.time);
  // A socket's or file's descriptor number depends on what else the process holds open.
  out = out.replace(/\bfd=\d+/g, `fd=${PLACEHOLDERS.varies}`);
  out = out.replace(/\btmp[a-z0-9_]{8}\b/g, PLACEHOLDERS.tempName);
  // importlib writes a .pyc through `<name>.pyc.<id(path)>`: an id of any length (WebAssembly's are short).
  out = out.replace(/(\.pyc)\.\d+(?!\w)/g, `$1.${PLACEHOLDERS.varies}`);
  // A frame of the harness itself (a call that walks the stack reaches it): its line is the harness's, not the call's.
  out = out.replace(/(file '<harness>[^']*', line )\d+/g, `$1${PLACEHOLDERS.varies}`);
  return shorten(out);
}

/** Text cut to `REPR_LENGTH` characters, the cut marked. */
export function shorten(text: string, length = REPR_LENGTH): string {
  const chars = [...text];
  return chars.length <= length ? text : `${chars.slice(0, length - 1).join('')}…`;
}

// The pairs of positions at which two lists of names agree, in order (a longest common subsequence).
function align(a: readonly string[], b: readonly string[]): [number, number][] {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/**
 * Where two runs give the same event with other words or numbers in its repr (an object's
 * `id()`, a time, the random part of a temporary name), those are the run's, not the call's:
 * they become `…`. Anything else that differs is kept as the second run has it.
 */
export function maskVarying(own: string, other: string): string {
  // Words and numbers, and what lies between them: where only some words differ, those are the run's.
  const split = (text: string) => text.split(/([A-Za-z0-9_]+)/);
  const a = split(own);
  const b = split(other);
  if (a.length !== b.length || a.some((part, at) => at % 2 === 0 && part !== b[at])) return own;
  return a.map((part, at) => (at % 2 === 1 && part !== b[at] ? PLACEHOLDERS.varies : part)).join('');
}

/**
 * A call of a trace file from the harness's two runs: the second run's events are the call's own;
 * the first run's that the second lacks (found by aligning the two lists of names) are what the
 * first call also did, of which the trace keeps the modules it imported and how many there were.
 * A call that failed in either run is not run, with the error.
 */
export function traceCall(result: RawResult, specifics: RunSpecifics): TracedCall {
  const text = (value: string) => stable(value, specifics, result.folders);
  if (result.error !== null) return { status: 'not run', error: shorten(text(result.error), 300) };
  const own = result.events.filter((event): event is Exclude<RawEvent, null> => event !== null);
  const first = result.first.filter((event): event is Exclude<RawEvent, null> => event !== null);
  const pairs = align(
    first.map(([name]) => name),
    own.map(([name]) => name),
  );
  const partner = new Map(pairs.map(([i, j]) => [j, i]));
  const events = own.map(([name, types, repr], at) => {
    const match = partner.get(at);
    // builtins.id's one argument is an object's address: the run's, always.
    if (name === 'builtins.id') return { name, args: types.length, types, repr: `(${PLACEHOLDERS.varies},)` };
    // ctypes' events carry memory addresses as numbers, seven digits or more in WebAssembly's 32 bits.
    const stableRepr = name.startsWith('ctypes.') ? text(repr).replace(/(?<!\w)\d{7,}(?!\w)/g, PLACEHOLDERS.varies) : text(repr);
    const otherRepr = match === undefined ? undefined : first[match]?.[2];
    return { name, args: types.length, types, repr: otherRepr === undefined ? stableRepr : maskVarying(stableRepr, text(otherRepr)) };
  });
  const matched = new Set(pairs.map(([i]) => i));
  const extras = first.filter((_, at) => !matched.has(at));
  const imports = [...new Set(extras.flatMap(([name, , repr]) => (name === 'import' ? [/^\('([^']+)'/.exec(repr)?.[1] ?? repr] : [])))];
  return {
    status: 'ok',
    events,
    ...(own.length < result.events.length ? { truncated: true as const } : {}),
    ...(imports.length > 0 ? { first_imports: imports } : {}),
    ...(extras.length > 0 ? { first_events: extras.length } : {}),
  };
}
