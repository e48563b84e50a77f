import type { ResourceManager } from "../azure/arm.js";
import type { Host } from "../host.js";
import type { BakeInputs } from "../inputs/read-inputs.js";
import type { RenderedTemplate } from "../template/render-template.js";
import { findSameImage } from "./find-same-image.js";
import { imageFingerprint, tagWithFingerprint } from "./fingerprint.js";
import { pinSourceVersion } from "./pin-source.js";
import { reportReuse } from "./reuse-image.js";

/**
 * What makes this image this image, known before anything is created: the source pinned to
 * its exact version, and (with if-unchanged: skip, where every file is hashed before the
 * upload) the fingerprint. With if-unchanged: build, large files are hashed while they upload
 * and the fingerprint follows the upload (`complete`).
 */
export interface ImageIdentity {
  fingerprint?: string;
  /** Reuses an image made from the same inputs; true when it did and nothing is to be built. */
  reuseIfBuilt(): Promise<boolean>;
  /** Fingerprints and tags the template, when that waited for the upload's checksums. */
  complete(): void;
}

export async function identifyImage(
  host: Host,
  arm: ResourceManager,
  inputs: BakeInputs,
  rendered: RenderedTemplate,
  signal: AbortSignal,
): Promise<ImageIdentity> {
  const source = await pinSourceVersion(arm, rendered.body, signal, (m) => host.debug(m));
  if (source.version) host.setOutput("source-image-version", source.version);
  host.setOutput("cache-hit", "false");
  const fingerprintNow = () => {
    const fingerprint = imageFingerprint(rendered);
    tagWithFingerprint(rendered.body, fingerprint);
    host.setOutput("fingerprint", fingerprint);
    host.info(`Image fingerprint: ${fingerprint}`);
    return fingerprint;
  };
  const skip = inputs.ifUnchanged === "skip";
  const identity: ImageIdentity = {
    fingerprint: skip ? fingerprintNow() : undefined,
    async reuseIfBuilt() {
      if (!skip || !source.pinned) return false;
      const reused = await findSameImage(arm, rendered.body, identity.fingerprint!, signal);
      if (!reused) return false;
      await reportReuse(host, rendered, reused, identity.fingerprint!, source.version);
      return true;
    },
    complete() {
      identity.fingerprint ??= fingerprintNow();
    },
  };
  return identity;
}
