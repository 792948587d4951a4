import type { TableConstructorOptions } from "cli-table3";

/**
 * Table options shared by every table: no borders and two spaces between columns, so a list of
 * tokens stays readable in an 80-column terminal and easy to scan with `grep` or `awk`.
 */
export const TABLE_OPTIONS: TableConstructorOptions = {
  style: { head: [], border: [], "padding-left": 0, "padding-right": 0 },
  chars: {
    top: "",
    "top-mid": "",
    "top-left": "",
    "top-right": "",
    bottom: "",
    "bottom-mid": "",
    "bottom-left": "",
    "bottom-right": "",
    left: "",
    "left-mid": "",
    mid: "",
    "mid-mid": "",
    right: "",
    "right-mid": "",
    middle: "  ",
  },
};

/** Returns a table's text without the padding cli-table3 leaves at the end of each line. */
export function tableText(table: { toString(): string }): string {
  return table
    .toString()
    .split("\n")
    .map((line) => line.trimEnd())
    .join("\n");
}
