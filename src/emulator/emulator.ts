import type { AddressInfo } from "node:net";
import { join } from "node:path";

import { DEFAULT_AUDIENCE, DEFAULT_MAX_VALID_MINUTES } from "../contract/index.js";
import { StartupError, firstLine } from "./errors.js";
import { ensureDataDir, loadJwks, loadOrCreateSigningKey, ownKeySet, signingKeyPermissionWarning, type TrustedKeySet } from "./keys.js";
import { DEFAULT_HOST } from "./options.js";
import { patRoutes } from "./routes/pats.js";
import { taskRoutes } from "./routes/tasks.js";
import type { Route } from "./routing.js";
import { createEmulatorServer, type ServerLogger } from "./server.js";
import { DATABASE_FILE, PatStore, loadSqliteDriver } from "./store.js";

/** Settings of a programmatically started emulator; omitted fields take the command line defaults. */
export interface EmulatorOptions {
  /** TCP port; 0 picks a free one. */
  port: number;
  host?: string;
  /** Folder of the database and the signing key. */
  dataDir: string;
  /** Keep the database in memory; the signing key still lives in `dataDir`. */
  inMemory?: boolean;
  /** JWKS file path or http(s) URL to trust instead of the emulator's own signing key. */
  jwks?: string;
  /** Accepted access token audiences. */
  audiences?: string[];
  /** Largest `validMinutes` a request may ask for. */
  maxValidMinutes?: number;
  /** Receives one line per request; omit to log nothing. */
  onRequestLog?: (line: string) => void;
  /** Receives warnings and errors that the server catches; defaults to stderr. */
  onErrorLog?: (line: string) => void;
}

/** A started emulator. */
export interface RunningEmulator {
  /** Base URL, for example `http://127.0.0.1:8787`. */
  url: string;
  /** Stops accepting requests, closes open connections and the database. */
  close(): Promise<void>;
}

/**
 * Starts the emulator: loads the SQLite driver and the trusted keys, opens the database and
 * listens. Throws StartupError with a one-line message when any step fails.
 */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const host = options.host ?? DEFAULT_HOST;
  const errorLog = options.onErrorLog ?? ((line: string) => process.stderr.write(`${line}\n`));
  const Driver = await loadSqliteDriver();
  const trusted = await loadTrustedKeys(options, errorLog);

  if (!options.inMemory) ensureDataDir(options.dataDir);
  const store = PatStore.open(Driver, options.inMemory ? ":memory:" : join(options.dataDir, DATABASE_FILE));

  const routes: Route[] = [
    ...patRoutes({
      store,
      keys: trusted.keys,
      audiences: options.audiences ?? [DEFAULT_AUDIENCE],
      maxValidMinutes: options.maxValidMinutes ?? DEFAULT_MAX_VALID_MINUTES,
    }),
    ...taskRoutes(store),
    {
      pattern: /^\/\.well-known\/jwks\.json$/,
      paramNames: [],
      methods: { GET: () => ({ status: 200, body: trusted.jwks }) },
    },
  ];
  const logger: ServerLogger = { request: options.onRequestLog ?? (() => {}), error: errorLog };
  const server = createEmulatorServer(routes, logger);

  try {
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(options.port, host, () => {
        server.off("error", reject);
        resolve();
      });
    });
  } catch (error) {
    store.close();
    throw listenError(error, host, options.port);
  }
  server.on("error", (error) => errorLog(`${new Date().toISOString()} server error: ${firstLine(error)}`));

  const address = server.address() as AddressInfo;
  const urlHost = address.family === "IPv6" ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;

  return {
    url: `http://${urlHost}:${address.port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => {
          store.close();
          resolve();
        });
        // The emulator is a development tool, so open keep-alive and in-flight connections end at once.
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

async function loadTrustedKeys(options: EmulatorOptions, errorLog: (line: string) => void): Promise<TrustedKeySet> {
  if (options.jwks !== undefined) return loadJwks(options.jwks);
  const signingKey = loadOrCreateSigningKey(options.dataDir);
  const warning = signingKeyPermissionWarning(options.dataDir);
  if (warning !== undefined) errorLog(warning);
  return ownKeySet(signingKey);
}

function listenError(error: unknown, host: string, port: number): StartupError {
  const code = (error as NodeJS.ErrnoException).code;
  switch (code) {
    case "EADDRINUSE":
      return new StartupError(`port ${port} is already in use on ${host}; pass --port 0 to pick a free port`);
    case "EACCES":
      return new StartupError(`permission denied to listen on port ${port} of ${host}; pass a port above 1023 or --port 0`);
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
      return new StartupError(`cannot listen on ${host}: the address is not available on this machine; pass --host 127.0.0.1`);
    default:
      return new StartupError(`cannot listen on ${host}:${port} (${firstLine(error)})`);
  }
}
