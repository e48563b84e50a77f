import type { IncomingMessage, ServerResponse } from "node:http";
import { armError, newRequestId } from "./arm-kit.js";
import { AsyncOperations } from "./async-operations.js";
import type { ConformanceViolation, SpecConformance } from "./conformance.js";
import type { Entra } from "./entra.js";
import { applyFault, faultName, type FaultInjector, type Surface } from "./faults.js";
import {
  json,
  parseJsonBody,
  readBody,
  requestInfo,
  writeReply,
  type Reply,
  type RequestInfo,
} from "./http-kit.js";
import type { ImageTemplatesProvider } from "./image-templates.js";
import type { OidcSources } from "./oidc-sources.js";
import { authKind, loggedHeaders, queryRecord, type LoggedRequest } from "./request-log.js";
import { accessReply, type AccessRules } from "./access-control.js";
import type { ArmRoutes } from "./arm-kit.js";
import { unknownRoute } from "./storage-accounts.js";

export interface FrontDoorDeps {
  armEndpoint: () => string;
  /** The one audience this cloud's Resource Manager accepts tokens for. */
  armAudience: string;
  subscriptionId: string;
  entra: Entra;
  oidc: () => OidcSources;
  conformance: SpecConformance;
  imageTemplates: () => ImageTemplatesProvider;
  operations: () => AsyncOperations;
  /** The other providers' routes, asked in order; the first that answers wins. */
  others: () => ArmRoutes[];
  faults: FaultInjector;
  requestLog: LoggedRequest[];
  serviceRequestLog: LoggedRequest[];
  violations: ConformanceViolation[];
  shutdown: AbortSignal;
  /** Who may do what, and which providers are registered. */
  access: () => AccessRules;
}

const ENTRA_PATH =
  /^\/[^/]+\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token|discovery\/v2\.0\/keys)$/;
const SUPPORTED_IMAGEBUILDER_VERSIONS = [
  "2025-10-01",
  "2024-02-01",
  "2023-07-01",
  "2022-07-01",
  "2022-02-14",
];

/**
 * The one HTTPS listener in front of Entra ID, the OIDC sources and Resource Manager: it applies
 * faults, authenticates ARM calls, dispatches, checks spec conformance, and logs every request.
 */
export class FrontDoor {
  constructor(private readonly d: FrontDoorDeps) {}

