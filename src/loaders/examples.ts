import { parseExamples } from '../lib/behaviour/examples';
import { fileCollection } from './shared';

/** The examples file; tests and benchmarks name another in the environment. */
export const EXAMPLES_FILE = process.env['TRY_EXAMPLES_FILE'] || 'content/try-examples.json';

/**
 * The loader of the `examples` collection: one entry per event, read from the examples file and
 * validated by its schema. A fault throws, naming the file, the event and the fault.
 */
export function examplesLoader(file = EXAMPLES_FILE) {
  return fileCollection('examples-loader', file, (text, shown) => Object.entries(parseExamples(text, shown).events).map(([id, example]) => ({ id, data: { ...example } })));
}
