import {
  bearerTokenAuthenticationPolicy,
  createHttpHeaders,
  createPipelineFromOptions,
  createPipelineRequest,
  type HttpClient,
  type HttpHeaders,
  type HttpMethods,
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

  /**
   * GETs one resource. `query` adds parameters such as `$filter`; a listing's later pages
   * (nextLink) are for `list`.
   */
  async get<T>(
    resourcePath: string,
    apiVersion: string,
    abortSignal?: AbortSignal,
    query?: Record<string, string>,
  ): Promise<T> {
    const extra = Object.entries(query ?? {})
      .map(([k, v]) => `&${k}=${encodeURIComponent(v)}`)
      .join("");
    const url = `${this.cloud.resourceManagerEndpoint}${resourcePath}?api-version=${apiVersion}${extra}`;
    return this.getUrl<T>(url, resourcePath, abortSignal);
  }

  /** Every item of a listing answered as `{ value, nextLink }`, following the pages. */
  async list<T>(
    resourcePath: string,
    apiVersion: string,
    abortSignal?: AbortSignal,
    query?: Record<string, string>,
  ): Promise<T[]> {
    const items: T[] = [];
    let page = await this.get<{ value?: T[]; nextLink?: string }>(
      resourcePath,
      apiVersion,
      abortSignal,
      query,
    );
    for (let pages = 1; ; pages++) {
      items.push(...(page.value ?? []));
      // A listing that keeps answering a next page is cut off rather than followed forever.
      if (!page.nextLink || pages >= 100) return items;
      page = await this.getUrl(page.nextLink, resourcePath, abortSignal);
    }
  }

  private async getUrl<T>(
    url: string,
    resourcePath: string,
    abortSignal?: AbortSignal,
  ): Promise<T> {
    const response = await this.send("GET", url, abortSignal);
    if (response.status >= 400) throw armErrorOf(response, resourcePath);
    return response.body as T;
  }

  /**
   * One request to a full Resource Manager URL (a resource, a nextLink, an operation to poll),
   * answered as it came: the caller decides what each status means.
   */
  async send(method: HttpMethods, url: string, abortSignal?: AbortSignal): Promise<ArmAnswer> {
    const request = createPipelineRequest({
      url,
      method,
      headers: createHttpHeaders({ accept: "application/json" }),
      abortSignal,
    });
    const response = await this.pipeline.sendRequest(this.httpClient, request);
    const body = response.bodyAsText ? (JSON.parse(response.bodyAsText) as unknown) : undefined;
    return { status: response.status, headers: response.headers, body };
  }
}

export interface ArmAnswer {
  status: number;
  headers: HttpHeaders;
  body: unknown;
}

/** The ArmError of an answer of 400 or more, in Resource Manager's words. */
export function armErrorOf(answer: ArmAnswer, resourcePath: string): ArmError {
  const error = (answer.body as { error?: { code?: string; message?: string } } | undefined)?.error;
  return new ArmError(
    answer.status,
    error?.code ?? `HTTP${answer.status}`,
    error?.message ?? `Resource Manager answered ${answer.status}`,
    resourcePath,
  );
}

function operationKey(url: string): string {
  const u = new URL(url, "https://resource-manager.invalid");
  return u.pathname.toLowerCase();
}
