import { parseResourceId } from "../azure/resource-id.js";
import type { RenderedTemplate } from "../template/render-template.js";
import type { JsonObject } from "../template/template-file.js";

/** The fields of the rendered template the checks look at, read from the body as submitted. */

export interface VnetConfig {
  subnetId?: string;
  containerInstanceSubnetId?: string;
  proxyVmSize?: string;
}

function properties(rendered: RenderedTemplate): JsonObject {
  return (rendered.body.properties ?? {}) as JsonObject;
}

export function vnetConfigOf(rendered: RenderedTemplate): VnetConfig {
  const vmProfile = (properties(rendered).vmProfile ?? {}) as JsonObject;
  return (vmProfile.vnetConfig ?? {}) as VnetConfig;
}

export type TemplateSource =
  | { type: "PlatformImage"; publisher: string; offer: string; sku: string; version: string }
  | { type: "ManagedImage"; imageId: string }
  | { type: "SharedImageVersion"; imageVersionId: string };

export function sourceOf(rendered: RenderedTemplate): TemplateSource | undefined {
  const source = properties(rendered).source as TemplateSource | undefined;
  return source && typeof source === "object" ? source : undefined;
}

export type Distribution =
  | { type: "SharedImage"; galleryImageId: string; targetRegions?: Array<{ name?: string }> }
  | { type: "ManagedImage"; imageId: string; location?: string }
  | { type: "VHD" };

export function distributionsOf(rendered: RenderedTemplate): Distribution[] {
  return ((properties(rendered).distribute ?? []) as unknown as Distribution[]).filter(
    (d) => d && typeof d === "object",
  );
}

export function templateIdentityIds(rendered: RenderedTemplate): string[] {
  const identity = rendered.body.identity as
    { userAssignedIdentities?: Record<string, unknown> } | undefined;
  return Object.keys(identity?.userAssignedIdentities ?? {});
}

export function locationOf(rendered: RenderedTemplate): string | undefined {
  return typeof rendered.body.location === "string" ? rendered.body.location : undefined;
}

/** A region as Azure compares them: "West Europe" and "westeurope" are the same. */
export function sameRegion(a: string, b: string): boolean {
  const norm = (r: string) => r.replace(/\s+/g, "").toLowerCase();
  return norm(a) === norm(b);
}

/** The definition a gallery image version (or the definition itself) belongs to. */
export function galleryDefinitionOf(id: string): string {
  const at = id.toLowerCase().lastIndexOf("/versions/");
  return at >= 0 ? id.slice(0, at) : id;
}

export function galleryOf(definitionId: string): string {
  return definitionId.slice(0, definitionId.toLowerCase().lastIndexOf("/images/"));
}

/** The virtual network a subnet is in. */
export function vnetOf(subnetId: string): string {
  return subnetId.slice(0, subnetId.toLowerCase().lastIndexOf("/subnets/"));
}

export function groupOf(
  id: string,
): { subscriptionId: string; resourceGroup: string; id: string } | undefined {
  const parsed = parseResourceId(id);
  return parsed
    ? {
        subscriptionId: parsed.subscriptionId,
        resourceGroup: parsed.resourceGroup,
        id: `/subscriptions/${parsed.subscriptionId}/resourceGroups/${parsed.resourceGroup}`,
      }
    : undefined;
}

export function lastName(id: string): string {
  return id.replace(/\/+$/, "").split("/").pop() ?? id;
}
