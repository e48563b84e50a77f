import type { ResourceManager } from "../azure/arm.js";

export const GALLERY_API = "2024-03-03";

/** A gallery image version as Resource Manager lists it; only what the lifecycle reads. */
export interface GalleryVersion {
  id: string;
  name: string;
  tags?: Record<string, string>;
  properties?: {
    provisioningState?: string;
    publishingProfile?: {
      excludeFromLatest?: boolean;
      targetRegions?: Array<{ name?: string }>;
    };
  };
}

/** Every version of a gallery image definition, in one request unless the list is paged. */
export function listGalleryVersions(
  arm: ResourceManager,
  definitionId: string,
  signal: AbortSignal,
): Promise<GalleryVersion[]> {
  return arm.list<GalleryVersion>(`${definitionId}/versions`, GALLERY_API, signal);
}

/** `.../images/{d}/versions/{v}` split into the definition and the version name. */
export function splitVersionId(id: string): { definitionId: string; version?: string } {
  const m = /^(.*\/images\/[^/]+)\/versions\/([^/]+)$/i.exec(id);
  return m ? { definitionId: m[1]!, version: m[2]! } : { definitionId: id };
}
