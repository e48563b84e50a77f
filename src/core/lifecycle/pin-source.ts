import { ArmError, type ResourceManager } from "../azure/arm.js";
import type { ImageSource } from "../inputs/source.js";
import type { Json, JsonObject } from "../template/template-file.js";
import { listGalleryVersions, splitVersionId } from "./gallery-versions.js";
import { highest } from "./version-order.js";

const COMPUTE_API = "2024-07-01";

export interface PinnedSource {
  /** The exact version the build starts from: a platform version, or a gallery version's name. */
  version?: string;
  /** False when `latest` could not be resolved: the image cannot be fingerprinted then. */
  pinned: boolean;
}

/**
 * Resolves `latest` of the source now and writes the exact version into the template, so
 * the build is deterministic, the source version is known before it, and the fingerprint
 * says which source the image was built from.
 */
export async function pinSourceVersion(
  arm: ResourceManager,
  body: JsonObject,
  signal: AbortSignal,
  debug: (message: string) => void,
): Promise<PinnedSource> {
  const properties = body.properties as JsonObject;
  const source = properties.source as unknown as ImageSource;
  try {
    if (source.type === "PlatformImage") {
      if (source.version.toLowerCase() !== "latest")
        return { version: source.version, pinned: true };
      const path = `/subscriptions/${arm.subscriptionId}/providers/Microsoft.Compute/locations/${encodeURIComponent(body.location as string)}/publishers/${source.publisher}/artifacttypes/vmimage/offers/${source.offer}/skus/${source.sku}/versions`;
      const listed = await arm.get<Array<{ name: string }>>(path, COMPUTE_API, signal);
      const newest = highest(listed, (v) => v.name);
      if (!newest) return unresolved(debug, `no versions are listed for ${path}`);
      properties.source = { ...source, version: newest.name } as unknown as Json;
      return { version: newest.name, pinned: true };
    }
    if (source.type === "SharedImageVersion") {
      const { definitionId, version } = splitVersionId(source.imageVersionId);
      if (version?.toLowerCase() !== "latest") return { version, pinned: true };
      // "latest" of a gallery definition: the highest version not excluded from latest.
      const candidates = (await listGalleryVersions(arm, definitionId, signal)).filter(
        (v) =>
          !v.properties?.publishingProfile?.excludeFromLatest &&
          (v.properties?.provisioningState ?? "Succeeded") === "Succeeded",
      );
      const newest = highest(candidates, (v) => v.name);
      if (!newest) return unresolved(debug, `${definitionId} has no version to use as latest`);
      properties.source = {
        ...source,
        imageVersionId: `${definitionId}/versions/${newest.name}`,
      };
      return { version: newest.name, pinned: true };
    }
    return { pinned: true };
  } catch (error) {
    if (!(error instanceof ArmError)) throw error;
    return unresolved(debug, error.message);
  }
}

/** Image Builder resolves `latest` itself then; the run builds, as nothing proves it unchanged. */
function unresolved(debug: (message: string) => void, why: string): PinnedSource {
  debug(
    `The source's latest version could not be resolved before the build (${why}); it is left to Image Builder, and no earlier image is reused.`,
  );
  return { pinned: false };
}
