import {
  bearerTokenAuthenticationPolicy,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type Pipeline,
} from "@azure/core-rest-pipeline";
import type { TokenCredential } from "@azure/core-auth";
import { ImageBuilderClient } from "@azure/arm-imagebuilder";
import type { Cloud } from "./clouds.js";
import { storageHttpClient } from "./storage-http.js";
import { retryAfterMs } from "./transport.js";

export const USER_AGENT = "bake-azure-image";

/**
 * Options for the storage SDK's clients: requests through the run's retrying HTTP client, the
 * SDK's own retries off (they would retry 500 and 503 only, and on top of ours).
 */
export function storageClientOptions(httpClient: HttpClient) {
  return {
    userAgentOptions: { userAgentPrefix: USER_AGENT },
    httpClient: storageHttpClient(httpClient),
    retryOptions: { maxTries: 1 },
  };
}

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
  readonly imageBuilder: ImageBuilderClient;

  /**
   * @param httpClient carries every request, retrying transient faults itself; the SDK's own
   * retry policies are switched off so a fault is not retried twice over.
   */
  constructor(
    readonly cloud: Cloud & { resourceManagerAudience: string },
    readonly credential: TokenCredential,
    readonly subscriptionId: string,
    readonly httpClient: HttpClient,
  ) {
    const scope = `${cloud.resourceManagerAudience}/.default`;
    this.pipeline = createPipelineFromOptions({
      userAgentOptions: { userAgentPrefix: USER_AGENT },
      retryOptions: { maxRetries: 0 },
    });
    this.pipeline.addPolicy(bearerTokenAuthenticationPolicy({ credential, scopes: scope }));
    this.imageBuilder = new ImageBuilderClient(credential, subscriptionId, {
      endpoint: cloud.resourceManagerEndpoint,
      credentials: { scopes: [scope] },
      userAgentOptions: { userAgentPrefix: USER_AGENT },
      httpClient,
      retryOptions: { maxRetries: 0 },
    });
    this.imageBuilder.pipeline.addPolicy({
      name: "operationRetryAfter",
      sendRequest: async (request, next) => {
        const response = await next(request);
        const wait = retryAfterMs(response.headers);
        for (const url of [
          request.url,
          response.headers.get("azure-asyncoperation"),
          response.headers.get("location"),
        ])
          if (url) this.retryAfter.set(operationKey(url), wait);
        return response;
      },
    });
  }

  /** The latest Retry-After of each long-running operation, by the URL it is polled at. */
  private readonly retryAfter = new Map<string, number | undefined>();

  /**
   * How long Resource Manager asked to wait before the operation polled at `url` is looked at
   * again: said by the answer that started it (201/202) and by each answer to a poll.
   */
  retryAfterOf(url: string | undefined): number | undefined {
    return url ? this.retryAfter.get(operationKey(url)) : undefined;
  }

  async get<T>(resourcePath: string, apiVersion: string, abortSignal?: AbortSignal): Promise<T> {
    const url = `${this.cloud.resourceManagerEndpoint}${resourcePath}?api-version=${apiVersion}`;
    return this.getUrl<T>(url, resourcePath, abortSignal);
  }

  /** Every item of a collection, following `nextLink` from page to page. */
  async list<T>(resourcePath: string, apiVersion: string, abortSignal?: AbortSignal): Promise<T[]> {
    const items: T[] = [];
    let page = await this.get<{ value?: T[]; nextLink?: string }>(
      resourcePath,
      apiVersion,
      abortSignal,
    );
    for (;;) {
      items.push(...(page.value ?? []));
      if (!page.nextLink) return items;
      page = await this.getUrl(page.nextLink, resourcePath, abortSignal);
    }
  }

  private async getUrl<T>(
    url: string,
    resourcePath: string,
    abortSignal?: AbortSignal,
  ): Promise<T> {
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

function operationKey(url: string): string {
  const u = new URL(url, "https://resource-manager.invalid");
  return u.pathname.toLowerCase();
}
