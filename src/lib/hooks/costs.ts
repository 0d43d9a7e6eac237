import { z } from 'astro/zod';
import { parseJson, VersionDataError } from '../versions/schema';

/**
 * What a hook costs per event, as `npm run bench:hooks` measured it (content/hook-costs.json): per
 * native CPython, nanoseconds for one event with no hook, with a no-op Python hook, and with the
 * builder's hook of a folder's allow-list (Python and C) on an event outside its policy, a file
 * event it allows and one it refuses. The builder shows them beside its output.
 */
export const HOOK_COSTS_FILE = 'content/hook-costs.json';
export const COST_EVENTS = ['outside', 'allowed', 'refused'] as const;

const perEvent = z.object({ outside: z.number(), allowed: z.number(), refused: z.number() }).strict();
/** The file's schema. */
export const hookCostsSchema = z
  .object({
    machine: z.string().min(1),
    date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    runs: z.array(z.object({ version: z.string(), release: z.string(), none: z.number(), noop: z.number(), python: perEvent, c: perEvent }).strict()).min(1),
  })
  .strict();
export type HookCosts = z.infer<typeof hookCostsSchema>;

/** The figures from their file's text; malformed data throws, naming the file and what is wrong. */
export function parseHookCosts(text: string, file = HOOK_COSTS_FILE): HookCosts {
  const parsed = hookCostsSchema.safeParse(parseJson(text, file));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VersionDataError(file, undefined, `${issue?.path.join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Whether a run keeps the budget: outside the policy at most 1.5 times a no-op hook's cost, and the C hook cheaper than the Python hook on every event. */
export function withinBudget(run: HookCosts['runs'][number]): { ratio: number; cheaper: boolean } {
  return { ratio: run.python.outside / run.noop, cheaper: COST_EVENTS.every((event) => run.c[event] < run.python[event]) };
}
