import type { IncomingMessage } from "node:http";

import { HttpProblem } from "./problems.js";

/** Largest request body the API accepts: 64 KiB. */
export const MAX_BODY_BYTES = 64 * 1024;

/**
 * Reads a JSON request body. Returns undefined when the request has no body.
 * Throws HttpProblem 413 when it exceeds MAX_BODY_BYTES, 415 when its content type is not
 * `application/json`, and 400 invalid_request when it is not valid UTF-8 JSON.
 */
export async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const declaredLength = Number(request.headers["content-length"]);
  if (declaredLength > MAX_BODY_BYTES) throw tooLarge();

  const body = await readBody(request);
  if (body.length === 0) return undefined;

  const contentType = request.headers["content-type"];
  const mediaType = contentType?.split(";", 1)[0]?.trim().toLowerCase();
  if (mediaType !== "application/json") {
    const received = contentType === undefined ? "no content type" : `content type '${contentType}'`;
    throw new HttpProblem(
      "unsupported_media_type",
      `the request body has ${received}; send JSON with 'Content-Type: application/json'`,
    );
  }

  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(body);
  } catch {
    throw new HttpProblem("invalid_request", "the request body is not valid UTF-8; send UTF-8 encoded JSON");
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new HttpProblem("invalid_request", `the request body is not valid JSON (${reason})`);
  }
}

function tooLarge(): HttpProblem {
  return new HttpProblem(
    "payload_too_large",
    `the request body exceeds the limit of ${MAX_BODY_BYTES} bytes (64 KiB); send a smaller body`,
    { connection: "close" },
  );
}

/**
 * Collects the body up to MAX_BODY_BYTES. Past the limit it keeps reading and discarding until the
 * end, because destroying the request stream would also close the socket before the 413 response.
 */
function readBody(request: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on("data", (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    request.on("end", () => {
      if (size > MAX_BODY_BYTES) reject(tooLarge());
      else resolve(Buffer.concat(chunks));
    });
    request.on("error", reject);
  });
}
