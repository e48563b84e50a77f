import { randomUUID } from "node:crypto";
import { json, type Reply, type RequestInfo } from "./http-kit.js";
import { decodeJwt, nowSeconds, type JwtClaims, type JwtSigner } from "./jwt.js";

/** A federated credential on an app registration, as in Entra's "Federated credentials" blade. */
export interface FederatedCredential {
  issuer: string;
  subject: string;
  audiences: string[];
}

export interface AppRegistration {
  clientId: string;
  /** The service principal's object id: the `oid` of its tokens. */
  objectId: string;
  displayName: string;
  secrets: string[];
  federatedCredentials: FederatedCredential[];
}

/** Issuers whose signed assertions this tenant trusts: the emulator's GitHub and ADO sources. */
export interface TrustedIssuer {
  issuer: string;
  signer: JwtSigner;
}

const ASSERTION_TYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer";

/**
 * Entra ID's v2.0 endpoints, enough for @azure/identity's confidential-client credentials
 * (MSAL with `disableInstanceDiscovery`): OpenID discovery, JWKS and the token endpoint.
 */
export class Entra {
  readonly apps = new Map<string, AppRegistration>();
  readonly trustedIssuers: TrustedIssuer[] = [];
  /** Tokens issued before this instant (seconds) count as expired, to expire them mid-run. */
  revokedBefore = 0;
  /** Every issued token's claims, newest last; tests read who got what. */
  readonly issued: JwtClaims[] = [];
  /**
   * Identifier URIs of the resource service principals in the tenant: a token is issued only
   * for one of them, as Entra answers AADSTS500011 for any other.
   */
  readonly resources = new Set<string>();

  constructor(
    readonly tenantId: string,
    private readonly signer: JwtSigner,
    private readonly baseUrl: () => string,
    private readonly tokenLifetime: () => number,
  ) {}

  registerApp(app: Partial<AppRegistration> & { displayName: string }): AppRegistration {
    const full: AppRegistration = {
      clientId: app.clientId ?? randomUUID(),
      objectId: app.objectId ?? randomUUID(),
      displayName: app.displayName,
      secrets: app.secrets ?? [],
      federatedCredentials: app.federatedCredentials ?? [],
    };
    this.apps.set(full.clientId, full);
    return full;
  }

  issuer(): string {
    return `https://sts.windows.net/${this.tenantId}/`;
  }

  /** An access token as Entra would issue it (v1 format, which ARM and Storage accept). */
  mintAccessToken(opts: {
    audience: string;
    oid: string;
    appid: string;
    lifetimeSeconds?: number;
  }): {
    token: string;
    expiresIn: number;
  } {
    const iat = nowSeconds();
    const expiresIn = opts.lifetimeSeconds ?? this.tokenLifetime();
    const claims: JwtClaims = {
      aud: opts.audience,
      iss: this.issuer(),
      iat,
      nbf: iat - 5 * 60,
      exp: iat + expiresIn,
      aio: randomUUID(),
      appid: opts.appid,
      appidacr: "1",
      idp: this.issuer(),
      idtyp: "app",
      oid: opts.oid,
      rh: "0.emulated.",
      sub: opts.oid,
      tid: this.tenantId,
      uti: randomUUID().replace(/-/g, "").slice(0, 22),
      ver: "1.0",
    };
    this.issued.push(claims);
    return { token: this.signer.sign(claims), expiresIn };
  }

