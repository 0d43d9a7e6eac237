import { z } from 'astro/zod';
import { parseJson, VersionDataError } from '../versions/schema';

/**
 * The red team's outcomes as data (`content/attacks.json`, written by the attack suite from its own
 * run, tests/attacks/): every attack on the builder's hooks, what its header expects, and what it
 * came to in each native CPython, in the Python and in the C hook. What no hook stopped is what
 * `/hooks/limits/` and every hook's header name as its limits.
 */

/** The file the suite writes and the site reads, from the project's root. */
export const ATTACKS_FILE = 'content/attacks.json';

import { HOOK_KINDS, type HookKind, type Limit } from './limits';

export { HOOK_KINDS, type HookKind } from './limits';
const outcome = z.enum(['stopped', 'through', 'absent', 'failed']);
export type AttackOutcome = z.infer<typeof outcome>;

const exception = z.object({ hooks: z.array(z.enum(HOOK_KINDS)).min(1), versions: z.string().min(1), reason: z.string().min(1) }).strict();
const attack = z
  .object({
    id: z.string().regex(/^[a-z]+\/[a-z0-9-]+$/),
    title: z.string().min(1),
    policy: z.string().min(1),
    expect: z.enum(['stopped', 'allowed']),
    gaps: z.array(exception),
    absent: z.array(exception),
    narrow: z.array(z.string()),
    issue: z.string().regex(/^cpython#\d+$/).optional(),
    outcomes: z.record(z.string(), z.object({ python: outcome, c: outcome }).strict()),
  })
  .strict();
/** The file's schema. */
export const attacksSchema = z
  .object({
    about: z.string(),
    runs: z.array(z.object({ version: z.string(), release: z.string() }).strict()).min(1),
    attacks: z.array(attack).min(1),
  })
  .strict();
export type AttacksData = z.infer<typeof attacksSchema>;
export type AttackRecord = AttacksData['attacks'][number];

/** The attack file's header fields, as the suite reads them. */
export type AttackHeader = Omit<AttackRecord, 'outcomes'>;

/** The data for the suite's run: each attack's header and its outcome per version and hook. */
export function attacksData(attacks: readonly AttackHeader[], runs: readonly { version: string; release: string }[], outcomeOf: (id: string, version: string, hook: HookKind) => AttackOutcome): AttacksData {
  return {
    about: 'Written by the attack suite (ATTACKS_WRITE=1 npx vitest run tests/unit/attacks.test.ts) from one run of every attack in tests/attacks/ against the hook builder’s Python and C output in each native CPython; npm test checks that a fresh run comes out the same.',
    runs: runs.map(({ version, release }) => ({ version, release })),
    attacks: attacks.map(({ id, title, policy, expect, gaps, absent, narrow, issue }) => ({
      id,
      title,
      policy,
      expect,
      gaps: gaps.map(({ hooks, versions, reason }) => ({ hooks: [...hooks], versions, reason })),
      absent: absent.map(({ hooks, versions, reason }) => ({ hooks: [...hooks], versions, reason })),
      narrow: [...narrow],
      ...(issue ? { issue } : {}),
      outcomes: Object.fromEntries(runs.map(({ version }) => [version, { python: outcomeOf(id, version, 'python'), c: outcomeOf(id, version, 'c') }])),
    })),
  };
}

/** The suite's data from its file's text; malformed data throws, naming the file, the attack and what is wrong. */
export function parseAttacksData(text: string, file = ATTACKS_FILE): AttacksData {
  const json = parseJson(text, file);
  const parsed = attacksSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const index = issue?.path[0] === 'attacks' && typeof issue.path[1] === 'number' ? issue.path[1] : undefined;
    const id = index === undefined ? undefined : (json as { attacks: { id?: unknown }[] }).attacks[index]?.id;
    throw new VersionDataError(file, typeof id === 'string' ? id : undefined, `${issue?.path.slice(index === undefined ? 0 : 2).join('.') || 'the file'}: ${issue?.message ?? 'invalid'}`, 'attack');
  }
  for (const record of parsed.data.attacks) {
    for (const { version } of parsed.data.runs) if (!record.outcomes[version]) throw new VersionDataError(file, record.id, `no outcome in ${version}`, 'attack');
  }
  return parsed.data;
}

/** What no hook stopped, as measured: every attack with an outcome `through` that was meant to be stopped. */
export function limitsOf(data: AttacksData): Limit[] {
  return data.attacks
    .filter((record) => record.expect === 'stopped')
    .map((record) => ({
      id: record.id,
      group: record.id.split('/')[0] ?? '',
      title: record.title,
      reasons: [...new Set(record.gaps.map((gap) => gap.reason))],
      narrow: record.narrow,
      ...(record.issue ? { issue: record.issue } : {}),
      through: Object.fromEntries(HOOK_KINDS.map((hook) => [hook, data.runs.map(({ version }) => version).filter((version) => record.outcomes[version]?.[hook] === 'through')])) as Record<HookKind, string[]>,
    }))
    .filter((limit) => limit.through.python.length > 0 || limit.through.c.length > 0);
}

