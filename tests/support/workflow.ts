import { readFileSync } from 'node:fs';
import { parse } from 'yaml';

/** One step of a GitHub Actions job, as the workflow tests read it. */
export interface Step {
  name?: string;
  id?: string;
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'continue-on-error'?: boolean;
}

/** A workflow file of `.github/workflows/`, parsed. */
export function readWorkflow<Jobs extends string>(name: string): { on: Record<string, unknown>; jobs: Record<Jobs, { steps: Step[] }> } {
  return parse(readFileSync(`.github/workflows/${name}`, 'utf8')) as { on: Record<string, unknown>; jobs: Record<Jobs, { steps: Step[] }> };
}
