import { defineCollection } from 'astro:content';
import { examplesLoader } from './loaders/examples';
import { dataLoaders } from './loaders/versions';
import { examplesFileSchema } from './lib/examples';
import { historyFileSchema, versionFileSchema } from './lib/version-data';

const loaders = dataLoaders();

/** One entry per CPython minor version: its docs' tables, references and raise sites. */
const versions = defineCollection({ loader: loaders.versions, schema: versionFileSchema });

/** One entry per release a newer release of its version replaced: what its docs' tables said. */
const releases = defineCollection({ loader: loaders.releases, schema: versionFileSchema });

/** One entry: the first and last releases that document and raise every event name. */
const history = defineCollection({ loader: loaders.history, schema: historyFileSchema });

/** One entry per event: the playground's example of it, or why it cannot fire in a browser. */
const examples = defineCollection({ loader: examplesLoader(), schema: examplesFileSchema.shape.events.valueType });

export const collections = { versions, releases, history, examples };
