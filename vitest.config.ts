import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // The native CPythons the hook tests run in, fetched once (tests/setup/pythons.ts).
    globalSetup: ['tests/setup/pythons.ts'],
    // The build test runs a real `astro build`, which takes seconds on this 2-core machine.
    testTimeout: 120_000,
    // GitHub's workflow parser imports its schema as JSON without an import attribute, which Node
    // refuses: Vite loads it instead.
    server: { deps: { inline: ['@actions/workflow-parser'] } },
  },
});
