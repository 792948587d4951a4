import type BetterSqlite3 from "better-sqlite3";

import { StartupError, firstLine } from "./errors.js";

export const DATABASE_FILE = "taskurai-emulator.db";

/** Schema version stored in `PRAGMA user_version`; raise it and add a migration step when the schema changes. */
const SCHEMA_VERSION = 1;

/** How long a statement waits for another process's write lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 5000;

type DatabaseConstructor = typeof BetterSqlite3;
type Database = BetterSqlite3.Database;

/**
 * Loads better-sqlite3 and its native binding. The driver is an optional dependency, so a
 * missing or broken install becomes a one-line StartupError with the reinstall command.
 */
export async function loadSqliteDriver(): Promise<DatabaseConstructor> {
  try {
    const module = await import("better-sqlite3");
    const Driver = module.default;
    // The native binding loads on the first open, so open a throwaway database to surface errors now.
    new Driver(":memory:").close();
    return Driver;
  } catch (error) {
    throw new StartupError(
      `the SQLite driver better-sqlite3 is not installed or failed to load (${firstLine(error)}). ` +
        "Reinstall with 'npm install better-sqlite3@12' in the folder where taskurai is installed, " +
        "with a C++ build toolchain available if no prebuilt binary matches this platform.",
    );
  }
}

/** The user who owns tokens: the `oid` claim within the `tid` tenant. */
export interface Owner {
  tenantId: string;
  oid: string;
}

/** A stored personal access token. Holds the SHA-256 hash of the value, never the value. */
export interface PatRecord {
  id: string;
  tenantId: string;
  ownerOid: string;
  name: string;
  scopes: string[];
  tokenHash: string;
  hint: string;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
  lastUsedAt: string | null;
}

interface PatRow {
  id: string;
  tenant_id: string;
  owner_oid: string;
  name: string;
  scopes: string;
  token_hash: string;
  hint: string;
  created_at: string;
  updated_at: string;
  expires_at: string;
  last_used_at: string | null;
}

/** New value, validity and optionally scopes that an update writes. */
export interface TokenReplacement {
  tokenHash: string;
  hint: string;
  scopes: string[] | undefined;
  updatedAt: string;
  expiresAt: string;
}

const CREATE_SCHEMA = `
  CREATE TABLE pats (
    id           TEXT PRIMARY KEY,
    tenant_id    TEXT NOT NULL,
    owner_oid    TEXT NOT NULL,
    name         TEXT NOT NULL,
    scopes       TEXT NOT NULL,
    token_hash   TEXT NOT NULL UNIQUE,
    hint         TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    expires_at   TEXT NOT NULL,
    last_used_at TEXT,
    UNIQUE (tenant_id, owner_oid, name)
  );
`;

function toRecord(row: PatRow): PatRecord {
  return {
    id: row.id,
    tenantId: row.tenant_id,
    ownerOid: row.owner_oid,
    name: row.name,
    scopes: JSON.parse(row.scopes) as string[],
    tokenHash: row.token_hash,
    hint: row.hint,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    expiresAt: row.expires_at,
    lastUsedAt: row.last_used_at,
  };
}

/** SQLite storage of personal access tokens. Every method is synchronous, as better-sqlite3 is. */
export class PatStore {
  private readonly statements;

  private constructor(private readonly db: Database) {
    const owned = "tenant_id = @tenantId AND owner_oid = @oid";
    this.statements = {
      insert: db.prepare(
        `INSERT INTO pats (id, tenant_id, owner_oid, name, scopes, token_hash, hint, created_at, updated_at, expires_at, last_used_at)
         VALUES (@id, @tenantId, @ownerOid, @name, @scopes, @tokenHash, @hint, @createdAt, @updatedAt, @expiresAt, @lastUsedAt)`,
      ),
      findByName: db.prepare<{ tenantId: string; oid: string; name: string }, PatRow>(
        `SELECT * FROM pats WHERE ${owned} AND name = @name`,
      ),
      listFirst: db.prepare<{ tenantId: string; oid: string; limit: number }, PatRow>(
        `SELECT * FROM pats WHERE ${owned} ORDER BY name LIMIT @limit`,
      ),
      listAfter: db.prepare<{ tenantId: string; oid: string; after: string; limit: number }, PatRow>(
        `SELECT * FROM pats WHERE ${owned} AND name > @after ORDER BY name LIMIT @limit`,
      ),
      replaceToken: db.prepare<Record<string, string | null>, PatRow>(
        `UPDATE pats SET token_hash = @tokenHash, hint = @hint, scopes = COALESCE(@scopes, scopes),
           updated_at = @updatedAt, expires_at = @expiresAt
         WHERE ${owned} AND name = @name RETURNING *`,
      ),
      delete: db.prepare(`DELETE FROM pats WHERE ${owned} AND name = @name`),
      findByHash: db.prepare<[string], PatRow>(`SELECT * FROM pats WHERE token_hash = ?`),
      markUsed: db.prepare(`UPDATE pats SET last_used_at = ? WHERE id = ? AND token_hash = ?`),
    };
  }

