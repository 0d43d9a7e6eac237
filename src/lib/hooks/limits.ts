/**
 * What the red team got past the builder's hooks, as the builder and its pages use it: no schema
 * here (that is attacks.ts, for the build), so that the builder's own code stays small.
 */
export const HOOK_KINDS = ['python', 'c'] as const;
export type HookKind = (typeof HOOK_KINDS)[number];

/** The classes of attack, by the policy they test: the categories whose choice each bears on (`*` every policy, `contain` that purpose). */
export const ATTACK_CLASSES: Readonly<Record<string, { title: string; categories: readonly string[] }>> = {
  files: { title: 'Files and folders', categories: ['filesystem'] },
  network: { title: 'Hosts and ports', categories: ['network'] },
  programs: { title: 'Programs and what they are given', categories: ['process'] },
  imports: { title: 'Imports and native libraries', categories: ['import'] },
  hook: { title: 'The hook itself', categories: ['*'] },
  contain: { title: 'Containing code', categories: ['contain'] },
};

/** A limit: an attack that got past a hook in some version, with where, why, and what narrows it. */
export interface Limit {
  id: string;
  group: string;
  title: string;
  reasons: string[];
  narrow: string[];
  issue?: string;
  /** The versions it gets past each hook in, in the runs' order. */
  through: Record<HookKind, string[]>;
}

/** Whether a limit bears on a policy: its class's categories among those the policy denies (or denies unless allowed), every policy for the hook itself, or the contain purpose. */
export function bearsOn(limit: Pick<Limit, 'group'>, denied: ReadonlySet<string>, purpose: string): boolean {
  const categories = ATTACK_CLASSES[limit.group]?.categories ?? [];
  return categories.some((category) => category === '*' || (category === 'contain' ? purpose === 'contain' : denied.has(category)));
}

/** Versions in words, as runs of consecutive ones: `3.8 to 3.14`, `3.13 to 3.15`, `3.8, 3.10`. */
export function versionRanges(versions: readonly string[], all: readonly string[]): string {
  const runs: string[][] = [];
  for (const version of all.filter((candidate) => versions.includes(candidate))) {
    const last = runs.at(-1);
    if (last && all.indexOf(last.at(-1) ?? '') === all.indexOf(version) - 1) last.push(version);
    else runs.push([version]);
  }
  return runs.map((run) => (run.length === 1 ? run[0] : `${run[0]} to ${run.at(-1)}`)).join(', ');
}
