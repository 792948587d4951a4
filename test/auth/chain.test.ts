import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";

import { afterEach, describe, expect, it } from "vitest";

import type { AuthStatus } from "../../src/cli/commands/auth/status.js";
import { parseJson, runCli } from "../helpers/cli.js";
import { createFakeTools, type FakeToolName, type FakeTools } from "./fake-tools.js";

type Status = AuthStatus;

const created: FakeTools[] = [];
afterEach(() => {
  for (const tools of created.splice(0)) tools.cleanup();
});

function fakeTools(tools: FakeToolName[]): FakeTools {
  const fake = createFakeTools(tools);
  created.push(fake);
  return fake;
}

function status(tools: FakeTools, args: string[] = [], env: Record<string, string | undefined> = {}) {
  return runCli(["auth", "status", "--output", "json", ...args], { env: tools.env(env) });
}

describe("credential chain", () => {
  it("azure-cli answers first", async () => {
    const tools = fakeTools(["az", "pwsh", "xdg-open"]);

    const run = await status(tools);

    expect(run.stderr).toBe("");
    expect(parseJson<Status>(run)).toMatchObject({
      credential: "azure-cli",
      fromCache: false,
      identity: "alice@contoso.example",
      audience: "api://taskurai",
      tenant: "11111111-1111-4111-8111-111111111111",
    });
    expect(tools.calls("az")[0]?.argv).toEqual(["account", "get-access-token", "--output", "json", "--resource", "api://taskurai"]);
    expect(tools.calls("pwsh")).toEqual([]);
  });

  it("powershell answers without az", async () => {
    const tools = fakeTools(["pwsh", "xdg-open"]);

    const run = await status(tools);

    expect(parseJson<Status>(run).credential).toBe("azure-powershell");
    expect(tools.calls("pwsh").map((call) => call.argv[0])).toEqual(["/?", "-NoProfile"]);
  });

  it("powershell answers when az is signed out", async () => {
    const tools = fakeTools(["az", "pwsh"]);

    const run = await status(tools, [], { FAKE_AZ_MODE: "logged-out" });

    expect(parseJson<Status>(run).credential).toBe("azure-powershell");
    expect(tools.calls("az")).toHaveLength(1);
  });

  it("no tools and no terminal lists reasons", async () => {
    const tools = fakeTools(["xdg-open"]);

    const run = await status(tools, [], { DISPLAY: ":0" });

    expect(run.code).toBe(3);
    const lines = run.stderr.trimEnd().split("\n");
    expect(lines[0]).toBe("taskurai: no credential could sign in to the Taskurai API:");
    expect(lines[1]).toMatch(/^ {2}- vscode: not signed in to Azure in VS Code/);
    expect(lines[2]).toBe("  - azure-cli: not installed");
    expect(lines[3]).toBe("  - azure-powershell: not installed");
    expect(lines[4]).toBe("  - browser: skipped: no terminal");
    expect(lines[5]).toContain("--auth device-code");
    expect(lines[5]).toContain("TASKURAI_ACCESS_TOKEN");
    expect(run.stdout).toBe("");
    expect(tools.calls("xdg-open")).toEqual([]);
  });

  it.each(["no-token", "crlf-token"])("az answer %s is not used", async (mode) => {
    const tools = fakeTools(["az"]);

    const run = await status(tools, ["--auth", "azure-cli"], { FAKE_AZ_MODE: mode });
    const again = await status(tools, ["--auth", "azure-cli"], { FAKE_AZ_MODE: mode });

    expect(run.code).toBe(3);
    expect(run.stderr).toContain("returned an access token that is missing or contains characters a token cannot have");
    expect(again.code).toBe(3);
    expect(tools.calls("az")).toHaveLength(2);
  });

  it("signed-out tools name the sign-in command", async () => {
    const tools = fakeTools(["az", "pwsh"]);

    const run = await status(tools, [], { FAKE_AZ_MODE: "logged-out", FAKE_PWSH_MODE: "logged-out" });

    expect(run.code).toBe(3);
    expect(run.stderr).toContain("  - azure-cli: not signed in (run 'az login')\n");
    expect(run.stderr).toContain("  - azure-powershell: not signed in (run 'Connect-AzAccount')\n");
  });

  it("debug lists steps, redacts tokens", async () => {
    const tools = fakeTools(["az"]);

    const run = await status(tools, ["--debug"]);

    expect(run.stderr).toContain("debug: auth: trying azure-cli (bound 15 s)");
    expect(run.stderr).toContain("debug: auth: azure-cli returned a token");
    expect(run.stderr).not.toContain("eyJ");
  });

  it("wrong tenant stops the chain", async () => {
    const tools = fakeTools(["az", "pwsh"]);

    const run = await status(tools, ["--tenant", "nowhere.example"], { FAKE_AZ_MODE: "wrong-tenant" });

    expect(run.code).toBe(3);
    expect(run.stderr).toMatch(/^taskurai: azure-cli could not sign in: .*AADSTS90002.*nowhere\.example/);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(tools.calls("pwsh")).toEqual([]);
  });
});

