import { describe, expect, it } from "vitest";

import { ConfigDocument } from "../../src/cli/config/file.js";

const FILE = "/config/taskurai/config.toml";

describe("ConfigDocument.parse", () => {
  it("reads profiles and values", () => {
    const document = ConfigDocument.parse(
      ['# comment', "[default]", 'endpoint = "https://taskurai.example.com"', "", "[local]", "endpoint = 'http://127.0.0.1:8787' # emulator"].join("\n"),
      FILE,
    );

    expect(document.profiles()).toEqual(["default", "local"]);
    expect(document.values("default")).toEqual({ endpoint: "https://taskurai.example.com" });
    expect(document.values("local")).toEqual({ endpoint: "http://127.0.0.1:8787" });
    expect(document.values("missing")).toBeUndefined();
  });

  it("reports the line of a value", () => {
    const document = ConfigDocument.parse('[a]\r\n\r\ntenant = "contoso.com"\r\n', FILE);

    expect(document.lineOf("a", "tenant")).toBe(3);
  });

  it("decodes escapes in basic strings", () => {
    const document = ConfigDocument.parse('[a]\naudience = "api://t\\u0061skurai"', FILE);

    expect(document.values("a")).toEqual({ audience: "api://taskurai" });
  });

  it.each([
    ["no section", 'endpoint = "https://a.example.com"', 1, "outside any [profile] section"],
    ["unquoted value", "[a]\nendpoint = https://a.example.com", 2, "expected a quoted string"],
    ["unclosed string", '[a]\n\nendpoint = "https://a.example.com', 3, "no closing quote"],
    ["trailing text", '[a]\noutput = "json" json', 2, "unexpected 'json'"],
    ["unknown key", '[a]\ncolour = "red"', 2, "unknown configuration key 'colour'"],
    ["secret key", '[a]\naccess_token = "abc"', 2, "looks like a secret"],
    ["invalid value", '[a]\noutput = "xml"', 2, "invalid output 'xml'"],
    ["invalid endpoint", '[a]\nendpoint = "http://example.com"', 2, "plain http is allowed only on loopback"],
    ["bad profile name", "[a b]", 1, "invalid profile name [a b]"],
    ["repeated profile", "[a]\n[a]", 2, "profile [a] appears twice"],
    ["repeated key", '[a]\noutput = "json"\noutput = "table"', 3, "'output' is set twice"],
    ["bad escape", '[a]\naudience = "api://\\q"', 2, "invalid escape \\q"],
    ["garbage line", "[a]\n{not toml}", 2, "expected [profile] or key = \"value\""],
  ])("rejects %s", (_name, text, line, problem) => {
    const parse = () => ConfigDocument.parse(text, FILE);

    expect(parse).toThrow(`invalid configuration file ${FILE} line ${line}: `);
    expect(parse).toThrow(problem);
  });
});

describe("ConfigDocument changes", () => {
  it("set keeps comments", () => {
    const document = ConfigDocument.parse('# mine\n[default]\n# the instance\nendpoint = "https://a.example.com"\n', FILE);

    document.set("default", "endpoint", "https://b.example.com");
    document.set("default", "output", "table");

    expect(document.toString()).toBe(
      '# mine\n[default]\n# the instance\nendpoint = "https://b.example.com"\noutput = "table"\n',
    );
  });

  it("set creates a profile", () => {
    const document = ConfigDocument.parse('[default]\noutput = "json"', FILE);

    document.set("local", "endpoint", "http://127.0.0.1:8787");

    expect(document.toString()).toBe('[default]\noutput = "json"\n\n[local]\nendpoint = "http://127.0.0.1:8787"\n');
  });

  it("set escapes quotes and backslashes", () => {
    const document = ConfigDocument.empty();
    document.set("a", "audience", 'api://taskurai/a"b\\c');

    const reparsed = ConfigDocument.parse(document.toString(), FILE);

    expect(reparsed.values("a")).toEqual({ audience: 'api://taskurai/a"b\\c' });
  });

  it("unset removes an emptied profile", () => {
    const document = ConfigDocument.parse('[default]\noutput = "json"\n\n[local]\nendpoint = "http://127.0.0.1:8787"\n', FILE);

    expect(document.unset("local", "endpoint")).toBe(true);
    expect(document.profiles()).toEqual(["default"]);
    expect(document.toString()).toBe('[default]\noutput = "json"\n');
  });

  it("unset of a missing key", () => {
    const document = ConfigDocument.parse('[default]\noutput = "json"\n', FILE);

    expect(document.unset("default", "endpoint")).toBe(false);
    expect(document.toString()).toBe('[default]\noutput = "json"\n');
  });
});
