import {
  createHttpHeaders,
  createPipelineRequest,
  type HttpClient,
} from "@azure/core-rest-pipeline";
import { InputError, ref } from "../errors.js";
import type { Cloud } from "./clouds.js";

/** The version Azure Stack Hub documents for its metadata endpoint. */
const METADATA_API_VERSION = "2015-01-01";

interface CloudMetadata {
  authentication?: { loginEndpoint?: string; audiences?: unknown };
}

/**
 * The cloud with its Resource Manager token audience. A custom cloud that was not given one
 * (Azure Stack Hub, a private cloud) publishes it, unauthenticated, as the first of
 * `authentication.audiences` at `<resource-manager-endpoint>/metadata/endpoints`; Entra ID
 * refuses a token for the endpoint's own URL (AADSTS500011) there.
 */
export async function withResourceManagerAudience(
  cloud: Cloud,
  httpClient: HttpClient,
  abortSignal?: AbortSignal,
): Promise<Cloud & { resourceManagerAudience: string }> {
  if (cloud.resourceManagerAudience)
    return { ...cloud, resourceManagerAudience: cloud.resourceManagerAudience };
  const url = `${cloud.resourceManagerEndpoint}/metadata/endpoints?api-version=${METADATA_API_VERSION}`;
  const fail = (why: string) =>
    new InputError(
      "resource-manager-audience",
      `is not given, and the cloud's metadata at ${url} does not name it (${why}). Give the audience its Resource Manager accepts tokens for (authentication.audiences of that document), or check ${ref("resource-manager-endpoint")}.`,
    );
  let body: CloudMetadata;
  try {
    const response = await httpClient.sendRequest(
      createPipelineRequest({
        url,
        method: "GET",
        headers: createHttpHeaders({ accept: "application/json" }),
        abortSignal,
      }),
    );
    if (response.status !== 200) throw fail(`it answered ${response.status}`);
    body = JSON.parse(response.bodyAsText ?? "") as CloudMetadata;
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw fail(error instanceof SyntaxError ? "the answer is not JSON" : (error as Error).message);
  }
  const audiences = body.authentication?.audiences;
  const first: unknown = Array.isArray(audiences) ? audiences[0] : undefined;
  if (typeof first !== "string" || !first) throw fail("authentication.audiences is empty");
  return { ...cloud, resourceManagerAudience: first.replace(/\/+$/, "") };
}
