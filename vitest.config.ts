import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests start real processes (the built CLI and the emulator); give slow machines room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: "forks",
  },
});
