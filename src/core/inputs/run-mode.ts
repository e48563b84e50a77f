import type { Host } from "../host.js";
import { InputError, quote, ref } from "../errors.js";
import { RESOURCE_TYPES, requireResourceId, looksLikeResourceId } from "../azure/resource-id.js";
import { ARM_NAME } from "../naming.js";
import { defaultOf, INPUTS, type InputSpec } from "./catalog.js";
import type { BakeInputs } from "./read-inputs.js";
import { parseBoolean } from "./values.js";

/** An image template named by the user: its resource group is resource-group's unless the ID says. */
export interface TemplateRef {
  name: string;
  resourceGroup?: string;
  subscriptionId?: string;
}

/**
 * What the step does with Image Builder: build what the inputs describe (and wait, or start
 * and hand the build over), run a template made elsewhere, or follow a build started earlier.
 */
export type RunMode =
  | { kind: "build"; wait: boolean }
  | { kind: "existing"; template: TemplateRef; wait: boolean }
  | { kind: "follow"; template: TemplateRef };

/** Inputs that describe the image to make: they mean nothing for a template that already exists. */
const DESCRIBING_GROUPS = new Set<InputSpec["group"]>([
  "image",
  "customize",
  "distribute",
  "build",
  "staging",
]);

/**
 * Reads existing-template, follow and wait, before the other inputs: with a template that
 * already exists, an input that describes the image is a mistake, reported as one error
 * naming both inputs rather than as a problem of the input itself.
 */
export function readRunMode(host: Host): RunMode {
  const given = (name: string): string | undefined => {
    const value = host.getInput(name);
    return value === undefined || value === "" || value === defaultOf(name) ? undefined : value;
  };
  const existing = given("existing-template");
  const follow = given("follow");
  const wait = parseBoolean("wait", host.getInput("wait"), true);
  if (existing && follow) {
    throw new InputError(
      "follow",
      `and ${ref("existing-template")} cannot be given together: existing-template starts (or joins) a run of a template, follow follows a build an earlier step started. Keep one.`,
    );
  }
  if (follow && !wait) {
    throw new InputError(
      "wait",
      `false does not apply to ${ref("follow")}, which always waits for the build to end. Remove wait.`,
    );
  }
  const modeInput = existing ? "existing-template" : follow ? "follow" : undefined;
  if (!modeInput) return { kind: "build", wait };
  const why =
    modeInput === "existing-template"
      ? "which runs the template as it is in Azure"
      : "which follows a build whose template already exists";
  for (const spec of INPUTS) {
    const describes =
      DESCRIBING_GROUPS.has(spec.group) ||
      spec.name === "variables" ||
      spec.name === "dry-run" ||
      (modeInput === "existing-template" && spec.name === "keep-on-failure");
    if (describes && given(spec.name) !== undefined) {
      throw new InputError(
        spec.name,
        `does not apply with ${ref(modeInput)}, ${why}. Remove ${ref(spec.name)}, or ${ref(modeInput)}.`,
      );
    }
  }
  if (existing)
    return { kind: "existing", template: templateRef("existing-template", existing, true), wait };
  return { kind: "follow", template: templateRef("follow", follow!, false) };
}

function templateRef(input: string, raw: string, nameAllowed: boolean): TemplateRef {
  if (looksLikeResourceId(raw)) {
    const id = requireResourceId(input, raw, RESOURCE_TYPES.imageTemplate);
    return {
      name: id.names[0]!,
      resourceGroup: id.resourceGroup,
      subscriptionId: id.subscriptionId,
    };
  }
  if (!nameAllowed) {
    throw new InputError(
      input,
      `${quote(raw)} is not a resource ID. Give the template-id output of the step that started the build: ${RESOURCE_TYPES.imageTemplate.form}.`,
    );
  }
  if (!ARM_NAME.test(raw)) {
    throw new InputError(
      input,
      `${quote(raw)} is neither an image template name nor a resource ID. Give the template's name in ${ref("resource-group")}, or ${RESOURCE_TYPES.imageTemplate.form}.`,
    );
  }
  return { name: raw };
}

/** A template named by resource ID tells the subscription when subscription-id does not. */
export function withTemplateSubscription(inputs: BakeInputs, mode: RunMode): BakeInputs {
  const fromId = mode.kind === "build" ? undefined : mode.template.subscriptionId;
  return fromId && !inputs.subscriptionId ? { ...inputs, subscriptionId: fromId } : inputs;
}
