import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { isRunnable, parseExamples } from '../../src/lib/examples';
import { readCatalog } from '../support/dataset';

const FILE = 'content/try-examples.json';
const { events: examples } = parseExamples(readFileSync(FILE, 'utf8'), FILE);
const catalog = readCatalog();
const byName = new Map(catalog.events.map((event) => [event.name, event]));

interface Outcome {
  name: string;
  /** Each recorded event: its name and how many arguments the hook received. */
  events: [string, number][];
  error: string | null;
}

/**
 * Every example runs in the playground's own worker (the built module, started from a blob as the
 * page starts it, under the page's policy), all in one interpreter: the worker clears the recorded
 * events at the start of each run.
 */
test('every example makes CPython raise its event, with the arguments its CPython’s docs list', async ({ page }) => {
  test.setTimeout(300_000);
  await page.goto('try/');
  const runnable = Object.entries(examples).flatMap(([name, example]) => (isRunnable(example) ? [{ name, code: example.code }] : []));
  expect(runnable.length).toBeGreaterThan(100);

  const { version, outcomes } = await page.locator('try-playground').evaluate(async (element: HTMLElement, jobs) => {
    const absolute = (path: string | undefined) => new URL(path ?? '', location.href).href;
    const bootstrap = `import(${JSON.stringify(absolute(element.dataset['worker']))});`;
    const worker = new Worker(URL.createObjectURL(new Blob([bootstrap], { type: 'text/javascript' })), { type: 'module' });
    let listener: (data: { type: string; [key: string]: unknown }) => void = () => undefined;
    worker.addEventListener('message', (event) => listener(event.data));
    const next = (type: string, collect?: (data: { [key: string]: unknown }) => void) =>
      new Promise<{ [key: string]: unknown }>((resolve, reject) => {
        listener = (data) => {
          if (data.type === type) resolve(data);
          else if (data.type === 'failed') reject(new Error(String(data['message'])));
          else collect?.(data);
        };
      });
    await next('started');
    const ready = next('ready');
    worker.postMessage({ type: 'load', indexURL: absolute(element.dataset['pyodide']) });
    const version = String((await ready)['version']);
    const outcomes: Outcome[] = [];
    for (const { name, code } of jobs) {
      const events: [string, number][] = [];
      const done = next('done', (data) => {
        if (data.type === 'events') for (const [event, args] of data['events'] as [string, string[]][]) events.push([event, args.length]);
      });
      worker.postMessage({ type: 'run', code, input: 'Ada' });
      outcomes.push({ name, events, error: (await done)['error'] as string | null });
    }
    worker.terminate();
    return { version, outcomes };
  }, runnable);

  // The table of the docs of the CPython the playground runs (3.14.2 reads the 3.14 docs).
  const minor = version.split('.').slice(0, 2).join('.');
  expect(catalog.versions.map((v) => v.version)).toContain(minor);
  const problems: string[] = [];
  for (const outcome of outcomes) {
    const example = examples[outcome.name];
    if (!isRunnable(example)) continue;
    const raised = example.raises ?? outcome.name;
    const listed = byName.get(outcome.name)?.appearances.find((a) => a.version === minor && a.listing !== 'undocumented');
    // Undocumented in that version: nothing to count against, so firing is what is checked.
    const expected = example.known?.args ?? listed?.args.length;
    const counts = outcome.events.filter(([name]) => name === raised).map(([, count]) => count);
    if (counts.length === 0) problems.push(`${outcome.name}: ${raised} did not fire${outcome.error ? `; the example ended in ${outcome.error.trim().split('\n').at(-1)}` : ''}`);
    else if (expected !== undefined && counts.some((count) => count !== expected)) {
      const source = example.known ? 'its known difference records' : `the ${minor} docs list`;
      problems.push(`${outcome.name}: ${raised} fired with ${[...new Set(counts)].join(' and ')} arguments; ${source} ${expected}`);
    }
  }
  expect(problems, `${FILE}: examples that do not do what they say`).toEqual([]);
});
