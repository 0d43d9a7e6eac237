/**
 * `npm run bench`: keystroke-to-results-painted latency of the search in Chromium, for the real
 * table and for generated tables of 1,000 and 10,000 events; the gzip size of what the search
 * loads; the build time and size of `dist/` at each size; and Lighthouse's scores for the index
 * and an event page of the real table; how long each hostile query takes to answer; and the
 * playground's figures (see playground.ts). A script,
 * not a test: it prints figures and writes them as data to bench/results/<date>-<machine>.json
 * (its shape: BenchResults in bench/report.ts), where the newest file is the one docs/benchmarks.md shows.
 *
 *   npm run bench                # all sizes, and a full trace of the call corpus
 *   npm run bench -- 209 1000    # some sizes
 *   npm run bench -- --no-trace  # all sizes, no trace
 *   npm run bench -- 10000 --build-only --no-trace   # only the build: its time by phase and page kind
 *   npm run bench -- 10000 --build-only --builds 3   # the build three times: the median is shown, each kept
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, release, totalmem, type as osType } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chromium, type Page } from '@playwright/test';
import { eventPath } from '../src/lib/names/naming';
import { HOSTILE_QUERIES } from '../tests/fixtures/hostile-queries';
import { profileBuild, type Chunk } from './build-log';
import { sourcesOf, writeGenerated } from './generate-data';
import { benchMarkdown, median, queryLabel, type BenchResults, type Spread } from './report';

// The shapes of what the bench measures are those of its results file (bench/report.ts).
type Figures = BenchResults['latency'][number];
type Hostile = BenchResults['hostile'][number];
type Build = BenchResults['builds'][number];
type TraceFigures = NonNullable<BenchResults['trace']>;
import { benchHooks, printHookCosts } from './hooks';
import { describePython3, examplesOnPython3, measurePlayground, type PlaygroundFigures } from './playground';

const OUT = 'bench/out';
const CHROMIUM = process.env['CHROMIUM_PATH'] || '/usr/bin/chromium';
const ROUNDS = 3;
let pause = 0;
// Typed one key at a time from an empty box, as a person would.
const SEQUENCES = [
  'socket.connect',
  'sokcet conect',
  'getadrinfo',
  'fullpath',
  'module:socket port',
  'interpreter state clear',
  'arg:self',
  'subprocess',
  'tempfile.mkstemp',
  'zzqq',
  // Traced APIs, by the last part of their names.
  'read_text',
  'urlopen',
];

// The size of the real data (every name of every version): Lighthouse scores the site as published.
const real = 209;
// `--no-trace` leaves out the full trace of the corpus (minutes: every call in every CPython here).
const traceWanted = !process.argv.includes('--no-trace');
// `--build-only` times the builds and nothing else: no browser, no hooks, no trace.
const buildOnly = process.argv.includes('--build-only');
// `--builds N` times each build N times, one after the other, each over the previous output: on a
// shared machine one build can take half as long again as the next, so the median is the figure shown.
const buildsAt = process.argv.indexOf('--builds');
const repeats = buildsAt > 0 ? Number(process.argv[buildsAt + 1]) : 1;
if (!Number.isInteger(repeats) || repeats < 1) throw new Error('--builds takes a whole number of builds, 1 or more');
const sizes = process.argv.slice(2).filter((arg, at, args) => !arg.startsWith('--') && args[at - 1] !== '--builds').map(Number);
const wanted = sizes.length > 0 ? sizes : [real, 1000, 10000];
mkdirSync(OUT, { recursive: true });

const results: {
  latency: Figures[];
  searchSizes: Record<string, number>[];
  builds: Build[];
  lighthouse: Record<string, string | number>[];
  hostile: Hostile[];
  playground?: PlaygroundFigures;
  trace?: TraceFigures;
  python3?: string[];
  hookCosts?: ReturnType<typeof benchHooks>;
} = {
  latency: [],
  searchSizes: [],
  builds: [],
  lighthouse: [],
  hostile: [],
};
for (const [at, count] of wanted.entries()) {
  const directory = join(OUT, `versions-${count}`);
  writeGenerated(count, directory);
  const sources = sourcesOf(directory);
  const dist = join(OUT, `dist-${count}`);
  console.log(`\n# ${count} events: building…`);
  const runs: Awaited<ReturnType<typeof timedBuild>>[] = [];
  for (let run = 1; run <= repeats; run += 1) {
    // What the previous build (or the data just written) left for the disk to write is written first.
    spawnSync('sync');
    runs.push(await timedBuild({ ...process.env, ...sources, OUT_DIR: dist }, join(OUT, `build-${count}-${run}.jsonl`)));
    if (repeats > 1) console.log(`  build ${run} of ${repeats}: ${runs.at(-1)?.seconds.toFixed(1)} s`);
  }
  const middle = median(runs.map((run) => run.seconds));
  const build = runs.find((run) => run.seconds === middle) ?? runs[0]!;
  const { bytes, files } = measureDir(dist);
  results.builds.push({ events: count, seconds: build.seconds, files, megabytes: bytes / 1e6, ...build.profile, ...(repeats > 1 ? { runs: runs.map((run) => run.seconds) } : {}) });
  console.log(`built in ${build.seconds.toFixed(1)} s: ${build.profile.pages} pages, ${files} files, ${(bytes / 1e6).toFixed(1)} MB`);
  console.log(`  by phase: ${build.profile.phases.map(({ phase, ms }) => `${phase} ${(ms / 1000).toFixed(1)} s`).join(', ')}`);
  if (buildOnly) continue;

  const port = 4500 + at;
  const server = await serve(dist, port, sources);
  try {
    const origin = `http://127.0.0.1:${port}/`;
    const sizesOf = await loadedSizes(origin, dist);
    results.searchSizes.push({ events: count, ...sizesOf });
    if (count === real) {
      const browser = await launch();
      try {
        results.playground = await measurePlayground(browser, origin, dist);
      } finally {
        await browser.close();
      }
    }
    for (const path of ['', eventPath('socket.connect')]) {
      if (count === real) results.lighthouse.push(lighthouse(origin + path));
      const figures = await measure(origin + path, count);
      results.latency.push(figures);
      const show = ({ p50, p95 }: Spread) => `${p50.toFixed(1)}/${p95.toFixed(1)}`;
      console.log(
        `${figures.page.padEnd(24)} ${figures.keystrokes} keystrokes, p50/p95 ms: work ${show(figures.work)}, painted ${show(figures.painted)}, browser floor ${show(figures.floor)}`,
      );
    }
    const hostile = await answerHostile(origin, count);
    results.hostile.push(hostile);
    const worst = hostile.slowest.reduce((a, b) => (b.ms > a.ms ? b : a));
    console.log(`hostile queries: slowest ${worst.ms.toFixed(1)} ms (${queryLabel(worst.query)}), ${hostile.slowest.filter(({ ms }) => ms > 100).length} over 100 ms`);
  } finally {
    stop(server);
  }
}

if (!buildOnly) results.python3 = describePython3(examplesOnPython3());
// What a hook costs per event, in every native CPython (also alone: npm run bench:hooks).
if (!buildOnly) results.hookCosts = benchHooks();
if (traceWanted && !buildOnly) results.trace = timeTrace();
const written = writeResults(results);
// The same tables docs/benchmarks.md shows (npm run bench:report writes them there).
console.log(`\n${benchMarkdown(JSON.parse(readFileSync(written, 'utf8')) as BenchResults)}`);
if (results.python3) console.log(`\n${results.python3.join('\n')}`);
if (results.hookCosts) printHookCosts(results.hookCosts);
console.log(`\nwrote ${written}: npm run bench:report shows it in docs/benchmarks.md`);

/** Runs `npm run build`, timing its output as it comes: the whole build, and its phases and page kinds. */
async function timedBuild(env: NodeJS.ProcessEnv, log: string): Promise<{ seconds: number; profile: ReturnType<typeof profileBuild> }> {
  const started = performance.now();
  const chunks: Chunk[] = [];
  // The build as `npm run build` runs it, with the Node flags it sets.
  const child = spawn('npm', ['run', '--silent', 'build'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const take = (data: Buffer) => chunks.push({ ms: performance.now() - started, text: data.toString('utf8') });
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  const status = await new Promise<number | null>((resolve, reject) => child.on('error', reject).on('close', resolve));
  const ms = performance.now() - started;
  // The output as it came, for a closer look: one JSON line per chunk, `{ ms, text }`.
  writeFileSync(log, chunks.map((chunk) => `${JSON.stringify(chunk)}\n`).join(''));
  if (status !== 0) throw new Error(`build failed:\n${chunks.map((chunk) => chunk.text).join('').slice(-20_000)}`);
  return { seconds: ms / 1000, profile: profileBuild(chunks, ms) };
}

/** This machine, as a results file names it: `BENCH_MACHINE`, or its CPU and cores (`amd-epyc-2-cores`). */
function machine() {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU';
  const cores = cpus().length;
  const slug = `${cpu.toLowerCase().replace(/\(r\)|\(tm\)|\bcpu\b|@.*$|\bprocessor\b/g, '').replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').split('-').slice(0, 4).join('-')}-${cores}-cores`;
  return {
    name: process.env['BENCH_MACHINE'] || slug,
    cpu,
    cores,
    memoryGB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os: `${osType()} ${release()} ${process.arch}`,
  };
}

/** Writes the figures as data, `bench/results/<date>-<machine>.json` (its shape: BenchResults in bench/report.ts); returns its path. */
function writeResults(figures: typeof results): string {
  const date = new Date().toISOString().slice(0, 10);
  const host = machine();
  const file = join('bench', 'results', `${date}-${host.name}.json`);
  const data = {
    schema: 1,
    date,
    machine: host,
    options: { sizes: wanted, trace: traceWanted && !buildOnly, buildOnly },
    ...figures,
  };
  mkdirSync(join('bench', 'results'), { recursive: true });
  writeFileSync(file, `${JSON.stringify(data, null, 2)}\n`);
  return file;
}

/** Runs the tracer over the whole corpus into bench/out/traces and reads its report of each interpreter. */
function timeTrace(): TraceFigures {
  console.log('\n# tracing the corpus in every CPython here…');
  const started = performance.now();
  const run = spawnSync('npx', ['tsx', 'src/cli/trace.ts', '--out', join(OUT, 'traces')], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0) throw new Error(`trace failed:\n${run.stderr}`);
  const interpreters = [...`${run.stdout}\n${run.stderr}`.matchAll(/^(.+?): (\d+) calls ran, (\d+) not run, ([\d.]+) s$/gm)].map((match) => ({
    interpreter: match[1] ?? '',
    ran: Number(match[2]),
    notRun: Number(match[3]),
    seconds: Number(match[4]),
  }));
  return { seconds, interpreters };
}

async function serve(dist: string, port: number, sources: Record<string, string>): Promise<ChildProcess> {
  const server = spawn('npx', ['astro', 'preview', '--host', '127.0.0.1', '--port', String(port), '--ignore-lock'], {
    env: { ...process.env, ...sources, OUT_DIR: dist },
    stdio: 'ignore',
    // Its own process group, so that stopping it stops the server npx started too.
    detached: true,
  });
  for (let tries = 0; tries < 100; tries++) {
    const ok = await fetch(`http://127.0.0.1:${port}/`).then((response) => response.ok).catch(() => false);
    if (ok) return server;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  stop(server);
  throw new Error(`astro preview did not answer on port ${port}`);
}

function measureDir(dir: string): { bytes: number; files: number } {
  let bytes = 0;
  let files = 0;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    files++;
    bytes += statSync(join(entry.parentPath, entry.name)).size;
  }
  return { bytes, files };
}

/** Lighthouse 12.2.3 (pinned in package.json) on a page, in Debian's Chromium: the four scores. */
function lighthouse(url: string): Record<string, string | number> {
  const report = join(OUT, 'lighthouse.json');
  const run = spawnSync(
    'npx',
    [
      'lighthouse',
      url,
      '--quiet',
      '--output=json',
      `--output-path=${report}`,
      '--only-categories=performance,accessibility,best-practices,seo',
      '--chrome-flags=--headless=new --no-sandbox --disable-background-networking --disable-component-update --disable-sync --no-first-run',
    ],
    { env: { ...process.env, CHROME_PATH: CHROMIUM }, encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`lighthouse failed:\n${run.stderr}`);
  const { categories } = JSON.parse(readFileSync(report, 'utf8')) as { categories: Record<string, { score: number }> };
  const scores = Object.fromEntries(Object.entries(categories).map(([id, { score }]) => [id, Math.round(score * 100)]));
  console.log(`Lighthouse ${new URL(url).pathname}: ${JSON.stringify(scores)}`);
  return { page: new URL(url).pathname, ...scores };
}

function stop(server: ChildProcess) {
  if (server.pid !== undefined) process.kill(-server.pid);
}

async function launch() {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** The gzip -9 bytes of what the search loads on first use: its code chunks and its data. */
async function loadedSizes(origin: string, dist: string): Promise<{ code: number; data: number }> {
  const browser = await launch();
  const page = await browser.newPage();
  const paths: string[] = [];
  await page.goto(origin);
  await page.waitForLoadState('networkidle');
  page.on('request', (request) => paths.push(new URL(request.url()).pathname));
  await page.keyboard.press('/');
  await page.waitForLoadState('networkidle');
  await page.waitForFunction(() => document.querySelector('[role=listbox]') !== null);
  await browser.close();
  const gz = (path: string) => gzipSync(readFileSync(join(dist, path)), { level: 9 }).length;
  return {
    code: paths.filter((path) => path.endsWith('.js')).reduce((sum, path) => sum + gz(path), 0),
    data: paths.filter((path) => path.endsWith('.json')).reduce((sum, path) => sum + gz(path), 0),
  };
}

async function measure(url: string, events: number): Promise<Figures> {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(url);
  await installProbe(page);
  // Reach for the box and let the search load: loading is a one-off cost, not a keystroke's.
  await page.keyboard.press('/');
  await type(page, 'warm up');
  await page.evaluate(() => {
    const probe = window as unknown as Probe;
    probe.__work.length = 0;
    probe.__painted.length = 0;
  });

  for (let round = 0; round < ROUNDS; round++) {
    for (const sequence of SEQUENCES) {
      await type(page, sequence);
      await page.keyboard.press('Escape');
      await page.waitForFunction(() => document.querySelector('[role=listbox]')?.getAttribute('data-query') === '');
    }
  }
  const { work, painted } = await page.evaluate(() => {
    const probe = window as unknown as Probe;
    return { work: probe.__work, painted: probe.__painted };
  });

  // The same keystrokes into a field whose handler only sets an attribute, on the same page.
  await page.evaluate(() => {
    const field = Object.assign(document.createElement('input'), { id: 'noop' });
    document.body.prepend(field);
    field.addEventListener('input', () => field.setAttribute('data-query', field.value));
  });
  await installProbe(page, '#noop', '#noop');
  await page.locator('#noop').focus();
  for (const sequence of SEQUENCES) await type(page, sequence.repeat(ROUNDS));
  const floor = await page.evaluate(() => (window as unknown as Probe).__painted);
  await browser.close();
  return { events, page: new URL(url).pathname, keystrokes: painted.length, work: spread(work), painted: spread(painted), floor: spread(floor) };
}

// Each hostile query pasted whole into the index's box, as a paste or a `?q=` link gives it: from
// the input event to its results laid out, the slowest of ROUNDS (the box is cleared between).
async function answerHostile(origin: string, events: number): Promise<Hostile> {
  const browser = await launch();
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await page.goto(`${origin}?q=warm`);
  await page.waitForFunction(() => document.querySelector('[role=listbox]')?.getAttribute('data-query') === 'warm');
  const answer = (text: string) =>
    page.evaluate(
      (query) =>
        new Promise<number>((resolve, reject) => {
          const input = document.querySelector<HTMLInputElement>('input[role=combobox]');
          const list = document.querySelector('[role=listbox]');
          if (!input || !list) return reject(new Error('no search box'));
          const started = performance.now();
          new MutationObserver((_, observer) => {
            if (list.getAttribute('data-query') !== query) return;
            observer.disconnect();
            list.getBoundingClientRect();
            resolve(performance.now() - started);
          }).observe(list, { attributes: true, attributeFilter: ['data-query'] });
          input.value = query;
          input.dispatchEvent(new Event('input', { bubbles: true }));
        }),
      text,
    );
  const slowest = [];
  for (const query of HOSTILE_QUERIES) {
    let ms = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const typed of [query, `${query} socket`]) {
        await answer('');
        ms = Math.max(ms, await answer(typed));
      }
    }
    slowest.push({ query, ms });
  }
  await browser.close();
  return { events, slowest };
}

function spread(samples: number[]): Spread {
  const sorted = [...samples].sort((a, b) => a - b);
  const at = (share: number) => sorted[Math.min(sorted.length - 1, Math.floor(share * sorted.length))] ?? Number.NaN;
  return { p50: at(0.5), p95: at(0.95), max: sorted.at(-1) ?? Number.NaN };
}

interface Probe {
  __work: number[];
  __painted: number[];
  __pending: number | undefined;
}

// Times each keystroke from its keydown to the moment the listbox shows its query's results
// (laid out), and to the end of the frame that paints them.
async function installProbe(page: Page, input = 'input[role=combobox]', list = '[role=listbox]') {
  await page.evaluate(
    ([inputSelector, listSelector]) => {
      const probe = window as unknown as Probe;
      probe.__work = [];
      probe.__painted = [];
      const field = document.querySelector<HTMLInputElement>(inputSelector ?? '');
      const target = document.querySelector(listSelector ?? '');
      if (!field || !target) throw new Error('nothing to type into');
      // Characters only: the Escape that clears the box between sequences is not timed.
      field.addEventListener('keydown', (event) => (probe.__pending = event.key.length === 1 ? event.timeStamp : undefined), {
        capture: true,
      });
      new MutationObserver(() => {
        const started = probe.__pending;
        if (started === undefined || target.getAttribute('data-query') !== field.value) return;
        probe.__pending = undefined;
        // Style and layout now rather than at the frame: the same work, timed apart from the wait.
        target.getBoundingClientRect();
        probe.__work.push(performance.now() - started);
        // A message posted from the next animation frame is handled once that frame's style,
        // layout and paint are done (setTimeout would add its own clamped delay).
        requestAnimationFrame(() => {
          const channel = new MessageChannel();
          channel.port1.onmessage = () => probe.__painted.push(performance.now() - started);
          channel.port2.postMessage(undefined);
        });
      }).observe(target, { attributes: true, attributeFilter: ['data-query'] });
    },
    [input, list],
  );
}

// People type a key every 100 ms or so, at no fixed point of the browser's frame: waiting a
// varying while before each key keeps keystrokes from falling in step with the frames.
async function type(page: Page, text: string) {
  for (const key of text) {
    const before = await page.evaluate(() => (window as unknown as Probe).__painted.length);
    pause = (pause * 7 + 13) % 61;
    await page.waitForTimeout(30 + pause);
    await page.keyboard.press(key === ' ' ? 'Space' : key);
    await page.waitForFunction((count) => (window as unknown as Probe).__painted.length > count, before);
  }
}
