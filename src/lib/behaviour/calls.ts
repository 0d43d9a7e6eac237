import { moduleOf } from '../names/naming';
import type { SourcedCall } from '../trace/corpus';
import type { TraceData } from '../trace/data';
import { isVersionRun, type TracedCall, type TracedEvent } from '../trace/schema';
import { compareVersions, VersionDataError } from '../versions/schema';
import { byName, listedArguments, type Mismatch, type VersionedEvent } from '../versions/events';

/**
 * What calls make CPython raise, from the traces: per API, per event, and against each version's
 * docs. Pure: the data layer hands it the corpus, the traces and the events.
 */

/** A CPython that was traced: a version's own run (native, on Linux), or another run of it. */
export interface TracedVersion {
  /** The minor version: `3.13`. */
  version: string;
  /** The run's name (`3.14`, `pyodide-3.14`, `win32-3.14`): its trace file's. */
  run: string;
  /** The exact release: `3.13.0`. */
  python: string;
  /** `native`, or how it ran: `Pyodide 314.0.7 under Node 22.23.3`. */
  runtime: string;
  platform: string;
  machine: string;
}

/** One call of the corpus and what it raised in each traced version. */
export interface ApiCall extends SourcedCall {
  /** Version → what the call raised in its own run, or why it did not run. */
  traces: Map<string, TracedCall>;
  /** Another run (Pyodide's, another platform's) → what the call raised there. */
  elsewhere: Map<string, TracedCall>;
}

/** A traced API and its calls. */
export interface Api {
  name: string;
  module: string;
  calls: ApiCall[];
}

/** How one call's events changed from the version before. */
export interface CallChange {
  version: string;
  /** The version before it in which the call ran. */
  from: string;
  added: string[];
  removed: string[];
  /** Events of the same name, at the same place among those of that name, with other arguments. */
  changed: { name: string; before: string[]; after: string[] }[];
}

/** An event as the traces saw it. */
export interface ObservedEvent {
  name: string;
  /** The calls that raised it, each with the versions it did so in. */
  calls: { call: ApiCall; versions: string[] }[];
  /** Version → how many arguments it came with (each count seen), and the types seen at each position. */
  byVersion: Map<string, { arities: number[]; types: string[][] }>;
}

/** The site's view of the traces. */
export interface Behaviour {
  /** Each version's own run (native, on Linux), oldest first: what the site says of a version. */
  versions: TracedVersion[];
  /** Every other run (CPython in WebAssembly, another platform), shown apart. */
  others: TracedVersion[];
  apis: Api[];
  /** By API name. */
  api: Map<string, Api>;
  /** By event name: only events some call raised. */
  events: Map<string, ObservedEvent>;
  /** By event name: the other runs in which some call raised it, each with those calls' APIs, in name order. */
  eventsElsewhere: Map<string, { run: TracedVersion; apis: string[] }[]>;
  /** Events no call can make CPython raise on Linux, and why. */
  unobserved: Record<string, string>;
}

/**
 * The traces as the site shows them. The reasons must name events the data knows: a reason for
 * an unknown name fails, naming the file and the event.
 */
