import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { checkOutcomes, describeFinding, isRunnable, parseExamples, type ExampleOutcome } from '../../src/lib/behaviour/examples';
import { readCatalog } from '../support/dataset';

const FILE = 'content/try-examples.json';
const { events: examples } = parseExamples(readFileSync(FILE, 'utf8'), FILE);
const catalog = readCatalog();
const byName = new Map(catalog.events.map((event) => [event.name, event]));

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
    const outcomes: ExampleOutcome[] = [];
    for (const { name, code } of jobs) {
      const events: [string, number][] = [];
      const done = next('done', (data) => {
        if (data.type === 'events') for (const [event, args] of data['events'] as [string, string[]][]) events.push([event, args.length]);
      });
      worker.postMessage({ type: 'run', code, input: 'Ada' });
      const error = (await done)['error'] as string | null;
      outcomes.push({ name, events, error: error?.trim().split('\n').at(-1) ?? null });
    }
    worker.terminate();
    return { version, outcomes };
  }, runnable);

  // The table of the docs of the CPython the playground runs (3.14.2 reads the 3.14 docs).
  const minor = version.split('.').slice(0, 2).join('.');
  expect(catalog.versions.map((v) => v.version)).toContain(minor);
  const findings = checkOutcomes(outcomes, examples, byName, minor);
  expect(findings.map((finding) => describeFinding(finding, minor)), `${FILE}: examples that do not do what they say`).toEqual([]);
});
