import type { CloudState, GallerySecurityType } from "./cloud-state.js";
import type { ImageSecurityType } from "./platform-images.js";

type Json = Record<string, unknown>;

interface SourceTraits {
  hyperVGeneration: "V1" | "V2";
  securityType?: ImageSecurityType | GallerySecurityType;
}

/** What the emulated cloud knows of a template's source; undefined when it does not model it. */
function sourceTraits(state: CloudState, location: string, source: Json): SourceTraits | undefined {
  const str = (v: unknown) => (typeof v === "string" ? v : "");
  if (source.type === "PlatformImage") {
    const image = state.platformImages.find(
      location,
      str(source.publisher),
      str(source.offer),
      str(source.sku),
      str(source.version) || "latest",
    );
    return image && { hyperVGeneration: image.hyperVGeneration, securityType: image.securityType };
  }
  if (source.type === "SharedImageVersion") {
    const def = state.galleryImageById(
      str(source.imageVersionId).replace(/\/versions\/[^/]+$/i, ""),
    );
    return def && { hyperVGeneration: def.hyperVGeneration, securityType: def.securityType };
  }
  if (source.type === "ManagedImage") {
    const image = state.managedImages.get(str(source.imageId).toLowerCase());
    return image && { hyperVGeneration: image.hyperVGeneration ?? "V2" };
  }
  return undefined;
}

const CONFIDENTIAL = [
  "ConfidentialVM",
  "ConfidentialVmSupported",
  "TrustedLaunchAndConfidentialVmSupported",
];
const TRUSTED_LAUNCH = ["TrustedLaunch", "TrustedLaunchSupported", ...CONFIDENTIAL];
/** Sources whose VMs must run with that security type, so a Standard definition cannot take them. */
const REQUIRES = ["TrustedLaunch", "ConfidentialVM"];

function securityFits(definition: string | undefined, source: string | undefined): boolean {
  if (!definition) return !source || !REQUIRES.includes(source);
  if (CONFIDENTIAL.includes(definition)) return !!source && CONFIDENTIAL.includes(source);
  return !!source && TRUSTED_LAUNCH.includes(source);
}

/**
 * Image Builder's submission check of a gallery target against the source: the Hyper-V
 * generations must match (the service's own words, quoted in
 * https://github.com/MicrosoftDocs/azure-compute-docs/pull/189), and the definition's security
 * type must be one the source supports (worded after the generation message; the service's
 * exact wording for this one is not verified).
 */
export function compatibilityError(state: CloudState, body: Json): string | undefined {
  const props = (body.properties ?? {}) as Json;
  const source = sourceTraits(
    state,
    typeof body.location === "string" ? body.location : "",
    (props.source ?? {}) as Json,
  );
  if (!source) return undefined;
  for (const d of (props.distribute as Json[] | undefined) ?? []) {
    if (d.type !== "SharedImage" || typeof d.galleryImageId !== "string") continue;
    const defId = d.galleryImageId.replace(/\/versions\/[^/]+$/i, "");
    const def = state.galleryImageById(defId);
    if (!def) continue;
    if (def.hyperVGeneration !== source.hyperVGeneration)
      return `Validation failed: Error with Hyper-V Version validation (cross-generation for multiple Hyper-V Versions is not supported). The provided SIG: ${defId}, has a different Hyper-V Generation: ${def.hyperVGeneration}, than source image: ${source.hyperVGeneration}.`;
    if (!securityFits(def.securityType, source.securityType))
      return `Validation failed: Error with security type validation. The provided SIG: ${defId}, has security type: ${def.securityType ?? "Standard"}, which the source image with security type: ${source.securityType ?? "Standard"} does not support.`;
  }
  return undefined;
}
