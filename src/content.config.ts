import { defineCollection } from 'astro:content';
import { categoriesLoader } from './loaders/categories';
import { attacksLoader, hookCostsLoader, startupLoader } from './loaders/hooks';
import { examplesLoader } from './loaders/examples';
import { packedSchema } from './loaders/packed';
import { traceLoaders } from './loaders/traces';
import { dataLoaders } from './loaders/versions';
import { categoriesFileSchema } from './lib/views/categories';
import { attacksSchema } from './lib/hooks/attacks';
import { hookCostsSchema } from './lib/hooks/costs';
import { startupSchema } from './lib/behaviour/startup';
import { examplesFileSchema } from './lib/behaviour/examples';
import { corpusCallSchema } from './lib/trace/corpus';
import { z } from 'astro/zod';

const loaders = dataLoaders();
const traces = traceLoaders();

// The large collections hold their entries packed (loaders/packed.ts): each entry names a file of
// Astro's cache that holds the JSON text of what its loader checked, of the type named in the
// entry's comment.

/** One entry per CPython minor version: its docs' tables, references and raise sites (`VersionFile`). */
const versions = defineCollection({ loader: loaders.versions, schema: packedSchema });

/** One entry per release a newer release of its version replaced: what its docs' tables said (`VersionFile`). */
const releases = defineCollection({ loader: loaders.releases, schema: packedSchema });

/** One entry: the first and last releases that document and raise every event name (`HistoryFile`). */
const history = defineCollection({ loader: loaders.history, schema: packedSchema });

/** One entry per event: the playground's example of it, or why it cannot fire in a browser. */
const examples = defineCollection({ loader: examplesLoader(), schema: examplesFileSchema.shape.events.valueType });

/** One entry per call of the corpus: the API, its untraced setup and the traced call. */
const calls = defineCollection({ loader: traces.calls, schema: corpusCallSchema.extend({ file: z.string() }) });

/** One entry per traced run (a version's own, native on Linux, or another: Pyodide, another platform): what every call raised there (`VersionTrace`). */
const tracesCollection = defineCollection({ loader: traces.traces, schema: packedSchema });

/** One entry per event no call can make CPython raise on Linux: why. */
const unobserved = defineCollection({ loader: traces.unobserved, schema: z.strictObject({ reason: z.string() }) });

/** One entry per category of events (filesystem, process, network …), in the file's order. */
const categories = defineCollection({
  loader: categoriesLoader(),
  schema: categoriesFileSchema.shape.categories.element.extend({ order: z.number().int(), file: z.string() }),
});

/** One entry: every attack of the red team on the builder's hooks, and its outcome per version and hook. */
const attacks = defineCollection({ loader: attacksLoader(), schema: attacksSchema });

/** One entry: what a hook costs per event in each native CPython, as the bench measured it. */
const hookCosts = defineCollection({ loader: hookCostsLoader(), schema: hookCostsSchema });

/** One entry: what a hook sees as each native CPython starts, per way of starting it. */
const startup = defineCollection({ loader: startupLoader(), schema: startupSchema });

export const collections = { versions, releases, history, examples, calls, traces: tracesCollection, unobserved, categories, attacks, hookCosts, startup };
