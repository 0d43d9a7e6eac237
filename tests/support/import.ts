import { spawnSync } from 'node:child_process';

/** Runs `npm run import` (the command itself, through tsx) on a source tree or docs build, writing into `out`. */
export function runImport(input: string, out: string, ...extra: string[]) {
  return spawnSync('npx', ['tsx', 'src/cli/import.ts', input, '--out', out, ...extra], { encoding: 'utf8' });
}
