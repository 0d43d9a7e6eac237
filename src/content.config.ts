import { defineCollection } from 'astro:content';
import { dataLoaders } from './loaders/versions';
import { historyFileSchema, versionFileSchema } from './lib/version-data';

const loaders = dataLoaders();

/** One entry per CPython minor version: its docs' tables, references and raise sites. */
const versions = defineCollection({ loader: loaders.versions, schema: versionFileSchema });

/** One entry: the first and last releases that document and raise every event name. */
const history = defineCollection({ loader: loaders.history, schema: historyFileSchema });

export const collections = { versions, history };
