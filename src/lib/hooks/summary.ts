import type { EventRule, Policy } from './policy';

/*
 * What every generated hook says of itself at its top, whatever the language: what the policy
 * covers, the limits of any audit hook, and the denials that reach further than their own
 * operation. Each writer wraps these lines in its own comment or docstring.
 */

/** Where a generated hook's text can say where it came from and what it covers. */
export interface HookContext {
  /** The versions in words: `3.11 to 3.13`. */
  versions: string;
  /** The address of this policy on the site, to rebuild or share it. */
  url: string;
  /** Each category's title, by name. */
  titles: Readonly<Record<string, string>>;
  /** The page of the native-memory category, whose events can remove a hook. */
  nativeMemory?: string;
  /** The page of what no hook can stop (`/hooks/limits/`). */
  limitsPage?: string;
  /** What the red team got past the hooks with, among the attacks that bear on this policy: each with the chosen versions it got past each hook in. */
  limits?: readonly HookLimit[];
}

/** A limit as a hook's header names it. */
export interface HookLimit {
  title: string;
  /** The chosen versions, in words, it gets past each hook in; empty where it gets past none. */
  python: string;
  c: string;
  /** Events whose denial narrows it. */
  narrow: readonly string[];
}

/** What each purpose says of itself at the top of a hook, in each language: whom it is for, and what it assumes. */
export const PURPOSE_TEXT: Readonly<Record<'python' | 'c', Readonly<Record<Policy['purpose'], readonly string[]>>>> = {
  python: {
    guard: [
      'Its purpose: to watch and guard code you trust (catch accidents, log activity, enforce a policy',
      'on your own program). It assumes the program is not working to get past it. It decides only on',
      'values of exact known types, resolves paths as the OS does, and keeps everything it uses where',
      'plain Python cannot replace it: no module attribute of this file changes what it does.',
    ],
    contain: [
      'Its purpose: to contain code you do not trust. A Python hook shares its interpreter with that',
      "code, so it also denies what reaches the hook's objects (the garbage collector's lists, other",
      "threads' frames) and native memory (every ctypes event), and stops collections while it",
      'decides. The C hook (PySys_AddAuditHook, its state in C) is the stronger form: no frame of it',
      'exists for a finaliser or a signal handler to rewrite. Neither stops what raises no event.',
    ],
  },
  c: {
    guard: [
      'Its purpose: to watch and guard code you trust (catch accidents, log activity, enforce a policy',
      'on your own program). It decides only on values of exact known types, resolves paths as the OS',
      'does, and keeps its state in C, where Python code cannot reach it.',
    ],
    contain: [
      'Its purpose: to contain code you do not trust. It denies what hands out any object (the garbage',
      "collector's lists, other threads' frames) and native memory (every ctypes event): native code",
      'can remove any hook. Its state is in C and it has no Python frame to rewrite, which makes it',
      'the stronger form of the two; it does not stop what raises no event.',
    ],
  },
};

/** The events whose denial reaches further than their own operation, and what the hook and the builder say of it. */
export const CAVEATS: Readonly<Record<string, string>> = {
  open:
    'denying open also stops imports that read source or bytecode files, and any module that opens a file as it loads; the hook makes no exception for them: to keep imports working, deny unless the folders of sys.path are allowed',
  import:
    'denying import stops every import statement after the hook is installed, the standard library included; the hook makes no exception: import what the program needs first, or deny unless those modules are allowed',
  compile: 'denying compile also stops imports of modules without bytecode, eval() and exec() of strings; the hook makes no exception for them',
  exec: 'denying exec also stops every import, as a module runs through exec; the hook makes no exception for them',
  'os.listdir': 'denying os.listdir also stops the import system from reading its path entries; the hook makes no exception: deny unless the folders of sys.path are allowed',
  'cpython._PySys_ClearAuditHooks': 'an exception raised at interpreter shutdown stops nothing: the hook raises as for any denial, and CPython clears the error, and the hooks, regardless',
};

/** The lines a hook's leading text says of its policy: what it covers, its limits, and the caveats of its denials (empty when none). */
export function hookSummary(policy: Policy, rules: readonly EventRule[], context: HookContext, kind: 'python' | 'c' = 'python'): { purpose: string[]; covered: string[]; limits: string[]; caveats: string[] } {
  const limits = (context.limits ?? []).filter((limit) => limit[kind] !== '');
  const covered = (action: string) =>
    [
      ...Object.keys(policy.categories)
        .filter((name) => policy.categories[name] === action)
        .sort()
        .map((name) => `${name} (${context.titles[name] ?? name})`),
      ...Object.keys(policy.events)
        .filter((name) => policy.events[name] === action)
        .sort(),
    ].join(', ');
  const lines = (action: string, label: string) => (covered(action) ? [`  ${label}: ${covered(action)}`] : []);
  const caveats = rules.filter((rule) => rule.action !== 'log' && CAVEATS[rule.event]).map((rule) => `  - ${rule.event}: ${CAVEATS[rule.event]}.`);
  const added = (from: string, label: string) => {
    const names = rules.filter((rule) => rule.from === from).map((rule) => rule.event);
    return names.length > 0 ? [`  ${label}: ${names.join(', ')}`] : [];
  };
  return {
    purpose: [...PURPOSE_TEXT[kind][policy.purpose]],
    covered: [
      'What it covers:',
      ...lines('deny', policy.reportOnly ? 'would deny (report only)' : 'deny'),
      ...lines('unless', policy.reportOnly ? 'would deny unless allowed (report only)' : 'deny unless allowed'),
      ...lines('log', 'log'),
      ...added('programs', 'checked, as the list of programs holds the environment a child inherits'),
      ...added('contain', 'denied, to contain code'),
      ...(rules.length === 0 ? ['  nothing: no category or event is chosen.'] : []),
    ],
    limits: [
      'Its limits: an audit hook sees only what CPython raises an event for, and decides on what the',
      'event shows. Each event is read by the length of its args tuple; a length none of the chosen',
      'versions gives is refused where the policy denies unless allowed, and logged where it logs.',
      ...(policy.purpose === 'guard'
        ? ['Code that reaches native memory (ctypes and the native-memory category) can remove or bypass', 'any hook: to contain code, choose that purpose.']
        : []),
      ...(limits.length > 0
        ? [
            `What this policy does not stop, as the site's red team measured it in this ${kind === 'c' ? 'C' : 'Python'} hook:`,
            ...limits.map((limit) => `  - ${limit.title} (${limit[kind]})${limit.narrow.length > 0 ? `; denying ${limit.narrow.join(', ')} narrows it` : ''}.`),
          ]
        : []),
      // The addresses are the site's own; quotes and backslashes could still end a docstring.
      ...(context.limitsPage ? [`What no hook can stop, per version: ${context.limitsPage.replace(/["\\]/g, '')}`] : []),
      ...(context.nativeMemory && policy.purpose === 'guard' ? [`The events that can remove a hook: ${context.nativeMemory.replace(/["\\]/g, '')}`] : []),
    ],
    caveats: caveats.length > 0 ? ['Denials that reach further than their own operation:', ...caveats] : [],
  };
}
