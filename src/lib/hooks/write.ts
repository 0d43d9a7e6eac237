import { planHooks, type Builder } from './data';
import type { Policy } from './policy';
import { pythonHook } from './python';

/** The Python hook of a policy, with what the C writer takes for it, as the build and the tests write it (the page loads the writer apart). */
export function writeHooks(builder: Builder, policy: Policy, page: string) {
  const plan = planHooks(builder, policy, page);
  return { ...plan, python: pythonHook(policy, plan.rules, plan.context) };
}
