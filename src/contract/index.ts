export * from "./http.js";
export * from "./rules.js";
export * from "./schemas.js";
export * from "./scopes.js";
export * from "./token-format.js";
