import { armError, newRequestId } from "./arm-kit.js";
import type { FaultDecision, Surface } from "./faults.js";
import type { Reply } from "./http-kit.js";

/** A fault's answer in the surface's own error shape. */
export function faultReply(surface: Surface, f: FaultDecision): Reply {
  const status = f.status ?? 500;
  const headers: Record<string, string> =
    f.retryAfterSeconds !== undefined ? { "Retry-After": String(f.retryAfterSeconds) } : {};
  if (surface === "storage") {
    const code =
      status === 403
        ? "AuthorizationPermissionMismatch"
        : status === 503
          ? "ServerBusy"
          : status === 429
            ? "TooManyRequests"
            : status === 500
              ? "InternalError"
              : "OperationTimedOut";
    const message =
      status === 403
        ? "This request is not authorized to perform this operation using this permission."
        : status === 503
          ? "The server is busy."
          : "The server encountered an internal error. Please retry the request.";
    return {
      status,
      headers: {
        ...headers,
        "Content-Type": "application/xml",
        "x-ms-error-code": code,
        "x-ms-request-id": newRequestId(),
      },
      body: `\uFEFF<?xml version="1.0" encoding="utf-8"?><Error><Code>${code}</Code><Message>${message}\nRequestId:${newRequestId()}\nTime:${new Date().toISOString()}</Message></Error>`,
    };
  }
  if (surface === "entra") {
    return {
      status,
      headers: { ...headers, "Content-Type": "application/json" },
      body: {
        error: "temporarily_unavailable",
        error_description: "AADSTS90033: A transient error has occurred. Please try again.",
      },
    };
  }
  if (status === 429) {
    return armError(
      429,
      "TooManyRequests",
      "The request is being throttled as the limit has been reached for operation type - Read_ObservationWindow_00:05:00.",
      {},
      headers,
    );
  }
  const code =
    status === 503
      ? "ServiceUnavailable"
      : status === 504
        ? "GatewayTimeout"
        : status === 502
          ? "BadGateway"
          : "InternalServerError";
  return armError(
    status,
    code,
    "The server encountered an internal error. Please retry the request.",
    {},
    headers,
  );
}
