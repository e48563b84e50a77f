import { ArmError, type ResourceManager } from "../azure/arm.js";
import { resourceGroupId } from "../azure/resource-id.js";
import { InputError } from "../errors.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import type { RenderedTemplate } from "../template/render-template.js";
import type { JsonObject } from "../template/template-file.js";
import type { GalleryVersion } from "../lifecycle/gallery-versions.js";

const API = {
  resourceGroups: "2021-04-01",
  identities: "2023-01-31",
  galleries: "2024-03-03",
};

interface Located {
  location?: string;
  properties?: { osType?: string };
}

function isMissing(error: unknown): error is ArmError {
  return error instanceof ArmError && (error.status === 404 || /NotFound$/.test(error.code));
}

/** A region as Azure compares them: "West Europe" and "westeurope" are the same. */
function region(name: string): string {
  return name.replace(/\s+/g, "").toLowerCase();
}

/**
 * Reads what the template refers to before anything is created: a mistake Image Builder would
 * only report after hours of building (a gallery image definition that does not exist, an
 * image version that already does) ends the step at once, naming the input. Only "not found"
 * and what an existing resource says are decisive: a check the pipeline's identity may not
 * make (403) is skipped, since Image Builder uses the template's identity for these.
 */
export async function preflight(
  arm: ResourceManager,
  inputs: BakeInputs,
  rendered: RenderedTemplate,
  signal: AbortSignal,
  debug: (message: string) => void,
  isSameImage?: (existing: GalleryVersion, distributor: JsonObject) => boolean,
): Promise<void> {
  const read = async <T>(id: string, apiVersion: string): Promise<T | undefined | "missing"> => {
    try {
      return await arm.get<T>(id, apiVersion, signal);
    } catch (error) {
      if (isMissing(error)) return "missing";
      debug(`Could not check ${id} before the build: ${(error as Error).message}`);
      return undefined;
    }
  };
  const fromFile = (input: string) => (inputs.templateFile ? "template-file" : input);
  const checks: Array<Promise<void>> = [];

  // A staging account found by name in the resource group already showed that it exists.
  const groupSeen = inputs.stagingStorageAccount !== undefined && !inputs.stagingStorageAccount.id;
  if (!groupSeen)
    checks.push(
      (async () => {
        const id = resourceGroupId(arm.subscriptionId, inputs.resourceGroup);
        if ((await read(id, API.resourceGroups)) === "missing")
          throw new InputError(
            "resource-group",
            `names a resource group that does not exist in subscription ${arm.subscriptionId}: ${inputs.resourceGroup}. Create it first, or name an existing one.`,
          );
      })(),
    );

  const identity = rendered.body.identity as
    { userAssignedIdentities?: Record<string, unknown> } | undefined;
  for (const id of Object.keys(identity?.userAssignedIdentities ?? {})) {
    checks.push(
      (async () => {
        if ((await read(id, API.identities)) === "missing")
          throw new InputError(
            inputs.identityId ? "identity" : fromFile("identity"),
            `names a user-assigned identity that does not exist: ${id}. Create it (az identity create), or correct the ID.`,
          );
      })(),
    );
  }

  const distribute = ((rendered.body.properties as JsonObject).distribute ?? []) as JsonObject[];
  for (const d of distribute) {
    if (d.type !== "SharedImage" || typeof d.galleryImageId !== "string") continue;
    const target = d.galleryImageId;
    const version = /\/versions\/([^/]+)$/i.exec(target)?.[1];
    const definitionId = version ? target.slice(0, target.lastIndexOf("/versions/")) : target;
    const regions = ((d.targetRegions ?? []) as Array<{ name?: string }>).map((r) => r.name ?? "");
    const input = inputs.gallery ? "gallery-image-id" : fromFile("gallery-image-id");
    checks.push(
      (async () => {
        const definition = await read<Located>(definitionId, API.galleries);
        if (definition === "missing")
          throw new InputError(
            input,
            `names a gallery image definition that does not exist: ${definitionId}. Create it (az sig image-definition create), or correct the ID.`,
          );
        if (!definition) return;
        const os = definition.properties?.osType;
        const ours = rendered.osType === "windows" ? "Windows" : rendered.osType ? "Linux" : "";
        if (os && ours && os.toLowerCase() !== ours.toLowerCase())
          throw new InputError(
            input,
            `is a ${os} image definition, but this image is ${ours}. Use a ${ours} image definition.`,
          );
        const home = definition.location;
        if (home && regions.length && !regions.some((r) => region(r) === region(home)))
          throw new InputError(
            inputs.gallery ? "replication-regions" : input,
            `must include ${home}, the region of the gallery image definition ${definitionId}: a gallery keeps every version in its own region. Add ${home} to the regions.`,
          );
        const existing = version ? await read<GalleryVersion>(target, API.galleries) : undefined;
        // One built from the same inputs is no mistake: the run reuses it (if-unchanged: skip).
        if (existing && existing !== "missing" && !isSameImage?.(existing, d))
          throw new InputError(
            inputs.gallery?.version ? "image-version" : input,
            `${version} already exists in ${definitionId}: Image Builder would build the image and then fail to publish it. Choose a version that does not exist yet, e.g. one built from the run number.`,
          );
      })(),
    );
  }
  const results = await Promise.allSettled(checks);
  const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
  if (failed) throw failed.reason;
}
