import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { parseStartup, STARTUP_FILE, totalOf } from '../../src/lib/behaviour/startup';

// What the site says of start-up comes from content/startup.json, read here by the same code.
const startup = parseStartup(readFileSync(STARTUP_FILE, 'utf8'));
const newest = startup.runs.at(-1);

test('/startup/ counts what each version’s start shows a hook, per way of starting, and leads to the version’s events', async ({ page }) => {
  if (!newest) throw new Error('no start-up runs');
  await page.goto('startup/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What a hook sees before your code runs');
  const rows = page.locator('[data-startup-summary] tbody tr');
  await expect(rows).toHaveCount(startup.runs.length);
  const command = newest.ways.find((way) => way.way === 'command');
  const cell = page.locator(`tr[data-version="${newest.version}"] td[data-way="command"]`);
  await expect(cell).toHaveText(`${totalOf(command?.python ?? [])} events (${command?.python.length} names), C hook +${totalOf(command?.c ?? [])}`);
  await cell.getByRole('link').click();
  await expect(page).toHaveURL(new RegExp(`startup/${newest.version.replace('.', '\\.')}/#command$`));
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(`What a hook sees as CPython ${newest.release} starts`);
  // The sitecustomize hook sees the interpreter hand over to the program, once, with the code it runs.
  const section = page.locator('section[data-way="command"]');
  const handOver = section.locator('[data-hook="python"] tr').filter({ has: page.getByRole('link', { name: 'cpython.run_command', exact: true }) });
  await expect(handOver.getByRole('cell').first()).toHaveText('1');
  await expect(handOver).toContainText("('pass\\n',)");
  // What only a C hook sees is listed apart: the interpreter's own imports before site runs.
  await expect(section.locator('[data-hook="c"]').getByRole('link', { name: 'import', exact: true })).toBeVisible();
  // And the event's page says it is raised at start-up, linking back.
  await handOver.getByRole('link', { name: 'cpython.run_command', exact: true }).click();
  // Every version's sitecustomize hook sees it, so no versions are named.
  await expect(page.locator('[data-startup]')).toHaveText('Raised at start-up, by python -c.');
  await expect(page.locator('[data-startup]').getByRole('link', { name: 'python -c' })).toHaveAttribute('href', new RegExp(`/startup/${newest.version.replace('.', '\\.')}/#command$`));
});
