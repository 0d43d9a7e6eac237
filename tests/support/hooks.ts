import { existsSync, readFileSync } from 'node:fs';
import { cHook, type Policy } from '../../src/lib/hooks';
import { ATTACKS_FILE, limitsOf, parseAttacksData } from '../../src/lib/hooks/attacks';
import type { Builder } from '../../src/lib/hooks/data';
import { writeHooks } from '../../src/lib/hooks/write';
import { readBehaviour, readCatalog, readCategories } from './dataset';

/** The data the hook tests work from, read once per file by the build's own code. */
export const catalog = readCatalog();
export const categories = readCategories(catalog);
export const behaviour = readBehaviour(catalog);
export const all = catalog.versions.map((version) => version.version);

// The full data as the builder takes it: the same writer as the page's and the build's.
const builder: Builder = {
  versions: all,
  events: catalog.events,
  categories,
  mismatches: catalog.mismatches,
  titles: Object.fromEntries(categories.categories.map((category) => [category.name, category.title])),
  examples: {},
  // What the red team measured, as the build reads it (none before its first run).
  limits: existsSync(ATTACKS_FILE) ? limitsOf(parseAttacksData(readFileSync(ATTACKS_FILE, 'utf8'))) : [],
};

/** Both hooks of a policy, as the builder writes them from the same rules. */
export function hooksOf(policy: Policy) {
  const { rules, context, python } = writeHooks(builder, policy, 'https://example.org/hooks/');
  return { rules, python, c: cHook(policy, rules, context), context, denied: new Set(rules.filter((rule) => rule.action !== 'log').map((rule) => rule.event)) };
}
