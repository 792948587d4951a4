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

/** Formats the distance from `now` to `iso` in words, rounded to the nearest unit: "in 30 days", "2 hours ago". */
export function relativeTime(iso: string, now: Date): string {
  // Rounding to whole minutes first keeps a token created for 43200 minutes a moment ago at "in 30 days".
  const delta = Math.round((Date.parse(iso) - now.getTime()) / MINUTE) * MINUTE;
  const size = Math.abs(delta);
  let amount: number;
  let unit: string;
  if (size < MINUTE) return delta >= 0 ? "in less than a minute" : "less than a minute ago";
  if (size < HOUR) [amount, unit] = [Math.round(size / MINUTE), "minute"];
  else if (size < DAY) [amount, unit] = [Math.round(size / HOUR), "hour"];
  else [amount, unit] = [Math.round(size / DAY), "day"];

  const phrase = `${amount} ${unit}${amount === 1 ? "" : "s"}`;
  return delta >= 0 ? `in ${phrase}` : `${phrase} ago`;
}

/** Formats an ISO timestamp as `2026-12-04 19:48 UTC`. */
export function shortTimestamp(iso: string): string {
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC`;
}

const DURATION_UNITS: Record<string, number> = { m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };

/**
 * Parses a duration such as `30m`, `12h`, `7d` or `2w` into milliseconds. Returns undefined unless
 * `text` is a whole number followed by one of those units.
 */
export function parseDuration(text: string): number | undefined {
  const match = /^(\d+)\s*([mhdw])$/i.exec(text.trim());
  if (match === null) return undefined;
  const amount = Number(match[1]);
  const unit = DURATION_UNITS[(match[2] as string).toLowerCase()] as number;
  return Number.isSafeInteger(amount * unit) ? amount * unit : undefined;
}