export function buildBehaviour(data: TraceData, known: ReadonlySet<string>): Behaviour {
  for (const name of Object.keys(data.unobserved)) {
    if (!known.has(name)) throw new VersionDataError(data.files.unobserved, name, 'has a reason, but no version of the data knows the event');
  }
  const runOf = ({ version, run, python, runtime, platform, machine }: TraceData['traces'][number]) => ({ version, run, python, runtime, platform, machine });
  const own = data.traces.filter((trace) => isVersionRun(trace.run)).sort((a, b) => compareVersions(a.version, b.version));
  const other = data.traces.filter((trace) => !isVersionRun(trace.run));
  const versions = own.map(runOf);
  const others = other.map(runOf);
  const calls: ApiCall[] = data.calls.map((call) => ({
    ...call,
    traces: new Map(own.flatMap((trace) => (trace.calls[call.id] ? [[trace.version, trace.calls[call.id] as TracedCall]] : []))),
    elsewhere: new Map(other.flatMap((trace) => (trace.calls[call.id] ? [[trace.run, trace.calls[call.id] as TracedCall]] : []))),
  }));
  const api = new Map<string, Api>();
  for (const call of [...calls].sort((a, b) => byName(a.id, b.id))) {
    const entry = api.get(call.api) ?? { name: call.api, module: moduleOf(call.api), calls: [] };
    entry.calls.push(call);
    api.set(call.api, entry);
  }
  const events = new Map<string, ObservedEvent>();
  for (const call of calls) {
    for (const [version, traced] of call.traces) {
      if (traced.status !== 'ok') continue;
      for (const event of traced.events) {
        const observed: ObservedEvent = events.get(event.name) ?? { name: event.name, calls: [], byVersion: new Map() };
        events.set(event.name, observed);
        let use = observed.calls.find((entry) => entry.call === call);
        if (!use) {
          use = { call, versions: [] };
          observed.calls.push(use);
        }
        if (!use.versions.includes(version)) use.versions.push(version);
        const seen = observed.byVersion.get(version) ?? { arities: [], types: [] };
        observed.byVersion.set(version, seen);
        if (!seen.arities.includes(event.args)) seen.arities.push(event.args);
        event.types.forEach((type, at) => {
          const types = (seen.types[at] ??= []);
          if (!types.includes(type)) types.push(type);
        });
      }
    }
  }
  for (const observed of events.values()) {
    observed.calls.sort((a, b) => byName(a.call.id, b.call.id));
    for (const seen of observed.byVersion.values()) seen.arities.sort((a, b) => a - b);
  }
  const eventsElsewhere = new Map<string, { run: TracedVersion; apis: string[] }[]>();
  for (const run of others) {
    for (const call of [...api.values()].flatMap((entry) => entry.calls)) {
      const traced = call.elsewhere.get(run.run);
      if (traced?.status !== 'ok') continue;
      for (const name of new Set(traced.events.map((event) => event.name))) {
        const runs = eventsElsewhere.get(name) ?? [];
        eventsElsewhere.set(name, runs);
        const entry = runs.find((each) => each.run === run) ?? { run, apis: [] };
        if (!runs.includes(entry)) runs.push(entry);
        if (!entry.apis.includes(call.api)) entry.apis.push(call.api);
      }
    }
  }
  const apis = [...api.values()].sort((a, b) => byName(a.module, b.module) || byName(a.name, b.name));
  return { versions, others, apis, api, events, eventsElsewhere, unobserved: data.unobserved };
}

/** A run in words: `CPython 3.14.10`, `CPython 3.14.2 in WebAssembly (Pyodide 314.0.7, the playground's)`, `CPython 3.14.10 on win32`. */
export function runInWords(run: TracedVersion): string {
  if (run.runtime.startsWith('Pyodide')) return `CPython ${run.python} in WebAssembly (${run.runtime.replace(/ under .*$/, '')}, the playground's)`;
  return run.platform === 'linux' ? `CPython ${run.python}` : `CPython ${run.python} on ${run.platform}`;
}

/** How a call fared in another run than its version's own: it did not run there, or raised other events. */
export interface Elsewhere {
  run: TracedVersion;
  /** The version's own run it is set against, where the data has one and the call ran there. */
  against?: TracedVersion;
  /** Why it did not run there, where it did not (and did in the version's own run, or there is none). */
  notRun?: string;
  /** Events of the version's own run it did not raise there, and events it raised there only, by name, in order. */
  missing: string[];
  extra: string[];
}

/** For each other run of a call: where it differs from its version's own run (runs where nothing differs are left out). */
export function elsewhere(call: ApiCall, behaviour: Pick<Behaviour, 'versions' | 'others'>): Elsewhere[] {
  return behaviour.others.flatMap((run) => {
    const there = call.elsewhere.get(run.run);
    if (!there) return [];
    const own = behaviour.versions.find((version) => version.version === run.version);
    const traced = own ? call.traces.get(own.version) : undefined;
    // A call that did not run in the version's own run is compared with nothing: all it raised there is news.
    const against = traced?.status === 'ok' ? own : undefined;
    const here = against ? traced : undefined;
    const names = (traced: TracedCall | undefined) => (traced?.status === 'ok' ? [...new Set(traced.events.map((event) => event.name))] : []);
    if (there.status !== 'ok') return own && !against ? [] : [{ run, ...(against ? { against } : {}), notRun: there.error, missing: [], extra: [] }];
    const missing = names(here).filter((name) => !names(there).includes(name));
    const extra = names(there).filter((name) => !names(here).includes(name));
    return here && missing.length === 0 && extra.length === 0 ? [] : [{ run, ...(against ? { against } : {}), missing, extra }];
  });
}

/** The APIs by module, modules in name order. */
export function apisByModule(behaviour: Behaviour): { module: string; apis: Api[] }[] {
  const groups = new Map<string, Api[]>();
  for (const api of behaviour.apis) groups.set(api.module, [...(groups.get(api.module) ?? []), api]);
  return [...groups.entries()].map(([module, apis]) => ({ module, apis }));
}

// An event's arguments as types, for telling two runs apart.
const shape = (event: TracedEvent) => event.types;

