/**
 * The playground's figures for `npm run bench`: what `/try/` transfers (gzip -9) until Python is
 * ready, the time from reaching for the editor to Python ready with a cold cache and a warm one,
 * and the time from Run to the first event listed. Also runs every example with the machine's
 * `python3` and reports the events that fire there with other arguments than its docs list.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, Page } from '@playwright/test';
import { checkOutcomes, describeFinding, isRunnable, parseExamples, type ExampleFinding, type ExampleOutcome } from '../src/lib/behaviour/examples';
import { listedArguments } from '../src/lib/versions/events';
import { readCatalog } from '../tests/support/dataset';

export interface PlaygroundFigures {
  /** gzip -9 bytes of every file the page fetched until Python was ready, and the largest of them. */
  transferred: { bytes: number; files: number; largest: { file: string; bytes: number }[] };
  /** Milliseconds from the first focus of the editor to "Ready", per round. */
  readyCold: number[];
  readyWarm: number[];
  /** Milliseconds from the click on Run to the first event in the list, per round. */
  firstEvent: number[];
}

const ROUNDS = 3;

/** Measures `/try/` of a served build: ROUNDS fresh browser contexts, each loaded cold and then reloaded warm. */
export async function measurePlayground(browser: Browser, origin: string, dist: string): Promise<PlaygroundFigures> {
  const figures: PlaygroundFigures = { transferred: { bytes: 0, files: 0, largest: [] }, readyCold: [], readyWarm: [], firstEvent: [] };
  for (let round = 0; round < ROUNDS; round++) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const paths = new Set<string>();
    page.on('requestfinished', (request) => {
      const url = new URL(request.url());
      // The worker's blob: bootstrap is made in the page, not transferred.
      if (url.protocol !== 'blob:' && url.origin === new URL(origin).origin) paths.add(url.pathname === '/try/' ? '/try/index.html' : url.pathname);
    });
    await page.goto(`${origin}try/`);
    figures.readyCold.push(await timeToReady(page));
    figures.firstEvent.push(await timeToFirstEvent(page));
    if (round === 0) {
      const sizes = [...paths].map((path) => ({ file: path, bytes: gzipSync(readFileSync(join(dist, path)), { level: 9 }).length }));
      sizes.sort((a, b) => b.bytes - a.bytes);
      figures.transferred = { bytes: sizes.reduce((sum, { bytes }) => sum + bytes, 0), files: sizes.length, largest: sizes.slice(0, 4) };
    }
    // The same context again: the files are in its HTTP cache (revalidated, as the server asks).
    await page.reload();
    figures.readyWarm.push(await timeToReady(page));
    figures.firstEvent.push(await timeToFirstEvent(page));
    await context.close();
  }
  return figures;
}

/**
 * Focuses the editor, as a visitor's first click does (a click on its label focuses the editor,
 * which lives in a shadow root), and waits for the status to say Python is ready.
 */
function timeToReady(page: Page): Promise<number> {
  return page.locator('try-playground').evaluate(
    (element) =>
      new Promise<number>((resolve, reject) => {
        const status = element.querySelector('[data-status]');
        const started = performance.now();
        setTimeout(() => reject(new Error(`not ready after 120 s: ${status?.textContent}`)), 120_000);
        new MutationObserver(() => {
          const text = status?.textContent ?? '';
          if (text.startsWith('Ready')) resolve(performance.now() - started);
          else if (text.startsWith('Python could not start')) reject(new Error(text));
        }).observe(status ?? element, { childList: true, characterData: true, subtree: true });
        element.querySelector<HTMLElement>('label[for="code"]')?.click();
      }),
  );
}

/** Clicks Run and waits for the first event in the list. */
function timeToFirstEvent(page: Page): Promise<number> {
  return page.locator('try-playground').evaluate(
    (element) =>
      new Promise<number>((resolve, reject) => {
        const list = element.querySelector('[data-events]');
        const started = performance.now();
        setTimeout(() => reject(new Error('no event within 60 s of Run')), 60_000);
        new MutationObserver((_, observer) => {
          if (list?.querySelector('li[data-event]')) {
            observer.disconnect();
            resolve(performance.now() - started);
          }
        }).observe(list ?? element, { childList: true, subtree: true });
        element.querySelector<HTMLButtonElement>('[data-run]')?.click();
      }),
  );
}

