import { createHash } from 'node:crypto';
import { expect, type Page } from '@playwright/test';

/** Collects every Content Security Policy violation from the first moment of each page the page opens. */
export async function watchViolations(page: Page) {
  await page.addInitScript(() => {
    const watch = window as unknown as { __violations: string[] };
    watch.__violations = [];
    document.addEventListener('securitypolicyviolation', (event) => watch.__violations.push(`${event.violatedDirective} blocked ${event.blockedURI || 'inline'}`));
  });
}

/** The violations of the page shown now. */
export const violations = (page: Page) => page.evaluate(() => (window as unknown as { __violations: string[] }).__violations);

/** Collects console errors and uncaught exceptions; a 404 page's own status is the one error a browser logs for it, and it is meant. */
export function consoleErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    const ownStatus = message.text().includes('404') && message.location().url === page.url();
    if (message.type() === 'error' && !ownStatus) errors.push(`${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

async function directives(page: Page): Promise<Map<string, string[]>> {
  const content = (await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content')) ?? '';
  return new Map(
    content
      .split(';')
      .map((directive) => directive.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name = '', ...values]) => [name, values]),
  );
}

/** Checks the page's own policy is strict: scripts from the site and by hash, nothing loosened; `playground` allows what the playground alone needs. */
export async function expectStrictPolicy(page: Page, { playground = false } = {}) {
  const found = await directives(page);
  const scripts = found.get('script-src') ?? [];
  const where = page.url();
  expect(scripts, where).toContain("'self'");
  const loosened = scripts.filter((value) => /unsafe|\*|data:|https?:/.test(value));
  // Only the playground may run WebAssembly, and start workers from a blob:.
  expect(loosened, `script-src loosened on ${where}`).toEqual(playground ? ["'wasm-unsafe-eval'"] : []);
  expect(found.has('worker-src'), `worker-src on ${where}`).toBe(playground);
  expect(found.get('style-src')?.filter((value) => /unsafe|\*|https?:/.test(value)), `style-src loosened on ${where}`).toEqual([]);
  expect(found.get('connect-src'), where).toEqual(["'self'"]);
  expect(found.get('default-src'), where).toEqual(["'self'"]);
  // Every inline script on the page, the theme's no-flash start among them, is allowed by hash.
  const inline = await page.locator('script:not([src])').evaluateAll((nodes) => nodes.map((node) => node.textContent ?? ''));
  expect(inline.length, where).toBeGreaterThan(0);
  for (const source of inline) {
    expect(scripts, `the hash of ${source.slice(0, 60)}… on ${where}`).toContain(`'sha256-${createHash('sha256').update(source).digest('base64')}'`);
  }
}