describe("credential timeouts", () => {
  it("hanging az ends within the bound", async () => {
    const tools = fakeTools(["az"]);

    const run = await runCli(["auth", "status", "--auth", "azure-cli"], {
      env: tools.env({ FAKE_AZ_MODE: "hang", TASKURAI_AUTH_TIMEOUT: "0.5" }),
      killAfterMs: 20_000,
    });

    expect(run.signal).toBeNull();
    expect(run.code).toBe(3);
    expect(run.stderr).toBe(
      "taskurai: azure-cli could not sign in: timed out after 0.5 s; raise TASKURAI_AUTH_TIMEOUT (seconds) if the sign-in needs longer, or choose another credential with --auth\n",
    );
  });

  it("hanging az passes to powershell", async () => {
    const tools = fakeTools(["az", "pwsh"]);

    // The bound applies to pwsh as well, so it is generous enough for two Node start-ups on a busy machine.
    const run = await status(tools, [], { FAKE_AZ_MODE: "hang", TASKURAI_AUTH_TIMEOUT: "5" });

    expect(parseJson<Status>(run).credential).toBe("azure-powershell");
  });

  it("hanging pwsh ends within the bound", async () => {
    const tools = fakeTools(["pwsh"]);

    const run = await runCli(["auth", "status", "--auth", "azure-powershell"], {
      env: tools.env({ FAKE_PWSH_MODE: "hang", TASKURAI_AUTH_TIMEOUT: "0.5" }),
      killAfterMs: 20_000,
    });

    expect(run.signal).toBeNull();
    expect(run.code).toBe(3);
    expect(run.stderr).toContain("azure-powershell could not sign in: timed out after 0.5 s");
  });

  it("timeout beyond the timer limit is a usage error", async () => {
    const tools = fakeTools(["az"]);

    const run = await status(tools, [], { TASKURAI_AUTH_TIMEOUT: "3000000" });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("invalid TASKURAI_AUTH_TIMEOUT '3000000'");
    expect(tools.calls("az")).toHaveLength(0);
  });

  it("invalid timeout is a usage error", async () => {
    const tools = fakeTools(["az"]);

    const run = await status(tools, [], { TASKURAI_AUTH_TIMEOUT: "soon" });

    expect(run.code).toBe(2);
    expect(run.stderr).toContain("invalid TASKURAI_AUTH_TIMEOUT 'soon'");
  });
});