  /**
   * Checks a bearer token the way a resource provider does. Returns the claims, or why the token
   * is refused, in ARM's words.
   */
  validateAccessToken(
    token: string,
    audiences: string[],
  ): { ok: true; claims: JwtClaims } | { ok: false; code: string; message: string } {
    const decoded = decodeJwt(token);
    if (!decoded || !this.signer.verifies(token)) {
      return {
        ok: false,
        code: "InvalidAuthenticationToken",
        message: "The access token is invalid.",
      };
    }
    const c = decoded.payload;
    if (c.iss !== this.issuer()) {
      return {
        ok: false,
        code: "InvalidAuthenticationTokenTenant",
        message: `The access token is from the wrong issuer '${String(c.iss)}'. It must match the tenant 'https://sts.windows.net/${this.tenantId}/' associated with this subscription. Please use the authority (URL) 'https://login.windows.net/${this.tenantId}' to get the token.`,
      };
    }
    const now = nowSeconds();
    if (
      typeof c.exp !== "number" ||
      c.exp <= now ||
      (typeof c.iat === "number" && c.iat < this.revokedBefore)
    ) {
      const exp = new Date(Math.min((c.exp ?? 0) * 1000, Date.now()));
      return {
        ok: false,
        code: "ExpiredAuthenticationToken",
        message: `The access token expiry UTC time '${armTime(exp)}' is earlier than current UTC time '${armTime(new Date())}'.`,
      };
    }
    const aud = Array.isArray(c.aud) ? c.aud[0] : c.aud;
    if (!aud || !audiences.some((a) => sameAudience(a, aud))) {
      return {
        ok: false,
        code: "InvalidAuthenticationTokenAudience",
        message: `The access token has been obtained for wrong audience or resource '${String(aud)}'. It should exactly match with one of the allowed audiences '${audiences.join("','")}'.`,
      };
    }
    return { ok: true, claims: c };
  }

  handle(req: RequestInfo): Reply | undefined {
    const m =
      /^\/([^/]+)\/(v2\.0\/\.well-known\/openid-configuration|oauth2\/v2\.0\/token|discovery\/v2\.0\/keys)$/.exec(
        req.path,
      );
    if (!m) return undefined;
    const [, tenant, what] = m as unknown as [string, string, string];
    if (tenant !== this.tenantId && tenant !== "organizations") {
      return aadError(
        400,
        "invalid_tenant",
        90002,
        `Tenant '${tenant}' not found. Check to make sure you have the correct tenant ID and are signing into the correct cloud.`,
      );
    }
    if (what.endsWith("openid-configuration") && req.method === "GET")
      return json(200, this.openIdConfiguration());
    if (what.endsWith("keys") && req.method === "GET") return json(200, this.signer.jwks());
    if (what.endsWith("token") && req.method === "POST") return this.token(req);
    return aadError(405, "invalid_request", 900561, "The endpoint only accepts POST requests.");
  }

  private openIdConfiguration(): Record<string, unknown> {
    const base = `${this.baseUrl()}/${this.tenantId}`;
    return {
      token_endpoint: `${base}/oauth2/v2.0/token`,
      token_endpoint_auth_methods_supported: [
        "client_secret_post",
        "private_key_jwt",
        "client_secret_basic",
      ],
      jwks_uri: `${base}/discovery/v2.0/keys`,
      response_modes_supported: ["query", "fragment", "form_post"],
      subject_types_supported: ["pairwise"],
      id_token_signing_alg_values_supported: ["RS256"],
      response_types_supported: ["code", "id_token", "code id_token", "id_token token"],
      scopes_supported: ["openid", "profile", "email", "offline_access"],
      issuer: `${base}/v2.0`,
      request_uri_parameter_supported: false,
      userinfo_endpoint: `${base}/openid/userinfo`,
      authorization_endpoint: `${base}/oauth2/v2.0/authorize`,
      device_authorization_endpoint: `${base}/oauth2/v2.0/devicecode`,
      http_logout_supported: true,
      frontchannel_logout_supported: true,
      end_session_endpoint: `${base}/oauth2/v2.0/logout`,
      claims_supported: ["sub", "iss", "aud", "exp", "iat", "nonce", "tid", "ver", "oid"],
      kerberos_endpoint: `${base}/kerberos`,
      tenant_region_scope: "NA",
      cloud_instance_name: "emulated.local",
      cloud_graph_host_name: "graph.emulated.local",
      msgraph_host: "graph.emulated.local",
    };
  }