// Runs one example under an audit hook and writes what fired to the file named in argv[2]. The
// examples were written for the playground's file system: here '/tmp' is a scratch directory.
const HARNESS = String.raw`
import json, sys, traceback
events = []
recording = True
def hook(event, args):
    if recording:
        events.append([event, len(args)])
sys.addaudithook(hook)
error = None
try:
    exec(compile(sys.argv[1], '<example>', 'exec'), {'__name__': '__main__'})
except BaseException:
    error = traceback.format_exc().strip().splitlines()[-1]
recording = False
with open(sys.argv[2], 'w') as out:
    json.dump({'events': events, 'error': error}, out)
`;

export interface Python3Report {
  python: string;
  /** The minor version whose docs the counts are checked against. */
  docs: string;
  run: number;
  findings: ExampleFinding[];
  /** The examples whose event that version's docs do not list (an event of a later version, say). */
  unlisted: Set<string>;
}

/** Runs every runnable example in its own `python3` process and checks it as the browser test does. */
export function examplesOnPython3(python = process.env['PYTHON'] || 'python3'): Python3Report {
  const file = 'content/try-examples.json';
  const { events: examples } = parseExamples(readFileSync(file, 'utf8'), file);
  const catalog = readCatalog();
  const version = spawnSync(python, ['-c', 'import platform; print(platform.python_version())'], { encoding: 'utf8' }).stdout.trim();
  if (!version) throw new Error(`${python} did not run`);
  const minor = version.split('.').slice(0, 2).join('.');
  // A version the data does not have is checked against the newest docs it has.
  const docs = catalog.versions.some((v) => v.version === minor) ? minor : (catalog.versions.at(-1)?.version ?? minor);
  const scratch = mkdtempSync(join(tmpdir(), 'audit-examples-'));
  const outcomes: ExampleOutcome[] = [];
  try {
    for (const [name, example] of Object.entries(examples)) {
      if (!isRunnable(example)) continue;
      const home = mkdtempSync(join(scratch, 'tmp-'));
      const result = join(scratch, 'result.json');
      const code = example.code.replaceAll("'/tmp", `'${home}`);
      const run = spawnSync(python, ['-c', HARNESS, code, result], { cwd: home, input: 'Ada\n', encoding: 'utf8', timeout: 20_000 });
      if (run.status !== 0) {
        outcomes.push({ name, events: [], error: `python3 exited with ${run.status ?? run.signal}: ${run.stderr.trim().split('\n').at(-1)}` });
        continue;
      }
      const { events, error } = JSON.parse(readFileSync(result, 'utf8')) as Omit<ExampleOutcome, 'name'>;
      outcomes.push({ name, events, error });
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const byName = new Map(catalog.events.map((event) => [event.name, event]));
  const unlisted = new Set(outcomes.filter(({ name }) => listedArguments(byName.get(name), docs) === undefined).map(({ name }) => name));
  return { python: version, docs, run: outcomes.length, findings: checkOutcomes(outcomes, examples, byName, docs), unlisted };
}

/** The report of examplesOnPython3 in words. */
export function describePython3(report: Python3Report): string[] {
  const counts = report.findings.filter((finding) => finding.kind === 'arguments');
  const missing = report.findings.filter((finding) => finding.kind === 'missing' && !report.unlisted.has(finding.name));
  const later = report.findings.filter((finding) => finding.kind === 'missing' && report.unlisted.has(finding.name));
  const list = (findings: ExampleFinding[]) => findings.map((finding) => `  ${describeFinding(finding, report.docs)}`);
  return [
    `python3 ${report.python}: ${report.run} examples run, checked against the ${report.docs} docs.`,
    `Fired with other argument counts than those docs list (${counts.length}):`,
    ...list(counts),
    `Listed in those docs, but did not fire (${missing.length}):`,
    ...list(missing),
    `Not in those docs, and did not fire (${later.length}):`,
    ...list(later),
  ];
}
