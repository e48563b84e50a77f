import { compareVersions } from "../lifecycle/version-order.js";
import { API } from "./api-versions.js";
import type { GalleryImageDefinition } from "./existence-checks.js";
import { securityTypeOf, type ImageTraits } from "./image-security.js";
import type { ReadResult, ResourceReads } from "./resource-reads.js";
import { galleryDefinitionOf, type TemplateSource } from "./template-fields.js";

interface PlatformImageVersion {
  name?: string;
  properties?: { hyperVGeneration?: string; features?: Array<{ name?: string; value?: string }> };
}

interface ManagedImage {
  properties?: { hyperVGeneration?: string };
}

export function platformImagePath(
  subscriptionId: string,
  location: string,
  s: { publisher: string; offer: string; sku: string },
): string {
  const region = location.replace(/\s+/g, "").toLowerCase();
  return `/subscriptions/${subscriptionId}/providers/Microsoft.Compute/locations/${region}/publishers/${s.publisher}/artifacttypes/vmimage/offers/${s.offer}/skus/${s.sku}/versions`;
}

export type SourceTraits = ReadResult<ImageTraits & { described: string }>;

/**
 * The generation and security type of the image the build starts from: a platform image's
 * from the Compute API (`latest` is the highest version listed in the template's region), a
 * gallery version's from its image definition, a managed image's from the image.
 */
export async function sourceTraits(
  reads: ResourceReads,
  source: TemplateSource,
  location: string | undefined,
): Promise<SourceTraits> {
  if (source.type === "PlatformImage") {
    if (!location) return { unreadable: "the template has no location" };
    const path = platformImagePath(reads.subscriptionId, location, source);
    let version = source.version;
    if (version.toLowerCase() === "latest") {
      const versions = await reads.read<Array<{ name: string }>>(path, API.platformImages);
      if (!("found" in versions)) return versions;
      const names = (Array.isArray(versions.found) ? versions.found : []).map((v) => v.name);
      if (!names.length) return { missing: true };
      version = names.sort(compareVersions).pop()!;
    }
    const image = await reads.read<PlatformImageVersion>(`${path}/${version}`, API.platformImages);
    if (!("found" in image)) return image;
    return {
      found: {
        generation: image.found.properties?.hyperVGeneration,
        securityType: securityTypeOf(image.found.properties?.features),
        described: `platform image ${source.publisher}:${source.offer}:${source.sku}:${version}`,
      },
    };
  }
  if (source.type === "SharedImageVersion") {
    const definitionId = galleryDefinitionOf(source.imageVersionId);
    const definition = await reads.read<GalleryImageDefinition>(definitionId, API.galleries);
    if (!("found" in definition)) return definition;
    return {
      found: {
        generation: definition.found.properties?.hyperVGeneration,
        securityType: securityTypeOf(definition.found.properties?.features),
        described: `gallery image definition ${definitionId}`,
      },
    };
  }
  const image = await reads.read<ManagedImage>(source.imageId, API.images);
  if (!("found" in image)) return image;
  // A managed image cannot carry a security type.
  return {
    found: {
      generation: image.found.properties?.hyperVGeneration,
      described: `managed image ${source.imageId}`,
    },
  };
}
