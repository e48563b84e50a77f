import type { ImageTemplate } from "@azure/arm-imagebuilder";
import { InputError, ref } from "../errors.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import type { TemplateRef } from "../inputs/run-mode.js";
import type { ResourceManager } from "../azure/arm.js";
import { distributorKind } from "../template/distribution.js";
import { templateCustomizer, type TemplateCustomizer } from "../template/template-customizer.js";
import type { JsonObject } from "../template/template-file.js";
import { ImageTemplateClient, SDK_POLL_MS } from "./image-template-client.js";
import type { BuildPlan } from "./outputs.js";
import { signIn } from "./sign-in.js";

/** Image Builder's default when a template names no build timeout. */
const DEFAULT_BUILD_MINUTES = 240;

/** A template as Image Builder keeps it, read for what following its build needs. */
export interface FoundTemplate {
  template: ImageTemplate;
  customizers: TemplateCustomizer[];
  plan: BuildPlan;
  buildMinutes: number;
}

/**
 * Signs in and opens the named template. A resource ID in another subscription than the one
 * signed in to is one error naming the input.
 */
export async function openNamedTemplate(
  host: Parameters<typeof signIn>[0],
  inputs: BakeInputs,
  input: string,
  named: TemplateRef,
): Promise<{ arm: ResourceManager; client: ImageTemplateClient }> {
  const arm = await signIn(host, inputs);
  if (
    named.subscriptionId &&
    named.subscriptionId.toLowerCase() !== arm.subscriptionId.toLowerCase()
  ) {
    throw new InputError(
      input,
      `names a template in subscription ${named.subscriptionId}, but the step works in subscription ${arm.subscriptionId}. Use a service connection or ${ref("subscription-id")} for the template's subscription.`,
    );
  }
  const client = new ImageTemplateClient(
    arm,
    named.resourceGroup ?? inputs.resourceGroup,
    named.name,
    SDK_POLL_MS,
  );
  return { arm, client };
}

/** Reads the template, or fails naming the input when there is none. */
export async function findTemplate(
  client: ImageTemplateClient,
  input: string,
  signal: AbortSignal,
): Promise<FoundTemplate> {
  const template = await client.find(signal);
  if (!template) {
    throw new InputError(
      input,
      `names an image template that does not exist: ${client.id}. Check its name and resource group${input === "follow" ? "; a build already followed to its end had its template removed" : ""}.`,
    );
  }
  return asFound(template);
}

export function asFound(template: ImageTemplate): FoundTemplate {
  const customize = (template.customize ?? []) as unknown[];
  return {
    template,
    customizers: customize.map((c, i) => templateCustomizer(c, i)),
    plan: {
      runOutputs: (template.distribute ?? []).map((d) => ({
        name: d.runOutputName,
        kind: distributorKind(d.type),
      })),
      body: { identity: template.identity as unknown as JsonObject },
    },
    buildMinutes: template.buildTimeoutInMinutes || DEFAULT_BUILD_MINUTES,
  };
}
