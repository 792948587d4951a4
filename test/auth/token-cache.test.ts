import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import { CACHE_MARGIN_MS, TokenCache, type CacheKey } from "../../src/cli/auth/token-cache.js";

const folders: string[] = [];
afterEach(() => {
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

function cacheInTemp(): TokenCache {
  const folder = mkdtempSync(join(tmpdir(), "taskurai-cache-"));
  folders.push(folder);
  return TokenCache.in(folder);
}

const NOW = Date.parse("2026-01-01T00:00:00Z");
const KEY: CacheKey = { endpoint: "http://127.0.0.1:8787", audience: "api://taskurai", tenant: undefined, selection: "chain" };
const entry = (minutes: number) => ({ token: `token-${minutes}`, expiresOnTimestamp: NOW + minutes * 60_000, credential: "azure-cli" });

describe("TokenCache", () => {
  it("returns a stored token", () => {
    const cache = cacheInTemp();
    cache.set(KEY, entry(60), NOW);

    expect(cache.get(KEY, NOW)).toEqual(entry(60));
  });

  it("ignores tokens inside the margin", () => {
    const cache = cacheInTemp();
    cache.set(KEY, entry(60), NOW);

    expect(cache.get(KEY, NOW + 60 * 60_000 - CACHE_MARGIN_MS)).toBeUndefined();
  });

  it.each([
    ["endpoint", { endpoint: "https://taskurai.example.com" }],
    ["audience", { audience: "api://other" }],
    ["tenant", { tenant: "contoso.example" }],
    ["selection", { selection: "azure-cli" }],
  ])("separates entries by %s", (_, change) => {
    const cache = cacheInTemp();
    cache.set(KEY, entry(60), NOW);

    expect(cache.get({ ...KEY, ...change }, NOW)).toBeUndefined();
  });

  it("treats a corrupt file as empty", () => {
    const cache = cacheInTemp();
    writeFileSync(cache.file, '{"version":1,"entries":{"x":{"token":5}}}');

    expect(cache.get(KEY, NOW)).toBeUndefined();
    cache.set(KEY, entry(60), NOW);
    expect(cache.get(KEY, NOW)).toEqual(entry(60));
  });

  it("drops expired entries on write", () => {
    const cache = cacheInTemp();
    cache.set({ ...KEY, tenant: "old" }, entry(1), NOW);
    cache.set(KEY, entry(60), NOW + 2 * 60_000);

    expect(readFileSync(cache.file, "utf8")).not.toContain("token-1\"");
  });

  it("forgets only the rejected token", () => {
    const cache = cacheInTemp();
    cache.set(KEY, entry(60), NOW);

    cache.forget(KEY, "another-token");
    expect(cache.get(KEY, NOW)).toEqual(entry(60));
    cache.forget(KEY, "token-60");
    expect(cache.get(KEY, NOW)).toBeUndefined();
  });

  it("clear reports a missing file", () => {
    const cache = cacheInTemp();

    expect(cache.clear()).toBe(false);
  });
});
