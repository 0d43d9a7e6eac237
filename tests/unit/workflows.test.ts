import { readdirSync, readFileSync } from 'node:fs';
import { NoOperationTraceWriter, parseWorkflow } from '@actions/workflow-parser';
import { describe, expect, it } from 'vitest';
import { readWorkflow } from '../support/workflow';

/** What GitHub's own workflow parser (the schema Actions checks a workflow against) says is wrong in a workflow's text. */
function schemaErrors(name: string, content: string): string[] {
  const parsed = parseWorkflow({ name, content }, new NoOperationTraceWriter());
  return parsed.context.errors.getErrors().map((error) => error.message);
}

describe('the workflows', () => {
  const files = readdirSync('.github/workflows').filter((name) => name.endsWith('.yml'));

  it.each(files)('%s is valid under GitHub’s workflow schema', (name) => {
    expect(schemaErrors(name, readFileSync(`.github/workflows/${name}`, 'utf8'))).toEqual([]);
  });

  it('the schema check fails a workflow with an unknown event, a misspelt input key or a mistyped value', () => {
    const steps = '    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n';
    expect(schemaErrors('event.yml', `on: pushh\njobs:\n  build:\n${steps}`)).toEqual(["event.yml (Line: 1, Col: 5): Unexpected value 'pushh'"]);
    expect(schemaErrors('input.yml', `on:\n  workflow_dispatch:\n    inputs:\n      versions:\n        defalt: '[]'\njobs:\n  build:\n${steps}`)).toHaveLength(1);
    expect(schemaErrors('with.yml', 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v5\n        with: 3\n')).toHaveLength(1);
  });
});

describe('the trace workflow (trace.yml)', () => {
  const workflow = readWorkflow<'trace' | 'merge'>('trace.yml');
  const raw = readFileSync('.github/workflows/trace.yml', 'utf8');
  const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;

  it('runs only on demand, over Windows, macOS and Linux, one job per runner and Python version, none stopping the others', () => {
    expect(Object.keys(workflow.on)).toEqual(['workflow_dispatch']);
    const strategy = (workflow.jobs.trace as unknown as { strategy: { 'fail-fast': boolean; matrix: { os: string[]; python: string } } }).strategy;
    expect(strategy['fail-fast']).toBe(false);
    expect(strategy.matrix.os.map((os) => os.split('-')[0]).sort()).toEqual(['macos', 'ubuntu', 'windows']);
    const versions = JSON.parse((workflow.on['workflow_dispatch'] as { inputs: { versions: { default: string } } }).inputs.versions.default) as string[];
    expect(versions).toEqual(['3.8', '3.9', '3.10', '3.11', '3.12', '3.13', '3.14', '3.15']);
    expect(strategy.matrix.python).toContain('inputs.versions');
  });

  it('traces the Python setup-python gave with the project’s tracer, and uploads what it wrote', () => {
    const steps = workflow.jobs.trace.steps;
    const python = steps.find((step) => step.uses?.startsWith('actions/setup-python@'));
    const trace = steps.find((step) => step.run?.includes('npm run trace'));
    expect(python?.id).toBeDefined();
    expect(trace?.run).toContain(`--python "\${{ steps.${python?.id}.outputs.python-path }}"`);
    const out = /--out "([^"]+)"/.exec(trace?.run ?? '')?.[1];
    expect(out).toBe('$RUNNER_TEMP/traces');
    expect(steps.find((step) => step.uses?.startsWith('actions/upload-artifact@'))?.with?.['path']).toBe('${{ runner.temp }}/traces/*.json');
    expect(scripts['trace']).toBe('tsx src/cli/trace.ts');
  });

  it('merges every runner’s files with trace:merge, builds on them, and opens a pull request, even when some runner failed', () => {
    const steps = workflow.jobs.merge.steps;
    const download = steps.findIndex((step) => step.uses?.startsWith('actions/download-artifact@'));
    const merge = steps.findIndex((step) => step.run?.includes('npm run trace:merge'));
    const build = steps.findIndex((step) => step.run?.trim() === 'npm run build');
    const pull = steps.findIndex((step) => step.run?.includes('gh pr create'));
    expect([download, merge, build, pull].every((at) => at > -1)).toBe(true);
    expect(download < merge && merge < build && build < pull).toBe(true);
    expect(steps[merge]?.run).toContain(`"$RUNNER_TEMP/runs"`);
    expect(steps[download]?.with?.['path']).toBe('${{ runner.temp }}/runs');
    expect(scripts['trace:merge']).toBe('tsx src/cli/trace-merge.ts');
    expect(raw).toMatch(/merge:\n\s+needs: trace\n(?:\s+#.*\n)*\s+if: \$\{\{ !cancelled\(\) \}\}/);
  });
});