describe("token cache", () => {
  it("second run uses the cache", async () => {
    const tools = fakeTools(["az"]);

    await status(tools);
    const second = await status(tools);

    expect(parseJson<Status>(second)).toMatchObject({ credential: "azure-cli", fromCache: true });
    expect(tools.calls("az")).toHaveLength(1);
  });

  it("cache file is private", async () => {
    const tools = fakeTools(["az"]);

    const run = await status(tools);

    const file = parseJson<Status>(run).tokenCache ?? "";
    expect(file).toBe(join(tools.cacheDir, "access-tokens.json"));
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it("corrupt cache is rewritten", async () => {
    const tools = fakeTools(["az"]);
    mkdirSync(tools.cacheDir, { recursive: true });
    const file = join(tools.cacheDir, "access-tokens.json");
    writeFileSync(file, "{not json", { mode: 0o644 });

    const run = await status(tools);

    expect(parseJson<Status>(run).credential).toBe("azure-cli");
    expect(() => JSON.parse(readFileSync(file, "utf8")) as unknown).not.toThrow();
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect((await status(tools)).stdout).toContain('"fromCache": true');
  });

  it("token near expiry is refreshed", async () => {
    const tools = fakeTools(["az"]);

    await status(tools, [], { FAKE_TOKEN_MINUTES: "3" });
    const second = await status(tools, [], { FAKE_TOKEN_MINUTES: "3" });

    expect(parseJson<Status>(second).fromCache).toBe(false);
    expect(tools.calls("az")).toHaveLength(2);
  });

  it("cache is keyed by tenant", async () => {
    const tools = fakeTools(["az"]);

    await status(tools, ["--tenant", "one.example"]);
    const other = await status(tools, ["--tenant", "two.example"]);

    expect(parseJson<Status>(other).tenant).toBe("two.example");
    expect(tools.calls("az")).toHaveLength(2);
  });
});

describe("credential selection", () => {
  it("tenant reaches az arguments", async () => {
    const tools = fakeTools(["az"]);

    const run = await status(tools, ["--tenant", "contoso.example"]);

    expect(tools.calls("az")[0]?.argv.slice(-2)).toEqual(["--tenant", "contoso.example"]);
    expect(parseJson<Status>(run).tenant).toBe("contoso.example");
  });

  it.each([["--tenant", "--debug"], ["--tenant", "x;y"], ["--audience", "--debug"], ["--audience", "api://x; touch y"], ["--audience", ""]])(
    "%s %j is a usage error",
    async (flag, value) => {
      const tools = fakeTools(["az"]);

      const run = await status(tools, ["--auth", "azure-cli", `${flag}=${value}`]);

      expect(run.code).toBe(2);
      expect(run.stderr).toContain(`invalid ${flag} '${value}'`);
      expect(tools.calls("az")).toHaveLength(0);
    },
  );

  it("audience given as a scope is reduced", async () => {
    const tools = fakeTools(["az"]);

    await status(tools, ["--auth", "azure-cli", "--audience", "api://taskurai/.default"]);

    expect(tools.calls("az")[0]?.argv).toContain("api://taskurai");
  });

  it("tenant reaches pwsh script", async () => {
    const tools = fakeTools(["pwsh"]);

    const run = await status(tools, ["--auth", "azure-powershell"], { AZURE_TENANT_ID: "fabrikam.example" });

    expect(tools.calls("pwsh")[1]?.argv.at(-1)).toContain('$tenantId = "fabrikam.example"');
    expect(parseJson<Status>(run).tenant).toBe("fabrikam.example");
  });

  it("audience sets the resource", async () => {
    const tools = fakeTools(["az"]);

    const run = await status(tools, ["--audience", "api://other"]);

    expect(tools.calls("az")[0]?.argv).toContain("api://other");
    expect(parseJson<Status>(run).audience).toBe("api://other");
  });

  it.each([
    ["azure-cli", {}],
    ["azure-powershell", {}],
    ["access-token", { TASKURAI_ACCESS_TOKEN: "not-a-jwt" }],
  ])("--auth %s answers", async (name, env: Record<string, string>) => {
    const tools = fakeTools(["az", "pwsh"]);

    const run = await status(tools, ["--auth", name], env);

    expect(parseJson<Status>(run).credential).toBe(name);
  });

  it.each([
    ["vscode", {}, "vscode could not sign in: not signed in to Azure in VS Code"],
    ["browser", { DISPLAY: ":0" }, "browser could not sign in: skipped: no terminal"],
    ["browser", { CI: "true" }, "browser could not sign in: skipped: CI is set"],
    ["device-code", {}, "device-code could not sign in: skipped: no terminal"],
    ["device-code", { CI: "1" }, "device-code could not sign in: skipped: CI is set"],
    ["environment", {}, "environment could not sign in: AZURE_CLIENT_ID not set"],
    ["environment", { AZURE_CLIENT_ID: "app" }, "environment could not sign in: AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH not set"],
    ["workload-identity", {}, "workload-identity could not sign in: AZURE_FEDERATED_TOKEN_FILE, AZURE_CLIENT_ID not set"],
    ["access-token", {}, "not signed in: set TASKURAI_ACCESS_TOKEN"],
  ])("--auth %s unavailable here (%j)", async (name, env: Record<string, string>, message) => {
    const tools = fakeTools(["az", "pwsh", "xdg-open"]);

    const run = await status(tools, ["--auth", name], env);

    expect(run.code).toBe(3);
    expect(run.stderr).toContain(`taskurai: ${message}`);
    expect(run.stderr.trimEnd().split("\n")).toHaveLength(1);
    expect(tools.calls("az")).toEqual([]);
    expect(tools.calls("xdg-open")).toEqual([]);
  });

  it("TASKURAI_AUTH selects a credential", async () => {
    const tools = fakeTools(["az", "pwsh"]);

    const run = await status(tools, [], { TASKURAI_AUTH: "azure-powershell" });

    expect(parseJson<Status>(run).credential).toBe("azure-powershell");
  });

  it("unknown --auth is a usage error", async () => {
    const tools = fakeTools(["az"]);

    const run = await status(tools, ["--auth", "kerberos"]);

    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^taskurai: invalid --auth 'kerberos'; expected one of: vscode, azure-cli/);
  });

  it("access token skips the chain", async () => {
    const tools = fakeTools(["az"]);

    const run = await status(tools, [], { TASKURAI_ACCESS_TOKEN: "not-a-jwt" });

    expect(parseJson<Status>(run)).toMatchObject({ credential: "access-token", tokenCache: null });
    expect(tools.calls("az")).toEqual([]);
  });

  it("managed identity uses the endpoint", async () => {
    const tools = fakeTools([]);
    const requests: string[] = [];
    const server: Server = createServer((request, response) => {
      requests.push(`${request.headers["x-identity-header"]} ${request.url}`);
      const expiresOn = Math.floor(Date.now() / 1000) + 3600;
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ access_token: "mi-token", expires_on: String(expiresOn), resource: "api://taskurai", token_type: "Bearer" }));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const { port } = server.address() as AddressInfo;

    const run = await status(tools, ["--auth", "managed-identity"], {
      IDENTITY_ENDPOINT: `http://127.0.0.1:${port}/msi/token`,
      IDENTITY_HEADER: "header-secret",
    }).finally(() => server.close());

    expect(parseJson<Status>(run).credential).toBe("managed-identity");
    expect(requests[0]).toMatch(/^header-secret \/msi\/token\?.*resource=api%3A%2F%2Ftaskurai/);
  });
});

