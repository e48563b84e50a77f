import {
  bearerTokenAuthenticationPolicy,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  createDefaultHttpClient,
  type HttpClient,
  type Pipeline,
} from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/core-auth";
import { ImageBuilderClient } from "@azure/arm-imagebuilder";
import type { Cloud } from "./clouds.js";

export const USER_AGENT = "bake-azure-image";

/** An error Resource Manager answered with, in its own words. */
export class ArmError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly path: string,
  ) {
    super(message);
    this.name = "ArmError";
  }
}

/**
 * Resource Manager for one cloud and subscription: the Image Builder SDK client, and plain
 * GETs for the few other resources the run reads (storage accounts, identities, galleries).
 */
export class ResourceManager {
  private readonly pipeline: Pipeline;
  private readonly httpClient: HttpClient = createDefaultHttpClient();
  readonly imageBuilder: ImageBuilderClient;

  constructor(
    readonly cloud: Cloud,
    readonly credential: TokenCredential,
    readonly subscriptionId: string,
  ) {
    const scope = `${cloud.resourceManagerAudience}/.default`;
    this.pipeline = createPipelineFromOptions({
      userAgentOptions: { userAgentPrefix: USER_AGENT },
    });
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: scope }));
    this.imageBuilder = new ImageBuilderClient(credential, subscriptionId, {
      endpoint: cloud.resourceManagerEndpoint,
      credentials: { scopes: [scope] },
      userAgentOptions: { userAgentPrefix: USER_AGENT },
    });
  }

  async get<T>(resourcePath: string, apiVersion: string, abortSignal?: AbortSignal): Promise<T> {
    const url = `${this.cloud.resourceManagerEndpoint}${resourcePath}?api-version=${apiVersion}`;
    const request = createPipelineRequest({
      url,
      method: "GET",
      headers: createHttpHeaders({ accept: "application/json" }),
      abortSignal,
    });
    const response = await this.pipeline.sendRequest(this.httpClient, request);
    const body = response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : undefined;
    if (response.status >= 400) {
      const error = (body as { error?: { code?: string; message?: string } } | undefined)?.error;
      throw new ArmError(
        response.status,
        error?.code ?? `HTTP${response.status}`,
        error?.message ?? `Resource Manager answered ${response.status}`,
        resourcePath,
      );
    }
    return body as T;
  }
}