/**
 * How a call's events changed from each version in which it ran to the next: events added or no
 * longer raised (by name, counted), and events raised at the same place with other arguments.
 */
export function callChanges(call: ApiCall, versions: readonly TracedVersion[]): CallChange[] {
  const ran = versions.filter((version) => call.traces.get(version.version)?.status === 'ok');
  const changes: CallChange[] = [];
  for (let at = 1; at < ran.length; at++) {
    const before = call.traces.get(ran[at - 1]?.version ?? '');
    const after = call.traces.get(ran[at]?.version ?? '');
    if (before?.status !== 'ok' || after?.status !== 'ok') continue;
    const change: CallChange = { version: ran[at]?.version ?? '', from: ran[at - 1]?.version ?? '', added: [], removed: [], changed: [] };
    const count = (events: readonly TracedEvent[]) => events.reduce((map, event) => map.set(event.name, [...(map.get(event.name) ?? []), event]), new Map<string, TracedEvent[]>());
    const old = count(before.events);
    const now = count(after.events);
    for (const name of new Set([...old.keys(), ...now.keys()])) {
      const a = old.get(name) ?? [];
      const b = now.get(name) ?? [];
      for (let k = b.length; k < a.length; k++) change.removed.push(name);
      for (let k = a.length; k < b.length; k++) change.added.push(name);
      for (let k = 0; k < Math.min(a.length, b.length); k++) {
        const x = shape(a[k] as TracedEvent);
        const y = shape(b[k] as TracedEvent);
        if (x.join(',') !== y.join(',')) change.changed.push({ name, before: x, after: y });
      }
    }
    if (change.added.length + change.removed.length + change.changed.length > 0) changes.push(change);
  }
  return changes;
}

/** What one traced version's docs and its traces say differently. */
export interface DocsBehaviour {
  version: TracedVersion;
  /** Events that version's tables list and no call raised there, with why where the data says. */
  neverRaised: { event: VersionedEvent; reason: string | undefined }[];
  /** Events raised with another number of arguments than that version's table lists. */
  otherArity: { event: VersionedEvent; documented: number; observed: number[]; calls: ApiCall[] }[];
  /** Events raised that neither of that version's tables lists. */
  unlisted: { name: string; event: VersionedEvent | undefined; calls: ApiCall[] }[];
  /**
   * How much of what the tables list the calls reach: `listed` counts the events the tables list;
   * `observable`, those less the ones no call raised for a reason the data gives (Windows only,
   * start-up only, …); `fired`, those some call raised, under the listed name or the one CPython
   * raises instead.
   */
  coverage: { listed: number; observable: number; fired: number };
}

/** For each traced version, where its docs and its behaviour part: events never raised, raised with other arities, raised unlisted. */
export function docsAndBehaviour(behaviour: Behaviour, events: readonly VersionedEvent[], found: readonly Mismatch[]): DocsBehaviour[] {
  const byEventName = new Map(events.map((event) => [event.name, event]));
  return behaviour.versions.map((version) => {
    const raisedHere = (name: string) => behaviour.events.get(name)?.byVersion.get(version.version);
    const callsHere = (name: string) => (behaviour.events.get(name)?.calls ?? []).filter((use) => use.versions.includes(version.version)).map((use) => use.call);
    const listed = events.filter((event) => listedArguments(event, version.version) !== undefined);
    let firedAs = 0;
    let excused = 0;
    const neverRaised = listed
      .filter((event) => raisedHere(event.name) === undefined)
      .map((event) => {
        const raisedAs = found.find((pair) => pair.documented === event.name)?.raised;
        if (raisedAs && raisedHere(raisedAs)) {
          firedAs += 1;
          return { event, reason: `CPython raises it as ${raisedAs}.` };
        }
        const reason = behaviour.unobserved[event.name];
        if (reason !== undefined) excused += 1;
        return { event, reason };
      });
    const otherArity = listed.flatMap((event) => {
      const seen = raisedHere(event.name);
      const documented = listedArguments(event, version.version)?.length ?? 0;
      if (!seen || seen.arities.every((arity) => arity === documented)) return [];
      return [{ event, documented, observed: seen.arities, calls: callsHere(event.name) }];
    });
    const unlisted = [...behaviour.events.keys()]
      .filter((name) => raisedHere(name) !== undefined && listedArguments(byEventName.get(name), version.version) === undefined)
      .sort(byName)
      .map((name) => ({ name, event: byEventName.get(name), calls: callsHere(name) }));
    const fired = listed.length - neverRaised.length + firedAs;
    return { version, neverRaised, otherArity, unlisted, coverage: { listed: listed.length, observable: listed.length - excused, fired } };
  });
}