describe("auth status checks", () => {
  it("expired token exits 3", async () => {
    const tools = fakeTools(["az"]);

    const run = await status(tools, ["--auth", "azure-cli"], { FAKE_TOKEN_MINUTES: "-10" });

    expect(run.code).toBe(3);
    expect(run.stderr).toContain("taskurai: the token from azure-cli expired at");
  });

  it("other audience exits 3", async () => {
    const tools = fakeTools(["az"]);

    const run = await status(tools, ["--auth", "azure-cli"], { FAKE_TOKEN_AUDIENCE: "api://other" });

    expect(run.code).toBe(3);
    expect(parseJson<Status>(run).audience).toBe("api://other");
    expect(run.stderr).toContain("the token's audience 'api://other' is not the requested 'api://taskurai'");
  });

  it("opaque access token has no known audience", async () => {
    const tools = fakeTools([]);

    const run = await status(tools, [], { TASKURAI_ACCESS_TOKEN: "opaque-token" });

    expect(run.code).toBe(0);
    expect(parseJson<Status>(run).audience).toBeNull();
  });
});

describe("auth logout", () => {
  it("removes cache and record", async () => {
    const tools = fakeTools(["az"]);
    await status(tools);
    mkdirSync(tools.configDir, { recursive: true });
    writeFileSync(join(tools.configDir, "auth-record.json"), "{}");

    const run = await runCli(["auth", "logout", "--output", "json"], { env: tools.env() });

    expect(parseJson(run)).toEqual({
      tokenCache: { file: join(tools.cacheDir, "access-tokens.json"), removed: true },
      authRecord: { file: join(tools.configDir, "auth-record.json"), removed: true },
    });
    expect(parseJson<Status>(await status(tools)).fromCache).toBe(false);
    expect(tools.calls("az")).toHaveLength(2);
  });

  it("cache path that is a folder is reported", async () => {
    const tools = fakeTools(["az"]);
    mkdirSync(join(tools.cacheDir, "access-tokens.json"), { recursive: true });

    await status(tools);
    const run = await runCli(["auth", "logout"], { env: tools.env() });

    expect(readdirSync(tools.cacheDir).filter((name) => name.endsWith(".tmp"))).toEqual([]);
    expect(run.code).toBe(1);
    expect(run.stderr).toMatch(/^taskurai: cannot delete the token cache .*access-tokens\.json \([A-Z_]+\); remove it by hand\n$/);
  });

  it("reports nothing to remove", async () => {
    const tools = fakeTools([]);

    const run = await runCli(["auth", "logout", "--output", "table"], { env: tools.env() });

    expect(run.code).toBe(0);
    expect(run.stdout).toContain("No token cache to remove");
  });
});
