import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkCorpus, parseCorpusFile, type SourcedCall } from '../lib/trace/corpus';
import { TRACE_SOURCES } from '../loaders/traces';

/** The corpus: every file of content/calls, each call with its file, checked as a whole. */
export function readCorpus(directory = TRACE_SOURCES.calls): SourcedCall[] {
  const calls = readdirSync(directory)
    .filter((name) => name.endsWith('.json'))
    .sort()
    .flatMap((name) => parseCorpusFile(readFileSync(join(directory, name), 'utf8'), join(directory, name)));
  checkCorpus(calls);
  return calls;
}
