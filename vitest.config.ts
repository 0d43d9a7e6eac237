import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts'],
    // The build test runs a real `astro build`, which takes seconds on this 2-core machine.
    testTimeout: 120_000,
  },
});
