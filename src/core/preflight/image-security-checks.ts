import { API } from "./api-versions.js";
import { inputFor, problem, type CheckFamily, type PreflightContext } from "./check-family.js";
import type { GalleryImageDefinition } from "./existence-checks.js";
import { mismatch, securityTypeOf } from "./image-security.js";
import { sourceTraits } from "./source-image.js";
import {
  distributionsOf,
  galleryDefinitionOf,
  galleryOf,
  groupOf,
  lastName,
  locationOf,
  sourceOf,
} from "./template-fields.js";

/**
 * The source image and the gallery image definitions it is published to agree on Hyper-V
 * generation and security type (Trusted Launch, confidential VM).
 */
export const imageSecurityChecks: CheckFamily = {
  name: "image generation and security type",
  needs:
    "Reader on the source image and the gallery (the platform image reads need any role in the subscription)",
  checks(ctx) {
    const source = sourceOf(ctx.rendered);
    if (!source) return [];
    const targets = distributionsOf(ctx.rendered).flatMap((d) =>
      d.type === "SharedImage" && typeof d.galleryImageId === "string"
        ? [galleryDefinitionOf(d.galleryImageId)]
        : [],
    );
    return [checkSource(ctx, source, targets)];
  },
};

function createDefinition(
  definitionId: string,
  osType: string,
  generation: string,
  securityType?: string,
) {
  const group = groupOf(definitionId);
  return `az sig image-definition create --resource-group ${group?.resourceGroup ?? "<group>"} --gallery-name ${lastName(galleryOf(definitionId))} --gallery-image-definition ${lastName(definitionId)}-${generation.toLowerCase()} --publisher <publisher> --offer <offer> --sku <sku> --os-type ${osType} --hyper-v-generation ${generation}${securityType ? ` --features SecurityType=${securityType}` : ""}`;
}

async function checkSource(
  ctx: PreflightContext,
  source: NonNullable<ReturnType<typeof sourceOf>>,
  targets: string[],
) {
  const { inputs, rendered, reads, skip } = ctx;
  const sourceInput = inputFor(inputs, "source", inputs.source !== undefined);
  const galleryInput = inputFor(inputs, "gallery-image-id", inputs.gallery !== undefined);
  const traits = await sourceTraits(reads, source, locationOf(rendered));
  if ("unreadable" in traits) return skip("the source image", traits.unreadable);
  if ("missing" in traits) {
    if (source.type !== "PlatformImage") return; // reported by Image Builder's own validation
    throw problem(
      sourceInput,
      `names a platform image that is not offered in ${locationOf(rendered)}: ${source.publisher}:${source.offer}:${source.sku}:${source.version}. Find one that is: az vm image list --location ${locationOf(rendered)} --publisher ${source.publisher} --offer ${source.offer} --sku ${source.sku} --all --output table`,
    );
  }
  const from = traits.found;
  const osType = rendered.osType === "windows" ? "Windows" : "Linux";
  for (const definitionId of targets) {
    const definition = await reads.read<GalleryImageDefinition>(definitionId, API.galleries);
    if (!("found" in definition)) continue; // the resource checks report it, or skipped it
    const to = {
      generation: definition.found.properties?.hyperVGeneration,
      securityType: securityTypeOf(definition.found.properties?.features),
    };
    const found = mismatch(from, to);
    if (!found) continue;
    const toType = to.securityType ?? "Standard";
    const fromType = from.securityType ?? "Standard";
    if (found.kind === "source-security-type")
      throw problem(
        sourceInput,
        `is the ${from.described}, of security type ${fromType}: Image Builder cannot build from an image that only makes ${fromType} VMs, only from one that supports it (TrustedLaunchSupported, ConfidentialVmSupported). Use such a source, e.g. a gallery image definition made with --features SecurityType=TrustedLaunchSupported.`,
      );
    if (found.kind === "generation")
      throw problem(
        galleryInput,
        `is gallery image definition ${definitionId}, of Hyper-V generation ${found.definition}, but the source (${from.described}) is generation ${found.source}: Image Builder keeps the source's generation, so publishing would fail after the build. Publish to a ${found.source} definition: ${createDefinition(definitionId, osType, found.source, from.securityType)}; or change ${"source"} to a generation ${found.definition} image.`,
      );
    if (found.kind === "secure-source-standard-definition") {
      ctx.warn(
        `The source (${from.described}) supports ${fromType}, but gallery image definition ${definitionId} is a standard one: Image Builder documents publishing such a source to a standard definition as unsupported (https://learn.microsoft.com/azure/virtual-machines/image-builder-overview#confidential-vm-and-trusted-launch-support), and VMs made from the image cannot use Trusted Launch. To keep it, publish to a definition made with: ${createDefinition(definitionId, osType, from.generation ?? "V2", fromType)}`,
      );
      continue;
    }
    throw problem(
      galleryInput,
      `is gallery image definition ${definitionId}, of security type ${toType}, but the source (${from.described}) is of security type ${fromType}: Image Builder only publishes a ${fromType === "Standard" ? "standard" : fromType} source to a definition of the same kind, so publishing would fail after the build. ${
        fromType === "Standard"
          ? `Publish to a definition without a security type: ${createDefinition(definitionId, osType, to.generation ?? "V2")}; or use a source that supports ${toType} (a Gen2 image whose SecurityType is TrustedLaunchSupported).`
          : `Publish to a definition that supports it: ${createDefinition(definitionId, osType, from.generation ?? "V2", fromType)}.`
      }`,
    );
  }
}
