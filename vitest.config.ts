import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // The native CPythons the hook tests run in, fetched once (tests/setup/pythons.ts).
    globalSetup: ['tests/setup/pythons.ts'],
    // Two files at a time on a 2-core machine, where Vitest's default is one: with one, a third of
    // the two cores sat idle (the red team waits on the CPythons it starts). The whole run took
    // 228 s and 249 s here, against 307 s with one.
    maxWorkers: 2,
    // The build test runs a real `astro build`, which takes seconds on this 2-core machine.
    testTimeout: 120_000,
    // GitHub's workflow parser imports its schema as JSON without an import attribute, which Node
    // refuses: Vite loads it instead.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
