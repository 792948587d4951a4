import { TOKEN_SEARCH_PATTERN } from "../contract/token-format.js";

const BEARER_PATTERN = /(Bearer\s+)[^\s"',]+/gi;
const JWT_PATTERN = /eyJ[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g;
const TOKEN_FIELD_PATTERN = /("token"\s*:\s*")[^"]*(")/g;

/** Replaces token values, bearer credentials and JWTs in `text` with `[REDACTED]`. */
export function redact(text: string): string {
  return text
    .replace(TOKEN_FIELD_PATTERN, "$1[REDACTED]$2")
    .replace(BEARER_PATTERN, "$1[REDACTED]")
    .replace(JWT_PATTERN, "[REDACTED]")
    .replace(TOKEN_SEARCH_PATTERN, "[REDACTED]");
}

/**
 * Escapes control characters, so text from a server cannot move the cursor, clear the screen or
 * retitle the terminal. Line breaks and tabs become spaces unless `keepLineBreaks` is set.
 */
export function escapeControlCharacters(text: string, keepLineBreaks = false): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) => {
    if (character === "\n" && keepLineBreaks) return character;
    if (character === "\n" || character === "\t" || character === "\r") return " ";
    return `\\u${character.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
}
