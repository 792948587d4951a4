import type { ProfileValues, SettingKey } from "../settings.js";
import { UsageError } from "../errors.js";
import { configKeyProblem, configValueProblem, isConfigKey, normalizeConfigValue, profileNameProblem } from "./keys.js";

/**
 * The configuration file format: a small subset of TOML with one table per profile and only
 * string values, so any TOML-aware editor understands it.
 *
 * ```toml
 * [default]
 * endpoint = "https://taskurai.example.com"
 *
 * [local]
 * endpoint = "http://127.0.0.1:8787"
 * ```
 */

/** A line of the file. Comments and blank lines are kept so that rewriting the file preserves them. */
type Line =
  | { kind: "other"; text: string }
  | { kind: "section"; text: string; profile: string }
  | { kind: "value"; text: string; profile: string; key: SettingKey; value: string };

/** An invalid configuration file: the message names the file and the line. */
export class ConfigFileError extends UsageError {
  override name = "ConfigFileError";

  constructor(file: string, line: number, problem: string) {
    super(`invalid configuration file ${file} line ${line}: ${problem}; correct or remove that line`);
  }
}

const HEADER = [
  "# taskurai configuration: one [section] per profile, string values only.",
  "# Edit with 'taskurai config set|unset'; the file must not hold secrets.",
];

/** A parsed configuration file that can be changed and written back with its comments intact. */
export class ConfigDocument {
  private constructor(private readonly lines: Line[]) {}

  /** Creates the document of a file that does not exist yet. */
  static empty(): ConfigDocument {
    return new ConfigDocument(HEADER.map((text) => ({ kind: "other", text })));
  }

  /** Parses `text`, validating every profile name, key and value; `file` is only used in error messages. */
  static parse(text: string, file: string): ConfigDocument {
    const lines: Line[] = [];
    const seen = new Set<string>();
    let profile: string | undefined;

    text
      .replace(/^\uFEFF/, "")
      .split(/\r?\n/)
      .forEach((raw, index) => {
        const line = parseLine(raw, profile, (problem) => new ConfigFileError(file, index + 1, problem));
        if (line.kind === "section") {
          if (seen.has(line.profile)) throw new ConfigFileError(file, index + 1, `profile [${line.profile}] appears twice`);
          profile = line.profile;
        }
        if (line.kind === "value") {
          const id = `${line.profile}.${line.key}`;
          if (seen.has(id)) throw new ConfigFileError(file, index + 1, `'${line.key}' is set twice in profile [${line.profile}]`);
          seen.add(id);
        }
        if (line.kind === "section") seen.add(line.profile);
        lines.push(line);
      });

    while (lines.length > 0 && lines[lines.length - 1]?.text.trim() === "") lines.pop();
    return new ConfigDocument(lines);
  }

  /** Returns the profile names in file order. */
  profiles(): string[] {
    return this.lines.flatMap((line) => (line.kind === "section" ? [line.profile] : []));
  }

  /** Returns the values of `profile`, or undefined when the file has no such profile. */
  values(profile: string): ProfileValues | undefined {
    if (!this.profiles().includes(profile)) return undefined;
    const values: ProfileValues = {};
    for (const line of this.lines) {
      if (line.kind === "value" && line.profile === profile) values[line.key] = line.value;
    }
    return values;
  }

  /** Returns the 1-based line number where `profile` sets `key`, or undefined. */
  lineOf(profile: string, key: SettingKey): number | undefined {
    const index = this.lines.findIndex((line) => line.kind === "value" && line.profile === profile && line.key === key);
    return index === -1 ? undefined : index + 1;
  }

  /** Sets `key` in `profile`, creating the profile when needed. Expects a validated value. */
  set(profile: string, key: SettingKey, value: string): void {
    const line: Line = { kind: "value", text: `${key} = ${quote(value)}`, profile, key, value };
    const existing = this.lines.findIndex((l) => l.kind === "value" && l.profile === profile && l.key === key);
    if (existing !== -1) {
      this.lines[existing] = line;
      return;
    }

    const section = this.lines.findIndex((l) => l.kind === "section" && l.profile === profile);
    if (section === -1) {
      if (this.lines.length > 0) this.lines.push({ kind: "other", text: "" });
      this.lines.push({ kind: "section", text: `[${profile}]`, profile }, line);
      return;
    }

    let last = section;
    for (let i = section + 1; i < this.lines.length && this.lines[i]?.kind !== "section"; i++) {
      if (this.lines[i]?.kind === "value") last = i;
    }
    this.lines.splice(last + 1, 0, line);
  }

