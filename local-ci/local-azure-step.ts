import type { LocalAzure } from "../local-azure/harness.js";
import { blobServiceClient } from "../local-azure/sdk-clients.js";
import type { HostKind, StepOptions } from "./ci-step.js";

let runCounter = 5000;

/**
 * Inputs and environment for one step against the local Azure: GitHub signs in with OIDC
 * (client-id + tenant-id) and names the custom cloud; Azure Pipelines uses the workload
 * identity federation service connection. Each call is a new run, so names never collide.
 */
export function stepAgainst(
  az: LocalAzure,
  host: HostKind,
  inputs: Record<string, string>,
  extra: Partial<StepOptions> = {},
): StepOptions {
  const runId = String(++runCounter);
  const env: Record<string, string> = {
    ...az.env,
    GITHUB_RUN_ID: runId,
    BUILD_BUILDID: runId,
    ...(extra.env ?? {}),
  };
  const all: Record<string, string> = { ...inputs };
  if (host === "github") {
    Object.assign(all, {
      environment: "custom",
      "resource-manager-endpoint": az.armEndpoint,
      "authority-host": az.authorityHost,
      "subscription-id": az.subscriptionId,
      "tenant-id": az.tenantId,
      "client-id": az.github.clientId,
      ...inputs,
    });
  } else {
    all["azure-subscription"] = az.ado.serviceConnectionId;
  }
  return { ...extra, host, inputs: all, env };
}

export function baseInputs(az: LocalAzure): Record<string, string> {
  const d = az.defaults;
  return {
    location: az.location,
    "resource-group": d.resourceGroup,
    source: "Canonical:ubuntu-24_04-lts:server:latest",
    identity: d.identityId,
    scripts: "examples/linux-gallery/scripts/*.sh",
    "staging-storage-account": d.storageAccount,
    "staging-container": d.container,
  };
}

/** Names of the blobs in the default staging container, as a test checks what is left. */
export async function stagedBlobs(az: LocalAzure): Promise<string[]> {
  const account = az.storageAccounts()[az.defaults.storageAccount]!;
  const names: string[] = [];
  for await (const b of blobServiceClient(az, account.blobEndpoint)
    .getContainerClient(az.defaults.container)
    .listBlobsFlat())
    names.push(b.name);
  return names;
}
