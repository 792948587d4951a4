import type { Pat } from "../../../contract/schemas.js";
import { UsageError } from "../../errors.js";
import { parseDuration } from "../../output/time.js";

/** Orders `pat list` can sort by. */
export const SORT_KEYS = ["name", "expires"] as const;
export type SortKey = (typeof SORT_KEYS)[number];

/** Filter of `pat list`. With both fields set, a token matching either is kept. */
export interface PatFilter {
  expired: boolean;
  /** Keeps tokens not yet expired that expire within this many milliseconds. */
  expiringWithinMs?: number;
}

/** Parses `--sort`; the default is by name. */
export function parseSortKey(value: string | undefined): SortKey {
  if (value === undefined) return "name";
  const key = value.trim().toLowerCase();
  if (!(SORT_KEYS as readonly string[]).includes(key)) {
    throw new UsageError(`invalid --sort '${value}'; expected one of: ${SORT_KEYS.join(", ")}`);
  }
  return key as SortKey;
}

/** Longest `--expiring-within` accepted: 100 years in weeks, far beyond any token's validity. */
const MAX_EXPIRING_WITHIN_MS = 5200 * 7 * 24 * 60 * 60 * 1000;

/** Parses `--expiring-within`, such as `7d`, `12h`, `30m` or `2w`. */
export function parseExpiringWithin(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const ms = parseDuration(value);
  if (ms === undefined) {
    throw new UsageError(`invalid --expiring-within '${value}': expected a whole number with a unit m, h, d or w, such as 7d`);
  }
  if (ms <= 0 || ms > MAX_EXPIRING_WITHIN_MS) {
    throw new UsageError(`invalid --expiring-within '${value}': expected a duration from 1m to 5200w (100 years), such as 7d`);
  }
  return ms;
}

/** Returns true when the token's current value no longer works at `now`. */
export function isExpired(pat: Pat, now: Date): boolean {
  return Date.parse(pat.expiresAt) <= now.getTime();
}

/** Keeps the tokens that `filter` selects; with no filter set, keeps every token. */
export function filterPats(pats: Pat[], filter: PatFilter, now: Date): Pat[] {
  const within = filter.expiringWithinMs;
  if (!filter.expired && within === undefined) return pats;

  return pats.filter((pat) => {
    if (isExpired(pat, now)) return filter.expired;
    return within !== undefined && Date.parse(pat.expiresAt) - now.getTime() <= within;
  });
}

function compareNames(a: Pat, b: Pat): number {
  if (a.name < b.name) return -1;
  if (a.name > b.name) return 1;
  return 0;
}

/** Sorts tokens by name, or by expiry (soonest first, then by name). */
export function sortPats(pats: Pat[], key: SortKey): Pat[] {
  const sorted = [...pats];
  if (key === "name") return sorted.sort(compareNames);
  return sorted.sort((a, b) => Date.parse(a.expiresAt) - Date.parse(b.expiresAt) || compareNames(a, b));
}
