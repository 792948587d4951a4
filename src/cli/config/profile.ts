import { UsageError } from "../errors.js";
import { ENV, type GlobalFlags, type ProfileValues, type SettingKey, type SettingSource } from "../settings.js";
import { profileNameProblem } from "./keys.js";
import { readConfig, type LoadedConfig } from "./store.js";

/** Profile used when neither `--profile` nor `TASKURAI_PROFILE` names one. */
export const DEFAULT_PROFILE = "default";

/** The profile an invocation uses and what selected it. */
export interface SelectedProfile {
  name: string;
  source: Exclude<SettingSource, "profile">;
}

/** The selected profile together with the configuration file it was read from. */
export interface ActiveProfile extends SelectedProfile {
  config: LoadedConfig;
  /** The profile's values, or undefined when the file has no such profile. */
  values: ProfileValues | undefined;
}

/** Picks the profile from `--profile`, then `TASKURAI_PROFILE`, then the default; rejects an invalid name. */
export function selectProfile(flags: GlobalFlags, env: NodeJS.ProcessEnv): SelectedProfile {
  const fromEnv = env[ENV.profile]?.trim();
  const selected: SelectedProfile =
    flags.profile !== undefined
      ? { name: flags.profile, source: "flag" }
      : fromEnv
        ? { name: fromEnv, source: "environment" }
        : { name: DEFAULT_PROFILE, source: "default" };

  const problem = profileNameProblem(selected.name);
  if (problem !== undefined) throw new UsageError(`invalid ${profileOrigin(selected)} '${selected.name}': ${problem}`);
  return selected;
}

/** Selects the profile and reads its values from the configuration file. */
export function loadActiveProfile(flags: GlobalFlags, env: NodeJS.ProcessEnv): ActiveProfile {
  const selected = selectProfile(flags, env);
  const config = readConfig(env);
  return { ...selected, config, values: config.document.values(selected.name) };
}

/**
 * Throws when the user named a profile that the file does not contain. The default profile may
 * be absent, even when named explicitly; it then sets nothing.
 */
export function requireNamedProfile(active: ActiveProfile): void {
  if (active.values !== undefined || active.name === DEFAULT_PROFILE) return;

  // With the variable still set, 'taskurai config list' would fail the same way.
  const listHint = active.source === "environment" ? `, or unset ${ENV.profile} and see 'taskurai config list'` : " or see 'taskurai config list'";
  throw new UsageError(
    `profile '${active.name}' (from ${profileOrigin(active)}) does not exist in ${active.config.path}; ` +
      `create it with 'taskurai config set endpoint URL --profile ${active.name}'${listHint}`,
  );
}

/** Names where a profile value lives, such as `profile 'local' in /home/me/.config/taskurai/config.toml line 3`. */
export function describeProfileValue(active: ActiveProfile, key: SettingKey): string {
  const line = active.config.document.lineOf(active.name, key);
  return `profile '${active.name}' in ${active.config.path}${line === undefined ? "" : ` line ${line}`}`;
}

function profileOrigin(selected: SelectedProfile): string {
  if (selected.source === "flag") return "--profile";
  if (selected.source === "environment") return ENV.profile;
  return "default profile";
}
