import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // A service's own tests (its handlers', its end-to-end run through the local runtime) are part of npm test.
    include: ["test/**/*.test.ts", "services/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 300_000,
    pool: "forks",
    globalSetup: ["test/support/build-dist.ts"],
  },
});
