// The hook builder's logic: a policy and its address (policy.ts), the events it acts on, the
// literals visitor text becomes (literals.ts), and the Python it writes (python.ts).
export { cString, pyString } from './literals';
export { ACTIONS, emptyPolicy, LIST_KINDS, LIST_OF_CATEGORY, parsePolicy, policyQuery, resolvePolicy, type Action, type EventRule, type ListKind, type Policy } from './policy';
export { pythonHook, type HookContext } from './python';
