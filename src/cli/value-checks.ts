/**
 * Checks of setting values shared by the configuration file and the flags. The Azure tools receive
 * the tenant and the audience on their command line, so these checks also keep option-like or
 * shell-significant text away from them.
 */

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const DOMAIN_LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/i;

/** Returns why `value` is not a tenant ID (GUID) or domain name, or undefined when it is one. */
export function tenantProblem(value: string): string | undefined {
  if (GUID.test(value) || isDomainName(value)) return undefined;
  return "expected a tenant ID (GUID) or a domain name such as contoso.onmicrosoft.com";
}

/** Returns why `value` is not an absolute URI usable as an audience, or undefined when it is. */
export function audienceProblem(value: string): string | undefined {
  const expected = "expected an absolute URI such as api://taskurai";
  if (value === "" || /\s/.test(value) || value.startsWith("-")) return expected;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return expected;
  }
  if (url.username !== "" || url.password !== "") return "credentials in the URI are not allowed";
  return undefined;
}

function isDomainName(value: string): boolean {
  if (value.length > 253) return false;
  const labels = value.split(".");
  const topLevel = labels[labels.length - 1] ?? "";
  return labels.length >= 2 && labels.every((label) => DOMAIN_LABEL.test(label)) && /^[a-z]{2,}$/i.test(topLevel);
}
