import { ArmError, type ResourceManager } from "../azure/arm.js";
import type { JsonObject } from "../template/template-file.js";
import { FINGERPRINT_TAG } from "./fingerprint.js";
import { listGalleryVersions, splitVersionId, type GalleryVersion } from "./gallery-versions.js";
import { compareVersions, regionKey } from "./version-order.js";

const IMAGES_API = "2024-07-01";

export interface ReusedArtifact {
  kind: "gallery" | "managed";
  /** The distributor's run output name in this run's template. */
  runOutputName: string;
  id: string;
}

/**
 * A gallery version can stand in for this run's build when it carries our fingerprint, was
 * published, and reached every region this run would replicate to.
 */
export function isReusableVersion(
  version: GalleryVersion,
  fingerprint: string,
  regions: string[],
): boolean {
  if (version.tags?.[FINGERPRINT_TAG] !== fingerprint) return false;
  if ((version.properties?.provisioningState ?? "") !== "Succeeded") return false;
  const reached = new Set(
    (version.properties?.publishingProfile?.targetRegions ?? []).map((r) =>
      regionKey(r.name ?? ""),
    ),
  );
  return regions.every((r) => reached.has(regionKey(r)));
}

export function requestedRegions(distributor: JsonObject, location: string): string[] {
  const target = distributor.targetRegions as Array<{ name?: string }> | undefined;
  if (target?.length) return target.map((r) => r.name ?? "");
  const replication = distributor.replicationRegions as string[] | undefined;
  return replication?.length ? replication : [location];
}

/**
 * The images made earlier from the same inputs, one for each distribution target, or
 * undefined when a target has none (or is a VHD, which carries no tags): then the run builds.
 */
export async function findSameImage(
  arm: ResourceManager,
  body: JsonObject,
  fingerprint: string,
  signal: AbortSignal,
): Promise<ReusedArtifact[] | undefined> {
  const distribute = ((body.properties as JsonObject).distribute ?? []) as JsonObject[];
  if (!distribute.length || distribute.some((d) => d.type === "VHD")) return undefined;
  const found = await Promise.all(
    distribute.map(async (d): Promise<ReusedArtifact | undefined> => {
      const runOutputName = (d.runOutputName as string | undefined) ?? "";
      if (d.type === "SharedImage" && typeof d.galleryImageId === "string") {
        const { definitionId, version: asked } = splitVersionId(d.galleryImageId);
        const regions = requestedRegions(d, body.location as string);
        const reusable = (await readOr(listGalleryVersions(arm, definitionId, signal), [])).filter(
          (v) => isReusableVersion(v, fingerprint, regions),
        );
        // The version asked for when it is one of them, else the highest.
        const best =
          reusable.find((v) => asked && v.name === asked) ??
          reusable.sort((a, b) => compareVersions(b.name, a.name))[0];
        return best && { kind: "gallery", runOutputName, id: best.id };
      }
      if (d.type === "ManagedImage" && typeof d.imageId === "string") {
        const image = await readOr(
          arm.get<{
            id: string;
            tags?: Record<string, string>;
            properties?: { provisioningState?: string };
          }>(d.imageId, IMAGES_API, signal),
          undefined,
        );
        return image?.tags?.[FINGERPRINT_TAG] === fingerprint &&
          image.properties?.provisioningState === "Succeeded"
          ? { kind: "managed", runOutputName, id: image.id }
          : undefined;
      }
      return undefined;
    }),
  );
  return found.every((f) => f !== undefined) ? found : undefined;
}

/** Not found, or not readable by the pipeline: nothing to reuse, so the run builds. */
async function readOr<T, F>(read: Promise<T>, fallback: F): Promise<T | F> {
  try {
    return await read;
  } catch (error) {
    if (error instanceof ArmError) return fallback;
    throw error;
  }
}
