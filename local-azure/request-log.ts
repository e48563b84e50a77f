import type { IncomingHttpHeaders } from "node:http";
import type { Surface } from "./faults.js";

/** How a request authenticated, as far as the wire shows. */
export type AuthKind =
  "none" | "bearer" | "sharedKey" | "accountSas" | "serviceSas" | "userDelegationSas" | "other";

export interface LoggedRequest {
  time: number;
  surface: Surface;
  method: string;
  path: string;
  query: Record<string, string>;
  /** A few headers that tests assert on; never the Authorization value itself. */
  headers: Record<string, string>;
  auth: AuthKind;
  status: number;
  /** The spec operation the request matched, for ARM image-template calls. */
  operationId?: string;
  /** Name of the fault rule that hit the request, if any. */
  fault?: string;
  durationMs: number;
  /** Content-Length of the answer, for storage requests: what a client downloaded. */
  responseBytes?: number;
  /** For the service's own requests: the identity it acted as (the template's), when not its own. */
  principalId?: string;
}

const KEPT_HEADERS = [
  "content-type",
  "user-agent",
  "x-ms-client-request-id",
  "x-ms-version",
  "x-ms-range",
  "range",
  "x-ms-blob-type",
  "x-ms-copy-source",
];

export function loggedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name of KEPT_HEADERS) {
    const v = headers[name];
    if (typeof v === "string") out[name] = v;
  }
  return out;
}

export function authKind(headers: IncomingHttpHeaders, query: URLSearchParams): AuthKind {
  const authz = headers.authorization;
  if (typeof authz === "string") {
    if (/^Bearer /i.test(authz)) return "bearer";
    if (/^SharedKey(Lite)? /i.test(authz)) return "sharedKey";
    return "other";
  }
  if (query.has("sig")) {
    if (query.has("skoid")) return "userDelegationSas";
    if (query.has("srt") || query.has("ss")) return "accountSas";
    return "serviceSas";
  }
  return "none";
}

export function queryRecord(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of query) out[k] = k === "sig" ? "(redacted)" : v;
  return out;
}
