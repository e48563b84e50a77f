import type { Host } from "../host.js";
import { InputError } from "../errors.js";
import { createCredential, subscriptionFromAzureCli } from "../azure/credentials.js";
import { ResourceManager } from "../azure/arm.js";
import { withResourceManagerAudience } from "../azure/cloud-metadata.js";
import { RetryingHttpClient, type RetryIncident } from "../azure/transport.js";
import type { BakeInputs } from "../inputs/read-inputs.js";

/** Signs in with the pipeline's own identity and opens Resource Manager for the subscription. */
export async function signIn(host: Host, inputs: BakeInputs): Promise<ResourceManager> {
  const auth = host.authentication();
  const transport = new RetryingHttpClient(
    (incident) => host.info(describeIncident(incident)),
    undefined,
    armActionsAreNotReplayed(inputs.cloud.resourceManagerEndpoint),
  );
  const subscriptionId =
    inputs.subscriptionId ??
    (auth.kind === "azure-cli" ? await subscriptionFromAzureCli() : undefined);
  if (!subscriptionId) {
    throw new InputError(
      "subscription-id",
      "is required: no subscription was given and none could be read from an az session. Give the subscription's ID.",
    );
  }
  const cloud = await withResourceManagerAudience(inputs.cloud, transport, host.cancellation);
  const credential = createCredential(auth, cloud, (secret) => host.setSecret(secret), transport);
  return new ResourceManager(cloud, credential, subscriptionId, transport);
}

/** Resource Manager's POST actions (run, cancel) may have happened even when the answer was lost. */
function armActionsAreNotReplayed(endpoint: string) {
  const origin = new URL(endpoint).origin;
  return (request: { method: string; url: string }) => {
    if (request.method !== "POST") return true;
    const url = new URL(request.url);
    return !(url.origin === origin && url.pathname.includes("/providers/"));
  };
}

export function describeIncident(incident: RetryIncident): string {
  const what = /^\d+$/.test(incident.fault)
    ? `answered ${incident.fault}`
    : `failed (${incident.fault})`;
  return `${incident.service} ${what} to ${incident.method} ${incident.path}; trying again in ${(incident.delayMs / 1000).toFixed(1)} s (a transient fault: retried with backoff, logged once per minute).`;
}
