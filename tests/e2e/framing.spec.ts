import { readFileSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { formatNginx, parseHeadersFile, rulesFor, type HeaderRule } from '../../src/lib/deploy/headers';

// The root build (dist/), served as a host that reads _headers would serve it.
test.describe('served with its _headers', () => {
  let server: Server;
  let port = 0;
  const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.svg': 'image/svg+xml' };

  // A host that reads _headers as Cloudflare Pages does: every matching rule's header. `?bare`
  // serves a page without it, and /frame/?src= is another origin's page that frames one of ours.
  test.beforeAll(async () => {
    const rules: HeaderRule[] = parseHeadersFile(readFileSync('dist/_headers', 'utf8'));
    server = createServer((request, response) => {
      const url = new URL(request.url ?? '/', 'http://host');
      if (url.pathname === '/frame/') {
        response.writeHead(200, { 'Content-Type': 'text/html' }).end(`<!doctype html><title>framer</title><iframe src="${url.searchParams.get('src')}"></iframe>`);
        return;
      }
      let file = join('dist', decodeURIComponent(url.pathname));
      if (url.pathname.endsWith('/')) file = join(file, 'index.html');
      let status = 200;
      if (!statSync(file, { throwIfNoEntry: false })?.isFile()) [file, status] = [join('dist', '404.html'), 404];
      const headers: Record<string, string> = { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream' };
      const policies = rulesFor(rules, url.pathname).map((rule) => rule.policy);
      if (policies.length > 0 && !url.searchParams.has('bare')) headers['Content-Security-Policy'] = policies.join(', ');
      response.writeHead(status, headers).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  });
  test.afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  test('no other site can frame a page, and the header breaks nothing: the playground still runs Python', async ({ page }) => {
    test.setTimeout(120_000);
    const ours = `http://127.0.0.1:${port}`;
    // localhost is another origin than 127.0.0.1.
    const framer = (src: string) => `http://localhost:${port}/frame/?${new URLSearchParams({ src })}`;
    await page.goto(framer(`${ours}/events/open/?bare`));
    await expect(page.frameLocator('iframe').getByRole('heading', { level: 1 }), 'without the header, framing works').toHaveText('open');
    await page.goto(framer(`${ours}/events/open/`));
    await page.waitForLoadState('load');
    await expect(page.frameLocator('iframe').getByRole('heading', { level: 1 })).toHaveCount(0);
    const frame = page.frames().find((candidate) => candidate !== page.mainFrame());
    expect(frame?.url()).not.toBe(`${ours}/events/open/`);

    const violations: string[] = [];
    await page.addInitScript(() =>
      document.addEventListener('securitypolicyviolation', (event) => console.error(`violation: ${event.violatedDirective} ${event.blockedURI}`)),
    );
    page.on('console', (message) => {
      if (message.text().startsWith('violation:')) violations.push(message.text());
    });
    const response = await page.goto(`${ours}/try/`);
    expect(response?.headers()['content-security-policy']).toContain("'wasm-unsafe-eval'");
    const playground = page.locator('try-playground');
    await playground.getByRole('button', { name: 'Run', exact: true }).click();
    await expect(playground.locator('[data-status]')).toHaveText(/^Done: \d+ events/, { timeout: 90_000 });
    await page.goto(`${ours}/`);
    await page.keyboard.press('/');
    await page.keyboard.type('socket');
    await expect(page.locator('#search-results').getByRole('option').first()).toContainText('socket');
    expect(violations).toEqual([]);
  });
});

test('docs/deploying.md’s nginx lines are the rules of the build, as npm run nginx-headers prints them', () => {
  const printed = formatNginx(parseHeadersFile(readFileSync('dist/_headers', 'utf8')));
  const readme = readFileSync('docs/deploying.md', 'utf8');
  const block = /```nginx\n([\s\S]*?)```/.exec(readme)?.[1] ?? '';
  const locations = block.split('\n').filter((line) => line.startsWith('location '));
  expect(locations.length).toBeGreaterThan(0);
  for (const line of locations) expect(printed.split('\n'), line).toContain(line);
  // The rule count the README gives.
  expect(readme).toContain(`today ${parseHeadersFile(readFileSync('dist/_headers', 'utf8')).length} rules`);
});