  /** Removes `key` from `profile`, and the profile's header once it sets nothing; returns false when it was not set. */
  unset(profile: string, key: SettingKey): boolean {
    const index = this.lines.findIndex((l) => l.kind === "value" && l.profile === profile && l.key === key);
    if (index === -1) return false;
    this.lines.splice(index, 1);

    const values = this.values(profile);
    if (values !== undefined && Object.keys(values).length === 0) {
      const section = this.lines.findIndex((l) => l.kind === "section" && l.profile === profile);
      const blankBefore = section > 0 && this.lines[section - 1]?.text.trim() === "";
      this.lines.splice(blankBefore ? section - 1 : section, blankBefore ? 2 : 1);
    }
    return true;
  }

  /** Returns the file text, ending with a newline. */
  toString(): string {
    return `${this.lines.map((line) => line.text).join("\n")}\n`;
  }
}

function parseLine(raw: string, profile: string | undefined, fail: (problem: string) => Error): Line {
  const text = raw.trim();
  if (text === "" || text.startsWith("#")) return { kind: "other", text: raw };

  const section = /^\[\s*([^\]]*?)\s*\]\s*(#.*)?$/.exec(text);
  if (section) {
    const name = section[1] ?? "";
    const problem = profileNameProblem(name);
    if (problem !== undefined) throw fail(`invalid profile name [${name}]: ${problem}`);
    return { kind: "section", text: raw, profile: name };
  }

  const pair = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(text);
  if (!pair) throw fail(`expected [profile] or key = "value"`);
  const key = pair[1] ?? "";
  if (!isConfigKey(key)) throw fail(configKeyProblem(key) ?? `unknown configuration key '${key}'`);
  if (profile === undefined) throw fail(`'${key}' is outside any [profile] section`);

  const value = parseString(pair[2] ?? "", fail);
  if (value === undefined) throw fail(`expected a quoted string after '${key} =', such as ${key} = "value"`);
  const valueProblem = configValueProblem(key, normalizeConfigValue(key, value));
  if (valueProblem !== undefined) throw fail(`invalid ${key} '${value}': ${valueProblem}`);
  return { kind: "value", text: raw, profile, key, value: normalizeConfigValue(key, value) };
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", b: "\b", t: "\t", n: "\n", f: "\f", r: "\r" };

/** Parses a TOML basic ("…") or literal ('…') string followed by an optional comment; undefined when unquoted. */
function parseString(text: string, fail: (problem: string) => Error): string | undefined {
  const quoteChar = text[0];
  if (quoteChar !== '"' && quoteChar !== "'") return undefined;

  let value = "";
  let i = 1;
  for (; i < text.length && text[i] !== quoteChar; i++) {
    const char = text[i] ?? "";
    if (quoteChar === "'" || char !== "\\") {
      value += char;
      continue;
    }

    const escape = text[++i] ?? "";
    let unicode = 0;
    if (escape === "u") unicode = 4;
    if (escape === "U") unicode = 8;
    if (unicode > 0) {
      const hex = text.slice(i + 1, i + 1 + unicode);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== unicode) throw fail(`invalid escape \\${escape}${hex}`);
      value += String.fromCodePoint(Number.parseInt(hex, 16));
      i += unicode;
    } else if (escape in ESCAPES) {
      value += ESCAPES[escape];
    } else {
      throw fail(`invalid escape \\${escape} in a string`);
    }
  }

  if (i >= text.length) throw fail("the string has no closing quote");
  const rest = text.slice(i + 1).trim();
  if (rest !== "" && !rest.startsWith("#")) throw fail(`unexpected '${rest}' after the value`);
  return value;
}

/** Writes `value` as a TOML basic string. */
function quote(value: string): string {
  const escaped = value.replace(/[\\"\u0000-\u001f\u007f]/g, (char) => {
    if (char === "\\" || char === '"') return `\\${char}`;
    return `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`;
  });
  return `"${escaped}"`;
}
