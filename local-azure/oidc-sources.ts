import { randomUUID } from "node:crypto";
import { json, type Reply, type RequestInfo } from "./http-kit.js";
import { nowSeconds, type JwtSigner } from "./jwt.js";

/**
 * The two CI systems' federated-token sources, so both hosts' workload-identity flows run end to
 * end: GitHub's ID-token endpoint (ACTIONS_ID_TOKEN_REQUEST_URL/TOKEN) and Azure DevOps' OIDC
 * token request for a service connection (System.OidcRequestUri with System.AccessToken).
 */
export interface GitHubOidcConfig {
  issuer: string;
  subject: string;
  repository: string;
  requestToken: string;
  requestUrl: string;
}

export interface AdoOidcConfig {
  issuer: string;
  subject: string;
  organization: string;
  project: string;
  serviceConnectionId: string;
  serviceConnectionName: string;
  accessToken: string;
  requestUri: string;
}

export const FEDERATED_AUDIENCE = "api://AzureADTokenExchange";

export class OidcSources {
  readonly github: GitHubOidcConfig;
  readonly ado: AdoOidcConfig;

  constructor(
    private readonly githubSigner: JwtSigner,
    private readonly adoSigner: JwtSigner,
    baseUrl: string,
    /** Lifetime of the federated assertions, when a scenario shortens it (seconds). */
    private readonly lifetime: () => number | undefined = () => undefined,
  ) {
    const repository = "contoso/image-recipes";
    this.github = {
      issuer: "https://token.actions.githubusercontent.com",
      subject: `repo:${repository}:ref:refs/heads/main`,
      repository,
      requestToken: `ghs_${randomUUID().replace(/-/g, "")}`,
      requestUrl: `${baseUrl}/_github/oidc/token?api-version=2.0`,
    };
    const organizationId = randomUUID();
    const organization = "contoso";
    const project = "images";
    const serviceConnectionName = "bake-images";
    const planId = randomUUID();
    const jobId = randomUUID();
    this.ado = {
      issuer: `https://vstoken.dev.azure.com/${organizationId}`,
      subject: `sc://${organization}/${project}/${serviceConnectionName}`,
      organization,
      project,
      serviceConnectionId: randomUUID(),
      serviceConnectionName,
      accessToken: `ado_${randomUUID().replace(/-/g, "")}`,
      requestUri: `${baseUrl}/_ado/${organization}/${project}/_apis/distributedtask/hubs/build/plans/${planId}/jobs/${jobId}/oidctoken`,
    };
  }

  handle(req: RequestInfo): Reply | undefined {
    if (req.path === "/_github/oidc/token") return this.githubToken(req);
    if (req.path.startsWith("/_ado/") && req.path.endsWith("/oidctoken")) return this.adoToken(req);
    return undefined;
  }

  private githubToken(req: RequestInfo): Reply {
    if (req.method !== "GET") return json(405, { message: "Method Not Allowed" });
    if (req.headers.authorization !== `Bearer ${this.github.requestToken}`) {
      return json(401, { message: "Bad credentials" });
    }
    const iat = nowSeconds();
    const owner = this.github.repository.split("/")[0]!;
    const value = this.githubSigner.sign({
      jti: randomUUID(),
      sub: this.github.subject,
      aud: req.query.get("audience") ?? `https://github.com/${owner}`,
      ref: "refs/heads/main",
      sha: "0".repeat(40),
      repository: this.github.repository,
      repository_owner: owner,
      run_id: "1",
      run_number: "1",
      run_attempt: "1",
      actor: "octocat",
      workflow: "bake",
      event_name: "push",
      ref_type: "branch",
      job_workflow_ref: `${this.github.repository}/.github/workflows/bake.yml@refs/heads/main`,
      runner_environment: "github-hosted",
      iss: this.github.issuer,
      nbf: iat - 5,
      iat,
      exp: iat + (this.lifetime() ?? 300),
    });
    return json(200, { count: value.length, value });
  }

  private adoToken(req: RequestInfo): Reply {
    if (req.method !== "POST") return json(405, { message: "Method Not Allowed" });
    if (req.headers.authorization !== `Bearer ${this.ado.accessToken}`) {
      return {
        status: 401,
        headers: { "Content-Type": "text/html" },
        body: "Access Denied: The Personal Access Token used has expired.",
      };
    }
    if (!req.path.startsWith(new URL(this.ado.requestUri).pathname))
      return json(404, adoError("The plan or job was not found."));
    const connection = req.query.get("serviceConnectionId");
    if (connection !== this.ado.serviceConnectionId) {
      return json(
        400,
        adoError(
          `Service connection ${connection ?? "(none)"} does not exist or is not authorized for this pipeline.`,
        ),
      );
    }
    const iat = nowSeconds();
    const oidcToken = this.adoSigner.sign({
      jti: randomUUID(),
      sub: this.ado.subject,
      aud: FEDERATED_AUDIENCE,
      iss: this.ado.issuer,
      nbf: iat - 5,
      iat,
      exp: iat + (this.lifetime() ?? 600),
    });
    return json(200, { oidcToken });
  }
}

function adoError(message: string): Record<string, unknown> {
  return {
    $id: "1",
    innerException: null,
    message,
    typeName:
      "Microsoft.TeamFoundation.DistributedTask.WebApi.TaskOrchestrationPlanSecurityException, Microsoft.TeamFoundation.DistributedTask.WebApi",
    typeKey: "TaskOrchestrationPlanSecurityException",
    errorCode: 0,
    eventId: 3000,
  };
}
