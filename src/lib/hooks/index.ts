// The hook builder's logic: a policy and its address (policy.ts), the events it acts on, the
// literals visitor text becomes (literals.ts), what every hook says of itself (summary.ts), and the
// Python (python.ts) and C (c.ts) it writes.
export { cString, pyString } from './literals';
export { ACTIONS, CONTAIN_EVENTS, emptyPolicy, ENVIRONMENT_EVENTS, LIST_KINDS, LIST_OF_CATEGORY, listOf, parsePolicy, policyQuery, PURPOSES, resolvePolicy, type Action, type EventRule, type ListKind, type Matcher, type Policy, type Purpose } from './policy';
export { CAVEATS, hookSummary, type HookContext } from './summary';
export { pythonHook } from './python';
export { cHook } from './c';
