import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { violations as axeViolations } from './axe';
import { tabTo } from './keyboard';
import { emptyPolicy, resolvePolicy } from '../../src/lib/hooks/policy';
import { ATTACKS_FILE, limitsOf, parseAttacksData } from '../../src/lib/hooks/attacks';
import { versionRanges } from '../../src/lib/hooks/limits';
import { consoleErrors, violations, watchViolations } from './policy';
import { catalog, categories } from './table';

const all = catalog.versions.map((version) => version.version);
const python = (page: Page) => page.locator('#hook-python');
/** The events a generated hook's policy block names in its rules, with their actions. */
async function rulesOf(page: Page): Promise<Map<string, string>> {
  const text = (await python(page).textContent()) ?? '';
  const block = text.slice(text.indexOf('    "rules": {'), text.indexOf('\n    },', text.indexOf('    "rules": {')));
  return new Map([...block.matchAll(/^ {8}"([^"]+)": \("(\w+)"/gm)].map((match) => [match[1] ?? '', match[2] ?? '']));
}
const category = (page: Page, title: string) => page.getByRole('combobox', { name: title, exact: true });
const title = (name: string) => categories.categories.find((candidate) => candidate.name === name)?.title ?? name;

test.beforeEach(async ({ page }) => watchViolations(page));

test('choosing a policy changes the hook and the address, and no choice breaks the page’s policy', async ({ page }) => {
  const errors = consoleErrors(page);
  await page.goto('hooks/');
  await expect(page.locator('[data-summary]')).toContainText('Nothing covered yet');
  expect(await rulesOf(page)).toEqual(new Map());

  await category(page, title('network')).selectOption('deny');
  await expect(page).toHaveURL(/\/hooks\/\?deny=network$/);
  const network = resolvePolicy({ ...emptyPolicy(all), categories: { network: 'deny' } }, catalog.events, categories, catalog.mismatches);
  await expect(page.locator('[data-summary]')).toHaveText(`${network.length} events in every version: ${network.length} denied.`);
  // The hook is written a moment after the summary (its writer loads on first use): wait for it.
  await expect.poll(async () => (await rulesOf(page)).get('socket.connect')).toBe('deny');
  const rules = await rulesOf(page);
  expect(rules.has('open')).toBe(false);
  expect([...rules.keys()]).toEqual(network.map((rule) => rule.event));

  // Fewer versions: an event only 3.8 to 3.12 raise leaves the hook (nntplib went in 3.13).
  for (const version of ['3.8', '3.9', '3.10', '3.11', '3.12']) await page.getByRole('checkbox', { name: version, exact: true }).uncheck();
  await expect(page).toHaveURL(/versions=3\.13-3\.15/);
  // The hook is written again after the address changes: wait for it.
  await expect(python(page)).toContainText('An audit hook policy for CPython 3.13 to 3.15');
  expect((await rulesOf(page)).has('nntplib.connect')).toBe(false);

  // Deny unless allowed: the allow-list appears, and what is typed in it is in the hook, escaped.
  await category(page, title('filesystem')).selectOption('unless');
  const folders = page.getByRole('textbox', { name: 'Allowed folders' });
  await expect(folders).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Allowed hosts' })).toBeHidden();
  await folders.fill('/srv/data\nC:\\Users\\"x"');
  await expect(python(page)).toContainText('"paths": ("/srv/data", "C:\\\\Users\\\\\\"x\\""),');
  await expect(page).toHaveURL(/path=%2Fsrv%2Fdata&path=C%3A%5CUsers%5C%22x%22/);
  // Beside the choice: what denying open reaches beyond opening files.
  await expect(page.locator('[data-category-row="filesystem"] [data-caveat]').first()).toContainText('stops imports');

  await page.getByRole('checkbox', { name: /Report only/ }).check();
  await expect(python(page)).toContainText('"report_only": True,');
  await page.getByRole('radio', { name: /logging/ }).check();
  await expect(python(page)).toContainText('"output": "logging",');
  await expect(page).toHaveURL(/report=1&output=logging$/);
  // The C output, once opened, follows the same choice.
  await expect(page.locator('#hook-c')).toBeHidden();
  await page.locator('summary', { hasText: 'The same policy in C' }).click();
  await expect(page.locator('#hook-c')).toContainText('PySys_AddAuditHook');
  await expect(page.locator('#hook-c')).toContainText('"socket.connect"');
  expect(await violations(page)).toEqual([]);
  expect(errors).toEqual([]);
});

test('a shared address rebuilds the same choice, and the same hook, which downloads as shown', async ({ page, context }) => {
  // In the order the builder writes it: a shared address comes back as it was.
  const query = 'versions=3.11-3.13&log-event=os.system&deny=process&unless=filesystem&path=%2Fsrv%2Fdata&report=1&output=logging';
  await page.goto(`hooks/?${query}`);
  await expect(page.locator('[data-summary]')).toContainText('in Python 3.11 to 3.13');
  for (const version of all) await expect(page.getByRole('checkbox', { name: version, exact: true })).toBeChecked({ checked: ['3.11', '3.12', '3.13'].includes(version) });
  await expect(category(page, title('process'))).toHaveValue('deny');
  await expect(category(page, title('filesystem'))).toHaveValue('unless');
  await expect(category(page, title('network'))).toHaveValue('');
  await expect(page.getByRole('combobox', { name: 'os.system', exact: true })).toHaveValue('log');
  await expect(page.getByRole('textbox', { name: 'Allowed folders' })).toHaveValue('/srv/data');
  await expect(page.getByRole('checkbox', { name: /Report only/ })).toBeChecked();
  await expect(page.getByRole('radio', { name: /logging/ })).toBeChecked();
  // The address stays as it was shared, and a second visitor gets the very same file.
  expect(new URL(page.url()).search).toBe(`?${query}`);
  await expect.poll(async () => (await rulesOf(page)).get('os.system')).toBe('log');
  const rules = await rulesOf(page);
  expect(rules.get('os.exec')).toBe('deny');
  expect(rules.get('open')).toBe('unless');
  const first = await python(page).textContent();
  // The download is the file shown, under the name the page gives it.
  const downloading = page.waitForEvent('download');
  await page.getByRole('link', { name: 'Download audit_policy.py' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe('audit_policy.py');
  expect(readFileSync(await download.path(), 'utf8')).toBe(first);
  const other = await context.newPage();
  await other.goto(`hooks/?${query}`);
  await expect(other.locator('[data-summary]')).toContainText('in Python 3.11 to 3.13');
  // The hook is written once the builder's data has arrived, which the summary does not wait for.
  await expect.poll(() => other.locator('#hook-python').textContent()).toBe(first);
});

test('with the keyboard alone: a category denied, an event added, the hook copied', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.goto('hooks/');
  await expect(page.locator('[data-summary]')).toContainText('Nothing covered yet');
  const processes = category(page, title('process'));
  await tabTo(page, () => processes.evaluate((element) => element === document.activeElement));
  // A closed select takes the arrow keys: Not covered → Log → Deny.
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  await expect(processes).toHaveValue('deny');
  await expect(page).toHaveURL(/deny=process/);

  const name = page.getByRole('combobox', { name: 'Event', exact: true });
  await tabTo(page, () => name.evaluate((element) => element === document.activeElement));
  await page.keyboard.type('sys.settrace');
  await page.keyboard.press('Enter');
  await expect(page.getByRole('combobox', { name: 'sys.settrace', exact: true })).toHaveValue('log');
  await expect(page).toHaveURL(/log-event=sys.settrace/);

  const copy = page.getByRole('button', { name: 'Copy Python' });
  await tabTo(page, () => copy.evaluate((element) => element === document.activeElement));
  await page.keyboard.press('Enter');
  await expect(page.getByRole('status').filter({ hasText: 'Copied' })).toHaveText('Copied to the clipboard.');
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(copied).toBe(await python(page).textContent());
  expect(copied).toContain('"sys.settrace": ("log"');
});

test('with every part of the form showing, it has no WCAG 2.2 A/AA violations', async ({ page }) => {
  await page.goto('hooks/?deny=filesystem,network&unless=process,import&deny-event=exec&unless-event=sys.settrace&path=%2Ftmp&host=*.example.org%3A443&program=git&module=json');
  await expect(page.locator('[data-warnings] li')).not.toHaveCount(0);
  await expect(page.getByRole('textbox', { name: 'Allowed modules' })).toBeVisible();
  await page.locator('summary', { hasText: 'The same policy in C' }).click();
  expect(await axeViolations(page)).toEqual([]);
});

test('Try this hook opens the playground with the hook installed before the code, which it refuses', async ({ page }) => {
  test.setTimeout(180_000);
  await page.goto('hooks/?deny=environment');
  await expect(page.locator('[data-summary]')).toContainText('denied');
  await page.getByRole('link', { name: 'Try this hook' }).click();
  await expect(page).toHaveURL(/\/try\/#hook=/);
  const playground = page.locator('try-playground');
  await expect(playground.getByText('is installed before your code')).toBeVisible();
  await playground.getByRole('button', { name: 'Run', exact: true }).click();
  await expect(playground.locator('[data-status]')).toHaveText(/^Done: \d+ events/, { timeout: 120_000 });
  await expect(playground.locator('[data-output]')).toContainText('AuditPolicyError: denied os.putenv');
  await expect(playground.locator('[data-events] li[data-event="os.putenv"]')).not.toHaveCount(0);
});

test('the purpose chosen changes the hook: containing code also denies what reaches the hook and native memory, and says the C hook is stronger', async ({ page }) => {
  await page.goto('hooks/?unless=filesystem&path=%2Fsrv%2Fdata');
  await expect(page.locator('[data-summary]')).toContainText('denied unless allowed');
  await expect(python(page)).toContainText('Its purpose: to watch and guard code you trust');
  const guard = await rulesOf(page);
  expect(guard.has('gc.get_objects')).toBe(false);
  await page.getByRole('radio', { name: /Contain code you do not trust/ }).check();
  await expect(page).toHaveURL(/purpose=contain/);
  await expect(python(page)).toContainText('Its purpose: to contain code you do not trust');
  await expect(python(page)).toContainText('The C hook (PySys_AddAuditHook, its state in C) is the stronger form');
  const contain = await rulesOf(page);
  for (const event of ['gc.get_objects', 'gc.get_referrers', 'sys._current_frames', 'ctypes.dlopen', 'ctypes.string_at']) expect(contain.get(event), event).toBe('deny');
  // What no hook stops, beside the choice it bears on, and named in the hook's own header.
  const filesRow = page.locator('[data-category-row="filesystem"]');
  await expect(filesRow.getByRole('link', { name: 'What no hook stops here' })).toHaveAttribute('href', /hooks\/limits\/#files$/);
  await expect(python(page)).toContainText("What this policy does not stop, as the site's red team measured it in this Python hook:");
  const limits = limitsOf(parseAttacksData(readFileSync(ATTACKS_FILE, 'utf8'))).filter((limit) => limit.group === 'files' && limit.through.python.length > 0);
  expect(limits.length).toBeGreaterThan(0);
  for (const limit of limits) await expect(python(page)).toContainText(limit.title);
  await expect(python(page)).toContainText('hooks/limits/');
});

test('what no hook can stop: each limit with where it gets through, why and what narrows it, and a table per version', async ({ page }) => {
  const data = parseAttacksData(readFileSync(ATTACKS_FILE, 'utf8'));
  const limits = limitsOf(data);
  const versions = data.runs.map((run) => run.version);
  await page.goto('hooks/limits/');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('What no hook can stop');
  // Every limit the suite measured, with the versions it gets past each hook in, and its reasons.
  await expect(page.locator('section li[id]')).toHaveCount(limits.length);
  for (const limit of limits) {
    const item = page.locator(`li#${limit.id.replace('/', '-')}`);
    for (const [hook, title] of [['python', 'Python hook'], ['c', 'C hook']] as const) {
      const through = limit.through[hook];
      await expect(item, limit.id).toContainText(`${title}: ${through.length > 0 ? `gets through in ${versionRanges(through, versions)}` : 'stopped'}`);
    }
    for (const reason of limit.reasons) await expect(item).toContainText(reason.slice(1, 40));
    if (limit.issue) await expect(item.getByRole('link', { name: limit.issue })).toHaveAttribute('href', `https://github.com/python/cpython/issues/${limit.issue.slice(8)}`);
  }
  // The Python hook has limits the C hook does not: a frame to rewrite.
  expect(limits.some((limit) => limit.through.python.length > 0 && limit.through.c.length === 0)).toBe(true);
  // The newest version's table is open, each row as the suite ran it; an older one opens on a click.
  const newest = data.runs.at(-1)?.release ?? '';
  const table = page.locator('details', { hasText: `CPython ${newest}` }).first();
  await expect(table.getByRole('row')).toHaveCount(limits.length + 1);
  await page.locator('details', { hasText: `CPython ${data.runs[0]?.release}` }).first().locator('summary').click();
  await expect(page.locator('details', { hasText: `CPython ${data.runs[0]?.release}` }).first().getByRole('row')).toHaveCount(limits.length + 1);
  expect(await axeViolations(page)).toEqual([]);
});

test('the builder shows what a hook costs per event in each version, beside its output', async ({ page }) => {
  await page.goto('hooks/');
  const costs = page.locator('details', { hasText: 'What a hook costs per event' });
  await costs.locator('summary').click();
  await expect(costs.getByRole('row')).toHaveCount(all.length + 1);
  await expect(costs.getByRole('columnheader', { name: 'Python hook, an event outside the policy' })).toBeVisible();
  await expect(costs.getByRole('columnheader', { name: 'C hook, a file event it refuses' })).toBeVisible();
});

test.describe('without JavaScript', () => {
  test.use({ javaScriptEnabled: false });

  test('the page offers a ready hook per category, log and deny, each a file that works as the builder’s', async ({ page }) => {
    await page.goto('hooks/');
    await expect(page.getByRole('form', { name: 'Policy' })).toBeHidden();
    const ready = page.getByRole('region', { name: 'Ready hooks, one per category' });
    await expect(ready.getByRole('row')).toHaveCount(categories.categories.length + 1);
    const link = ready.getByRole('link', { name: 'deny (network-deny.py)' });
    const response = await page.request.get(new URL((await link.getAttribute('href')) ?? '', page.url()).href);
    expect(response.status()).toBe(200);
    const text = await response.text();
    expect(text).toContain('"socket.connect": ("deny"');
    expect(text).toContain('"report_only": False,');
    expect(text).toContain(`CPython ${all[0]} to ${all.at(-1)}`);
  });
});
