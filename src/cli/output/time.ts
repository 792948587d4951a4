const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Tokens expiring within this many milliseconds are shown as "expires soon". */
export const EXPIRES_SOON_MS = 7 * DAY;

export type PatStatus = "active" | "expires soon" | "expired";

/** Classifies a token by its expiry time relative to `now`. */
export function patStatus(expiresAt: string, now: Date): PatStatus {
  const remaining = Date.parse(expiresAt) - now.getTime();
  if (remaining <= 0) return "expired";
  if (remaining <= EXPIRES_SOON_MS) return "expires soon";
  return "active";
}

/** Formats the distance from `now` to `iso` in words: "in 30 days", "2 hours ago". */
export function relativeTime(iso: string, now: Date): string {
  // Rounding to whole minutes first keeps a token created for 43200 minutes a moment ago at "in 30 days".
  const delta = Math.round((Date.parse(iso) - now.getTime()) / MINUTE) * MINUTE;
  const size = Math.abs(delta);
  let amount: number;
  let unit: string;
  if (size < MINUTE) return delta >= 0 ? "in less than a minute" : "less than a minute ago";
  if (size < HOUR) [amount, unit] = [Math.floor(size / MINUTE), "minute"];
  else if (size < DAY) [amount, unit] = [Math.floor(size / HOUR), "hour"];
  else [amount, unit] = [Math.floor(size / DAY), "day"];

  const phrase = `${amount} ${unit}${amount === 1 ? "" : "s"}`;
  return delta >= 0 ? `in ${phrase}` : `${phrase} ago`;
}

/** Formats an ISO timestamp as `2026-12-04 19:48 UTC`. */
export function shortTimestamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}
