import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page } from '@playwright/test';
import { consoleErrors, violations, watchViolations } from './policy';

const playground = (page: Page) => page.locator('try-playground');
const status = (page: Page) => playground(page).locator('[data-status]');
const editor = (page: Page) => playground(page).locator('.cm-content');
const output = (page: Page) => playground(page).locator('[data-output]');
const rows = (page: Page) => playground(page).locator('[data-events] li[data-event]');

/** Opens the playground with `code` in the address, as a shared link or an event page would. */
async function open(page: Page, code: string, extra = '') {
  await page.goto(`try/?${new URLSearchParams({ code })}${extra}`);
  await expect(editor(page)).toContainText(code.split('\n')[0] ?? '');
}

/** Runs the editor's code and waits until this very run has ended, however it ended. */
async function run(page: Page, start: () => Promise<void> = () => playground(page).getByRole('button', { name: 'Run', exact: true }).click()) {
  const before = Number((await playground(page).getAttribute('data-run')) ?? '0');
  await start();
  await expect(playground(page)).toHaveAttribute('data-run', String(before + 1), { timeout: 120_000 });
  await expect(playground(page).locator('[data-results]')).toHaveAttribute('aria-busy', 'false', { timeout: 30_000 });
}

test.describe('the playground', () => {
  test.describe.configure({ timeout: 180_000 });

  test('code in the address fills the editor and waits; Run lists every event in order, with links, arguments and output, loading Python from this site only, with no policy violation or console error', async ({ page, baseURL }) => {
    const origin = new URL(baseURL ?? '').origin;
    const requests: string[] = [];
    page.on('request', (request) => requests.push(request.url()));
    await watchViolations(page);
    const errors = consoleErrors(page);
    await open(page, "import csv\nwith open('/tmp/x.txt', 'w') as file:\n    file.write('hi')\nprint('printed', 42)");
    // Highlighted as Python: the keyword is a token of its own.
    await expect(editor(page).locator('span', { hasText: /^import$/ }).first()).toBeVisible();
    await page.waitForLoadState('networkidle');
    expect(requests.filter((url) => url.includes('/pyodide/')), 'nothing of Python loads before the visitor reaches for it').toEqual([]);
    await expect(rows(page), 'nothing runs by itself').toHaveCount(0);

    await run(page);
    await expect(status(page)).toHaveText(/^Done: \d+ events in \d+ ms\.$/);
    // Compiling and starting the code fold into one line, each import into another.
    const groups = playground(page).locator('[data-events] details');
    await expect(groups.first().locator('summary')).toContainText('Running your code');
    await expect(groups.first().locator('summary')).toContainText('compile 1, exec 1');
    const csv = groups.filter({ has: page.locator('summary', { hasText: 'import csv' }) });
    await expect(csv).toHaveCount(1);
    await expect(csv, 'folded by default').not.toHaveAttribute('open');
    await expect(csv.locator('li[data-event="import"]').first()).toBeHidden();
    const opened = playground(page).locator('[data-events] > li[data-event="open"]');
    await expect(opened).toHaveCount(1);
    await expect(opened).toContainText("('/tmp/x.txt', 'w', ");
    await expect(opened.getByRole('link', { name: 'open', exact: true })).toHaveAttribute('href', new URL('events/open/', baseURL).pathname);
    await expect(output(page)).toContainText('printed 42');
    await expect(playground(page).locator('[data-counts]').getByRole('button', { name: /^Show only open:/ })).toHaveText(/^open \d+$/);

    // The filter narrows the list to a name, opening the groups that hold it.
    await playground(page).getByLabel('Filter by name').fill('compile');
    await expect(playground(page).locator('[data-events] li[data-event]:visible')).not.toHaveCount(0);
    for (const name of await playground(page).locator('[data-events] li[data-event]:visible').evaluateAll((items) => items.map((item) => item.getAttribute('data-event')))) {
      expect(name).toContain('compile');
    }
    await expect(playground(page).locator('[data-filter-status]')).toHaveText(/^\d+ of \d+ events match “compile”$/);

    // Loading Python and running code: nothing the page's policy blocks, no console error.
    expect(await violations(page)).toEqual([]);
    expect(errors).toEqual([]);
    const foreign = requests.filter((url) => !url.startsWith(origin) && !url.startsWith('blob:') && !url.startsWith('data:'));
    expect(foreign, 'no other origin is contacted').toEqual([]);
    for (const file of ['pyodide.mjs', 'pyodide.asm.mjs', 'pyodide.asm.wasm', 'python_stdlib.zip']) {
      expect(requests.some((url) => url.startsWith(`${origin}${new URL('pyodide/', baseURL).pathname}${file}`)), file).toBe(true);
    }
  });

  test('marks events the docs of its CPython do not list, and names documented under another name', async ({ page }) => {
    await open(page, "import pathlib, sys\nfor _ in pathlib.Path('/tmp').walk():\n    break\nsys.set_asyncgen_hooks(firstiter=None)\nlen(sys.argv)");
    await run(page);
    await expect(page.getByRole('main').getByText(/CPython 3\.14\.\d+ \(Pyodide 314\.0\.7\) runs here/)).toBeVisible();
    await expect(playground(page).locator('li[data-event="pathlib.Path.walk"]')).toContainText('undocumented in 3.14');
    await expect(playground(page).locator('li[data-event="sys.set_asyncgen_hook_firstiter"]')).toContainText(
      'documented as sys.set_asyncgen_hooks_firstiter',
    );
  });

  test('an exception shows as a traceback, and every run starts in a fresh interpreter', async ({ page }) => {
    await open(page, "import sys\nsys.left_behind = True\nraise ValueError('boom')");
    await run(page);
    await expect(status(page)).toContainText('ending in an exception');
    await expect(output(page)).toContainText('Traceback (most recent call last)');
    await expect(output(page)).toContainText('ValueError: boom');
    await editor(page).click();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type("import sys\nprint('left behind:', hasattr(sys, 'left_behind'))");
    // Ctrl/Cmd+Enter runs from the editor.
    await run(page, () => page.keyboard.press('ControlOrMeta+Enter'));
    await expect(status(page)).toHaveText(/^Done/);
    await expect(output(page)).toHaveText('left behind: False\n');
  });

  test('input() reads the standard input field, and raises builtins.input and builtins.input/result', async ({ page }) => {
    await open(page, "name = input('Name? ')\nprint('hello', name)");
    await playground(page).getByText('Standard input').click();
    await playground(page).getByLabel(/One line per call/).fill('Grace');
    await run(page);
    await expect(output(page)).toContainText('hello Grace');
    await expect(playground(page).locator('li[data-event="builtins.input"]')).toContainText("('Name? ')");
    await expect(playground(page).locator('li[data-event="builtins.input/result"]')).toContainText("('Grace')");
  });

  test('a run lists its first 2,000 events and counts every one', async ({ page }) => {
    await open(page, "for _ in range(3000):\n    compile('1', '<s>', 'eval')");
    await run(page);
    // 3,000 compiles, and the compile and exec of the code itself.
    await expect(status(page)).toHaveText(/^Done: 3002 events \(the first 2000 listed\) in \d+ ms\.$/);
    await expect(rows(page)).toHaveCount(2000);
    await expect(playground(page).locator('[data-counts]').getByRole('button', { name: /^Show only compile:/ })).toHaveText('compile 3001');
  });

  test('Stop ends a run, and a run over 10 s stops by itself, saying so', async ({ page }) => {
    await open(page, 'while True:\n    pass');
    await playground(page).getByRole('button', { name: 'Run', exact: true }).click();
    await expect(status(page)).toHaveText('Running…', { timeout: 120_000 });
    await playground(page).getByRole('button', { name: 'Stop' }).click();
    await expect(status(page)).toHaveText('Stopped. The events until then are listed.');
    await expect(playground(page).getByRole('button', { name: 'Run', exact: true })).toBeEnabled();
    await run(page);
    await expect(status(page)).toHaveText('Stopped after 10 s, the limit for a run. The events until then are listed.');
  });

  test.describe('with a server on another origin', () => {
    let server: Server;
    let hits = 0;
    test.beforeAll(async () => {
      server = createServer((_, response) => {
        hits++;
        response.writeHead(200, { 'Access-Control-Allow-Origin': '*' }).end('reached');
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    });
    test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    test('code in the playground cannot fetch another origin or open a WebSocket', async ({ page }) => {
      const { port } = server.address() as AddressInfo;
      await open(
        page,
        [
          'import js',
          'try:',
          '    request = js.XMLHttpRequest.new()',
          `    request.open('GET', 'http://127.0.0.1:${port}/', False)`,
          '    request.send()',
          "    print('fetched:', request.responseText)",
          'except Exception as error:',
          "    print('fetch failed:', type(error).__name__)",
          // A WebSocket the policy refuses is made, and fails to connect: it never reaches the server.
          `socket = js.WebSocket.new('ws://127.0.0.1:${port}/')`,
          "print('websocket made')",
        ].join('\n'),
      );
      await run(page);
      await expect(output(page)).toContainText('fetch failed:');
      await expect(output(page)).toContainText(`Blocked by the page's policy (connect-src): http://127.0.0.1:${port}/`);
      await expect(output(page)).toContainText(`Blocked by the page's policy (connect-src): ws://127.0.0.1:${port}/`);
      expect(hits, 'requests that reached the other origin').toBe(0);
    });
  });
});

test('the playground’s page has its own policy: WebAssembly, and workers from this site or a blob:', async ({ page }) => {
  await page.goto('try/');
  const policy = (await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')) ?? '';
  const directives = new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).filter(([name]) => name).map(([name = '', ...values]) => [name, values]));
  expect(directives.get('script-src')).toContain("'wasm-unsafe-eval'");
  expect(directives.get('script-src')).toContain("'self'");
  expect(directives.get('script-src')?.filter((value) => /^'unsafe-(inline|eval)'$|\*|https?:/.test(value))).toEqual([]);
  expect(directives.get('worker-src')).toEqual(["'self'", 'blob:']);
  expect(directives.get('connect-src')).toEqual(["'self'"]);
});

test('an event page opens its example in the playground, which waits for Run', async ({ page }) => {
  const requests: string[] = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.goto('events/os.listdir/');
  const section = page.getByRole('region', { name: 'Try it' });
  await expect(section.locator('pre')).toContainText("os.listdir('/tmp')");
  await section.getByRole('link', { name: 'Open it in the playground' }).click();
  await expect(page).toHaveURL(/\/try\/\?code=/);
  await expect(editor(page)).toContainText("os.listdir('/tmp')");
  await page.waitForLoadState('networkidle');
  expect(requests.filter((url) => url.includes('/pyodide/'))).toEqual([]);
  await page.goto('events/subprocess.Popen/');
  await expect(page.getByRole('region', { name: 'Try it' })).toContainText('It cannot fire in the playground. It starts another process');
});