  private token(req: RequestInfo): Reply {
    const form = new URLSearchParams(req.rawBody.toString("utf8"));
    const grantType = form.get("grant_type");
    const clientId = form.get("client_id") ?? "";
    const scope = form.get("scope") ?? "";
    if (grantType !== "client_credentials") {
      return aadError(
        400,
        "unsupported_grant_type",
        70003,
        `The app requested an unsupported grant type '${grantType ?? ""}'.`,
      );
    }
    const app = this.apps.get(clientId);
    if (!app) {
      return aadError(
        400,
        "invalid_client",
        700016,
        `Application with identifier '${clientId}' was not found in the directory '${this.tenantId}'. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You may have sent your authentication request to the wrong tenant.`,
      );
    }
    const secret = form.get("client_secret");
    const assertion = form.get("client_assertion");
    if (secret !== null) {
      if (!app.secrets.includes(secret)) {
        return aadError(
          400,
          "invalid_client",
          7000215,
          `Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app '${app.clientId}'.`,
        );
      }
    } else if (assertion !== null) {
      if (form.get("client_assertion_type") !== ASSERTION_TYPE) {
        return aadError(400, "invalid_request", 700025, "Client assertion type is invalid.");
      }
      const refused = this.checkAssertion(app, assertion);
      if (refused) return refused;
    } else {
      return aadError(
        400,
        "invalid_client",
        7000218,
        "The request body must contain the following parameter: 'client_assertion' or 'client_secret'.",
      );
    }
    const scopes = scope.split(/\s+/).filter((s) => s.endsWith("/.default"));
    if (scopes.length !== 1) {
      return aadError(
        400,
        "invalid_scope",
        1002012,
        `The provided value for scope ${scope} is not valid. Client credential flows must have a scope value with /.default suffixed to the resource identifier (application ID URI).`,
      );
    }
    const audience = scopes[0]!.slice(0, -"/.default".length);
    if (![...this.resources].some((r) => sameAudience(r, audience))) {
      return aadError(
        400,
        "invalid_resource",
        500011,
        `The resource principal named ${audience} was not found in the tenant named ${this.tenantId}. This can happen if the application has not been installed by the administrator of the tenant or consented to by any user in the tenant. You might have sent your authentication request to the wrong tenant.`,
      );
    }
    const { token, expiresIn } = this.mintAccessToken({
      audience,
      oid: app.objectId,
      appid: app.clientId,
    });
    return json(200, {
      token_type: "Bearer",
      expires_in: expiresIn,
      ext_expires_in: expiresIn,
      access_token: token,
    });
  }

  private checkAssertion(app: AppRegistration, assertion: string): Reply | undefined {
    const decoded = decodeJwt(assertion);
    if (!decoded)
      return aadError(400, "invalid_client", 50027, "JWT token is invalid or malformed.");
    const { iss, sub, aud, exp, nbf } = decoded.payload;
    const audiences = Array.isArray(aud) ? aud : [aud ?? ""];
    const now = nowSeconds();
    if (typeof exp !== "number" || exp < now || (typeof nbf === "number" && nbf > now + 300)) {
      return aadError(
        400,
        "invalid_client",
        700024,
        "Client assertion is not within its valid time range.",
      );
    }
    const trusted = this.trustedIssuers.find((t) => t.issuer === iss);
    if (!trusted) {
      return aadError(
        400,
        "invalid_client",
        700211,
        `No matching federated identity record found for presented assertion issuer '${String(iss)}'. Please check your federated identity credential Subject, Audience and Issuer against the presented assertion.`,
      );
    }
    if (!trusted.signer.verifies(assertion)) {
      return aadError(
        400,
        "invalid_client",
        700027,
        "Client assertion failed signature validation.",
      );
    }
    const match = app.federatedCredentials.find(
      (f) =>
        f.issuer === iss && f.subject === sub && f.audiences.some((a) => audiences.includes(a)),
    );
    if (!match) {
      return aadError(
        400,
        "invalid_client",
        70021,
        `No matching federated identity record found for presented assertion. Assertion Issuer: '${String(iss)}'. Assertion Subject: '${String(sub)}'. Assertion Audience: '${audiences.join(",")}'.`,
      );
    }
    return undefined;
  }
}

function sameAudience(a: string, b: string): boolean {
  return a.replace(/\/+$/, "").toLowerCase() === b.replace(/\/+$/, "").toLowerCase();
}

function armTime(d: Date): string {
  return d.toISOString().replace(/\.\d{3}Z$/, "");
}

/** Entra's error body: the AADSTS code leads the description, with trace and correlation ids. */
export function aadError(status: number, error: string, code: number, message: string): Reply {
  const traceId = randomUUID();
  const correlationId = randomUUID();
  const timestamp = new Date()
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
  return json(status, {
    error,
    error_description: `AADSTS${code}: ${message} Trace ID: ${traceId} Correlation ID: ${correlationId} Timestamp: ${timestamp}`,
    error_codes: [code],
    timestamp,
    trace_id: traceId,
    correlation_id: correlationId,
    error_uri: `https://login.microsoftonline.com/error?code=${code}`,
  });
}