  /**
   * Opens the database at `path` (or in memory for ":memory:"), switches a file to WAL mode and
   * creates or checks the schema. Throws StartupError when the file cannot be used.
   */
  static open(Driver: DatabaseConstructor, path: string): PatStore {
    let db: Database | undefined;
    try {
      db = new Driver(path);
      db.pragma(`busy_timeout = ${BUSY_TIMEOUT_MS}`);
      if (path !== ":memory:") {
        db.pragma("journal_mode = WAL");
        db.pragma("synchronous = NORMAL");
      }
      migrate(db, path);
      return new PatStore(db);
    } catch (error) {
      db?.close();
      if (error instanceof StartupError) throw error;
      throw new StartupError(`cannot open the database ${path} (${firstLine(error)}); pass another --data-dir or --in-memory`);
    }
  }

  /** Inserts a token; returns false when the owner already has a token with that name. */
  insert(record: PatRecord): boolean {
    try {
      this.statements.insert.run({
        ...record,
        scopes: JSON.stringify(record.scopes),
      });
      return true;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      if (code === "SQLITE_CONSTRAINT_UNIQUE" && String((error as Error).message).includes("pats.name")) return false;
      throw error;
    }
  }

  findByName(owner: Owner, name: string): PatRecord | undefined {
    const row = this.statements.findByName.get({ ...owner, name });
    return row === undefined ? undefined : toRecord(row);
  }

  /** Returns up to `limit` of the owner's tokens sorted by name, starting after `afterName` when given. */
  list(owner: Owner, afterName: string | undefined, limit: number): PatRecord[] {
    const rows =
      afterName === undefined
        ? this.statements.listFirst.all({ ...owner, limit })
        : this.statements.listAfter.all({ ...owner, after: afterName, limit });
    return rows.map(toRecord);
  }

  /** Replaces the value hash, validity and (when given) scopes; returns undefined when there is no such token. */
  replaceToken(owner: Owner, name: string, replacement: TokenReplacement): PatRecord | undefined {
    const row = this.statements.replaceToken.get({
      ...owner,
      name,
      tokenHash: replacement.tokenHash,
      hint: replacement.hint,
      scopes: replacement.scopes === undefined ? null : JSON.stringify(replacement.scopes),
      updatedAt: replacement.updatedAt,
      expiresAt: replacement.expiresAt,
    });
    return row === undefined ? undefined : toRecord(row);
  }

  /** Deletes a token; returns false when there is no such token. */
  delete(owner: Owner, name: string): boolean {
    return this.statements.delete.run({ ...owner, name }).changes > 0;
  }

  findByTokenHash(tokenHash: string): PatRecord | undefined {
    const row = this.statements.findByHash.get(tokenHash);
    return row === undefined ? undefined : toRecord(row);
  }

  /** Sets `last_used_at`, unless an update replaced the value since it was looked up. */
  markUsed(record: PatRecord, at: string): void {
    this.statements.markUsed.run(at, record.id, record.tokenHash);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

function migrate(db: Database, path: string): void {
  // An immediate transaction takes the write lock before reading the version, so two processes
  // opening a new file at once do not both try to create the table.
  const run = db.transaction(() => {
    const version = db.pragma("user_version", { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION) {
      throw new StartupError(
        `the database ${path} has schema version ${version}, newer than this emulator's ${SCHEMA_VERSION}; ` +
          "upgrade taskurai-emulator or pass another --data-dir",
      );
    }
    db.exec(CREATE_SCHEMA);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  });
  run.immediate();
}
