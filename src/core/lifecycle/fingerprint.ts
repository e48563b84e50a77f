import { createHash } from "node:crypto";
import type { RenderedTemplate } from "../template/render-template.js";
import type { Json, JsonObject } from "../template/template-file.js";
import { splitVersionId } from "./gallery-versions.js";
import { regionKey } from "./version-order.js";

export const FINGERPRINT_TAG = "bake.fingerprint";
/** Raised when the canonical form changes, so images fingerprinted the old way are not reused. */
const FORM = 1;

/** What decides the image, of a rendered template: the parts the fingerprint is taken over. */
export type FingerprintInput = Pick<RenderedTemplate, "body" | "artifacts" | "names">;

/** JSON with object keys sorted at every depth: equal content, equal text. */
export function canonicalJson(value: Json | undefined): string {
  if (value === undefined) return "null";
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (value && typeof value === "object") {
    const keys = Object.keys(value)
      .filter((k) => value[k] !== undefined)
      .sort();
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k])}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/**
 * The template as it decides the image: no tags, no build timeout, no run output names; staged
 * files by their path in the repository rather than this run's blob URL; a gallery target by
 * its definition, since the version name is the run's; regions in any order.
 */
export function fingerprintForm(input: FingerprintInput): JsonObject {
  const { body, artifacts, names } = input;
  const urls = new Map(artifacts.map((a) => [a.blobUrl, `staged:${a.source.relativePath}`]));
  const runSpecific = (text: string): string =>
    urls.get(text) ??
    text.split(names.stagingPrefix).join("<staging>/").split(names.templateName).join("<template>");
  const clean = (node: Json): Json => {
    if (typeof node === "string") return runSpecific(node);
    if (Array.isArray(node)) return node.map(clean);
    if (node && typeof node === "object")
      return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, clean(v)]));
    return node;
  };
  const properties = { ...(body.properties as JsonObject) };
  delete properties.buildTimeoutInMinutes;
  properties.distribute = ((properties.distribute ?? []) as JsonObject[]).map(distributionTarget);
  return {
    form: FORM,
    template: clean({
      location: body.location ?? null,
      identity: body.identity ?? null,
      properties,
    }),
    files: artifacts
      .map((a) => ({ path: a.source.relativePath, archive: a.archive ?? null, sha256: a.sha256 }))
      .sort((a, b) => a.path.localeCompare(b.path)),
  };
}

/** A distributor without what belongs to one run: its version name, output name and tags. */
function distributionTarget(d: JsonObject): JsonObject {
  const rest = { ...d };
  delete rest.runOutputName;
  delete rest.artifactTags;
  if (typeof rest.galleryImageId === "string")
    rest.galleryImageId = splitVersionId(rest.galleryImageId).definitionId.toLowerCase();
  if (typeof rest.imageId === "string") rest.imageId = rest.imageId.toLowerCase();
  if (Array.isArray(rest.targetRegions))
    rest.targetRegions = (rest.targetRegions as JsonObject[])
      .map((r) => ({ ...r, name: regionKey((r.name as string | undefined) ?? "") }))
      .sort((a, b) => a.name.localeCompare(b.name));
  if (Array.isArray(rest.replicationRegions))
    rest.replicationRegions = (rest.replicationRegions as string[]).map(regionKey).sort();
  return rest;
}

/** sha256 over the canonical form: everything that decides the image, nothing of the run. */
export function imageFingerprint(input: FingerprintInput): string {
  return createHash("sha256")
    .update(canonicalJson(fingerprintForm(input)))
    .digest("hex");
}

/** Every artifact and the template carry the fingerprint, so a later run can find the image. */
export function tagWithFingerprint(body: JsonObject, fingerprint: string): void {
  body.tags = { ...((body.tags ?? {}) as JsonObject), [FINGERPRINT_TAG]: fingerprint };
  for (const d of ((body.properties as JsonObject).distribute ?? []) as JsonObject[])
    d.artifactTags = { ...((d.artifactTags ?? {}) as JsonObject), [FINGERPRINT_TAG]: fingerprint };
}
