import { InputError, ref } from "../errors.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import type { RunNames } from "../naming.js";
import type { JsonObject } from "./template-file.js";

export interface RunOutputPlan {
  name: string;
  kind: "gallery" | "managed" | "vhd";
}

const DISTRIBUTOR_KIND: Record<string, RunOutputPlan["kind"]> = {
  SharedImage: "gallery",
  ManagedImage: "managed",
  VHD: "vhd",
};

/** What a distributor of the given Image Builder type makes. */
export function distributorKind(type: unknown): RunOutputPlan["kind"] {
  return (typeof type === "string" && DISTRIBUTOR_KIND[type]) || "vhd";
}

/** The template file's distributors plus those the inputs name, each with a run-specific output name. */
export function renderDistribution(
  properties: JsonObject,
  inputs: BakeInputs,
  names: RunNames,
  location: string,
): RunOutputPlan[] {
  const fromFile = Array.isArray(properties.distribute)
    ? (properties.distribute as JsonObject[])
    : [];
  const distributors: JsonObject[] = fromFile.map((d) => ({ ...d }));
  if (inputs.gallery) {
    const g = inputs.gallery;
    const regions = g.regions.length ? g.regions : [location];
    distributors.push({
      type: "SharedImage",
      galleryImageId: g.version
        ? `${g.imageDefinitionId}/versions/${g.version}`
        : g.imageDefinitionId,
      targetRegions: regions.map((name) => ({ name })),
      excludeFromLatest: g.excludeFromLatest,
    });
  }
  if (inputs.managedImageId)
    distributors.push({ type: "ManagedImage", imageId: inputs.managedImageId, location });
  if (inputs.vhd) distributors.push({ type: "VHD" });
  if (!distributors.length) {
    throw new InputError(
      "gallery-image-id",
      `no distribution target is set${inputs.templateFile ? " (the template file has no properties.distribute)" : ""}. Set ${ref("gallery-image-id")}, ${ref("managed-image-id")} or ${ref("vhd")} (any combination).`,
    );
  }
  // Run output names are made run-specific, so the outputs of this run are never confused
  // with those of another run of the same template file.
  const used = new Map<string, number>();
  const plans: RunOutputPlan[] = [];
  for (const d of distributors) {
    const kind = distributorKind(d.type);
    const n = (used.get(kind) ?? 0) + 1;
    used.set(kind, n);
    const name = names.runOutputName(kind) + (n > 1 ? String(n) : "");
    d.runOutputName = name;
    const existing =
      d.artifactTags && typeof d.artifactTags === "object" && !Array.isArray(d.artifactTags)
        ? d.artifactTags
        : {};
    d.artifactTags = { ...existing, ...inputs.artifactTags, ...names.provenanceTags };
    plans.push({ name, kind });
  }
  properties.distribute = distributors;
  return plans;
}
