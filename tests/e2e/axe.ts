import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';

const WCAG_22_AA = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22a', 'wcag22aa'];
// The rules of WCAG 2.2 A/AA whose outcome depends on colour. The themes differ only in colour
// (one set of light-dark() tokens, the same markup), so the dark pass runs these alone: the others
// would see the very page the light pass saw, at twice the cost of the slowest tests.
const COLOUR_RULES = ['color-contrast', 'link-in-text-block'];

/** axe's findings on the page (or the part `within` selects): every WCAG 2.2 A/AA rule in light, the colour rules alone in dark. */
export async function violations(page: Page, scheme: 'light' | 'dark' = 'light', within?: string): Promise<string[]> {
  // Legacy mode runs axe in the page alone. The default also runs it in every frame and then
  // merges the results in a new blank page, which costs more than the check itself here (2 to 3
  // times the time over the site's pages), and the site has no frames.
  const axe = (within ? new AxeBuilder({ page }).include(within) : new AxeBuilder({ page })).setLegacyMode(true);
  const { violations: found } = await (scheme === 'light' ? axe.withTags(WCAG_22_AA) : axe.withRules(COLOUR_RULES)).analyze();
  return found.map(
    (violation) =>
      `${violation.id}: ${violation.nodes.map((node) => `${node.target.join(' ')} (${node.failureSummary?.replace(/\s+/g, ' ')})`).join(', ')}`,
  );
}

