import { describe, expect, it } from 'vitest';
import { mergePlan, mergeReport } from '../../src/lib/trace/merge';
import type { TraceFile } from '../../src/lib/trace/schema';

const trace = (python: string, platform: string): TraceFile => ({ python, implementation: 'cpython', platform, machine: 'x86_64', runtime: 'native', calls: {} });

describe('merging runs traced elsewhere', () => {
  const held = new Map([
    ['3.12', trace('3.12.1', 'linux')],
    ['win32-3.13', trace('3.13.5', 'win32')],
  ]);

  it('adds a run of a new name, and replaces one of the same name with the same release or a newer one', () => {
    const steps = mergePlan(held, [
      { file: 'a/win32-3.14.json', trace: trace('3.14.10', 'win32') },
      { file: 'b/3.12.json', trace: trace('3.12.10', 'linux') },
      { file: 'c/win32-3.13.json', trace: trace('3.13.5', 'win32') },
    ]);
    expect(steps.map((step) => [step.run, step.action, step.other])).toEqual([
      ['win32-3.14', 'added', undefined],
      ['3.12', 'replaced', '3.12.1'],
      ['win32-3.13', 'replaced', '3.13.5'],
    ]);
  });

  it('keeps a newer release that is there, and of two incoming files of one run the newer', () => {
    const steps = mergePlan(held, [
      { file: 'a/win32-3.13.json', trace: trace('3.13.2', 'win32') },
      { file: 'b/darwin-3.15.json', trace: trace('3.15.0', 'darwin') },
      { file: 'c/darwin-3.15.json', trace: trace('3.15.2', 'darwin') },
    ]);
    expect(steps.map((step) => [step.file, step.action, step.other])).toEqual([
      ['a/win32-3.13.json', 'kept', '3.13.5'],
      ['b/darwin-3.15.json', 'kept', '3.15.2'],
      ['c/darwin-3.15.json', 'added', undefined],
    ]);
    expect(mergeReport(steps)).toContain('- win32-3.13.json, CPython 3.13.2 (a/win32-3.13.json): left out: CPython 3.13.5');
  });
});
