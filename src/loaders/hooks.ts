import { ATTACKS_FILE, parseAttacksData } from '../lib/hooks/attacks';
import { HOOK_COSTS_FILE, parseHookCosts } from '../lib/hooks/costs';
import { fileCollection } from './shared';

/**
 * The loaders of what the hook builder reports as measured: the red team's outcomes (one entry,
 * `content/attacks.json`) and what a hook costs per event (one entry, `content/hook-costs.json`).
 * A fault throws, naming the file, the attack or field, and what is wrong.
 */
export function attacksLoader(file = ATTACKS_FILE) {
  return fileCollection('attacks-loader', file, (text, shown) => [{ id: 'attacks', data: parseAttacksData(text, shown) }]);
}

export function hookCostsLoader(file = HOOK_COSTS_FILE) {
  return fileCollection('hook-costs-loader', file, (text, shown) => [{ id: 'costs', data: parseHookCosts(text, shown) }]);
}
