import { z } from 'astro/zod';
import { VersionDataError } from '../versions/schema';
import { listedArguments, type VersionedEvent } from '../versions/events';

/**
 * `content/try-examples.json`: for each audit event, a short example of ordinary Python that makes
 * CPython raise it in the playground, or one sentence on why it cannot fire in a browser.
 */

const text = z.string().min(1);
const eventName = z.string().regex(/^\S+$/, 'an event name must be non-empty and without spaces');

const runnable = z.strictObject({
  /** Python that makes CPython itself raise the event (never `sys.audit()`). */
  code: text.refine((code) => !/\bsys\.audit\s*\(/.test(code), 'an example must make CPython raise the event, not call sys.audit()'),
  /** The name the example really raises, where the documented name is never raised. */
  raises: eventName.optional(),
  /** Where the event fires with another number of arguments than its docs list, and why. */
  known: z.strictObject({ args: z.number().int().nonnegative(), reason: text }).optional(),
});

const impossible = z.strictObject({
  /** Why the event cannot fire in the playground, in one sentence. */
  cannot: text,
});

export const examplesFileSchema = z.strictObject({
  about: text,
  events: z.record(eventName, z.union([runnable, impossible])),
});

export type ExamplesFile = z.infer<typeof examplesFileSchema>;
export type Example = ExamplesFile['events'][string];
export type RunnableExample = z.infer<typeof runnable>;

/** Reads the examples file with its schema; with `known`, also that it names only events the data knows. */
export function parseExamples(source: string, file: string, known?: ReadonlySet<string>): ExamplesFile {
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    throw new VersionDataError(file, undefined, `not JSON: ${(error as Error).message}`);
  }
  const result = examplesFileSchema.safeParse(data);
  if (!result.success) {
    const issue = result.error.issues[0];
    const [, event, ...rest] = issue?.path ?? [];
    throw new VersionDataError(file, typeof event === 'string' ? event : undefined, `${rest.join('.') || 'the entry'}: ${issue?.message ?? 'does not match the schema'}`);
  }
  if (known) checkExamples(result.data.events, file, known);
  return result.data;
}

/** Checks that the examples name only events the data knows, and raise only such events. */
export function checkExamples(events: Record<string, Example>, file: string, known: ReadonlySet<string>): void {
  for (const [name, example] of Object.entries(events)) {
    if (!known.has(name)) throw new VersionDataError(file, name, 'has an example, but no version of the data knows the event');
    if ('raises' in example && example.raises !== undefined && !known.has(example.raises)) {
      throw new VersionDataError(file, name, `the example raises "${example.raises}", which no version of the data knows`);
    }
  }
}

/** Whether an example can run in the playground. */
export function isRunnable(example: Example | undefined): example is RunnableExample {
  return example !== undefined && 'code' in example;
}

/** What running one example recorded: each event's name and how many arguments its hook got. */
export interface ExampleOutcome {
  name: string;
  events: [event: string, args: number][];
  /** The exception the example ended with, as its last traceback line; null when it ended well. */
  error: string | null;
}

/** An example that did not do what it says in one CPython: its event never fired, or fired with other arguments. */
export type ExampleFinding =
  | { name: string; raised: string; kind: 'missing'; error: string | null }
  | { name: string; raised: string; kind: 'arguments'; counts: number[]; expected: number; known: boolean };

/**
 * Checks what the examples did in one CPython against the docs of its minor version: each must
 * raise its event (or the name it really raises), every time with as many arguments as that
 * version's table lists, or as a known difference records. An event no table of that version
 * lists is only checked to fire.
 */
export function checkOutcomes(
  outcomes: readonly ExampleOutcome[],
  examples: Record<string, Example>,
  events: ReadonlyMap<string, VersionedEvent>,
  version: string,
): ExampleFinding[] {
  const findings: ExampleFinding[] = [];
  for (const outcome of outcomes) {
    const example = examples[outcome.name];
    if (!isRunnable(example)) continue;
    const raised = example.raises ?? outcome.name;
    const expected = example.known?.args ?? listedArguments(events.get(outcome.name), version)?.length;
    const counts = outcome.events.filter(([event]) => event === raised).map(([, count]) => count);
    if (counts.length === 0) findings.push({ name: outcome.name, raised, kind: 'missing', error: outcome.error });
    else if (expected !== undefined && counts.some((count) => count !== expected)) {
      findings.push({ name: outcome.name, raised, kind: 'arguments', counts: [...new Set(counts)], expected, known: example.known !== undefined });
    }
  }
  return findings;
}

/** A finding in words, for a test's failure or a benchmark's report. */
export function describeFinding(finding: ExampleFinding, version: string): string {
  if (finding.kind === 'missing') return `${finding.name}: ${finding.raised} did not fire${finding.error ? `; the example ended in ${finding.error}` : ''}`;
  const source = finding.known ? 'its known difference records' : `the ${version} docs list`;
  return `${finding.name}: ${finding.raised} fired with ${finding.counts.join(' and ')} arguments; ${source} ${finding.expected}`;
}
