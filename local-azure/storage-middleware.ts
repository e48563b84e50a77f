import { randomUUID } from "node:crypto";
import type { ServerResponse } from "node:http";
import type { RequestHook } from "./azurite.js";
import type { Entra } from "./entra.js";
import { applyFault, faultName, type FaultInjector } from "./faults.js";
import { writeReply, type Reply } from "./http-kit.js";
import type { IssuedSecrets } from "./issued-secrets.js";
import { decodeJwt } from "./jwt.js";
import { authKind, loggedHeaders, queryRecord, type LoggedRequest } from "./request-log.js";
import { SERVICE_ORIGIN_HEADER } from "./storage-io.js";

export interface StorageMiddlewareDeps {
  entra: Entra;
  tenantId: string;
  /** Where Entra ID answers, for the 401's WWW-Authenticate. */
  authorityOrigin: () => string;
  faults: FaultInjector;
  secrets: IssuedSecrets;
  requestLog: LoggedRequest[];
  serviceRequestLog: LoggedRequest[];
  shutdown: AbortSignal;
}

/**
 * What stands in front of Azurite: it logs every blob request, keeps the SAS signatures it
 * sees as issued secrets, refuses tokens issued before a revocation as Azure Storage refuses
 * expired ones, and applies faults the way the front door does. The emulated service's own
 * traffic (log appends, artifact downloads) is logged apart and never faulted.
 */
export function storageMiddleware(d: StorageMiddlewareDeps): RequestHook {
  return (req, res, next) => {
    const started = Date.now();
    const url = new URL(req.url ?? "/", "https://127.0.0.1");
    d.secrets.add(url.searchParams.get("sig") ?? undefined);
    const entry: LoggedRequest = {
      time: started,
      surface: "storage",
      method: req.method ?? "GET",
      path: url.pathname,
      query: queryRecord(url.searchParams),
      headers: loggedHeaders(req.headers),
      auth: authKind(req.headers, url.searchParams),
      status: 0,
      durationMs: 0,
    };
    res.on("finish", () => {
      entry.status = res.statusCode;
      entry.durationMs = Date.now() - started;
      const length = Number(res.getHeader("content-length"));
      if (Number.isFinite(length)) entry.responseBytes = length;
    });
    if (req.headers[SERVICE_ORIGIN_HEADER] === "image-builder") {
      d.serviceRequestLog.push(entry);
      return next();
    }
    d.requestLog.push(entry);
    const bearer = /^Bearer (.+)$/i.exec(req.headers.authorization ?? "")?.[1];
    const iat = bearer ? decodeJwt(bearer)?.payload.iat : undefined;
    if (typeof iat === "number" && iat < d.entra.revokedBefore) {
      return writeReply(res, expiredToken(d.authorityOrigin(), d.tenantId));
    }
    const fault = d.faults.decide("storage", entry.method, entry.path);
    if (fault) entry.fault = faultName(fault);
    applyFault(
      fault,
      "storage",
      {
        serve: next,
        serveUnanswered: () => unanswered(res, next),
        answer: (reply) => writeReply(res, reply),
        reset: () => req.socket.destroy(),
      },
      d.shutdown,
    ).catch(() => req.socket.destroy());
  };
}

/**
 * Lets Azurite apply the request while what it writes goes nowhere; resolves when it has ended
 * its answer, with the response ready for another one (headers Azurite set stay, as they would
 * on a gateway's error answer).
 */
function unanswered(res: ServerResponse, next: () => void): Promise<void> {
  return new Promise((resolve) => {
    res.writeHead = (..._args: unknown[]) => res;
    res.write = (() => true) as typeof res.write;
    res.end = ((..._args: unknown[]) => {
      restore(res);
      resolve();
      return res;
    }) as typeof res.end;
    next();
  });
}

function restore(res: ServerResponse): void {
  const own = res as unknown as Record<string, unknown>;
  delete own.writeHead;
  delete own.write;
  delete own.end;
}

function expiredToken(authorityOrigin: string, tenantId: string): Reply {
  return {
    status: 401,
    headers: {
      "Content-Type": "application/xml",
      "x-ms-error-code": "InvalidAuthenticationInfo",
      "WWW-Authenticate": `Bearer authorization_uri=${authorityOrigin}/${tenantId}/oauth2/authorize resource_id=https://storage.azure.com`,
    },
    body: `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>InvalidAuthenticationInfo</Code><Message>Server failed to authenticate the request. Please refer to the information in the www-authenticate header.\nRequestId:${randomUUID()}\nTime:${new Date().toISOString()}</Message><AuthenticationErrorDetail>Lifetime validation failed. The token is expired.</AuthenticationErrorDetail></Error>`,
  };
}
