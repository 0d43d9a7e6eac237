import { getCollection } from 'astro:content';
import { getCatalog } from './catalog';
import { buildBehaviour, type Behaviour } from '../lib/behaviour/calls';
import type { VersionTrace } from '../lib/trace/data';
import { unpack } from '../loaders/packed';
import { TRACE_SOURCES } from '../loaders/traces';

let behaviour: Promise<Behaviour> | undefined;

/** What every call of the corpus raised in every traced CPython, read from the collections once per build. */
export function getBehaviour(): Promise<Behaviour> {
  behaviour ??= Promise.all([getCollection('calls'), getCollection('traces'), getCollection('unobserved'), getCatalog()]).then(([calls, traces, unobserved, { events }]) =>
    buildBehaviour(
      {
        calls: calls.map((entry) => entry.data),
        traces: traces.map((entry) => unpack<VersionTrace>(entry.data)),
        unobserved: Object.fromEntries(unobserved.map((entry) => [entry.id, entry.data.reason])),
        files: { unobserved: TRACE_SOURCES.unobserved },
      },
      new Set(events.map((event) => event.name)),
    ),
  );
  return behaviour;
}