/** Runs of consecutive traced versions in which a call did exactly the same: one row each on its page. */
export function traceRuns(call: ApiCall, versions: readonly TracedVersion[]): { versions: TracedVersion[]; traced: TracedCall }[] {
  const runs: { versions: TracedVersion[]; traced: TracedCall; key: string }[] = [];
  for (const version of versions) {
    const traced = call.traces.get(version.version);
    if (!traced) continue;
    // first_events counts what the warm-up run did besides; it does not set two versions apart.
    const key = JSON.stringify(traced.status === 'ok' ? [traced.events, traced.first_imports ?? []] : [traced.error]);
    const last = runs.at(-1);
    if (last && last.key === key) last.versions.push(version);
    else runs.push({ versions: [version], traced, key });
  }
  return runs.map(({ versions: run, traced }) => ({ versions: run, traced }));
}

/** The names of the events a call raised in any traced version, each once, in the order first seen. */
export function eventsOfCall(call: ApiCall): string[] {
  const names = new Set<string>();
  for (const traced of call.traces.values()) if (traced.status === 'ok') for (const event of traced.events) names.add(event.name);
  return [...names];
}

/**
 * The APIs whose calls raised an event, each with the versions any of its calls did, most direct
 * first: an API the event's docs name (`open()` for `open`), then those whose calls raise the
 * fewest events in all (`pathlib.Path.read_text` raises only `open`; `shutil.copy` five), then by
 * name. An event raised by hundreds of APIs shows its most telling ones first.
 */
export function apisRaising(observed: ObservedEvent, documented: readonly string[], behaviour: Pick<Behaviour, 'api'>): { api: string; versions: string[] }[] {
  const named = new Set(documented.map((label) => label.replace(/\(\).*$/, '')));
  const seen = new Map<string, Set<string>>();
  for (const { call, versions } of observed.calls) seen.set(call.api, new Set([...(seen.get(call.api) ?? []), ...versions]));
  const breadth = (api: string) => new Set(behaviour.api.get(api)?.calls.flatMap(eventsOfCall)).size;
  return [...seen.entries()]
    .map(([api, versions]) => ({ api, versions: [...versions], named: named.has(api), breadth: breadth(api) }))
    .sort((a, b) => Number(b.named) - Number(a.named) || a.breadth - b.breadth || byName(a.api, b.api))
    .map(({ api, versions }) => ({ api, versions }));
}

/** The traced APIs as the search carries them: each name with every event any of its calls raised. */
export function searchApis(behaviour: Pick<Behaviour, 'apis'>): { name: string; raises: string[] }[] {
  return behaviour.apis.map((api) => ({ name: api.name, raises: [...new Set(api.calls.flatMap(eventsOfCall))] }));
}

/** The code of a call as one program: its setup, then the call. */
export function callProgram(call: Pick<SourcedCall, 'setup' | 'call'>): string {
  return call.setup.trim() === '' ? call.call : `${call.setup.trimEnd()}\n${call.call}`;
}

/** Traced versions in words, as runs of consecutive ones: "3.8 to 3.13", "3.10 to 3.12, 3.14". */
export function tracedInWords(present: readonly string[], versions: readonly Pick<TracedVersion, 'version'>[]): string {
  const order = versions.map((version) => version.version);
  const at = present.map((version) => order.indexOf(version)).filter((index) => index !== -1).sort((a, b) => a - b);
  const runs: [number, number][] = [];
  for (const index of at) {
    const run = runs.at(-1);
    if (run && index === run[1] + 1) run[1] = index;
    else runs.push([index, index]);
  }
  return runs.map(([start, end]) => (start === end ? order[start] : `${order[start]} to ${order[end]}`)).join(', ');
}

/**
 * The argument types an event arrived with, by runs of traced versions that saw the same: each
 * run's versions, and per position the types seen.
 */
export function observedTypes(observed: ObservedEvent, versions: readonly TracedVersion[]): { versions: string[]; types: string[][]; arities: number[] }[] {
  const runs: { versions: string[]; types: string[][]; arities: number[]; key: string }[] = [];
  for (const version of versions) {
    const seen = observed.byVersion.get(version.version);
    if (!seen) continue;
    const types = seen.types.map((list) => [...list].sort());
    const key = JSON.stringify([types, seen.arities]);
    const last = runs.at(-1);
    if (last && last.key === key) last.versions.push(version.version);
    else runs.push({ versions: [version.version], types, arities: seen.arities, key });
  }
  return runs.map(({ versions: run, types, arities }) => ({ versions: run, types, arities }));
}
