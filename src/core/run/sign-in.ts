import type { Host } from "../host.js";
import { InputError } from "../errors.js";
import { createCredential, subscriptionFromAzureCli } from "../azure/credentials.js";
import { ResourceManager } from "../azure/arm.js";
import type { BakeInputs } from "../inputs/read-inputs.js";

/** Signs in with the pipeline's own identity and opens Resource Manager for the subscription. */
export async function signIn(host: Host, inputs: BakeInputs): Promise<ResourceManager> {
  const auth = host.authentication();
  const credential = createCredential(auth, inputs.cloud, (secret) => host.setSecret(secret));
  const subscriptionId =
    inputs.subscriptionId ??
    (auth.kind === "azure-cli" ? await subscriptionFromAzureCli() : undefined);
  if (!subscriptionId) {
    throw new InputError(
      "subscription-id",
      "is required: no subscription was given and none could be read from an az session. Give the subscription's ID.",
    );
  }
  return new ResourceManager(inputs.cloud, credential, subscriptionId);
}
