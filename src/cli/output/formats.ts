import type { Palette } from "./color.js";
import { TABLE_OPTIONS, tableText } from "./table-style.js";

/** Renders a value as indented JSON. */
export function renderJson(value: unknown): string {
  return JSON.stringify(value ?? null, null, 2);
}

const JSON_TOKEN = /("(?:[^"\\]|\\.)*")(\s*:)?|\b(true|false|null)\b|(-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)/g;

/** Renders a value as indented JSON with keys, strings, numbers and literals coloured. */
export function renderJsonc(value: unknown, colors: Palette): string {
  return renderJson(value).replace(JSON_TOKEN, (match, text: string | undefined, colon: string | undefined, literal: string | undefined, number: string | undefined) => {
    if (text !== undefined) return colon !== undefined ? `${colors.cyan(text)}${colon}` : colors.green(text);
    if (literal !== undefined) return colors.magenta(literal);
    if (number !== undefined) return colors.yellow(number);
    return match;
  });
}

/** Renders a value as YAML; loads the YAML library only when called. */
export async function renderYaml(value: unknown): Promise<string> {
  const { stringify } = await import("yaml");
  return stringify(value ?? null);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function tsvField(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value) && value.every((item) => !isRecord(item) && !Array.isArray(item))) {
    return value.map(tsvField).join(",");
  }
  if (typeof value === "object") return JSON.stringify(value);
  // NOTE: tabs and line breaks inside a value would break the row, so they become spaces.
  return String(value).replace(/[\t\r\n]+/g, " ");
}

function tsvRow(value: unknown): string {
  if (isRecord(value)) return Object.values(value).map(tsvField).join("\t");
  // A row that is itself a list, as `--query "[].[name, expiresAt]"` yields, has one field per item.
  if (Array.isArray(value)) return value.map(tsvField).join("\t");
  return tsvField(value);
}

/**
 * Renders a value as tab-separated lines: one line per array element, an object's values or a
 * nested list's items as fields, lists of plain values inside a field joined with commas, null as
 * an empty field.
 */
export function renderTsv(value: unknown): string {
  if (Array.isArray(value)) return value.map(tsvRow).join("\n");
  return tsvRow(value);
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return "";
  if (Array.isArray(value) && value.every((item) => !isRecord(item) && !Array.isArray(item))) return value.map(cellText).join("\n");
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

/**
 * Renders any value as a table, for results without a dedicated view (such as `--query` output):
 * an array of objects gets one column per field, an object gets field and value rows.
 */
export async function renderGenericTable(value: unknown): Promise<string> {
  if (!Array.isArray(value) && !isRecord(value)) return cellText(value);

  const { default: Table } = await import("cli-table3");
  const options = TABLE_OPTIONS;

  if (isRecord(value)) {
    const table = new Table(options);
    for (const [key, field] of Object.entries(value)) table.push({ [key]: cellText(field) });
    return tableText(table);
  }

  if (value.length === 0) return "";
  const columns = [...new Set(value.flatMap((row) => (isRecord(row) ? Object.keys(row) : [])))];
  if (columns.length === 0) {
    const table = new Table({ ...options, head: ["Result"] });
    for (const row of value) table.push([cellText(row)]);
    return tableText(table);
  }

  const table = new Table({ ...options, head: columns });
  for (const row of value) table.push(columns.map((column) => (isRecord(row) ? cellText(row[column]) : cellText(row))));
  return tableText(table);
}
