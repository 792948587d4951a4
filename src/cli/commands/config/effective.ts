import type { CommandContext } from "../../context.js";
import { describeProfileValue } from "../../config/profile.js";
import {
  SETTINGS,
  resolveAudience,
  resolveOutputFormat,
  resolveSetting,
  type ResolvedSetting,
  type SettingKey,
  type SettingSource,
} from "../../settings.js";

/** A setting's winning value, the layer it came from and, in words, where exactly. */
export interface EffectiveSetting {
  key: SettingKey;
  value: string;
  source: SettingSource;
  /** The flag, the environment variable, the profile with file and line, or `built-in default`. */
  origin: string;
}

/** Resolves `key` through flag, environment, profile and built-in default; undefined when nothing sets it. */
export function effectiveSetting(context: CommandContext, key: SettingKey): EffectiveSetting | undefined {
  const setting = resolveSetting(key, context.layers) ?? builtInDefault(key, context.io.stdoutIsTTY);
  if (setting === undefined) return undefined;
  return { key, value: setting.value, source: setting.source, origin: describeOrigin(context, key, setting.source) };
}

function builtInDefault(key: SettingKey, stdoutIsTTY: boolean): ResolvedSetting<string> | undefined {
  const noLayers = { flags: {}, env: {} };
  if (key === "output") return resolveOutputFormat(noLayers, stdoutIsTTY);
  if (key === "audience") return resolveAudience(noLayers);
  return undefined;
}

function describeOrigin(context: CommandContext, key: SettingKey, source: SettingSource): string {
  switch (source) {
    case "flag":
      return SETTINGS[key].flag;
    case "environment":
      return SETTINGS[key].env;
    case "profile":
      return describeProfileValue(context.activeProfile(), key);
    case "default":
      return "built-in default";
  }
}
