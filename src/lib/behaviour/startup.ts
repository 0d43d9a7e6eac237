import { z } from 'astro/zod';
import { stable, type RunSpecifics } from '../trace/record';
import { parseJson, VersionDataError } from '../versions/schema';

/**
 * What a hook sees before a program's own code runs (`content/startup.json`, written by `npm run
 * startup`): per native CPython and per way of starting it (`python -c pass`, `python -m` a small
 * module, `python script.py`), the events a hook installed from sitecustomize sees, and what a C
 * hook added before Py_Initialize() sees on top, each event with its count and its arguments as
 * the tracer prints them (run-specific values as placeholders).
 */
export const STARTUP_FILE = 'content/startup.json';

/** The ways of starting Python the measurement takes, in order, with the command each stands for and its short name. */
export const WAYS = [
  { way: 'command', command: 'python -c pass', short: 'python -c' },
  { way: 'module', command: 'python -m startup_probe', short: 'python -m' },
  { way: 'script', command: 'python script.py', short: 'a script' },
] as const;
export type Way = (typeof WAYS)[number]['way'];

const seenSchema = z.strictObject({
  name: z.string().regex(/^\S+$/),
  count: z.number().int().positive(),
  /** Up to three of its argument tuples, as the tracer prints them, in the order first seen. */
  args: z.array(z.string()).min(1).max(3),
});
export type Seen = z.infer<typeof seenSchema>;

export const startupSchema = z.strictObject({
  about: z.string(),
  runs: z
    .array(
      z.strictObject({
        version: z.string().regex(/^3\.\d+$/),
        release: z.string(),
        ways: z.array(
          z.strictObject({
            way: z.enum(['command', 'module', 'script']),
            /** What a hook installed from sitecustomize sees, in the order first seen. */
            python: z.array(seenSchema),
            /** What a C hook added before Py_Initialize() sees besides, in the order first seen. */
            c: z.array(seenSchema),
          }),
        ),
      }),
    )
    .min(1),
});
export type Startup = z.infer<typeof startupSchema>;

/** A raw event as the recorders write it: name, the types of its arguments, the repr of the tuple. */
export type RawStartupEvent = [name: string, types: string[], repr: string];

/** Events by name, in the order first seen, with their count and up to three argument tuples made stable. */
export function seenOf(events: readonly RawStartupEvent[], specifics: RunSpecifics, folders: readonly string[]): Seen[] {
  const byName = new Map<string, Seen>();
  for (const [name, , repr] of events) {
    const text = stable(repr, specifics, folders);
    const seen = byName.get(name) ?? { name, count: 0, args: [] };
    byName.set(name, seen);
    seen.count += 1;
    if (seen.args.length < 3 && !seen.args.includes(text)) seen.args.push(text);
  }
  return [...byName.values()];
}

/** What the C hook saw that the Python hook did not: each name's count beyond the Python hook's, with the argument tuples only the C hook saw. */
export function beyond(c: readonly Seen[], python: readonly Seen[]): Seen[] {
  return c.flatMap((seen) => {
    const also = python.find((other) => other.name === seen.name);
    const count = seen.count - (also?.count ?? 0);
    if (count <= 0) return [];
    const args = seen.args.filter((text) => !also?.args.includes(text));
    return [{ name: seen.name, count, args: args.length > 0 ? args : seen.args.slice(0, 1) }];
  });
}

/** The measurement from its file's text; malformed data throws, naming the file and what is wrong. */
export function parseStartup(text: string, file = STARTUP_FILE): Startup {
  const parsed = startupSchema.safeParse(parseJson(text, file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VersionDataError(file, undefined, `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Where an event is raised at start-up: per way of starting, the versions whose sitecustomize hook sees it, and those where only a C hook does. */
export function startupOfEvent(startup: Startup, name: string): { way: Way; command: string; short: string; python: string[]; c: string[] }[] {
  return WAYS.map(({ way, command, short }) => {
    const python: string[] = [];
    const c: string[] = [];
    for (const run of startup.runs) {
      const measured = run.ways.find((entry) => entry.way === way);
      if (measured?.python.some((seen) => seen.name === name)) python.push(run.version);
      else if (measured?.c.some((seen) => seen.name === name)) c.push(run.version);
    }
    return { way, command, short, python, c };
  }).filter((entry) => entry.python.length > 0 || entry.c.length > 0);
}

/** The events seen in all, counting repeats. */
export const totalOf = (seen: readonly Seen[]): number => seen.reduce((sum, each) => sum + each.count, 0);

/**
 * The event that hands over to the program (`cpython.run_command`, `cpython.run_module`,
 * `cpython.run_file`), if a hook saw it: every event first seen before it is start-up.
 */
export const handOver = (seen: readonly Seen[]): Seen | undefined => seen.find((each) => /^cpython\.run_(command|module|file)$/.test(each.name));
