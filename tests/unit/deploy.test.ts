import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { readWorkflow, type Step } from '../support/workflow';

const workflow = readWorkflow<'build' | 'deploy'>('pages.yml');
const steps = workflow.jobs.build.steps;
const readme = readFileSync('docs/deploying.md', 'utf8');

/** docs/deploying.md's build command for a sub-path: its variables, and the command they are set for. */
function readmeBuild(): { variables: string[]; command: string } {
  const line = /```sh\n(.*npm run build.*)\n```/.exec(readme)?.[1] ?? '';
  const words = line.trim().split(/\s+/);
  const variables = words.filter((word) => /^[A-Z_]+=/.test(word)).map((word) => word.slice(0, word.indexOf('=')));
  return { variables, command: words.filter((word) => !/^[A-Z_]+=/.test(word)).join(' ') };
}

it('the GitHub Pages workflow builds with docs/deploying.md’s command, given the path and origin Pages reports', () => {
  const { variables, command } = readmeBuild();
  expect(command).toBe('npm run build');
  expect(variables).toEqual(['BASE_PATH', 'SITE_URL']);
  const build = steps.find((step) => step.run?.includes('npm run build'));
  expect(build?.run?.trim()).toBe(command);
  expect(Object.keys(build?.env ?? {}).sort()).toEqual([...variables].sort());
  // configure-pages runs first and says where Pages serves the site.
  const pages = steps.findIndex((step) => step.uses?.startsWith('actions/configure-pages@'));
  expect(pages).toBeGreaterThan(-1);
  expect(pages).toBeLessThan(steps.indexOf(build as Step));
  expect(build?.env?.['BASE_PATH']).toBe(`\${{ steps.${steps[pages]?.id}.outputs.base_path }}/`);
  expect(build?.env?.['SITE_URL']).toBe(`\${{ steps.${steps[pages]?.id}.outputs.origin }}`);
});

it('installs the Node the project states, with npm ci, and publishes what the build writes', () => {
  const node = steps.find((step) => step.uses?.startsWith('actions/setup-node@'));
  expect(node?.with?.['node-version-file']).toBe('.nvmrc');
  expect(steps.some((step) => step.run?.trim().startsWith('npm ci'))).toBe(true);
  expect(steps.find((step) => step.uses?.startsWith('actions/upload-pages-artifact@'))?.with?.['path']).toBe('dist');
  expect(workflow.jobs.deploy.steps.some((step) => step.uses?.startsWith('actions/deploy-pages@'))).toBe(true);
});
