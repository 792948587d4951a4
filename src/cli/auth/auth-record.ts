import { chmodSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";

import type { AuthenticationRecord } from "@azure/identity";

import { CliError } from "../errors.js";

const RECORD_FILE_NAME = "auth-record.json";

/** The serialize and deserialize functions of @azure/identity, passed in so this module loads without it. */
export interface RecordCodec {
  serializeAuthenticationRecord(record: AuthenticationRecord): string;
  deserializeAuthenticationRecord(serialized: string): AuthenticationRecord;
}

/**
 * The authentication record of the last browser or device code sign-in: the account, tenant
 * and authority, without any token. With it, later runs ask the token cache for that account
 * instead of prompting again.
 */
export class AuthRecordStore {
  constructor(readonly file: string) {}

  /** Returns the store in `folder`, such as `configDir()`. */
  static in(folder: string): AuthRecordStore {
    return new AuthRecordStore(join(folder, RECORD_FILE_NAME));
  }

  /** Returns the saved record, or undefined when there is none or it cannot be read. */
  load(codec: RecordCodec): AuthenticationRecord | undefined {
    try {
      return codec.deserializeAuthenticationRecord(readFileSync(this.file, "utf8"));
    } catch {
      return undefined;
    }
  }

  save(codec: RecordCodec, record: AuthenticationRecord): void {
    mkdirSync(dirname(this.file), { recursive: true, mode: 0o700 });
    writeFileSync(this.file, codec.serializeAuthenticationRecord(record), { mode: 0o600 });
    chmodSync(this.file, 0o600);
  }

  /** Deletes the record; returns true when there was one. */
  clear(): boolean {
    try {
      rmSync(this.file);
      return true;
    } catch (error) {
      if (error instanceof Error && "code" in error && error.code === "ENOENT") return false;
      const code = (error as NodeJS.ErrnoException).code ?? "error";
      throw new CliError(`cannot delete the authentication record ${this.file} (${code}); remove it by hand`, undefined, { cause: error });
    }
  }
}
