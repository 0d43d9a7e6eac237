import { getCollection } from 'astro:content';
import { getCatalog } from './catalog';
import { checkExamples, type Example } from '../lib/behaviour/examples';
import { EXAMPLES_FILE } from '../loaders/examples';

let examples: Promise<Map<string, Example>> | undefined;

/** The playground's examples by event, checked against the events the site knows, once per build. */
export function getExamples(): Promise<Map<string, Example>> {
  examples ??= Promise.all([getCollection('examples'), getCatalog()]).then(([entries, { events }]) => {
    const byName = Object.fromEntries(entries.map((entry) => [entry.id, entry.data as Example]));
    checkExamples(byName, EXAMPLES_FILE, new Set(events.map((event) => event.name)));
    return new Map(Object.entries(byName));
  });
  return examples;
}
