import { ImageBuilderClient } from "@azure/arm-imagebuilder";
import {
  createDefaultHttpClient,
  createPipelineRequest,
  type PipelineResponse,
} from "@azure/core-rest-pipeline";
import { ClientSecretCredential, type TokenCredential } from "@azure/identity";
import { BlobServiceClient } from "@azure/storage-blob";
import type { ConformanceViolation } from "./conformance.js";
import type { LocalAzure } from "./harness.js";

/**
 * The real SDK clients, configured as a custom-cloud user would (endpoint, authority host,
 * ARM audience), plus the CA trust that only tests need (clientOptions.httpClient).
 */
export function secretCredential(az: LocalAzure): ClientSecretCredential {
  return new ClientSecretCredential(
    az.tenantId,
    az.servicePrincipal.clientId,
    az.servicePrincipal.clientSecret,
    {
      authorityHost: az.authorityHost,
      disableInstanceDiscovery: true,
      ...az.clientOptions,
    },
  );
}

export function imageBuilderClient(
  az: LocalAzure,
  credential: TokenCredential = secretCredential(az),
): ImageBuilderClient {
  return new ImageBuilderClient(credential, az.subscriptionId, {
    endpoint: az.armEndpoint,
    credentials: { scopes: [`${az.armAudience}/.default`] },
    ...az.clientOptions,
  });
}

export function blobServiceClient(
  az: LocalAzure,
  blobEndpoint: string,
  credential: TokenCredential = secretCredential(az),
): BlobServiceClient {
  return new BlobServiceClient(blobEndpoint, credential, {
    ...az.clientOptions,
    retryOptions: { maxTries: 1 },
  });
}

const httpClient = createDefaultHttpClient();

/** A raw ARM GET through the Image Builder client's own pipeline (bearer policy, retries). */
export async function armGet(
  az: LocalAzure,
  client: ImageBuilderClient,
  url: string,
): Promise<PipelineResponse & { json: unknown }> {
  const response = await client.pipeline.sendRequest(
    httpClient,
    createPipelineRequest({ url, method: "GET", tlsSettings: az.clientOptions.tlsOptions }),
  );
  return { ...response, json: response.bodyAsText ? JSON.parse(response.bodyAsText) : undefined };
}

/** Fails the test when the emulator saw or sent anything off-spec. */
export function expectConformant(az: LocalAzure): void {
  const violations = az.conformanceViolations.splice(0);
  if (violations.length) throw new Error(`spec conformance violations:\n${format(violations)}`);
}

/** Removes and returns the request-side violations a test provoked on purpose. */
export function takeRequestViolations(az: LocalAzure): ConformanceViolation[] {
  const taken = az.conformanceViolations.filter((v) => v.kind === "request");
  const rest = az.conformanceViolations.filter((v) => v.kind !== "request");
  az.conformanceViolations.splice(0, az.conformanceViolations.length, ...rest);
  return taken;
}

function format(vs: ConformanceViolation[]): string {
  return vs
    .map(
      (v) =>
        `${v.kind} ${v.operationId} ${v.method} ${v.path} ${v.status ?? ""}\n  ${v.errors.join("\n  ")}`,
    )
    .join("\n");
}

/** A minimal Linux template body in the SDK's (flattened) shape. */
export function linuxTemplate(
  az: LocalAzure,
  customize: unknown[],
  extra: Record<string, unknown> = {},
): any {
  return {
    location: az.location,
    identity: { type: "UserAssigned", userAssignedIdentities: { [az.defaults.identityId]: {} } },
    source: {
      type: "PlatformImage",
      publisher: "canonical",
      offer: "ubuntu-24_04-lts",
      sku: "server",
      version: "latest",
    },
    customize,
    distribute: [
      {
        type: "SharedImage",
        galleryImageId: az.defaults.galleryImageId,
        runOutputName: "gallery",
        targetRegions: [{ name: "westus2" }, { name: "eastus" }],
      },
    ],
    ...extra,
  };
}

export const FAST_POLL = { updateIntervalInMs: 20 };
