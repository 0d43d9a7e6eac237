import { ATTACKS_FILE, parseAttacksData } from '../lib/hooks/attacks';
import { HOOK_COSTS_FILE, parseHookCosts } from '../lib/hooks/costs';
import { parseStartup, STARTUP_FILE } from '../lib/behaviour/startup';
import { fileCollection } from './shared';

/**
 * The loaders of what the site reports as measured of hooks: the red team's outcomes (one entry,
 * `content/attacks.json`), what a hook costs per event (one entry, `content/hook-costs.json`) and
 * what a hook sees at start-up (one entry, `content/startup.json`). A fault throws, naming the
 * file, the attack or field, and what is wrong.
 */
export function attacksLoader(file = ATTACKS_FILE) {
  return fileCollection('attacks-loader', file, (text, shown) => [{ id: 'attacks', data: parseAttacksData(text, shown) }]);
}

export function hookCostsLoader(file = HOOK_COSTS_FILE) {
  return fileCollection('hook-costs-loader', file, (text, shown) => [{ id: 'costs', data: parseHookCosts(text, shown) }]);
}

export function startupLoader(file = STARTUP_FILE) {
  return fileCollection('startup-loader', file, (text, shown) => [{ id: 'startup', data: parseStartup(text, shown) }]);
}