  async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const started = Date.now();
    let info: RequestInfo;
    try {
      info = requestInfo(req, await readBody(req));
    } catch {
      res.destroy();
      return;
    }
    const surface: Surface = ENTRA_PATH.test(info.path)
      ? "entra"
      : /^\/_(github|ado)\//.test(info.path)
        ? "oidc"
        : "arm";
    const entry: LoggedRequest = {
      time: started,
      surface,
      method: info.method,
      path: info.path,
      query: queryRecord(info.query),
      headers: loggedHeaders(info.headers),
      auth: authKind(info.headers, info.query),
      status: 0,
      durationMs: 0,
    };
    this.d.requestLog.push(entry);
    if (surface === "arm") {
      const match = this.d.conformance.match(info.method, info.path);
      if (match) entry.operationId = match.operation.operationId;
    }
    const fault = this.d.faults.decide(surface, info.method, info.path);
    if (fault) entry.fault = faultName(fault);
    const send = (reply: Reply) => {
      if (surface === "arm") this.checkResponse(info, entry, reply);
      entry.status = reply.status;
      entry.durationMs = Date.now() - started;
      writeReply(res, reply);
    };
    try {
      await applyFault(
        fault,
        surface,
        {
          serve: async () => send(await this.dispatch(surface, info, entry)),
          serveUnanswered: async () => void (await this.dispatch(surface, info, entry)),
          answer: send,
          reset: () => {
            entry.status = 0;
            entry.durationMs = Date.now() - started;
            req.socket.destroy();
          },
        },
        this.d.shutdown,
      );
    } catch (e) {
      if (this.d.shutdown.aborted) {
        res.destroy();
        return;
      }
      entry.status = 500;
      writeReply(
        res,
        armError(500, "InternalServerError", `The emulator failed: ${(e as Error).message}`),
      );
    }
  }

  private async dispatch(
    surface: Surface,
    info: RequestInfo,
    entry: LoggedRequest,
  ): Promise<Reply> {
    if (surface === "entra")
      return this.d.entra.handle(info) ?? unknownRoute(info.method, info.path);
    if (surface === "oidc")
      return this.d.oidc().handle(info) ?? unknownRoute(info.method, info.path);
    if (info.path === "/metadata/endpoints" && info.method === "GET")
      return this.cloudMetadata(info);
    return withArmHeaders(info, await this.arm(info, entry));
  }

  /**
   * The cloud's endpoints, unauthenticated, in the shape Azure Stack Hub documents for
   * `<ResourceManagerUrl>/metadata/endpoints?api-version=2015-01-01`
   * (https://learn.microsoft.com/azure-stack/user/azure-stack-rest-api-use): the sign-in
   * authority, and the audience tokens for Resource Manager must carry, which is not the
   * endpoint's URL.
   */
  private cloudMetadata(info: RequestInfo): Reply {
    if (!info.query.get("api-version")) {
      return armError(
        400,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.",
      );
    }
    const origin = this.d.armEndpoint();
    return json(200, {
      galleryEndpoint: `${origin}/gallery/`,
      graphEndpoint: "https://graph.windows.net/",
      portalEndpoint: `${origin}/portal/`,
      authentication: {
        loginEndpoint: `${origin}/`,
        audiences: [this.d.armAudience],
      },
    });
  }

  private arm(info: RequestInfo, entry: LoggedRequest): Reply | Promise<Reply> {
    const authz = info.headers.authorization;
    const authority = `${this.d.armEndpoint()}/${this.d.entra.tenantId}`;
    const challenge = (error: string) => ({
      "WWW-Authenticate": `Bearer authorization_uri="${authority}", error="invalid_token", error_description="${error}"`,
    });
    if (typeof authz !== "string" || !/^Bearer /i.test(authz)) {
      return armError(
        401,
        "AuthenticationFailed",
        "Authentication failed. The 'Authorization' header is missing.",
        {},
        challenge("The authentication failed because of missing 'Authorization' header."),
      );
    }
    const verdict = this.d.entra.validateAccessToken(authz.slice(7).trim(), [this.d.armAudience]);
    if (!verdict.ok)
      return armError(401, verdict.code, verdict.message, {}, challenge(verdict.message));

    const subMatch = /^\/subscriptions\/([^/]+)/i.exec(info.path);
    if (subMatch && subMatch[1]!.toLowerCase() !== this.d.subscriptionId.toLowerCase()) {
      return armError(
        404,
        "SubscriptionNotFound",
        `The subscription '${subMatch[1]}' could not be found.`,
      );
    }
    const body = parseJsonBody(info.rawBody);
    const refused = accessReply(
      this.d.access(),
      info.method,
      info.path,
      body.ok ? body.value : undefined,
      typeof verdict.claims.oid === "string" ? verdict.claims.oid : "",
    );
    if (refused) return refused;
    const apiVersion = info.query.get("api-version");
    if (!apiVersion) {
      return armError(
        400,
        "MissingApiVersionParameter",
        "The api-version query parameter (?api-version=) is required for all requests.",
      );
    }
    const polled = this.d.operations().handle(info.method, info.path);
    if (polled) return polled;

    const match = this.d.conformance.match(info.method, info.path);
    if (match) {
      entry.operationId = match.operation.operationId;
      if (!SUPPORTED_IMAGEBUILDER_VERSIONS.includes(apiVersion)) {
        return armError(
          400,
          "NoRegisteredProviderFound",
          `No registered resource provider found for location 'westus2' and API version '${apiVersion}' for type 'imageTemplates'. The supported api-versions are '${SUPPORTED_IMAGEBUILDER_VERSIONS.join(", ")}'.`,
        );
      }
      const parsed = parseJsonBody(info.rawBody);
      const errors = parsed.ok
        ? this.d.conformance.checkRequest(match, info.query, parsed.value)
        : [`body: not JSON (${parsed.error})`];
      if (errors.length) {
        this.d.violations.push({
          kind: "request",
          operationId: match.operation.operationId,
          method: info.method,
          path: info.path,
          errors,
        });
      }
      if (!parsed.ok)
        return armError(
          400,
          "InvalidRequestContent",
          `The request content was invalid and could not be deserialized: ${parsed.error}`,
        );
      return this.d.imageTemplates().handle(match, parsed.value, errors);
    }
    for (const routes of this.d.others()) {
      const reply = routes.handle(info.method, info.path, info.query);
      if (reply) return reply;
    }
    return unknownRoute(info.method, info.path);
  }

  private checkResponse(info: RequestInfo, entry: LoggedRequest, reply: Reply): void {
    const body = reply.body;
    if (AsyncOperations.isStatusPath(info.path) && reply.status === 200) {
      const errors = this.d.conformance.checkAsyncOperationStatus(body);
      if (errors.length)
        this.d.violations.push({
          kind: "response",
          operationId: "AsyncOperationStatus",
          method: info.method,
          path: info.path,
          status: reply.status,
          errors,
        });
      return;
    }
    if (!entry.operationId) return;
    const match = this.d.conformance.match(info.method, info.path);
    if (!match) return;
    const errors = this.d.conformance.checkResponse(match, reply.status, body);
    const headerErrors: string[] = [];
    if (match.operation.longRunning && (reply.status === 201 || reply.status === 202)) {
      if (!reply.headers?.["Azure-AsyncOperation"] && !reply.headers?.Location)
        headerErrors.push("long-running answer without Azure-AsyncOperation or Location");
      if (!reply.headers?.["Retry-After"])
        headerErrors.push("long-running answer without Retry-After");
    }
    if (errors.length || headerErrors.length) {
      this.d.violations.push({
        kind: "response",
        operationId: match.operation.operationId,
        method: info.method,
        path: info.path,
        status: reply.status,
        errors: [...errors, ...headerErrors],
      });
    }
  }
}

function withArmHeaders(info: RequestInfo, reply: Reply): Reply {
  const id = newRequestId();
  const clientRequestId = info.headers["x-ms-client-request-id"];
  return {
    ...reply,
    headers: {
      "x-ms-request-id": id,
      "x-ms-correlation-request-id": id,
      "x-ms-routing-request-id": `WESTUS2:${new Date().toISOString().replace(/[-:.]/g, "").slice(0, 15)}Z:${id}`,
      ...(typeof clientRequestId === "string" ? { "x-ms-client-request-id": clientRequestId } : {}),
      ...(info.method === "GET"
        ? { "x-ms-ratelimit-remaining-subscription-reads": "11999" }
        : { "x-ms-ratelimit-remaining-subscription-writes": "1199" }),
      ...(reply.headers ?? {}),
    },
  };
}
