import { describe, expect, it } from "vitest";

import { colorEnabled } from "../../src/cli/io.js";
import { palette } from "../../src/cli/output/color.js";
import { renderJsonc, renderTsv } from "../../src/cli/output/formats.js";
import { parseDuration, relativeTime } from "../../src/cli/output/time.js";

describe("colorEnabled", () => {
  it.each([
    [true, {}, true],
    [false, {}, false],
    [true, { NO_COLOR: "1" }, false],
    [true, { NO_COLOR: "" }, true],
    [false, { FORCE_COLOR: "1" }, true],
    [false, { FORCE_COLOR: "" }, true],
    [true, { FORCE_COLOR: "0" }, false],
    [true, { FORCE_COLOR: "false" }, false],
    [true, { NO_COLOR: "1", FORCE_COLOR: "1" }, false],
    [true, { TERM: "dumb" }, false],
  ])("tty %s with %j gives %s", (isTTY, env, expected) => {
    expect(colorEnabled(isTTY, env)).toBe(expected);
  });
});

describe("renderTsv", () => {
  it("joins lists with commas", () => {
    expect(renderTsv([{ name: "a", scopes: ["x", "y"], lastUsedAt: null }])).toBe("a\tx,y\t");
  });

  it("prints a scalar as it is", () => {
    expect(renderTsv("tskpat_x")).toBe("tskpat_x");
  });

  it("prints null as an empty line", () => {
    expect(renderTsv(null)).toBe("");
  });

  it("splits nested lists into fields", () => {
    expect(renderTsv([["a", ["x", "y"]], ["b", []]])).toBe("a\tx,y\nb\t");
  });

  it("replaces tabs inside values", () => {
    expect(renderTsv(["a\tb"])).toBe("a b");
  });
});

describe("renderJsonc", () => {
  it("leaves JSON plain without colour", () => {
    expect(renderJsonc({ a: 1 }, palette(false))).toBe('{\n  "a": 1\n}');
  });

  it("colours keys and values", () => {
    expect(renderJsonc({ a: true }, palette(true))).toBe('{\n  \u001b[36m"a"\u001b[39m: \u001b[35mtrue\u001b[39m\n}');
  });
});

describe("parseDuration", () => {
  it.each([
    ["30m", 30 * 60_000],
    ["12h", 12 * 3_600_000],
    ["7d", 7 * 86_400_000],
    ["2w", 14 * 86_400_000],
    ["7D", 7 * 86_400_000],
  ])("%s", (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(["7", "d", "1.5d", "-1d", "7y", ""])("rejects %j", (text) => {
    expect(parseDuration(text)).toBeUndefined();
  });
});

describe("relativeTime", () => {
  const now = new Date("2026-01-01T00:00:00Z");

  it("rounds to the nearest day", () => {
    expect(relativeTime("2026-01-30T23:59:00Z", now)).toBe("in 30 days");
  });

  it("words the past", () => {
    expect(relativeTime("2025-12-31T22:00:00Z", now)).toBe("2 hours ago");
  });
});
