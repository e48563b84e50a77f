import { resourceGroupId } from "../azure/resource-id.js";
import { API } from "./api-versions.js";
import { inputFor, problem, type CheckFamily, type PreflightContext } from "./check-family.js";
import {
  distributionsOf,
  galleryDefinitionOf,
  sameRegion,
  templateIdentityIds,
} from "./template-fields.js";

export interface GalleryImageDefinition {
  location?: string;
  properties?: {
    osType?: string;
    hyperVGeneration?: string;
    features?: Array<{ name?: string; value?: string }>;
  };
}

/**
 * What the template refers to exists: a mistake Image Builder would only report after hours
 * of building (a gallery image definition that does not exist, an image version that already
 * does) ends the step at once, naming the input.
 */
export const existenceChecks: CheckFamily = {
  name: "resource",
  needs: "Reader on the resource group, the template's identity and the gallery",
  checks(ctx) {
    return [
      ...resourceGroupCheck(ctx),
      ...templateIdentityIds(ctx.rendered).map((id) => identityCheck(ctx, id)),
      ...galleryTargetChecks(ctx),
    ];
  },
};

function resourceGroupCheck({ inputs, reads, skip }: PreflightContext): Array<Promise<void>> {
  // A staging account found by name in the resource group already showed that it exists.
  if (inputs.stagingStorageAccount !== undefined && !inputs.stagingStorageAccount.id) return [];
  return [
    (async () => {
      const id = resourceGroupId(reads.subscriptionId, inputs.resourceGroup);
      const group = await reads.read(id, API.resourceGroups);
      if ("unreadable" in group) return skip(id, group.unreadable);
      if ("missing" in group)
        throw problem(
          "resource-group",
          `names a resource group that does not exist in subscription ${reads.subscriptionId}: ${inputs.resourceGroup}. Create it first (az group create --name ${inputs.resourceGroup} --location <region>), or name an existing one.`,
        );
    })(),
  ];
}

async function identityCheck({ inputs, reads, skip }: PreflightContext, id: string) {
  const identity = await reads.read(id, API.identities);
  if ("unreadable" in identity) return skip(id, identity.unreadable);
  if ("missing" in identity)
    throw problem(
      inputFor(inputs, "identity", inputs.identityId !== undefined),
      `names a user-assigned identity that does not exist: ${id}. Create it (az identity create), or correct the ID.`,
    );
}

function galleryTargetChecks(ctx: PreflightContext): Array<Promise<void>> {
  const { inputs, rendered, reads, skip } = ctx;
  const input = inputFor(inputs, "gallery-image-id", inputs.gallery !== undefined);
  return distributionsOf(rendered).flatMap((d) => {
    if (d.type !== "SharedImage" || typeof d.galleryImageId !== "string") return [];
    const target = d.galleryImageId;
    const definitionId = galleryDefinitionOf(target);
    const version =
      definitionId.length < target.length ? target.slice(definitionId.length + 10) : undefined;
    const regions = (d.targetRegions ?? []).map((r) => r.name ?? "");
    return [
      (async () => {
        const definition = await reads.read<GalleryImageDefinition>(definitionId, API.galleries);
        if ("unreadable" in definition) return skip(definitionId, definition.unreadable);
        if ("missing" in definition)
          throw problem(
            input,
            `names a gallery image definition that does not exist: ${definitionId}. Create it (az sig image-definition create), or correct the ID.`,
          );
        const os = definition.found.properties?.osType;
        const ours = rendered.osType === "windows" ? "Windows" : rendered.osType ? "Linux" : "";
        if (os && ours && os.toLowerCase() !== ours.toLowerCase())
          throw problem(
            input,
            `is a ${os} image definition, but this image is ${ours}. Use a ${ours} image definition.`,
          );
        const home = definition.found.location;
        if (home && regions.length && !regions.some((r) => sameRegion(r, home)))
          throw problem(
            inputs.gallery ? "replication-regions" : input,
            `must include ${home}, the region of the gallery image definition ${definitionId}: a gallery keeps every version in its own region. Add ${home} to the regions.`,
          );
        if (!version) return;
        const existing = await reads.read(target, API.galleries);
        if ("unreadable" in existing) return skip(target, existing.unreadable);
        if ("found" in existing)
          throw problem(
            inputs.gallery?.version ? "image-version" : input,
            `${version} already exists in ${definitionId}: Image Builder would build the image and then fail to publish it. Choose a version that does not exist yet, e.g. one built from the run number.`,
          );
      })(),
    ];
  });
}
