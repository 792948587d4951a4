export * from "./http.js";
export * from "./schemas.js";
export * from "./scopes.js";
export * from "./token-format.js";
